"""Fault drill (issue 15): the S3 server goes down in the middle of a pupil's presigned upload.

The S3 server is a moto server of this test's own behind a TCP proxy (tests/operations/faults.py); both the
site and the browser reach S3 through the proxy, so the presigned URLs point at it. moto keeps its state in
memory, so "down" is the proxy resetting new connections and dropping the open ones mid-transfer: that is what
a browser (and the site) sees of an S3 outage; the parts S3 had already stored are still there when it comes
back, as with a real S3 that restarts or a network path that comes back.

What must hold: the page says "Mất kết nối, đang thử lại…" while S3 is away, resumes by itself when it is back,
without sending a finished part again; the file completes with its checksum and is processed to ready. While
S3 is down the site's own answers are a clean 503 JSON in Vietnamese that upload.js retries, never a 500."""

import hashlib
import time
from urllib.parse import parse_qs, urlparse

import pytest

from submissions.enums import AssetState
from submissions.models import MediaAsset, UploadSession
from tests.browser import launch_chromium
from tests.factories import CampaignFactory, DivisionFactory, EntrantFactory
from tests.factories.entries import draft_entry, make_video, video_contest
from tests.operations.faults import CuttableProxy, MotoServer

PART = 5 * 1024 * 1024
OUTAGE_SECONDS = 10
OFFLINE = "Mất kết nối, đang thử lại…"


@pytest.fixture
def moto(tmp_path):
    server = MotoServer(tmp_path / "moto.log")
    yield server
    server.stop()


@pytest.fixture
def proxy(moto):
    # 4 MB/s from the client: a 5 MB part takes over a second on the way, so the cut lands mid-part.
    front = CuttableProxy(moto.port, rate=4 * 1024 * 1024)
    yield front
    front.stop()


@pytest.fixture
def s3_endpoint(proxy):
    """The site's S3 endpoint (and so the presigned URLs, and CSP connect-src) is the proxy."""
    return proxy.url


@pytest.fixture
def contest():
    from contest.enums import SchoolLevel

    campaign = CampaignFactory()
    division = DivisionFactory(
        campaign=campaign, name="THCS", min_age=11, max_age=15, school_levels=[SchoolLevel.THCS]
    )
    return video_contest(campaign=campaign, code="VID", title="Video ngắn", divisions=[division])


def _parts_stored(s3, session) -> list[int]:
    """Parts S3 holds whole. A part cut mid-transfer can be kept short by the server (moto keeps what it
    got): the site counts only parts of their full size as done, and the page sends those again."""
    page = s3["client"].list_parts(
        Bucket=s3["private"], Key=session.storage_key, UploadId=session.s3_upload_id
    )
    whole = {n: min(PART, session.size - (n - 1) * PART) for n in range(1, session.part_count + 1)}
    return [p["PartNumber"] for p in page.get("Parts", []) if p["Size"] == whole.get(p["PartNumber"])]


@pytest.fixture
def world(live_server, settings, s3_storages, moto, proxy, contest, tmp_path):
    """A pupil's browser at 360 px, her video of several 5 MB parts, and S3 seen from behind the proxy."""
    import boto3
    from playwright.sync_api import sync_playwright

    settings.UPLOAD_CHUNK_BYTES = PART
    # Tasks run inline: the pupil's activation letter, then her file's processing once it is complete.
    settings.TASKS = {
        "default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": []}
    }
    s3_storages["client"].put_bucket_cors(
        Bucket=s3_storages["private"],
        CORSConfiguration={
            "CORSRules": [
                {
                    "AllowedOrigins": [live_server.url],
                    "AllowedMethods": ["PUT"],
                    "AllowedHeaders": ["*"],
                    "ExposeHeaders": ["ETag"],
                }
            ]
        },
    )
    # The test reads S3 straight from moto, past the proxy, so that it can look while the proxy is cut.
    behind = {
        "client": boto3.client(
            "s3",
            endpoint_url=moto.url,
            aws_access_key_id="test",
            aws_secret_access_key="test",
            region_name="us-east-1",
        ),
        "private": s3_storages["private"],
    }
    video = make_video(tmp_path / "phim-mat-ket-noi.mp4", seconds=2, noisy=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        context = browser.new_context(viewport={"width": 360, "height": 780}, locale="vi-VN", is_mobile=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        puts = PartPuts(page, proxy.url)
        try:
            yield {"page": page, "puts": puts, "behind": behind, "video": video}
        finally:
            context.close()
            browser.close()


class PartPuts:
    """Every part PUT the page sends to S3 (the proxy): sent, stored (200) or failed, by part number."""

    def __init__(self, page, url: str):
        self.url = url
        self.sent, self.stored, self.failed = [], [], []
        page.on("request", lambda r: self.sent.append(self._part(r)) if self._mine(r) else None)
        page.on("requestfinished", self._finished)
        page.on("requestfailed", lambda r: self.failed.append(self._part(r)) if self._mine(r) else None)

    def _mine(self, request) -> bool:
        return request.method == "PUT" and request.url.startswith(self.url)

    @staticmethod
    def _part(request) -> int:
        return int(parse_qs(urlparse(request.url).query)["partNumber"][0])

    def _finished(self, request):
        if self._mine(request):
            response = request.response()
            (self.stored if response and response.status == 200 else self.failed).append(self._part(request))


def _cut_after_first_part(page, behind, proxy, contest) -> tuple[UploadSession, list[int]]:
    deadline = time.monotonic() + 60
    session = None
    while time.monotonic() < deadline:
        page.wait_for_timeout(50)
        session = session or UploadSession.objects.filter(entry__contest=contest).first()
        if session and _parts_stored(behind, session):
            break
    stored = _parts_stored(behind, session)
    assert stored, "a part reached S3 before the cut"
    assert len(stored) < session.part_count, stored
    proxy.cut()
    return session, stored


def _assert_uploaded_once(puts, stored_before_cut, part_count, contest, video):
    # Every part stored exactly once, and none that S3 already had was sent again.
    assert sorted(puts.stored) == list(range(1, part_count + 1)), vars(puts)
    for number in stored_before_cut:
        assert puts.sent.count(number) == 1, (number, vars(puts))
    assert puts.failed, "the outage cut at least one part on its way"
    asset = MediaAsset.objects.get(entry__contest=contest)
    assert asset.sha256 == hashlib.sha256(video.read_bytes()).hexdigest()
    assert asset.size == video.stat().st_size
    assert asset.state == AssetState.READY, (asset.state, asset.rejection_reason)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_presigned_upload_survives_s3_going_down_and_resumes_without_resending_parts(
    world, live_server, proxy, contest, tmp_path
):
    from tests.submissions.test_browser import register, start_entry

    page, puts, video = world["page"], world["puts"], world["video"]
    size = video.stat().st_size
    part_count = -(-size // PART)
    assert part_count >= 3, size
    started = time.monotonic()
    register(page, live_server)
    start_entry(page, live_server, contest)
    page.set_input_files("#file-input", str(video))
    session, stored_before_cut = _cut_after_first_part(page, world["behind"], proxy, contest)
    cut_at = time.monotonic()
    page.wait_for_selector(f".upload-status >> text={OFFLINE}", timeout=OUTAGE_SECONDS * 1000)
    page.locator("#uploader").screenshot(path=str(tmp_path / "s3-down-360.png"))
    page.wait_for_timeout(max(0, (cut_at + OUTAGE_SECONDS - time.monotonic()) * 1000))
    assert _parts_stored(world["behind"], session) == stored_before_cut, (
        "nothing reached S3 while it was down"
    )
    assert page.locator(f".upload-status >> text={OFFLINE}").count() == 1, "still waiting, not given up"
    proxy.restore()
    restored_at = time.monotonic()
    page.wait_for_selector(".asset-name >> text=phim-mat-ket-noi.mp4", timeout=60_000)
    resumed_in = time.monotonic() - restored_at
    page.screenshot(path=str(tmp_path / "s3-back-360.png"), full_page=True)
    print(
        f"\nS3 outage drill: {size} bytes in {part_count} parts; parts stored before the cut "
        f"{stored_before_cut}; part PUTs sent {len(puts.sent)}, failed {len(puts.failed)}, stored "
        f"{len(puts.stored)}; done {resumed_in:.1f}s after S3 came back (with the file's processing); "
        f"{time.monotonic() - started:.1f}s in all"
    )
    _assert_uploaded_once(puts, stored_before_cut, part_count, contest, video)


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_pupil_who_reloads_during_the_outage_resumes_from_the_parts_s3_holds(
    world, live_server, proxy, contest, tmp_path
):
    """upload.js gives up after 30 failures in a row (minutes); a pupil may reload long before. Choosing the
    same file again resumes the same upload (its key is kept in the browser) and sends only missing parts."""
    from tests.submissions.test_browser import register, start_entry

    page, puts, video = world["page"], world["puts"], world["video"]
    part_count = -(-video.stat().st_size // PART)
    register(page, live_server)
    start_entry(page, live_server, contest)
    page.set_input_files("#file-input", str(video))
    _session, stored_before_cut = _cut_after_first_part(page, world["behind"], proxy, contest)
    page.wait_for_selector(f".upload-status >> text={OFFLINE}", timeout=OUTAGE_SECONDS * 1000)
    page.reload()
    assert "Tệp đang tải lên dở" in page.inner_text("main")
    proxy.restore()
    page.set_input_files("#file-input", str(video))
    page.wait_for_selector(".asset-name >> text=phim-mat-ket-noi.mp4", timeout=60_000)
    assert UploadSession.objects.filter(entry__contest=contest).count() == 1, "the same upload, resumed"
    _assert_uploaded_once(puts, stored_before_cut, part_count, contest, video)


@pytest.mark.django_db
def test_site_answers_503_json_in_vietnamese_while_s3_is_down(client, settings, s3_storages, proxy):
    settings.UPLOAD_CHUNK_BYTES = PART
    entry = draft_entry(contest=video_contest(max_files=2), entrant=EntrantFactory())
    client.force_login(entry.lead_entrant)
    size = 2 * PART + 1234
    started = client.post(
        f"/bai-du-thi/{entry.pk}/tai-len/",
        {"name": "phim.mp4", "size": size, "client_key": "6f1c1f9e-58a4-4d43-9a55-2a4f1d0b7c11"},
    )
    assert started.status_code == 200
    upload = started.json()["id"]
    proxy.cut()
    try:
        answers = {
            "start": client.post(
                f"/bai-du-thi/{entry.pk}/tai-len/",
                {"name": "phim-khac.mp4", "size": size, "client_key": "0b8f3a52-3d0e-4a0c-8f0e-9e2c7d6a1b22"},
            ),
            "status": client.get(f"/tai-len/{upload}/"),
            "complete": client.post(f"/tai-len/{upload}/hoan-tat/", {"checksum": "0" * 64}),
        }
        # Signing a part's URL is local arithmetic: it needs no S3, and the PUT it allows fails on its own.
        presigned = client.post(f"/tai-len/{upload}/ky-duong-dan/", {"parts": "1,2"})
    finally:
        proxy.restore()
    for step, answer in answers.items():
        assert answer.status_code == 503, (step, answer.status_code, answer.content[:300])
        assert answer["Content-Type"] == "application/json"
        assert answer["Retry-After"] == "10"
        body = answer.json()
        assert body["ok"] is False
        assert "Kho lưu tệp đang tạm gián đoạn" in body["error"], step
    assert presigned.status_code == 200
    # Nothing was lost or ended by the outage: the upload is still open and resumes.
    session = UploadSession.objects.get(pk=upload)
    assert session.state == "active"
    assert client.get(f"/tai-len/{upload}/").json()["parts_done"] == []


@pytest.mark.django_db
def test_completion_that_reached_s3_before_the_outage_is_finished_on_retry(client, settings, s3_storages):
    """S3 joined the parts, then the connection dropped before the site committed: the pupil's retry of
    "complete" finds the joined object and finishes, instead of a 500 for an upload S3 no longer lists."""
    import requests

    settings.UPLOAD_CHUNK_BYTES = PART
    entry = draft_entry(contest=video_contest(), entrant=EntrantFactory())
    client.force_login(entry.lead_entrant)
    data = bytes(range(256)) * (PART // 256) + b"cuoi-tep"
    started = client.post(
        f"/bai-du-thi/{entry.pk}/tai-len/",
        {"name": "phim.mp4", "size": len(data), "client_key": "2d7e0c55-77f4-4b1e-a0a4-7d0d7a0f5c33"},
    ).json()
    urls = client.post(f"/tai-len/{started['id']}/ky-duong-dan/", {"parts": "1,2"}).json()["parts"]
    digests = b""
    etags = []
    for part in urls:
        body = data[(part["number"] - 1) * PART : part["number"] * PART]
        digests += hashlib.sha256(body).digest()
        etags.append(requests.put(part["url"], data=body, timeout=30).headers["ETag"])
    session = UploadSession.objects.get(pk=started["id"])
    s3_storages["client"].complete_multipart_upload(
        Bucket=s3_storages["private"],
        Key=session.storage_key,
        UploadId=session.s3_upload_id,
        MultipartUpload={"Parts": [{"PartNumber": n, "ETag": e} for n, e in enumerate(etags, 1)]},
    )

    done = client.post(f"/tai-len/{session.pk}/hoan-tat/", {"checksum": hashlib.sha256(digests).hexdigest()})

    assert done.status_code == 200, done.content[:300]
    assert MediaAsset.objects.get(entry=entry).sha256 == hashlib.sha256(data).hexdigest()
