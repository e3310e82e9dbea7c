"""The pupil's choice of printed name and the organiser's reason to revoke or reinstate a certificate."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextForm


class PrintedNameForm(CleanTextForm):
    printed_name = forms.CharField(
        label=_("Tên in trên giấy chứng nhận"),
        max_length=80,
        required=False,
        help_text=_(
            "Để trống để in họ và tên đầy đủ. Em có thể bỏ bớt tên đệm, nhưng chỉ dùng các chữ trong họ và tên của em."
        ),
    )


class RevokeForm(CleanTextForm):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
