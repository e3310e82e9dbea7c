"""The campaign report's figure of the live mode."""

from django.utils.translation import gettext_lazy as _

from quiz.live.selectors import live_participations
from reports.registry import Section, register_figure

register_figure(
    key="quiz_live_participations",
    label=_("Lượt tham gia quiz trực tiếp"),
    section=Section.CAMPAIGN,
    compute=lambda campaign, since, until: live_participations(since=since, until=until),
    order=60,
    note=_("Mỗi điện thoại hoặc tài khoản vào một phiên đố vui trực tiếp được tính một lượt."),
)
