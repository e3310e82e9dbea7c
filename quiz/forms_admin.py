"""The organisers' forms in the Wagtail admin: a question with its choices (the choice rules in Vietnamese,
the picture checked and re-encoded by the media sandbox), a quiz, and the XLSX file of the import."""

from django import forms
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextAdminModelForm, CleanTextForm
from quiz.services.bank import choice_errors
from reports.photos import check_photo
from submissions.media.errors import MediaFailed, MediaRejected


class QuestionAdminForm(CleanTextAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "image" in self.fields:
            self.fields["image"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if not isinstance(image, UploadedFile):
            return image
        try:
            photo = check_photo(image)
        except MediaRejected as rejected:
            raise forms.ValidationError(
                rejected.reason_en if (get_language() or "vi").startswith("en") else rejected.reason
            ) from rejected
        except MediaFailed as failed:
            raise forms.ValidationError(_("Không đọc được ảnh này. Hãy thử lại sau.")) from failed
        return ContentFile(photo.jpeg, name="anh.jpg")

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            return False
        formset = self.formsets.get("choices")
        if formset is None:
            return valid
        choices = [
            (form.cleaned_data.get("text", ""), bool(form.cleaned_data.get("is_correct")))
            for form in formset.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        errors = choice_errors(self.cleaned_data.get("kind"), choices)
        for error in errors:
            self.add_error(None, error)
        return not errors


# Addresses the quiz's own pages use under /do-vui/: a quiz may not take them as its slug.
RESERVED_SLUGS = frozenset({"luot", "ten-hien-thi"})


class QuizAdminForm(CleanTextAdminModelForm):
    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(_("Đường dẫn này đã dùng cho trang khác, hãy chọn đường dẫn khác."))
        return slug

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Thời điểm đóng phải sau thời điểm mở."))
        return cleaned


class QuestionImportForm(CleanTextForm):
    file = forms.FileField(
        label=_("Tệp câu hỏi (XLSX)"),
        help_text=_(
            "Dùng tệp xuất từ ngân hàng câu hỏi làm mẫu; tối đa 5 MB. Dòng có cùng mã câu hỏi sẽ cập nhật câu đó."
        ),
    )
