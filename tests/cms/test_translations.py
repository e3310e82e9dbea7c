"""Every string a person reads is in their language: our English catalogue is complete, and the admin pages we
add read as Vietnamese under the Vietnamese locale (Wagtail's own strings included)."""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
import wagtail
from django.apps import apps
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation
from django.utils.text import capfirst
from wagtail.users.models import UserProfile

from tests.factories import OrganiserFactory

ROOT = Path(settings.BASE_DIR)
OUR_APPS = {
    "contest",
    "submissions",
    "judging",
    "cms",
    "privacy",
    "results",
    "campaign",
    "reports",
    "screening",
}
APP_DIRS = sorted(path.name for path in ROOT.iterdir() if path.is_dir() and (path / "apps.py").exists())
SOURCE_DIRS = [*APP_DIRS, "locale"]


def committed_catalogue():
    return polib.pofile(str(ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"))


def test_english_catalogue_has_no_empty_or_fuzzy_entry():
    missing = [
        entry.msgid
        for entry in committed_catalogue()
        if not entry.obsolete and (entry.fuzzy or not (entry.msgstr or all(entry.msgstr_plural.values())))
    ]
    assert missing == []


def test_every_string_in_the_code_has_its_english(tmp_path):
    """makemessages on a copy of the tree: every string it finds must already be translated in the catalogue."""
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", tmp_path / "manage.py")
    (tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po").unlink()
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "en",
            "--no-obsolete",
            "--ignore=.venv",
            "--ignore=var",
        ],
        cwd=tmp_path,
        check=True,
        capture_output=True,
        env={
            "PATH": "/usr/bin:/bin",
            "VAR_DIR": str(tmp_path / "var"),
            "DJANGO_SETTINGS_MODULE": "cms.settings",
        },
    )
    found = polib.pofile(str(tmp_path / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    committed = {(entry.msgctxt, entry.msgid): entry for entry in committed_catalogue() if not entry.obsolete}
    untranslated = []
    for entry in found:
        known = committed.get((entry.msgctxt, entry.msgid))
        if known is None or known.fuzzy or not (known.msgstr or all(known.msgstr_plural.values())):
            untranslated.append(entry.msgid)
    assert untranslated == [], (
        f"{len(untranslated)} strings without English; run `make messages` and translate"
    )


def wagtail_english_strings():
    """Wagtail's source strings without placeholders that have a Vietnamese translation different from them."""
    strings = set()
    for po_path in Path(wagtail.__file__).parent.rglob("locale/fr/LC_MESSAGES/django.po"):
        for entry in polib.pofile(str(po_path)):
            text = entry.msgid
            if entry.msgctxt or entry.msgid_plural or re.search(r"[%{<]", text) or len(text) < 3:
                continue
            strings.add(text)
    with translation.override("vi"):
        return {text for text in strings if translation.gettext(text) != text}


def our_auto_field_labels():
    """Labels Django derives from field names when a field has no verbose_name ("Heartbeat at")."""
    labels = set()
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        for field in model._meta.get_fields():
            if (
                field.concrete
                and not field.auto_created
                and str(field.verbose_name) == field.name.replace("_", " ")
            ):
                labels.add(capfirst(field.verbose_name))
    return labels


class VisibleText(HTMLParser):
    SKIP = {"script", "style", "template", "noscript"}

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.texts = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP:
            self.depth += 1
        for name, value in attrs:
            if name in {"title", "placeholder", "aria-label"} and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in self.SKIP and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth and data.strip():
            self.texts.append(data)


def visible_texts(html):
    parser = VisibleText()
    parser.feed(html)
    return {" ".join(text.split()) for text in parser.texts}


def our_admin_pages():
    """Admin URLs without arguments whose view is ours, or a snippet viewset of one of our models."""
    found = []

    def walk(patterns, prefix, names):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern), [*names, pattern.namespace])
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                if not route.startswith("admin/") or "<" in route or route.endswith("$") or "(?P" in route:
                    continue
                view = getattr(pattern.callback, "view_class", pattern.callback)
                module = getattr(view, "__module__", "")
                namespace = ":".join(name for name in names if name)
                ours = module.split(".")[0] in OUR_APPS or any(
                    namespace.startswith(f"wagtailsnippets_{app}_") for app in OUR_APPS
                )
                if ours and not route.endswith(("/export/", "chooser/", "results/")):
                    found.append("/" + route.lstrip("^"))

    walk(get_resolver().url_patterns, "", [])
    return sorted(set(found))


@pytest.mark.django_db
def test_our_admin_pages_read_as_vietnamese(client):
    from django.core.management import call_command

    call_command("seed_demo", "--quiet-logins")
    organiser = OrganiserFactory(is_superuser=True)
    client.force_login(organiser)
    english = wagtail_english_strings() | our_auto_field_labels()
    pages = our_admin_pages()
    assert len(pages) >= 5, pages
    problems = {}
    for url in pages:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code < 500, url
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        leftovers = sorted(visible_texts(response.content.decode()) & english)
        if leftovers:
            problems[url] = leftovers
    assert problems == {}, "\n".join(f"{url}: {texts}" for url, texts in problems.items())


@pytest.mark.django_db
def test_admin_follows_vietnamese_by_default_and_english_when_chosen(client):
    organiser = OrganiserFactory(is_superuser=True)
    client.force_login(organiser)
    vietnamese = client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Bảng điều khiển" in vietnamese or "Tổng quan trang web" in vietnamese
    assert "Site summary" not in vietnamese
    # Unprefixed URLs such as /admin/ always start in LANGUAGE_CODE; English is the person's own choice in
    # their admin account ("Ngôn ngữ ưu tiên"), which Wagtail applies in every admin view.
    profile = UserProfile.get_for_user(organiser)
    profile.preferred_language = "en"
    profile.save()
    english = client.get("/admin/").content.decode()
    assert "Site summary" in english or "Dashboard" in english


@pytest.mark.django_db
def test_snippet_form_errors_read_as_vietnamese(client):
    client.force_login(OrganiserFactory(is_superuser=True))
    failures = {}
    for url in our_admin_pages():
        if not url.endswith("/add/"):
            continue
        response = client.post(url, {}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code < 500, url
        body = response.content.decode()
        if "could not be created" in body or "could not be saved" in body:
            failures[url] = "English error banner"
    assert failures == {}
