"""In Chromium: an organiser screens an entry whose title names the pupil and whose drawing is signed. One
click hides the name in the judges' copy; dragging a box over the signature blurs it for judges."""

import pytest
from django.urls import reverse
from playwright import sync_api as playwright

from contest.enums import ContestKind, MediaKind
from submissions.enums import FindingStatus
from submissions.models import Entry
from submissions.services import identity as services
from submissions.services.processing import process_asset
from tests.browser import launch_chromium
from tests.factories import ContestFactory, EntrantFactory, OrganiserFactory
from tests.factories.entries import add_file, draft_entry
from tests.signin import browser_sign_in, enrol_totp
from tests.submissions.test_identity import drawing_with_signature

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    from django.tasks import default_task_backend

    default_task_backend.clear()


def test_organiser_hides_name_and_blurs_signature(live_server, tmp_path, dummy_tasks):
    contest = ContestFactory(kind=ContestKind.DRAWING, accepted_media_kinds=[MediaKind.IMAGE.value])
    pupil = EntrantFactory(full_name="Nguyễn Thị Mai")
    entry = draft_entry(contest=contest, entrant=pupil, title="Tranh của Nguyễn Thị Mai")
    picture = drawing_with_signature(tmp_path / "tranh.png", "Nguyễn Thị Mai")
    asset = add_file(entry=entry, data=picture.read_bytes(), name="tranh.png")
    assert process_asset(asset_id=asset.pk) == "ready"
    services.check_asset_identity(asset_id=asset.pk)
    services.check_entry_text(entry=entry)
    organiser = OrganiserFactory()
    assert Entry.objects.get(pk=entry.pk).identity_hold

    with playwright.sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
            page.set_default_timeout(30_000)
            browser_sign_in(page, live_server.url, organiser.email, enrol_totp(organiser))
            page.goto(live_server.url + reverse("screening_entry", kwargs={"pk": entry.pk}))
            rows = page.locator("#identity-findings tr[data-status=open]")
            assert rows.count() == 2
            title_row = page.locator("#identity-findings tr[data-status=open]", has_text="Tên tác phẩm")
            title_row.locator("button", has_text="Ẩn").click()
            page.wait_for_load_state()
            assert "Tranh của […]" in page.locator("#judge-version").inner_text()

            area = page.locator("[data-blur-area]").first
            area.scroll_into_view_if_needed()
            box = area.bounding_box()
            page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.82)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] * 0.99, box["y"] + box["height"] * 0.99, steps=8)
            page.mouse.up()
            form = page.locator("[data-blur-form]").first
            assert float(form.locator("input[name=x]").input_value()) == pytest.approx(50, abs=1)
            form.locator("button").click()
            page.wait_for_load_state()
            assert "Đã làm mờ vùng đã chọn" in page.content()
        finally:
            browser.close()

    entry.refresh_from_db()
    assert not entry.identity_hold
    assert set(entry.identity_findings.values_list("status", flat=True)) == {
        FindingStatus.REDACTED,
        FindingStatus.BLURRED,
    }
