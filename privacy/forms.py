from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm
from contest.models import User
from privacy.enums import (
    SCHOOL_CONFIRMATION_CONTACTS,
    ConsentPurpose,
    SafeguardingCategory,
    SafeguardingStatus,
)
from privacy.services.consent import consent_text

PURPOSE_FIELDS = {
    "participation": ConsentPurpose.PARTICIPATION,
    "display_work": ConsentPurpose.DISPLAY_WORK,
    "display_identity": ConsentPurpose.DISPLAY_IDENTITY,
}


class PurposesForm(CleanTextForm):
    """One checkbox per purpose, each labelled with the text that is stored with the consent."""

    participation = forms.BooleanField(required=False)
    display_work = forms.BooleanField(required=False)
    display_identity = forms.BooleanField(required=False)

    def __init__(self, *args, audience: str = "entrant", **kwargs):
        super().__init__(*args, **kwargs)
        for index, (name, purpose) in enumerate(PURPOSE_FIELDS.items(), start=1):
            self.fields[name].label = f"({index}) {purpose.label}"
            self.fields[name].help_text = consent_text(purpose, audience=audience)

    def clean(self):
        cleaned = super().clean()
        if (cleaned.get("display_work") or cleaned.get("display_identity")) and not cleaned.get(
            "participation"
        ):
            raise forms.ValidationError(
                _("Muốn đồng ý công khai thì trước hết cần đồng ý mục (1) – tham gia cuộc thi.")
            )
        return cleaned

    def purposes(self) -> set[str]:
        return {purpose for name, purpose in PURPOSE_FIELDS.items() if self.cleaned_data.get(name)}

    @staticmethod
    def initial_from(purposes) -> dict:
        return {name: purpose in purposes for name, purpose in PURPOSE_FIELDS.items()}


class GuardianInviteForm(CleanTextForm):
    guardian_name = forms.CharField(
        label=_("Họ tên cha/mẹ hoặc người giám hộ"), max_length=150, required=False
    )
    guardian_email = forms.EmailField(label=_("E-mail của cha/mẹ hoặc người giám hộ"))


class PaperConsentForm(PurposesForm):
    guardian_name = forms.CharField(label=_("Họ tên phụ huynh ký phiếu"), max_length=150)
    scan = forms.FileField(label=_("Ảnh chụp hoặc bản quét phiếu (JPEG, PNG, PDF; tối đa 10 MB)"))

    def clean(self):
        cleaned = super().clean()
        if not self.purposes() and not self.errors:
            raise forms.ValidationError(_("Hãy đánh dấu ít nhất một mục có trên phiếu đồng ý."))
        return cleaned


class DeleteMyDataForm(CleanTextForm):
    confirm = forms.CharField(
        label=_("Gõ chữ XOÁ để xác nhận"), max_length=10, help_text=_("Việc xoá không thể hoàn tác.")
    )

    def clean_confirm(self):
        value = self.cleaned_data["confirm"].strip().upper()
        if value not in {"XOÁ", "XÓA", "XOA"}:
            raise forms.ValidationError(_("Hãy gõ đúng chữ XOÁ để xác nhận."))
        return value


class GuardianCodeForm(CleanTextForm):
    code = forms.RegexField(
        label=_("Mã xác nhận gửi tới e-mail của Quý phụ huynh"),
        regex=r"^\s*\d{6}\s*$",
        max_length=12,
        error_messages={"invalid": _("Mã gồm 6 chữ số, trong thư mới nhất Ban tổ chức gửi.")},
    )


class GuardianDeleteForm(GuardianCodeForm, DeleteMyDataForm):
    pass


class SchoolConfirmationForm(CleanTextForm):
    how = forms.ChoiceField(
        label=_("Nhà trường đã xác nhận với phụ huynh bằng cách"),
        choices=[(c.value, c.label) for c in SCHOOL_CONFIRMATION_CONTACTS],
    )


class RaiseFlagForm(CleanTextForm):
    category = forms.ChoiceField(label=_("Loại"), choices=SafeguardingCategory.choices)
    summary = forms.CharField(label=_("Mô tả điều đã thấy"), widget=forms.Textarea)


class FlagNoteForm(CleanTextForm):
    text = forms.CharField(label=_("Ghi chú"), widget=forms.Textarea)
    status = forms.ChoiceField(label=_("Trạng thái"), choices=SafeguardingStatus.choices)


class ParentAccountForm(CleanTextForm):
    """A parent's own account through their link: the address is the link's, so only a name and a
    password are asked for."""

    full_name = forms.CharField(
        label=_("Họ và tên"),
        max_length=150,
        help_text=_("Tên hiện dưới clip Quý phụ huynh gửi, nếu Quý phụ huynh muốn ghi tên."),
    )
    password1 = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hai mật khẩu chưa giống nhau."))
        elif password1:
            probe = User(email=self.email, full_name=cleaned.get("full_name") or "")
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned
