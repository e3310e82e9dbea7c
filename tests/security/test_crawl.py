"""Signed in as each role of the demo, follow every same-site link reachable from that role's home with GET
only: no page answers 5xx and none is a Django debug page. Roles that need two steps enrol on their first
sign-in, as the README tells the demo's organiser and head judge to."""

import re
from collections import deque
from html import unescape
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from cms.demo import DEMO_PASSWORD, demo_logins
from contest.models import Contest, User
from tests.factories import EntryFactory
from tests.signin import current_code

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

MAX_PAGES_PER_ROLE = 250
# Pages reached when this was written (the organiser's crawl of the Wagtail admin stops at the cap).
MIN_PAGES = {
    "bantochuc@khongmotminh.example": MAX_PAGES_PER_ROLE,
    "giaovien@khongmotminh.example": 20,
    "thisinh@khongmotminh.example": 25,
}
DEBUG_MARKS = ("Traceback (most recent call last)", "Using the URLconf", "You're seeing this error because")
# Links that change state even on GET in no view of ours, but end the crawl's session or leave the site.
SKIP = (reverse("accounts:logout"), "/admin/logout/", "/static/", "/media/", "mailto:", "tel:")


def sign_in(email: str) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, email
    if response.url == reverse("accounts:two_factor_setup"):
        page = client.get(response.url)
        assert "<svg" in page.content.decode()
        device = User.objects.get(email=email).totpdevice_set.get(confirmed=False)
        response = client.post(response.url, {"token": current_code(device)})
        assert response.status_code == 302
    assert "_auth_user_id" in client.session, email
    return client


def links(html: str, base: str) -> list[str]:
    found = []
    for href in re.findall(r'<a\b[^>]*\bhref="([^"]+)"', html):
        url = urldefrag(urljoin(base, unescape(href)))[0]
        parts = urlsplit(url)
        if parts.netloc not in {"", "testserver"} or parts.scheme not in {"", "http"}:
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(client: Client, start: str) -> dict[str, int]:
    seen_paths, statuses = set(), {}
    queue = deque([start])
    while queue and len(statuses) < MAX_PAGES_PER_ROLE:
        url = queue.popleft()
        path = url.split("?")[0]
        if path in seen_paths or url.startswith(SKIP) or any(mark in url for mark in SKIP):
            continue
        seen_paths.add(path)
        response = client.get(url)
        statuses[url] = response.status_code
        assert response.status_code < 500, url
        if response.status_code in {301, 302} and response.url:
            queue.append(response.url)
            continue
        if "text/html" not in response.get("Content-Type", "") or not hasattr(response, "content"):
            continue
        html = response.content.decode(errors="replace")
        for mark in DEBUG_MARKS:
            assert mark not in html, url
        queue.extend(links(html, url))
    return statuses


@pytest.fixture
def demo():
    call_command("seed_demo", "--quiet-logins")
    entrant = User.objects.get(email="thisinh@khongmotminh.example")
    for contest in Contest.objects.all()[:3]:
        EntryFactory(lead_entrant=entrant, contest=contest, division=contest.divisions.first())


@pytest.mark.parametrize("email", [email for _label, email in demo_logins()])
def test_crawl_from_each_role_home_finds_no_error(demo, email):
    client = sign_in(email)
    statuses = crawl(client, reverse("accounts:dashboard"))
    assert len(statuses) >= MIN_PAGES.get(email, 3), statuses
    assert not [url for url, status in statuses.items() if status >= 500]


def test_crawl_of_the_public_site_finds_no_error(demo):
    statuses = crawl(Client(), "/")
    assert len(statuses) >= 8


def _hand_in_every_kind(entrant, tmp_path) -> int:
    """For each demo contest, an entry of the demo pupil with a real file of the contest's first media kind
    (typed text for essays), processed through the real pipeline as the worker does it."""
    from submissions.enums import AssetState
    from submissions.services.processing import process_asset
    from tests.factories.entries import add_file
    from tests.factories.media_files import ESSAY_TEXT, make_audio, make_docx, make_pdf, make_png, make_video

    makers = {
        "video": ("phim.mp4", lambda: make_video(tmp_path / "phim.mp4")),
        "audio": ("bai-hat.m4a", lambda: make_audio(tmp_path / "bai-hat.m4a")),
        "image": ("tranh.png", lambda: make_png(tmp_path / "tranh.png")),
        "pdf": ("truyen.pdf", lambda: make_pdf(tmp_path / "truyen.pdf")),
        "docx": ("bai-viet.docx", lambda: make_docx(tmp_path / "bai-viet.docx")),
    }
    ready = 0
    for contest in Contest.objects.all():
        entry = EntryFactory(
            lead_entrant=entrant, contest=contest, division=contest.divisions.first(), title="Không một mình"
        )
        first = contest.accepted_media_kinds[0]
        if first == "essay":
            entry.text = ESSAY_TEXT
            entry.save(update_fields=["text"])
            continue
        name, make = makers[first]
        asset = add_file(entry=entry, data=make().read_bytes(), name=name)
        process_asset(asset_id=asset.pk)
        asset.refresh_from_db()
        ready += asset.state == AssetState.READY
    return ready


def test_crawl_with_processed_entries_of_every_kind(settings, tmp_path):
    """The pupil's and the teacher's pages with an entry in every demo contest, files processed for real."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    call_command("seed_demo", "--quiet-logins")
    entrant = User.objects.get(email="thisinh@khongmotminh.example")
    assert _hand_in_every_kind(entrant, tmp_path) >= 4
    for email in ("thisinh@khongmotminh.example", "giaovien@khongmotminh.example"):
        statuses = crawl(sign_in(email), reverse("accounts:dashboard"))
        assert len(statuses) >= MIN_PAGES[email], statuses
        assert not [url for url, status in statuses.items() if status >= 500]
