"""Each figure of the campaign report against data seeded to known counts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from contest.enums import SchoolLevel
from reports.registry import compute_figures, register_figure, registered_figures
from submissions.enums import EntryState, MembershipState
from submissions.models import TeamMember
from tests.factories import (
    CampaignFactory,
    ContestFactory,
    DivisionFactory,
    EntrantFactory,
    EntryFactory,
    SchoolFactory,
)
from tests.factories.reports import ActivityReportFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(campaign, school, period):
    """Schools A (the `school` fixture) and B in Phường Võ Thị Sáu, C and D in Phường Xuân Hòa, one place
    outside school (not a target). A's pupils lead three live entries; B's pupil is in A's team; C's only
    entry was withdrawn; D's is in another campaign."""
    a = school
    b = SchoolFactory(name="THCS Trần Văn Ơn", ward="Phường Võ Thị Sáu", pupil_count=600)
    c = SchoolFactory(name="THCS Bạch Đằng", ward="Phường Xuân Hòa")
    d = SchoolFactory(name="THCS Colette", ward="Phường Xuân Hòa")
    SchoolFactory(name="Thanh niên tự do", ward="Phường Xuân Hòa", level=SchoolLevel.OUTSIDE)
    thcs, thpt = (
        DivisionFactory(campaign=campaign, name="Bảng A"),
        DivisionFactory(campaign=campaign, name="Bảng B", min_age=16, max_age=18),
    )
    video = ContestFactory(campaign=campaign, title="Video “Không một mình”", divisions=[thcs, thpt])
    poster = ContestFactory(campaign=campaign, title="Áp phích an toàn", divisions=[thcs])
    old = CampaignFactory(slug="nam-truoc", name="Chiến dịch năm trước")
    now = timezone.now()
    an = EntrantFactory(school=a, full_name="Nguyễn Thị Ân")
    binh = EntrantFactory(school=a, full_name="Lê Văn Bình")
    chi = EntrantFactory(school=b, full_name="Phạm Thị Chi")
    submitted = EntryFactory(
        contest=video,
        division=thcs,
        lead_entrant=an,
        state=EntryState.SUBMITTED,
        submitted_at=now,
        consent_complete=True,
    )
    TeamMember.objects.create(entry=submitted, user=chi, state=MembershipState.ACCEPTED)
    EntryFactory(contest=poster, division=thcs, lead_entrant=an, state=EntryState.DRAFT)
    EntryFactory(contest=video, division=thpt, lead_entrant=binh, state=EntryState.ELIGIBLE, submitted_at=now)
    EntryFactory(
        contest=video,
        division=thcs,
        lead_entrant=EntrantFactory(school=c, full_name="Đỗ Minh Đức"),
        state=EntryState.WITHDRAWN,
        submitted_at=now,
    )
    EntryFactory(
        contest=ContestFactory(campaign=old, divisions=[DivisionFactory(campaign=old)]),
        lead_entrant=EntrantFactory(school=d, full_name="Võ Thị Én"),
    )
    ActivityReportFactory(
        period=period, school=a, talks_held=2, participants=300, posters_displayed=5, workshops=1
    )
    ActivityReportFactory(
        period=period, school=b, talks_held=1, participants=100, posters_displayed=0, workshops=0
    )
    ActivityReportFactory(
        period=ReportingPeriodFactory(campaign=old), school=c, talks_held=9, participants=900
    )
    return {"a": a, "b": b, "c": c, "d": d, "video": video, "poster": poster}


def _values(campaign, **dates):
    return {f["key"]: f["value"] for f in compute_figures(campaign=campaign, **dates)}


def test_participation_counts_schools_with_an_entrant_against_every_school(campaign, seeded):
    values = _values(campaign)
    assert values["schools_total"] == 4  # the place outside school is no target
    assert (
        values["schools_taking_part"] == 2
    )  # A leads entries, B is in A's team; C withdrew, D is last year's
    assert values["participation_percent"] == 50
    assert values["participation_target"]["rows"] == [["Đã tham gia", 2], ["Chưa tham gia", 2]]
    assert values["entrants"] == 3


def test_participation_per_ward_and_per_school(campaign, seeded):
    values = _values(campaign)
    assert values["participation_by_ward"]["rows"] == [
        ["Phường Võ Thị Sáu", 2, 2, 100, 3, 3],
        ["Phường Xuân Hòa", 2, 0, 0, 0, 0],
    ]
    by_school = {row[0]: row for row in values["participation_by_school"]["rows"]}
    assert by_school["THCS Lê Quý Đôn"][3:] == [800, 2, 3, 1, "Có", 0]
    assert by_school["THCS Trần Văn Ơn"][3:] == [600, 1, 0, 0, "Có", 0]
    assert by_school["THCS Bạch Đằng"][4:] == [0, 0, 0, "Chưa", 0]
    assert "Thanh niên tự do" not in by_school
    assert [row[1] for row in values["participation_by_school"]["rows"]] == sorted(
        row[1] for row in values["participation_by_school"]["rows"]
    )


def test_entries_per_contest_division_and_state(campaign, seeded):
    values = _values(campaign)
    assert values["entries_total"] == 3
    table = values["entries_by_contest_division"]
    assert table["columns"] == ["Cuộc thi", "Bảng", "Tổng", "Bản nháp", "Đã nộp", "Hợp lệ"]
    assert table["rows"] == [
        ["Video “Không một mình”", "Bảng A", 1, 0, 1, 0],
        ["Video “Không một mình”", "Bảng B", 1, 0, 0, 1],
        ["Áp phích an toàn", "Bảng A", 1, 1, 0, 0],
    ]
    assert values["entries_by_state"]["rows"] == [["Bản nháp", 1], ["Đã nộp", 1], ["Hợp lệ", 1]]
    month = f"{timezone.localdate():%m/%Y}"
    assert values["entries_over_time"]["rows"] == [[month, 2]]


def test_consent_complete_counts_submitted_entries(campaign, seeded):
    values = _values(campaign)
    assert values["consent_complete"] == 1
    assert values["consent_percent"] == 50
    assert values["consent_table"]["rows"] == [["Đủ sự đồng ý", 1], ["Còn thiếu", 1]]


def test_activities_add_up_the_campaigns_reports(campaign, seeded):
    values = _values(campaign)
    assert values["schools_reported"] == 2
    assert values["talks_total"] == 3
    assert values["participants_total"] == 400
    assert values["posters_total"] == 5
    assert values["workshops_total"] == 1
    assert values["activities_by_ward"]["rows"] == [
        ["Phường Võ Thị Sáu", 2, 3, 400, 5, 1],
        ["Phường Xuân Hòa", 0, 0, 0, 0, 0],
    ]


def test_dates_narrow_the_figures(campaign, seeded):
    tomorrow = timezone.localdate() + timedelta(days=1)
    values = _values(campaign, since=tomorrow, until=tomorrow + timedelta(days=5))
    assert values["entries_total"] == 0
    assert values["schools_taking_part"] == 0
    assert values["talks_total"] == 0


def test_a_figure_key_is_registered_once():
    with pytest.raises(ValueError, match="already registered"):
        register_figure(key="entries_total", label="x", section="entries", compute=lambda c, s, u: 0)
    keys = [f.key for f in registered_figures()]
    assert len(keys) == len(set(keys))


def test_challenge_clips_are_counted_per_challenge_and_state_without_names(campaign):
    from challenges.enums import ClipState
    from tests.factories.clips import ChallengeFactory, ClipFactory

    challenge = ChallengeFactory(title="Thử thách “Nói không với người lạ”")
    for state, n in ((ClipState.APPROVED, 3), (ClipState.PENDING, 2), (ClipState.REJECTED, 1)):
        ClipFactory.create_batch(n, challenge=challenge, state=state)

    figures = {f["key"]: f for f in compute_figures(campaign=campaign)}

    assert figures["challenge_clips_approved"]["value"] == 3
    table = figures["challenge_clips"]["value"]
    assert table["rows"] == [["Thử thách “Nói không với người lạ”", 6, 3, 2, 1, 0]]
    assert "Đã duyệt" in table["columns"]


def test_frame_downloads_are_counted_per_frame_and_in_the_period(campaign):
    from datetime import date

    from frames.enums import DownloadSource
    from frames.models import FrameDownload
    from tests.factories.frames import make_frame

    frame = make_frame(title="Khung “Không một mình”")
    FrameDownload.objects.create(frame=frame, day=date(2026, 11, 2), source=DownloadSource.BROWSER, count=5)
    FrameDownload.objects.create(frame=frame, day=date(2026, 11, 3), source=DownloadSource.SERVER, count=2)
    FrameDownload.objects.create(frame=frame, day=date(2026, 10, 1), source=DownloadSource.BROWSER, count=9)

    figures = {
        f["key"]: f
        for f in compute_figures(campaign=campaign, since=date(2026, 11, 1), until=date(2026, 11, 30))
    }

    assert figures["frame_downloads"]["value"] == 7
    assert figures["frame_downloads_by_frame"]["value"]["rows"] == [["Khung “Không một mình”", 5, 2, 7]]
