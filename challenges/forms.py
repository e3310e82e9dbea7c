"""Validation of what people type or choose about clips, and of organisers' decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import Clip
from contest.forms_base import CleanTextForm, CleanTextModelForm

# The upload endpoints speak the same protocol as entries' uploads: the same forms read it.
from submissions.forms import PresignForm, UploadCompleteForm, UploadStartForm

__all__ = [
    "ClipDetailsForm",
    "PresignForm",
    "RejectClipForm",
    "UploadCompleteForm",
    "UploadStartForm",
    "WithdrawClipForm",
]


class ClipDetailsForm(CleanTextModelForm):
    class Meta:
        model = Clip
        fields = ["caption", "wants_credit"]
        widgets = {"caption": forms.TextInput(attrs={"maxlength": 150})}
        help_texts = {
            "caption": _(
                "Một câu ngắn về clip (không bắt buộc). Đừng ghi số điện thoại, địa chỉ hay tên trường."
            ),
            "wants_credit": _(
                "Tên hiện theo sự đồng ý đã có: họ tên đầy đủ nếu được đồng ý công khai tên, "
                "nếu không chỉ tên và chữ cái đầu của họ."
            ),
        }


class WithdrawClipForm(CleanTextForm):
    confirm = forms.BooleanField(
        label=_(
            "Em hiểu rằng clip đã rút sẽ bị gỡ khỏi trang công khai và video tổng kết, không khôi phục được."
        ),
        required=True,
    )


class RejectClipForm(CleanTextForm):
    reason = forms.CharField(
        label=_("Lý do không duyệt (người gửi sẽ đọc)"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
