"""The vote in the campaign report: votes cast and voided per contest (section CAMPAIGN)."""

from django.utils.translation import gettext_lazy as _

from reports.registry import Section, register_figure
from voting.selectors import report_counts


def votes_by_contest(campaign, since, until) -> dict:
    return {
        "columns": [str(_("Cuộc thi")), str(_("Phiếu bình chọn")), str(_("Phiếu bị huỷ"))],
        "rows": [[row["contest"], row["cast"], row["voided"]] for row in report_counts(campaign=campaign)],
    }


register_figure(
    key="peoples_choice_votes",
    label=_("Bình chọn của khán giả: phiếu bỏ và phiếu bị huỷ"),
    section=Section.CAMPAIGN,
    compute=votes_by_contest,
    order=60,
)
