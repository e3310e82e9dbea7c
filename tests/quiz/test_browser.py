"""On a 360 px phone in headless Chromium: a pupil takes a ranked attempt of three questions (one choice,
true/false, several choices), sees the explanation after each, the result, then the school's leaderboard with
their nickname, and cannot start a second ranked attempt the same day. The page never grows wider than the
phone, and the countdown runs from the server's deadline."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright

from quiz.enums import QuestionKind
from quiz.models import Attempt, Choice
from quiz.nicknames import nickname
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import EntrantFactory, SchoolFactory
from tests.factories.quiz import make_question, make_quiz
from tests.signin import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
EXPLANATIONS = [
    "Giải-thích-một: ngân hàng không bao giờ hỏi mã OTP.",
    "Giải-thích-hai: công an không làm việc qua video call.",
    "Giải-thích-ba: giả danh và cô lập là dấu hiệu bắt cóc online.",
]


def test_pupil_plays_a_ranked_attempt_on_a_phone(live_server, tmp_path):
    ensure_wagtail_root()
    shots = Path(os.environ.get("QUIZ_SHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    school = SchoolFactory(name="THCS Nguyễn Du")
    pupil = EntrantFactory(full_name="Phạm Thu Hà", school=school)
    make_question(
        text="Một người xưng là nhân viên ngân hàng hỏi mã OTP của em. Em làm gì?",
        choices=[("Đọc mã cho họ", False), ("Không đưa, báo bố mẹ", True), ("Gửi ảnh chụp mã", False)],
        explanation=EXPLANATIONS[0],
    )
    make_question(
        kind=QuestionKind.TRUE_FALSE,
        text="Công an có thể lấy lời khai của em qua cuộc gọi video trên Zalo.",
        choices=[("Đúng", False), ("Sai", True)],
        explanation=EXPLANATIONS[1],
    )
    make_question(
        kind=QuestionKind.MULTIPLE,
        text="Những dấu hiệu nào cho thấy một cuộc gọi có thể là “bắt cóc online”?",
        choices=[
            ("Xưng là công an", True),
            ("Bắt giữ bí mật với bố mẹ", True),
            ("Cô giáo nhắc lịch họp", False),
        ],
        explanation=EXPLANATIONS[2],
    )
    quiz = make_quiz(questions=3, seconds=60, title="Đố vui tuần này")
    base = live_server.url
    errors = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_context(**PHONE).new_page()
            page.set_default_timeout(30_000)
            page.on("console", lambda m: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e: errors.append(str(e)))
            browser_sign_in(page, base, pupil.email)
            page.goto(base + reverse("quiz:index"))
            page.click(f"#quiz-{quiz.pk} a")
            page.screenshot(path=shots / "1-bo-do-vui.png", full_page=True)
            with page.expect_navigation():
                page.click("#start-ranked")
            seen = []
            for number in range(1, 4):
                expect(page.locator("#quiz-progress")).to_contain_text(f"Câu {number}/3")
                seconds = int(page.locator("#quiz-seconds").inner_text())
                assert 50 <= seconds <= 60  # counts down from the server's deadline
                question_id = int(page.locator("input[name=question]").get_attribute("value"))
                right = Choice.objects.filter(question_id=question_id, is_correct=True)
                for choice in right:
                    page.locator(f".quiz-choice:has(input[value='{choice.pk}'])").click()
                box = page.locator(".quiz-choice").first.bounding_box()
                assert box["height"] >= 48  # a thumb-sized target
                page.screenshot(path=shots / f"2-cau-{number}.png", full_page=True)
                assert page.evaluate("document.documentElement.scrollWidth") <= 360
                with page.expect_navigation():
                    page.click("#quiz-submit")
                expect(page.locator("#quiz-verdict")).to_contain_text("Chính xác!")
                explanation = page.locator("#quiz-explanation").inner_text()
                seen.append(next(e for e in EXPLANATIONS if e in explanation))
                page.screenshot(path=shots / f"3-giai-thich-{number}.png", full_page=True)
                with page.expect_navigation():
                    page.click("#quiz-next")
            assert sorted(seen) == sorted(EXPLANATIONS)
            expect(page.locator("#quiz-correct")).to_contain_text("Đúng 3/3 câu.")
            page.screenshot(path=shots / "4-ket-qua.png", full_page=True)
            attempt = Attempt.objects.get(user=pupil)
            assert attempt.is_finished
            assert attempt.score >= 2500
            with page.expect_navigation():
                page.click("#to-leaderboard")
            expect(page.locator("h1")).to_contain_text("THCS Nguyễn Du")
            expect(page.locator("#leaderboard-me")).to_contain_text(nickname(pupil.pk))
            assert "Phạm Thu Hà" not in page.locator("#leaderboard").inner_text()
            page.screenshot(path=shots / "5-bang-xep-hang.png", full_page=True)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            page.goto(base + reverse("quiz:detail", args=[quiz.slug]))
            expect(page.locator("#ranked-done")).to_be_visible()
            expect(page.locator("#start-ranked")).to_have_count(0)
            expect(page.locator("#start-practice")).to_be_visible()
            page.screenshot(path=shots / "6-het-luot-hom-nay.png", full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert Attempt.objects.filter(user=pupil, mode="ranked").count() == 1
