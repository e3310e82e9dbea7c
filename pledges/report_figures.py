"""The pledge wall in the campaign report (section CAMPAIGN): signatures in total, per school, per ward
and per day. Counts only; nobody is named."""

from django.utils.translation import gettext_lazy as _

from pledges import selectors
from reports.registry import Section, register_figure


def pledges_total(campaign, since, until) -> int:
    return selectors.report_total(since=since, until=until)


def pledges_by_school(campaign, since, until) -> dict:
    return {
        "columns": [str(_("Trường")), str(_("Phường/Xã")), str(_("Chữ ký"))],
        "rows": [[name, ward, n] for name, ward, n in selectors.report_by_school(since=since, until=until)],
    }


def pledges_by_ward(campaign, since, until) -> dict:
    return {
        "columns": [str(_("Phường/Xã")), str(_("Chữ ký"))],
        "rows": [[ward, n] for ward, n in selectors.report_by_ward(since=since, until=until)],
    }


def pledges_by_day(campaign, since, until) -> dict:
    return {
        "columns": [str(_("Ngày")), str(_("Chữ ký"))],
        "rows": [
            [day.strftime("%d/%m/%Y"), n] for day, n in selectors.report_by_day(since=since, until=until)
        ],
    }


register_figure(
    key="pledges_total",
    label=_("Chữ ký trên Bức tường An toàn số"),
    section=Section.CAMPAIGN,
    compute=pledges_total,
    order=60,
)
register_figure(
    key="pledges_by_school",
    label=_("Chữ ký cam kết theo trường"),
    section=Section.CAMPAIGN,
    compute=pledges_by_school,
    order=61,
)
register_figure(
    key="pledges_by_ward",
    label=_("Chữ ký cam kết theo phường/xã"),
    section=Section.CAMPAIGN,
    compute=pledges_by_ward,
    chart="bar",
    order=62,
)
register_figure(
    key="pledges_by_day",
    label=_("Chữ ký cam kết theo ngày"),
    section=Section.CAMPAIGN,
    compute=pledges_by_day,
    chart="line",
    order=63,
)
