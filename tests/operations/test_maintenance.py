"""Maintenance mode (issue 15): pages answer 503 with a notice, and an upload already under way finishes."""

import hashlib
import os

import pytest
from django.core.management import call_command

from submissions.models import MediaAsset
from submissions.services.uploads import composite_sha256
from tests.factories.entries import draft_entry, video_contest
from tests.submissions.test_uploads import complete, put_chunk, start

pytestmark = pytest.mark.django_db
CHUNK = 64 * 1024


@pytest.fixture(autouse=True)
def _switch_read_at_once(settings):
    settings.MAINTENANCE_POLL_SECONDS = 0
    settings.UPLOAD_CHUNK_BYTES = CHUNK
    settings.UPLOAD_MAX_CHUNK_BYTES = CHUNK
    yield
    call_command("maintenance", "off")


def test_maintenance_keeps_an_upload_under_way_alive_and_closes_pages(client):
    entry = draft_entry(contest=video_contest(max_file_bytes=2 * 1024 * 1024))
    client.force_login(entry.lead_entrant)
    head = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"
    data = head + os.urandom(CHUNK * 2 + 99 - len(head))
    session = start(client, entry, size=len(data)).json()
    assert put_chunk(client, session["id"], 0, data[:CHUNK]).status_code == 200

    call_command("maintenance", "on", message="Bảo trì đến 22 giờ.")

    page = client.get("/bai-du-thi/")
    assert page.status_code == 503
    assert "Trang đang được bảo trì" in page.content.decode()
    assert "Bảo trì đến 22 giờ." in page.content.decode()
    assert page["Retry-After"] == "600"
    assert client.get("/healthz").status_code == 200
    for offset in range(CHUNK, len(data), CHUNK):
        assert put_chunk(client, session["id"], offset, data[offset : offset + CHUNK]).status_code == 200
    done = complete(client, session["id"], composite_sha256(data, chunk_size=CHUNK))
    assert done.status_code == 200
    assert MediaAsset.objects.get(entry=entry).sha256 == hashlib.sha256(data).hexdigest()

    call_command("maintenance", "off")
    assert client.get("/bai-du-thi/").status_code == 200


def test_readiness_answers_json_and_metrics_only_from_loopback_or_with_the_token(client, settings):
    ready = client.get("/readyz?format=json")
    assert ready.status_code == 200, ready.content
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    local = client.get("/metrics")
    assert local.status_code == 200
    body = local.content.decode()
    assert "kmm_media_jobs" in body
    assert "kmm_uploads_in_progress" in body
    settings.METRICS_TOKEN = "bi-mat-cua-prometheus"
    assert client.get("/metrics").status_code == 404
    token = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", headers={"Authorization": "Bearer bi-mat-cua-prometheus"}
    )
    assert token.status_code == 200


def test_every_response_carries_a_request_id_and_keeps_a_sane_one(client):
    made = client.get("/healthz")
    assert len(made["X-Request-ID"]) == 32
    kept = client.get("/healthz", headers={"X-Request-ID": "lb-1234abcd"})
    assert kept["X-Request-ID"] == "lb-1234abcd"
    refused = client.get("/healthz", headers={"X-Request-ID": "x\r\ninjected"})
    assert refused["X-Request-ID"] != "x\r\ninjected"
