"""Schools report their activities: the coordinator's own school only (every id attacked), photos checked by
content in the media pipeline and kept without metadata, implausible figures flagged, locked periods."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from contest.errors import InvalidTransition
from reports.enums import MAX_PHOTOS, PeriodState, ReportAction
from reports.models import ActivityPhoto, ActivityReport, ReportEvent
from reports.services import PeriodLocked, save_activity_report, transition_period
from tests.factories import EntrantFactory, JudgeFactory
from tests.factories.media_files import identifying_fields, make_html, make_phone_jpeg, make_png, make_svg
from tests.factories.reports import ActivityReportFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def _data(**changes):
    data = {
        "talks_held": "3",
        "participants": "650",
        "posters_displayed": "12",
        "workshops": "2",
        "held_on": timezone.localdate().strftime("%d/%m/%Y"),
        "description": "Chào cờ với chủ đề “Không một mình”; tiểu phẩm về lừa đảo qua mạng của lớp 8A2.",
    }
    data.update(changes)
    return data


def _upload(path: Path, name: str = "IMG_2041.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, path.read_bytes(), content_type="image/jpeg")


def test_coordinator_reports_and_edits_the_schools_activities(client, coordinator, period, school):
    client.force_login(coordinator)
    url = reverse("reports:activity_report", kwargs={"period_id": period.pk})
    assert client.get(url).status_code == 200
    response = client.post(url, _data())
    assert response.status_code == 302
    report = ActivityReport.objects.get(period=period, school=school)
    assert (report.talks_held, report.participants, report.updated_by) == (3, 650, coordinator)
    assert not report.implausible
    client.post(url, _data(participants="700"))
    report.refresh_from_db()
    assert report.participants == 700
    assert ActivityReport.objects.count() == 1
    assert (
        ReportEvent.objects.filter(school=school, action=ReportAction.SAVED, actor=coordinator).count() == 2
    )
    listing = client.get(reverse("reports:periods")).content.decode()
    assert period.title in listing
    assert "Đã báo cáo" in listing


def test_participants_far_above_the_schools_size_are_flagged(client, coordinator, period, school):
    client.force_login(coordinator)
    url = reverse("reports:activity_report", kwargs={"period_id": period.pk})
    response = client.post(url, _data(participants="10000"), follow=True)
    report = ActivityReport.objects.get(period=period, school=school)
    assert report.implausible
    page = response.content.decode()
    assert "vượt xa sĩ số của trường (800 học sinh)" in page
    client.post(url, _data(participants="900"))
    report.refresh_from_db()
    assert not report.implausible  # a little over the roll: parents and teachers come too


def test_bad_numbers_and_dates_are_refused_with_a_message(client, coordinator, period):
    client.force_login(coordinator)
    url = reverse("reports:activity_report", kwargs={"period_id": period.pk})
    for bad in (
        {"participants": "-5"},
        {"participants": "mười"},
        {"talks_held": "99999999999"},
        {"held_on": "31/02/2026"},
        {"held_on": (period.ends_on + timedelta(days=40)).strftime("%d/%m/%Y")},
    ):
        response = client.post(url, _data(**bad))
        assert response.status_code == 400, bad
    assert not ActivityReport.objects.exists()
    assert "Ngày tổ chức phải nằm trong kỳ báo cáo" in response.content.decode()


def test_only_coordinators_reach_the_pages(client, period, school):
    url = reverse("reports:activity_report", kwargs={"period_id": period.pk})
    assert client.get(url).status_code == 302  # to sign in
    for person in (EntrantFactory(school=school), JudgeFactory()):
        client.force_login(person)
        assert client.get(url).status_code == 404
        assert client.post(url, _data()).status_code == 404
        assert client.get(reverse("reports:periods")).status_code == 404
    assert not ActivityReport.objects.exists()


def test_every_id_in_the_urls_is_attacked(
    client, coordinator, other_coordinator, period, school, other_school
):
    theirs = ActivityReportFactory(period=period, school=other_school)
    photo = ActivityPhoto.objects.create(
        report=theirs, key="reports/photos/x.jpg", width=1, height=1, sha256="0"
    )
    client.force_login(coordinator)
    assert client.get(reverse("reports:activity_report", kwargs={"period_id": 999999})).status_code == 404
    assert client.get(reverse("reports:photo", kwargs={"photo_id": photo.pk})).status_code == 404
    assert client.get(reverse("reports:photo", kwargs={"photo_id": 999999})).status_code == 404
    assert client.post(reverse("reports:remove_photo", kwargs={"photo_id": photo.pk})).status_code == 404
    assert ActivityPhoto.objects.filter(pk=photo.pk).exists()
    # The period in the URL never chooses the school: saving writes the coordinator's own school only.
    client.post(
        reverse("reports:activity_report", kwargs={"period_id": period.pk}),
        _data(participants="4321"),
        follow=True,
    )
    theirs.refresh_from_db()
    assert theirs.participants == 300
    assert ActivityReport.objects.get(period=period, school=school).participants == 4321
    # The other school's page shows its own report, never this one.
    client.force_login(other_coordinator)
    page = client.get(reverse("reports:activity_report", kwargs={"period_id": period.pk})).content.decode()
    assert "4321" not in page


def test_a_photo_is_checked_by_content_and_kept_without_metadata(
    client, coordinator, period, school, tmp_path
):
    client.force_login(coordinator)
    client.post(reverse("reports:activity_report", kwargs={"period_id": period.pk}), _data())
    add = reverse("reports:add_photo", kwargs={"period_id": period.pk})
    phone = make_phone_jpeg(tmp_path / "phone.jpg", width=640, height=480, orientation=6)
    assert identifying_fields(phone)  # GPS, device, names
    response = client.post(add, {"photo": _upload(phone)})
    assert response.status_code == 302
    photo = ActivityPhoto.objects.get()
    assert (photo.width, photo.height) == (480, 640)  # turned upright
    assert "IMG_2041" not in photo.key
    kept = tmp_path / "kept.jpg"
    with storages["private"].open(photo.key, "rb") as handle:
        kept.write_bytes(handle.read())
    assert identifying_fields(kept) == []
    served = client.get(reverse("reports:photo", kwargs={"photo_id": photo.pk}))
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    assert b"".join(served.streaming_content) == kept.read_bytes()
    png = client.post(add, {"photo": _upload(make_png(tmp_path / "a.png"), "poster.png")})
    assert png.status_code == 302
    assert ActivityPhoto.objects.count() == 2
    assert ReportEvent.objects.filter(action=ReportAction.PHOTO_ADDED).count() == 2


@pytest.mark.parametrize("maker", [make_svg, make_html])
def test_what_is_not_a_picture_is_refused(client, coordinator, period, tmp_path, maker):
    client.force_login(coordinator)
    client.post(reverse("reports:activity_report", kwargs={"period_id": period.pk}), _data())
    fake = maker(tmp_path / "fake")
    response = client.post(
        reverse("reports:add_photo", kwargs={"period_id": period.pk}), {"photo": _upload(fake, "anh.jpg")}
    )
    assert response.status_code == 400
    assert not ActivityPhoto.objects.exists()


def test_photos_need_a_saved_report_and_are_limited(
    client, coordinator, period, school, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    add = reverse("reports:add_photo", kwargs={"period_id": period.pk})
    picture = make_png(tmp_path / "a.png", width=64, height=48)
    client.post(add, {"photo": _upload(picture, "a.png")})
    assert not ActivityPhoto.objects.exists()
    client.post(reverse("reports:activity_report", kwargs={"period_id": period.pk}), _data())
    for _ in range(MAX_PHOTOS + 1):
        client.post(add, {"photo": _upload(picture, "a.png")})
    assert ActivityPhoto.objects.count() == MAX_PHOTOS
    photo = ActivityPhoto.objects.first()
    key = photo.key
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:remove_photo", kwargs={"photo_id": photo.pk}))
    assert ActivityPhoto.objects.count() == MAX_PHOTOS - 1
    assert not storages["private"].exists(key)


def test_a_locked_period_keeps_what_schools_saved(client, coordinator, organiser, period, school):
    client.force_login(coordinator)
    url = reverse("reports:activity_report", kwargs={"period_id": period.pk})
    client.post(url, _data())
    transition_period(period=period, to_state=PeriodState.LOCKED, actor=organiser)
    response = client.post(url, _data(participants="1"))
    assert response.status_code == 409
    assert ActivityReport.objects.get().participants == 650
    page = client.get(url).content.decode()
    assert "Kỳ báo cáo đã khoá" in page
    assert "650" in page
    with pytest.raises(PeriodLocked):
        save_activity_report(period=period, school=school, actor=coordinator, data={})
    with pytest.raises(InvalidTransition):
        transition_period(period=period, to_state=PeriodState.LOCKED, actor=organiser)
    transition_period(period=period, to_state=PeriodState.OPEN, actor=organiser)
    assert client.post(url, _data(participants="651")).status_code == 302
    assert [e.action for e in ReportEvent.objects.filter(school=None).order_by("pk")] == [
        ReportAction.LOCKED,
        ReportAction.REOPENED,
    ]


@pytest.mark.parametrize(
    ("start", "to_state", "allowed"),
    [
        (PeriodState.OPEN, PeriodState.LOCKED, True),
        (PeriodState.OPEN, PeriodState.OPEN, False),
        (PeriodState.LOCKED, PeriodState.OPEN, True),
        (PeriodState.LOCKED, PeriodState.LOCKED, False),
    ],
)
def test_period_transition_table(organiser, campaign, start, to_state, allowed):
    period = ReportingPeriodFactory(campaign=campaign, state=start)
    if allowed:
        assert transition_period(period=period, to_state=to_state, actor=organiser).state == to_state
    else:
        with pytest.raises(InvalidTransition):
            transition_period(period=period, to_state=to_state, actor=organiser)


def test_organisers_lock_and_read_a_schools_report_in_the_admin(
    client, organiser, coordinator, period, school
):
    report = ActivityReportFactory(period=period, school=school, participants=10000, implausible=True)
    client.force_login(organiser)
    page = client.get(reverse("reports_reporting") + f"?period={period.pk}").content.decode()
    assert school.name in page
    assert "Cần kiểm tra số liệu" in page
    detail = client.get(reverse("reports_school_report", kwargs={"pk": report.pk})).content.decode()
    assert "10000" in detail
    assert "vượt xa sĩ số" in detail
    client.post(reverse("reports_period_state", kwargs={"period_id": period.pk, "action": "khoa"}))
    period.refresh_from_db()
    assert period.state == PeriodState.LOCKED
    assert (
        client.post(
            reverse("reports_period_state", kwargs={"period_id": period.pk, "action": "xoa"})
        ).status_code
        == 404
    )
    assert client.get(reverse("reports_reporting") + "?period=999999").status_code == 404
    assert client.get(reverse("reports_reporting") + "?period=abc").status_code == 404
    assert client.get(reverse("reports_school_report", kwargs={"pk": 999999})).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("reports_school_report", kwargs={"pk": report.pk})).status_code in {302, 403}
