"""Browser tests drive Debian's Chromium through Playwright; no test tool downloads a browser of its own."""

import os

from playwright.sync_api import Browser, Playwright

# Playwright's sync API runs an event loop in the test's thread; the ORM calls made beside it are synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)


def ensure_wagtail_root() -> None:
    """A transactional test starts from empty tables, without the root page Wagtail's migrations create."""
    from wagtail.models import Locale, Page

    if Page.get_first_root_node() is None:
        vi, _ = Locale.objects.get_or_create(language_code="vi")
        Page.add_root(instance=Page(title="Root", slug="root", locale=vi))
