from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm, CleanTextMixin
from contest.mail import queue_mail
from contest.models import Division, School, User
from contest.selectors import age_on, schools_for_registration


class EmailAuthenticationForm(CleanTextMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail"), widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )
    error_messages = {
        "invalid_login": _("E-mail hoặc mật khẩu chưa đúng. Em hãy kiểm tra lại nhé."),
        "inactive": _("Tài khoản này đã bị khoá."),
    }


class RegistrationForm(CleanTextForm):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    date_of_birth = forms.DateField(
        label=_("Ngày sinh"),
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("Ví dụ: 25/03/2011"),
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    school = forms.ModelChoiceField(
        label=_("Trường"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("— Trường khác / ngoài nhà trường —"),
    )
    school_other = forms.CharField(label=_("Tên trường khác (nếu không có trong danh sách)"), required=False)
    out_of_school = forms.BooleanField(
        label=_("Không đi học / đã tốt nghiệp"),
        required=False,
        help_text=_("Dành cho thanh niên không còn đi học (Bảng C, đến 24 tuổi): không cần ghi trường."),
    )
    class_name = forms.CharField(label=_("Lớp"), max_length=40, required=False)
    password1 = forms.CharField(
        label=_("Mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    password2 = forms.CharField(
        label=_("Nhập lại mật khẩu"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools_for_registration()

    def clean_email(self):
        # A taken address is not refused here: saying so would tell anyone who has an account.
        return self.cleaned_data["email"].strip().lower()

    def clean_date_of_birth(self):
        born = self.cleaned_data["date_of_birth"]
        today = timezone.localdate()
        if born > today:
            raise forms.ValidationError(_("Ngày sinh không thể ở tương lai."))
        age = age_on(date_of_birth=born, day=today)
        ranges = list(Division.objects.values_list("min_age", "max_age"))
        if ranges and not any(low <= age <= high for low, high in ranges):
            low = min(r[0] for r in ranges)
            high = max(r[1] for r in ranges)
            raise forms.ValidationError(
                _("Cuộc thi dành cho các bạn từ %(low)d đến %(high)d tuổi.") % {"low": low, "high": high}
            )
        return born

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("out_of_school"):
            if cleaned.get("school") or (cleaned.get("school_other") or "").strip():
                self.add_error(
                    "out_of_school",
                    _("Em đã chọn hoặc ghi một trường. Hãy bỏ trường đó, hoặc bỏ đánh dấu “Không đi học”."),
                )
        elif not cleaned.get("school") and not (cleaned.get("school_other") or "").strip():
            self.add_error(
                "school_other",
                _(
                    "Hãy chọn trường trong danh sách, ghi tên trường của em, "
                    "hoặc đánh dấu “Không đi học / đã tốt nghiệp”."
                ),
            )
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("Hai mật khẩu chưa giống nhau."))
        elif password1:
            probe = User(email=cleaned.get("email") or "", full_name=cleaned.get("full_name") or "")
            try:
                password_validation.validate_password(password1, probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class TokenForm(CleanTextForm):
    token = forms.CharField(
        label=_("Mã xác thực"),
        max_length=16,
        help_text=_("6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


class QueuedPasswordResetForm(CleanTextMixin, PasswordResetForm):
    """Django's reset form, its letter sent through the task queue like every other (contest.mail), so the
    answer takes as long whether or not the address has an account."""

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = loader.render_to_string(subject_template_name, context)
        body = loader.render_to_string(email_template_name, context)
        queue_mail(to=to_email, subject=subject, body=body)
