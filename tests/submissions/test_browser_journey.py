"""A pupil's first hour on a phone, in a real headless Chromium: registers, enters a contest, uploads, sees
the checklist, sends the guardian invitation from it, previews the work as judges will see it, submits
and withdraws."""

import pytest

from contest.enums import ContestKind, MediaKind, SchoolLevel
from contest.models import User
from privacy.models import GuardianConsentRequest
from submissions.enums import EntryState
from submissions.models import Entry
from submissions.services.processing import process_asset
from tests.browser import launch_chromium
from tests.factories import CampaignFactory, DivisionFactory
from tests.factories.entries import png_bytes, video_contest
from tests.signin import activation_path_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        context = chromium.new_context(viewport={"width": 390, "height": 844}, locale="vi-VN", is_mobile=True)
        page = context.new_page()
        page.set_default_timeout(30_000)
        yield page
        context.close()
        chromium.close()


def test_pupil_journey_from_registration_to_withdrawal(phone, live_server, settings, tmp_path):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    campaign = CampaignFactory()
    division = DivisionFactory(
        campaign=campaign, name="Bảng A – THCS", min_age=12, max_age=15, school_levels=[SchoolLevel.THCS]
    )
    contest = video_contest(
        campaign=campaign,
        kind=ContestKind.DRAWING,
        accepted_media_kinds=[MediaKind.IMAGE.value],
        code="DRW",
        title="Tranh vẽ “Cùng nhau an toàn trực tuyến”",
        max_duration_seconds=None,
        divisions=[division],
    )
    page = phone
    base = live_server.url

    # Registers: 13 years old, so a parent's consent will be needed.
    from django.utils import timezone

    born = timezone.localdate().replace(year=timezone.localdate().year - 13, day=1)
    page.goto(f"{base}/dang-ky/")
    page.fill("#id_full_name", "Đỗ Ngọc Ánh")
    page.fill("#id_email", "anh@khongmotminh.example")
    page.fill("#id_date_of_birth", born.strftime("%d/%m/%Y"))
    page.fill("#id_school_other", "THCS Nguyễn Du")
    page.fill("#id_password1", "Mot-mat-khau-kho-doan-2026")
    page.fill("#id_password2", "Mot-mat-khau-kho-doan-2026")
    page.click("main button[type=submit]")
    # The account waits for the link e-mailed to her (its letter stays queued here: tasks are not run).
    page.wait_for_url("**/dang-ky/kiem-tra-email/")
    page.goto(base + activation_path_for(User.objects.get(email="anh@khongmotminh.example")))
    page.wait_for_url("**/tai-khoan/")

    # Enters the contest and uploads a drawing.
    page.goto(f"{base}/bai-du-thi/du-thi/{contest.pk}/")
    page.click("text=Bắt đầu bài dự thi mới")
    page.wait_for_selector("#entry-form")
    # upload.js is deferred: a file picked before it runs has no listener and nothing happens. The test picked
    # the file as soon as the form was parsed; it failed in two CI rehearsals of three waiting for the upload,
    # and this is the one race found in it (not shown to be the cause: local runs passed with or without it).
    page.wait_for_load_state("domcontentloaded")
    drawing = tmp_path / "tranh-cua-em.png"
    drawing.write_bytes(png_bytes(label="Không một mình", size=(800, 600)))
    page.set_input_files("#file-input", str(drawing))
    page.wait_for_selector(".asset-name >> text=tranh-cua-em.png", timeout=60_000)
    entry = Entry.objects.get(contest=contest)
    assert process_asset(asset_id=entry.assets.get().pk) == "ready"

    # The checklist: the file is ready, her own and her parent's consent are missing, nothing submitted.
    page.goto(f"{base}/bai-du-thi/{entry.pk}/")
    checklist = page.locator(f"#checklist-{entry.pk}")
    assert checklist.locator("[data-step=files]").get_attribute("data-state") == "done"
    assert checklist.locator("[data-step=own_consent]").get_attribute("data-state") == "todo"
    assert checklist.locator("[data-step=guardian_consent]").get_attribute("data-state") == "todo"
    assert checklist.locator("[data-step=submitted]").get_attribute("data-state") == "todo"

    # Sends the guardian invitation from the checklist and comes back to the same page.
    page.fill(f"#guardian-email-{entry.pk}", "me.anh@example.vn")
    page.fill(f"#guardian-name-{entry.pk}", "Đỗ Thị Hạnh")
    page.click(f"#guardian-invite-{entry.pk} button[type=submit]")
    page.wait_for_selector(".message-success")
    assert page.url.endswith(f"/bai-du-thi/{entry.pk}/")
    assert (
        GuardianConsentRequest.objects.get(entrant=entry.lead_entrant).guardian_email == "me.anh@example.vn"
    )
    # The letter itself leaves through the mail queue, which this test does not run (the server thread has
    # its own task backend); tests/privacy and tests/security/test_mail.py read it.
    checklist = page.locator(f"#checklist-{entry.pk}")
    assert checklist.locator("[data-step=guardian_consent]").get_attribute("data-state") == "waiting"

    # Previews the drawing as judges will see it: a scrubbed rendition, not the original.
    preview = page.locator(f"#preview-{entry.assets.get().pk} img")
    preview.scroll_into_view_if_needed()
    assert "/xem/" in preview.get_attribute("src")
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=preview.element_handle())
    served = page.request.get(base + preview.get_attribute("src"))
    assert served.status == 200
    assert served.headers["content-type"].startswith("image/")

    # Gives her own consent through the checklist's link, then submits.
    page.click(f"#checklist-{entry.pk} [data-step=own_consent] a")
    page.check("input[name=participation]")
    page.click("#own-consent button[type=submit]")
    page.wait_for_selector(".message-success")
    page.goto(f"{base}/bai-du-thi/{entry.pk}/")
    page.click("#submit-button")
    page.wait_for_selector(".receipt")
    receipt_checklist = page.inner_text(f"#checklist-{entry.pk}")
    assert "chưa thể được chấm cho đến khi có đủ sự đồng ý" in receipt_checklist
    assert "Việc cần làm: Đã nộp" not in page.inner_text("main")

    # Withdraws from the danger zone, through a confirmation page.
    page.goto(f"{base}/bai-du-thi/{entry.pk}/")
    page.click("#withdraw-link")
    page.wait_for_url(f"**/bai-du-thi/{entry.pk}/rut/")
    page.fill("#id_reason", "Em muốn vẽ lại một bức khác.")
    page.check("#id_confirm")
    page.click("main button[type=submit]")
    page.wait_for_url("**/bai-du-thi/")
    assert "Bài đã rút, không có việc gì cần làm." in page.inner_text(f"#entry-{entry.pk}")
    entry.refresh_from_db()
    assert entry.state == EntryState.WITHDRAWN
