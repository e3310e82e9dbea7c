"""Validation of what people type or choose about clips, and of organisers' decisions."""

from django import forms
from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge, Clip
from contest.forms_base import CleanTextAdminModelForm, CleanTextForm, CleanTextModelForm

# The upload endpoints speak the same protocol as entries' uploads: the same forms read it.
from submissions.forms import PresignForm, UploadCompleteForm, UploadStartForm

__all__ = [
    "ChallengeAdminForm",
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


class ChallengeAdminForm(CleanTextAdminModelForm):
    class Meta:
        model = Challenge
        fields = [
            "title",
            "title_en",
            "slug",
            "prompt",
            "prompt_en",
            "hashtag",
            "opens_at",
            "closes_at",
            "max_seconds",
            "max_bytes",
            "max_clips_per_person",
            "is_active",
        ]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Ngày đóng phải sau ngày mở."))
        seconds = data.get("max_seconds")
        if seconds is not None and not 5 <= seconds <= 600:
            self.add_error("max_seconds", _("Thời lượng tối đa từ 5 đến 600 giây."))
        hashtag = (data.get("hashtag") or "").strip()
        if hashtag and (not hashtag.startswith("#") or " " in hashtag):
            self.add_error("hashtag", _("Hashtag bắt đầu bằng # và không có dấu cách, ví dụ #khongmotminh."))
        return data
