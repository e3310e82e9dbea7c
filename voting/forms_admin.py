"""The organisers' form for a contest's vote in the Wagtail admin."""

from django.utils.translation import gettext_lazy as _

from contest.forms_base import CleanTextAdminModelForm
from voting.models import VotingSettings


class VotingSettingsAdminForm(CleanTextAdminModelForm):
    class Meta:
        model = VotingSettings
        fields = [
            "contest",
            "opens_at",
            "closes_at",
            "max_votes_per_account",
            "totals_display",
            "ip_limit",
            "ip_limit_hour",
            "device_limit",
            "device_limit_hour",
            "min_account_age_hours",
            "new_account_votes",
            "burst_votes",
            "burst_minutes",
            "created_apart_minutes",
            "fresh_account_minutes",
        ]

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("Thời điểm đóng bình chọn phải sau thời điểm mở."))
        for name in (
            "max_votes_per_account",
            "ip_limit",
            "ip_limit_hour",
            "device_limit",
            "device_limit_hour",
            "burst_minutes",
        ):
            if data.get(name) is not None and data[name] < 1:
                self.add_error(name, _("Hãy nhập số từ 1 trở lên."))
        if data.get("burst_votes") is not None and data["burst_votes"] < 2:
            self.add_error("burst_votes", _("Hãy nhập số từ 2 trở lên."))
        return data
