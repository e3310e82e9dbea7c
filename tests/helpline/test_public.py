"""The young person's side: three steps without an account, guidance, the code, the check page."""

import io
import os

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, connection
from django.urls import reverse
from PIL import Image

from helpline import ratelimit
from helpline.codes import CODE_LENGTH, normalise_code
from helpline.enums import ReportState, Urgency
from helpline.models import Evidence, HelpGuidance, Report
from helpline.services import reply_to_report
from tests.factories.media_files import identifying_fields, make_html, make_phone_jpeg, make_png
from tests.helpline.conftest import CONTACT, VIETNAMESE, WITHOUT_ACCENTS

pytestmark = pytest.mark.django_db

START = reverse("helpline:start")
CHECK = reverse("helpline:check")


def _send(client, **data):
    response = client.post(START, data)
    return response


def _code_from_done(client, response):
    assert response.status_code == 302, response.content.decode()[:2000]
    done = client.get(response["Location"])
    assert done.status_code == 200
    return done, done.context["code"]


def test_start_page_renders_three_steps_without_an_account(client):
    response = client.get(START)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Bước 1/3" in body
    assert "Bước 2/3" in body
    assert "Bước 3/3" in body
    assert 'id="quick-exit"' in body
    assert "<script>" not in body
    assert "onclick" not in body
    assert "style=" not in body
    assert ratelimit.DEVICE_COOKIE in response.cookies


def test_report_with_vietnamese_emoji_text_gets_code_guidance_and_mails_officers(
    client, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(
            client,
            concerns=["photos", "secret"],
            description=VIETNAMESE + "\n" + WITHOUT_ACCENTS,
            involve=["teacher"],
            contact=CONTACT,
        )
    done, code = _code_from_done(client, response)
    report = Report.objects.get()
    assert report.description == VIETNAMESE + "\n" + WITHOUT_ACCENTS
    assert report.contact == CONTACT
    assert report.urgency == Urgency.URGENT
    assert report.assigned_to == officer
    assert len(normalise_code(code)) == CODE_LENGTH
    body = done.content.decode()
    assert code in body
    assert "Khi có người đòi ảnh" in body
    assert "Khi có người bảo em giữ bí mật" in body
    assert "Khi em bị lừa" not in body
    assert "111" in body
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [officer.email]
    assert "Zalo" not in mail.outbox[0].body
    assert "Zalo" not in mail.outbox[0].subject
    assert reverse("helpline:officer_report", args=[report.pk]) in mail.outbox[0].body
    # Shown once: the page cannot be shown again.
    again = client.get(reverse("helpline:done"))
    assert again.status_code == 302


def test_report_with_only_a_photo_is_accepted_and_scrubbed(client, officer, tmp_path):
    photo = make_phone_jpeg(tmp_path / "IMG_2024.jpg")
    with photo.open("rb") as handle:
        response = _send(client, screenshots=[handle])
    _code_from_done(client, response)
    evidence = Evidence.objects.get()
    assert evidence.original_bytes == photo.stat().st_size
    assert len(evidence.original_sha256) == 64
    client.force_login(officer)
    scrubbed = client.get(reverse("helpline:officer_evidence", args=[evidence.report_id, evidence.pk]))
    assert scrubbed.status_code == 200
    copy = tmp_path / "scrubbed.jpg"
    copy.write_bytes(b"".join(scrubbed.streaming_content) if scrubbed.streaming else scrubbed.content)
    assert identifying_fields(copy) == []
    original = client.get(
        reverse("helpline:officer_evidence_original", args=[evidence.report_id, evidence.pk])
    )
    assert original.status_code == 200
    assert original.content == photo.read_bytes()


def test_report_screenshot_of_40_mb_is_refused(client, officer, tmp_path):
    big = tmp_path / "Screenshot_20261129.png"
    side = 3750
    Image.frombytes("RGB", (side, side), os.urandom(side * side * 3)).save(big, compress_level=0)
    assert big.stat().st_size > 40 * 1024 * 1024
    with big.open("rb") as handle:
        response = _send(client, concerns=["threat"], description=VIETNAMESE, screenshots=[handle])
    assert response.status_code == 400
    assert "quá lớn" in response.content.decode()
    assert VIETNAMESE in response.content.decode()
    assert not Report.objects.exists()


def test_report_html_named_png_is_refused(client, officer, tmp_path):
    page = make_html(tmp_path / "anh.html")
    upload = SimpleUploadedFile("anh-chup.png", page.read_bytes(), content_type="image/png")
    response = _send(client, concerns=["scam"], screenshots=[upload])
    assert response.status_code == 400
    assert "trang web" in response.content.decode()
    assert not Report.objects.exists()


def test_report_with_nothing_is_400(client, officer):
    response = _send(client, involve=["parent"], contact=CONTACT)
    assert response.status_code == 400
    assert "Hãy chọn điều đang xảy ra" in response.content.decode()
    assert CONTACT in response.content.decode()


def test_report_sent_while_database_is_down_keeps_the_text(client, officer, tmp_path):
    client.get(START)

    def refuse(execute, sql, params, many, context):
        raise OperationalError("server closed the connection unexpectedly")

    png = make_png(tmp_path / "screen.png")
    with connection.execute_wrapper(refuse), png.open("rb") as handle:
        response = _send(
            client, concerns=["meet"], description=VIETNAMESE, contact=CONTACT, screenshots=[handle]
        )
    body = response.content.decode()
    assert response.status_code == 503
    assert "CHƯA gửi được" in body
    assert VIETNAMESE in body
    assert CONTACT in body
    assert not Report.objects.exists()
    assert not [path for path in (tmp_path / "media").rglob("*") if path.is_file()]


def test_check_with_code_shows_reply_but_not_notes(client, officer):
    _, code = _code_from_done(client, _send(client, concerns=["scam"], description="Em bị lừa nạp thẻ 200k"))
    report = Report.objects.get()
    reply_to_report(
        report=report, actor=officer, text="Chào em, em đã làm rất đúng. Đừng nạp thêm thẻ nhé 💪"
    )
    from helpline.services import add_report_note

    add_report_note(report=report, actor=officer, text="Ghi chú nội bộ: gọi nhà trường")
    response = client.post(CHECK, {"code": code.lower().replace("-", " ")})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đừng nạp thêm thẻ nhé 💪" in body
    assert "Ghi chú nội bộ" not in body
    report.refresh_from_db()
    assert report.state == ReportState.IN_PROGRESS


def test_check_follow_up_is_stored_shown_and_tells_the_officer(
    client, officer, django_capture_on_commit_callbacks
):
    _, code = _code_from_done(client, _send(client, concerns=["other"]))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("helpline:follow_up"), {"code": code, "text": "Hôm nay họ lại nhắn 😟"}
        )
    assert response.status_code == 200
    assert "Hôm nay họ lại nhắn 😟" in response.content.decode()
    assert [m.to for m in mail.outbox] == [[officer.email]]
    assert "viết thêm" in mail.outbox[0].subject
    assert "nhắn" not in mail.outbox[0].body


def test_check_wrong_code_is_404_and_guessing_is_rate_limited(client, officer):
    _code_from_done(client, _send(client, concerns=["other"]))
    statuses = [client.post(CHECK, {"code": f"AAAA-BBBB-CCCC-DDDD-EE{n:02d}"}).status_code for n in range(12)]
    assert statuses[:10] == [404] * 10
    assert statuses[10:] == [429, 429]


def test_report_rate_limited_per_device(client, officer):
    statuses = [_send(client, concerns=["other"]).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]


def test_report_rate_limited_per_address_across_devices(client, officer, settings):
    for _ in range(30):
        client.cookies.pop(ratelimit.DEVICE_COOKIE, None)
        assert _send(client, concerns=["other"]).status_code == 302
    client.cookies.pop(ratelimit.DEVICE_COOKIE, None)
    assert _send(client, concerns=["other"]).status_code == 429


def test_misused_device_gets_one_report_a_day(client, officer):
    _code_from_done(client, _send(client, concerns=["other"], description="đùa thôi"))
    from helpline.services import mark_report_misuse

    mark_report_misuse(report=Report.objects.get(), actor=officer)
    assert _send(client, concerns=["other"]).status_code == 302
    assert _send(client, concerns=["other"]).status_code == 429


def test_guidance_from_wagtail_in_english(client, officer):
    from wagtail.models import Locale

    english, _ = Locale.objects.get_or_create(language_code="en")
    HelpGuidance.objects.create(
        locale=english, concern="scam", title="If you were scammed", body="<p>Do not send more money.</p>"
    )
    response = client.post(
        reverse("helpline:start").replace("/tro-giup/", "/en/tro-giup/"), {"concerns": ["scam"]}
    )
    done = client.get(response["Location"])
    body = done.content.decode()
    assert "If you were scammed" in body
    assert "Do not send more money." in body


def test_image_bytes_are_not_the_uploaded_name(client, officer):
    png = io.BytesIO()
    Image.new("RGB", (300, 200), "navy").save(png, "PNG")
    upload = SimpleUploadedFile("Nguyễn Văn An - chụp màn hình.png", png.getvalue(), content_type="image/png")
    _code_from_done(client, _send(client, screenshots=[upload]))
    evidence = Evidence.objects.get()
    assert "Nguy" not in evidence.original_key
    assert "png" not in evidence.original_key


def test_help_page_opens_and_refuses_cleanly_while_database_is_down_for_a_signed_in_pupil(client, officer):
    from tests.factories import EntrantFactory

    client.force_login(EntrantFactory())

    def refuse(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(refuse):
        page = client.get(START)
        sent = _send(client, concerns=["threat"], description=WITHOUT_ACCENTS)
    assert page.status_code == 200
    assert "Bước 1/3" in page.content.decode()
    assert sent.status_code == 503
    assert WITHOUT_ACCENTS in sent.content.decode()
