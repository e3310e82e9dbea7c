"""The help channel's counts in the campaign report: anonymised, small cells suppressed, so organisers can
never tell that one particular report exists."""

import pytest
from django.utils import timezone

from helpline.selectors import HIDDEN_LABEL, SMALL_LABEL, anonymised_breakdown, suppress_row
from reports.registry import compute_figures
from tests.factories.reports import help_report, months_ago

pytestmark = pytest.mark.django_db


def _month(months: int) -> str:
    return f"{months_ago(months):%m/%Y}"


def _values(campaign):
    return {f["key"]: f["value"] for f in compute_figures(campaign=campaign)}


def _row(table, months):
    return next(row[1:] for row in table["rows"] if row[0] == _month(months))


@pytest.mark.parametrize(
    ("cells", "total", "shown"),
    [
        ([0, 0, 0], 0, [0, 0, 0]),
        ([3, 0, 0], 3, [SMALL_LABEL] * 3),
        ([7, 2, 0], 9, [HIDDEN_LABEL, SMALL_LABEL, 0]),
        ([7, 6, 2], 15, [7, HIDDEN_LABEL, SMALL_LABEL]),
        ([6, 2, 1], 9, [6, SMALL_LABEL, SMALL_LABEL]),
        ([5, 5], 10, [5, 5]),
    ],
)
def test_small_cells_are_shown_as_fewer_than_five(cells, total, shown):
    assert suppress_row(cells, total=total) == shown


def test_a_single_report_is_never_visible(campaign):
    help_report(at=months_ago(2), concerns=["photos"], urgency="urgent")
    values = _values(campaign)
    assert _row(values["helpline_by_month"], 2) == [SMALL_LABEL]
    assert set(_row(values["helpline_by_concern"], 2)) == {SMALL_LABEL}
    assert set(_row(values["helpline_by_urgency"], 2)) == {SMALL_LABEL}
    assert set(_row(values["helpline_by_outcome"], 2)) == {SMALL_LABEL}
    assert _row(values["helpline_by_month"], 3) == [0]


def test_counts_by_concern_urgency_and_outcome_with_suppression(campaign):
    for _ in range(7):
        help_report(at=months_ago(1), concerns=["scam", "secret"], urgency="high", outcome="advised")
    for _ in range(2):
        help_report(at=months_ago(1, day=20), concerns=["photos"], urgency="urgent")
    help_report(at=months_ago(1), concerns=["meet"], urgency="urgent", outcome="misuse")  # left out
    values = _values(campaign)
    assert _row(values["helpline_by_month"], 1) == [9]
    concern = dict(
        zip(values["helpline_by_concern"]["columns"][1:], _row(values["helpline_by_concern"], 1), strict=True)
    )
    # One of the two sevens is hidden with the photos' "< 5" (concerns overlap, but the rule is the same).
    assert {
        concern["Em bị lừa tiền, lừa nạp thẻ hoặc lừa tài khoản"],
        concern["Có người bảo em giữ bí mật hoặc chuyển sang ứng dụng khác"],
    } == {7, HIDDEN_LABEL}
    assert concern["Có người đòi ảnh hoặc video của em"] == SMALL_LABEL
    assert concern["Có người rủ gặp mặt"] == 0
    urgency = dict(
        zip(values["helpline_by_urgency"]["columns"][1:], _row(values["helpline_by_urgency"], 1), strict=True)
    )
    # 9 in the month, 7 high: the 2 urgent ones are "< 5", and the 7 is hidden too, or 9 − 7 would give them.
    assert urgency == {"Khẩn cấp": SMALL_LABEL, "Cao": HIDDEN_LABEL, "Bình thường": 0}
    outcome = dict(
        zip(values["helpline_by_outcome"]["columns"][1:], _row(values["helpline_by_outcome"], 1), strict=True)
    )
    assert outcome["Đã tư vấn, em an toàn"] == HIDDEN_LABEL
    assert outcome["Chưa đóng"] == SMALL_LABEL
    assert "Báo cáo không nghiêm túc" not in outcome


def test_the_month_under_way_is_not_counted(campaign):
    for _ in range(6):
        help_report(at=timezone.now(), concerns=["threat"], urgency="urgent")
    data = anonymised_breakdown(since=campaign.starts_on, until=campaign.ends_on)
    assert timezone.localdate().replace(day=1) not in data["months"]
    assert all(cell == 0 for cell in data["total"])


def test_reports_before_the_campaign_are_not_counted(campaign):
    for _ in range(6):
        help_report(at=months_ago(8), urgency="normal")
    values = _values(campaign)
    assert _month(8) not in [row[0] for row in values["helpline_by_month"]["rows"]]
    assert all(row[1] == 0 for row in values["helpline_by_month"]["rows"])


def test_the_report_reveals_nothing_a_report_contains(campaign, client, organiser):
    secret = "Trần Thị Mỹ Duyên 0912 345 678"
    for _ in range(6):
        report = help_report(at=months_ago(1), concerns=["threat"], urgency="urgent")
        report.description = secret
        report.contact = secret
        report.save()
    client.force_login(organiser)
    page = client.get("/admin/tong-ket/").content.decode()
    data = client.get("/admin/tong-ket/du-lieu.json").content.decode()
    assert secret not in page
    assert secret not in data
    assert "Có người đe dọa em" in page
