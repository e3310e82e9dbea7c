"""Encryption at rest: raw rows and stored files hold no report text, contact or reply; keys rotate."""

import pytest
from cryptography.fernet import Fernet
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection

from helpline.models import Evidence, Report, ReportMessage
from helpline.services import add_follow_up, add_report_note, reply_to_report, submit_report
from tests.helpline.conftest import CONTACT, VIETNAMESE, WITHOUT_ACCENTS
from tests.helpline.test_evidence_helpers import screenshot

pytestmark = pytest.mark.django_db

REPLY = "Cô Hà đây, em đã làm đúng ✅. Chặn tài khoản đó nhé."
NOTE = "Đã gọi cho cô chủ nhiệm lớp 8A2"
FOLLOW_UP = "Họ vừa nhắn lại 😰"
SECRETS = ["Zalo", "0912", "Duyên", "Có người lạ", "co nguoi la", "Cô Hà", "chủ nhiệm", "nhắn lại"]


def _raw_dump() -> str:
    with connection.cursor() as cursor:
        rows = []
        for table in (
            "helpline_report",
            "helpline_reportmessage",
            "helpline_evidence",
            "helpline_auditevent",
        ):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
            rows += [repr(row) for row in cursor.fetchall()]
    return "\n".join(rows)


def _full_report(officer, tmp_path):
    report, _code = submit_report(
        concerns=["photos"],
        description=VIETNAMESE + " " + WITHOUT_ACCENTS,
        screenshots=[screenshot(tmp_path)],
        involve=["parent"],
        contact=CONTACT,
        language="vi",
    )
    reply_to_report(report=report, actor=officer, text=REPLY)
    add_report_note(report=report, actor=officer, text=NOTE)
    add_follow_up(report=report, text=FOLLOW_UP)
    return report


def test_raw_database_rows_hold_no_plain_text(officer, tmp_path):
    _full_report(officer, tmp_path)
    dump = _raw_dump()
    assert "gAAAAA" in dump  # Fernet tokens are there
    for secret in SECRETS:
        assert secret not in dump, secret


def test_stored_screenshots_are_encrypted(officer, tmp_path):
    report = _full_report(officer, tmp_path)
    evidence = report.evidence.get()
    storage = storages["private"]
    for key in (evidence.original_key, evidence.scrubbed_key):
        with storage.open(key, "rb") as handle:
            stored = handle.read()
        assert stored.startswith(b"gAAAAA")
        assert b"\xff\xd8\xff" not in stored[:16]


def test_rotate_keys_reencrypts_everything_with_the_new_key(officer, tmp_path, monkeypatch):
    old_key = Fernet.generate_key().decode()
    monkeypatch.setenv("HELPLINE_KEYS", old_key)
    report = _full_report(officer, tmp_path)
    new_key = Fernet.generate_key().decode()
    monkeypatch.setenv("HELPLINE_KEYS", f"{new_key},{old_key}")
    call_command("helpline_rotate_keys")
    monkeypatch.setenv("HELPLINE_KEYS", new_key)
    report = Report.objects.get(pk=report.pk)
    assert report.description.startswith(VIETNAMESE)
    assert report.contact == CONTACT
    assert {m.text for m in ReportMessage.objects.all()} == {REPLY, NOTE, FOLLOW_UP}
    evidence = Evidence.objects.get()
    with storages["private"].open(evidence.original_key, "rb") as handle:
        assert Fernet(new_key.encode()).decrypt(handle.read()).startswith(b"\xff\xd8\xff")
    monkeypatch.setenv("HELPLINE_KEYS", Fernet.generate_key().decode())
    with pytest.raises(ValueError, match="no configured key"):
        Report.objects.get(pk=report.pk)
