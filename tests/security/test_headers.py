"""Every kind of page answers with the headers of the production settings (finding 8): a CSP whose scripts
need our origin or the request's nonce (never 'unsafe-inline' outside the Wagtail admin), a
Permissions-Policy that switches off what no page uses, HSTS and the rest. The page bodies hold no inline
script without the nonce and no inline event handler."""

import json
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from cms.demo import load_demo
from contest.models import Contest, User
from judging.enums import RoundState
from judging.models import Assignment
from judging.services.rounds import transition_round
from tests.factories import EntryFactory, JudgeFactory, OrganiserFactory
from tests.factories.judging import JudgeableEntryFactory, PanelFactory, RoundFactory

pytestmark = pytest.mark.django_db

PRODUCTION_NAMES = [
    "DEBUG",
    "SECURE_CSP",
    "SECURE_CSP_ADMIN",
    "PERMISSIONS_POLICY",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_SSL_REDIRECT",
    "SECURE_PROXY_SSL_HEADER",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_AGE",
]


@pytest.fixture(scope="module")
def production_values(tmp_path_factory):
    """The settings module as DJANGO_PRODUCTION=1 makes it, read in a child process."""
    env = {**os.environ, "DJANGO_PRODUCTION": "1", "DJANGO_SECRET_KEY": "k" * 60}
    env["VAR_DIR"] = str(tmp_path_factory.mktemp("var"))
    code = (
        "import json, cms.settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {PRODUCTION_NAMES!r}}}, default=str))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=django_settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


@pytest.fixture
def production(settings, production_values):
    for name, value in production_values.items():
        setattr(settings, name, tuple(value) if name == "SECURE_PROXY_SSL_HEADER" else value)
    assert settings.DEBUG is False
    assert settings.SECURE_HSTS_SECONDS > 0
    return settings


@pytest.fixture
def demo(db):
    return load_demo()


def https_get(client, path):
    return client.get(path, secure=True)


def demo_user(email):
    return User.objects.get(email=email)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def public_pages():
    return [
        "/",
        "/en/",
        "/cuoc-thi/",
        "/cuoc-thi/video/",
        "/cam-nang/",
        "/cam-nang/khong-gui-anh-rieng-tu/",
        "/dang-nhap/",
        "/dang-ky/",
        "/dang-ky/kiem-tra-email/",
        "/quen-mat-khau/",
        "/quen-mat-khau/da-gui/",
        "/dat-lai-mat-khau/MQ/sai-ma/",
        "/kich-hoat/MQ/sai-ma/",
        "/trang-khong-co/",
    ]


def assert_strict_page(response):
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";") if " " in part.strip())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["object-src"] == "'none'"
    assert "frame-ancestors" in directives
    assert "upgrade-insecure-requests" in csp
    nonce = re.search(r"'nonce-([^']+)'", directives["script-src"])
    assert nonce, "every page carries a nonce"
    if "text/html" in response["Content-Type"]:
        html = response.content.decode()
        assert f'nonce="{nonce.group(1)}"' in html
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or f'nonce="{nonce.group(1)}"' in tag or "application/json" in tag, tag
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", html), "no inline event handler"
        assert "javascript:" not in html


def assert_common_headers(response):
    assert "camera=()" in response["Permissions-Policy"]
    assert "microphone=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert "payment=()" in response["Permissions-Policy"]
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_public_page_headers_under_production(client, demo, production):
    for path in public_pages():
        response = https_get(client, path)
        assert response.status_code in {200, 400, 404}, path
        assert_common_headers(response)
        assert_strict_page(response)


def test_signed_in_pages_of_every_role_under_production(demo, production):
    entrant = demo_user("thisinh@khongmotminh.example")
    contest = Contest.objects.filter(slug="video").first() or Contest.objects.first()
    entry = EntryFactory(lead_entrant=entrant, contest=contest, division=contest.divisions.first())
    judge = JudgeFactory()
    panel = PanelFactory(judges=[judge])
    round_ = RoundFactory(panel=panel, judges_per_entry=1)
    JudgeableEntryFactory(contest=panel.contest, division=panel.contest.divisions.first())
    transition_round(round_=round_, to_state=RoundState.OPEN, actor=OrganiserFactory())
    assignment = Assignment.objects.filter(judge=judge).first()
    pages = {
        entrant: [
            reverse("accounts:dashboard"),
            reverse("submissions:my_entries"),
            reverse("submissions:enter", args=[Contest.objects.exclude(pk=contest.pk).first().pk]),
            reverse("submissions:edit", args=[entry.pk]),
            reverse("privacy:mine"),
            reverse("privacy:my_data"),
        ],
        # A coordinator's account page sends them on to the school's dashboard.
        demo_user("giaovien@khongmotminh.example"): [reverse("consent:coordinator")],
        judge: [
            reverse("judging:home"),
            reverse("judging:queue", args=[round_.pk]),
            reverse("judging:score", args=[assignment.pk]),
        ],
        panel.head_judge: [
            reverse("judging:oversee", args=[round_.pk]),
            reverse("judging:ranking", args=[round_.pk]),
        ],
    }
    seen = 0
    for user, paths in pages.items():
        client = signed_in(user)
        for path in paths:
            response = https_get(client, path)
            assert response.status_code == 200, path
            assert_common_headers(response)
            assert_strict_page(response)
            seen += 1
    assert seen == 12


def test_wagtail_admin_gets_its_listed_exception_only(demo, production):
    client = signed_in(demo_user("bantochuc@khongmotminh.example"))
    for path in ["/admin/", "/admin/pages/", "/admin/sang-loc/", "/admin/account/"]:
        response = https_get(client, path)
        assert response.status_code == 200, path
        assert_common_headers(response)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self' 'unsafe-inline'" in csp
        assert "object-src 'none'" in csp
        assert "frame-ancestors 'self'" in csp
        assert "gravatar" not in response.content.decode()


def test_admin_exception_does_not_leak_to_public_pages(client, demo, production):
    response = https_get(client, "/cuoc-thi/")
    assert "'unsafe-inline'" not in response["Content-Security-Policy"].split("style-src")[0]


def test_http_is_sent_to_https_under_production(client, demo, production):
    response = client.get("/dang-nhap/")
    assert response.status_code == 301
    assert response.url.startswith("https://")


def test_headers_are_there_without_production_too(client, demo):
    response = client.get("/")
    assert "'nonce-" in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]
