"""The organisers' form for a challenge in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _

from challenges.models import Challenge
from contest.forms_base import CleanTextAdminModelForm


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
