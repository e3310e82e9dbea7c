"""Onboarding the city: organisers import schools and coordinators from CSV or XLSX with a dry run and
per-row errors, then apply; a re-import updates and never duplicates; coordinators get a link to set their
password; the dashboard counts schools whose coordinator has done so."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from contest.enums import Role, SchoolLevel
from contest.models import School, User
from reports.models import SchoolImport
from reports.registry import compute_figures
from tests.factories import CoordinatorFactory, EntrantFactory, SchoolFactory

pytestmark = pytest.mark.django_db

HEADER = "Mã trường,Tên trường,Cấp học,Phường/Xã,Địa chỉ,Số học sinh,Giáo viên phụ trách,E-mail giáo viên phụ trách"
ROWS = [
    "LQD-01,THCS Lê Quý Đôn,THCS,Phường Võ Thị Sáu,110 Nguyễn Thị Minh Khai,812,Nguyễn Thị Lan,lan.nguyen@lqd.example",
    "LQD-01,THCS Lê Quý Đôn,THCS,Phường Võ Thị Sáu,110 Nguyễn Thị Minh Khai,812,Trần Văn Hải,hai.tran@lqd.example",
    'NTMK-02,THPT Nguyễn Thị Minh Khai,THPT,Phường Xuân Hòa,275 Điện Biên Phủ,"1.950",,',
    "XX-03,Trường Không Cấp,Tiểu học,Phường Bến Thành,,abc,Lê Thị Mai,khong-phai-email",
]


def _csv(lines, name="danh-sach.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, ("\ufeff" + "\n".join(lines) + "\n").encode(), content_type="text/csv")


def _xlsx(lines) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    import csv

    for row in csv.reader(io.StringIO("\n".join(lines))):
        sheet.append([int(c) if c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("truong.xlsx", buffer.getvalue(), content_type="application/octet-stream")


def _preview(client, upload):
    return client.post(reverse("reports_import"), {"file": upload})


def _apply(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(reverse("reports_import_apply"), follow=True)


def test_a_dry_run_shows_every_row_and_writes_nothing(client, organiser):
    client.force_login(organiser)
    response = _preview(client, _csv([HEADER, *ROWS]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 trường mới · 0 cập nhật · 0 không đổi · 1 dòng lỗi · 2 giáo viên sẽ được mời" in page
    assert "Cấp học “Tiểu học” không hợp lệ" in page
    assert "Số học sinh “abc” không hợp lệ." in page
    assert "E-mail “khong-phai-email” không hợp lệ." in page
    assert 'data-line="5" data-action="error"' in page
    assert not School.objects.exists()
    assert not User.objects.filter(role=Role.COORDINATOR).exists()


def test_apply_creates_schools_and_invites_coordinators_who_set_a_password(
    client, organiser, campaign, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    _preview(client, _csv([HEADER, *ROWS]))
    response = _apply(client, django_capture_on_commit_callbacks)
    assert "Đã nhập: 2 trường mới, 0 trường cập nhật, 2 giáo viên được mời." in response.content.decode()
    lqd = School.objects.get(code="LQD-01")
    assert (lqd.name, lqd.level, lqd.ward, lqd.address, lqd.pupil_count) == (
        "THCS Lê Quý Đôn",
        SchoolLevel.THCS,
        "Phường Võ Thị Sáu",
        "110 Nguyễn Thị Minh Khai",
        812,
    )
    assert School.objects.get(code="NTMK-02").pupil_count == 1950
    assert not School.objects.filter(code="XX-03").exists()
    lan = User.objects.get(email="lan.nguyen@lqd.example")
    assert (lan.role, lan.school, lan.has_usable_password()) == (Role.COORDINATOR, lqd, False)
    assert sorted(m.to[0] for m in mail.outbox) == ["hai.tran@lqd.example", "lan.nguyen@lqd.example"]
    audit = SchoolImport.objects.get()
    assert (audit.actor, audit.created, audit.updated, audit.invited) == (organiser, 2, 0, 2)
    values = {f["key"]: f["value"] for f in compute_figures(campaign=campaign)}
    assert values["schools_with_coordinator"] == 0  # invited, not yet signed up

    letter = next(m for m in mail.outbox if m.to == ["lan.nguyen@lqd.example"])
    assert "THCS Lê Quý Đôn" in letter.body
    path = re.search(r"https?://[^/\s]+(/dat-lai-mat-khau/\S+/)", letter.body).group(1)
    client.logout()
    form_page = client.get(path, follow=True)
    client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
        {
            "new_password1": "Giao-vien-2026!an-toan",
            "new_password2": "Giao-vien-2026!an-toan",
        },
    )
    lan.refresh_from_db()
    assert lan.has_usable_password()
    values = {f["key"]: f["value"] for f in compute_figures(campaign=campaign)}
    assert values["schools_with_coordinator"] == 1


def test_a_reimport_updates_and_never_duplicates(
    client, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    _preview(client, _csv([HEADER, *ROWS[:3]]))
    _apply(client, django_capture_on_commit_callbacks)
    sent = len(mail.outbox)
    changed = ROWS[0].replace(",812,", ",830,")
    page = _preview(client, _xlsx([HEADER, changed, ROWS[1], ROWS[2]])).content.decode()
    assert "0 trường mới · 1 cập nhật · 1 không đổi · 0 dòng lỗi · 0 giáo viên sẽ được mời" in page
    assert "Đã có tài khoản" in page
    _apply(client, django_capture_on_commit_callbacks)
    assert School.objects.filter(code="LQD-01").count() == 1
    assert School.objects.get(code="LQD-01").pupil_count == 830
    assert User.objects.filter(email="lan.nguyen@lqd.example").count() == 1
    assert len(mail.outbox) == sent
    assert SchoolImport.objects.count() == 2


def test_an_address_of_another_account_is_refused_never_taken_over(
    client, organiser, immediate_tasks, django_capture_on_commit_callbacks
):
    pupil = EntrantFactory(email="em.hoc.sinh@lqd.example", school=SchoolFactory(code="OTHER-1"))
    other = CoordinatorFactory(email="co.khac@truong-khac.example")
    client.force_login(organiser)
    lines = [
        HEADER,
        "LQD-01,THCS Lê Quý Đôn,THCS,Phường Võ Thị Sáu,,812,Em Học Sinh,em.hoc.sinh@lqd.example",
        "LQD-01,THCS Lê Quý Đôn,THCS,Phường Võ Thị Sáu,,812,Cô Khác,co.khac@truong-khac.example",
    ]
    page = _preview(client, _csv(lines)).content.decode()
    assert page.count("với vai trò hoặc trường khác") == 2
    _apply(client, django_capture_on_commit_callbacks)
    pupil.refresh_from_db()
    other.refresh_from_db()
    assert pupil.role == Role.ENTRANT
    assert other.school.code != "LQD-01"
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tệp"),  # Django's own "empty file" message
        ("Tên,Địa chỉ\nA,B\n".encode(), "Thiếu cột"),
        (b"\xff\xfe\x00\x00binary", "hãy lưu dưới dạng XLSX hoặc CSV"),
        (b"PK\x03\x04not really a zip", "Tệp XLSX không an toàn hoặc bị hỏng."),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_with_a_message(client, organiser, content, message):
    client.force_login(organiser)
    response = _preview(client, SimpleUploadedFile("a.csv", content))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_hostile_text_in_a_cell_is_a_row_error(client, organiser):
    client.force_login(organiser)
    page = _preview(
        client, _csv([HEADER, "LQD-01,THCS Lê\u202eQuý Đôn,THCS,Phường Võ Thị Sáu,,,,"])
    ).content.decode()
    assert "tên trường có ký tự không hợp lệ." in page
    assert 'data-action="error"' in page


def test_apply_without_a_preview_does_nothing(client, organiser):
    client.force_login(organiser)
    response = client.post(reverse("reports_import_apply"), follow=True)
    assert "Hãy tải tệp lên và xem trước trước khi áp dụng." in response.content.decode()
    assert not SchoolImport.objects.exists()


def test_only_organisers_import(client, coordinator):
    client.force_login(coordinator)
    assert client.post(reverse("reports_import"), {"file": _csv([HEADER, *ROWS])}).status_code in {302, 403}
    assert not School.objects.filter(code="LQD-01").exists()
