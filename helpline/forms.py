"""The young person's three steps, the code check, and the officers' actions."""

import unicodedata

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm
from helpline.enums import Concern, Involve, Outcome, Urgency
from helpline.evidence import MAX_SCREENSHOTS, check_screenshot
from helpline.services import MAX_TEXT
from submissions.media.errors import MediaFailed, MediaRejected


def clean_text(value: str) -> str:
    """NFC, so "Việt" typed on any keyboard is stored the same way; no NUL or other control characters."""
    text = unicodedata.normalize("NFC", value or "")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class ScreenshotsField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(ScreenshotsField, self).clean(item, initial) for item in files]


class ReportForm(CleanTextForm):
    concerns = forms.MultipleChoiceField(
        label=_("Điều gì đang xảy ra với em?"),
        choices=Concern.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("Em kể thêm nếu muốn"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=MAX_TEXT,
        required=False,
    )
    screenshots = ScreenshotsField(
        label=_("Ảnh chụp màn hình (không bắt buộc, tối đa 3 ảnh)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp,image/heic"}),
    )
    involve = forms.MultipleChoiceField(
        label=_("Em đồng ý cho ai cùng biết?"),
        choices=Involve.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    contact = forms.CharField(
        label=_("Cách liên lạc với em (không bắt buộc)"),
        help_text=_("Số điện thoại, e-mail hoặc Zalo. Em có thể để trống: vẫn xem được trả lời bằng mã."),
        max_length=300,
        required=False,
    )

    def clean_description(self):
        return clean_text(self.cleaned_data["description"])

    def clean_contact(self):
        return clean_text(self.cleaned_data["contact"])

    def clean_screenshots(self):
        files = self.cleaned_data["screenshots"]
        if len(files) > MAX_SCREENSHOTS:
            raise forms.ValidationError(_("Em chỉ gửi được tối đa 3 ảnh."))
        checked, errors = [], []
        for uploaded in files:
            try:
                checked.append(check_screenshot(uploaded))
            except MediaRejected as rejected:
                reason = rejected.reason_en if (get_language() or "vi").startswith("en") else rejected.reason
                errors.append(
                    forms.ValidationError(
                        "%(name)s: %(reason)s", params={"name": uploaded.name[:80], "reason": reason}
                    )
                )
            except MediaFailed:
                errors.append(forms.ValidationError(_("Không đọc được ảnh này. Em thử lại sau nhé.")))
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def clean(self):
        data = super().clean()
        if not self.errors and not (
            data.get("concerns") or data.get("description") or data.get("screenshots")
        ):
            raise forms.ValidationError(
                _("Hãy chọn điều đang xảy ra, kể thêm vài dòng hoặc gửi một ảnh chụp màn hình.")
            )
        return data


class CodeForm(CleanTextForm):
    code = forms.CharField(
        label=_("Mã theo dõi của em"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


class FollowUpForm(CleanTextForm):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("Em muốn kể thêm"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT
    )

    def clean_text(self):
        return clean_text(self.cleaned_data["text"])


class MessageForm(CleanTextForm):
    text = forms.CharField(label=_("Nội dung"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_TEXT)

    def clean_text(self):
        return clean_text(self.cleaned_data["text"])


class UrgencyForm(CleanTextForm):
    urgency = forms.ChoiceField(label=_("Mức khẩn cấp"), choices=Urgency.choices)


class CloseForm(CleanTextForm):
    outcome = forms.ChoiceField(
        label=_("Kết quả"), choices=[(v, label) for v, label in Outcome.choices if v != Outcome.MISUSE]
    )


class AssignForm(CleanTextForm):
    officer = forms.ModelChoiceField(label=_("Giao cho"), queryset=None)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
