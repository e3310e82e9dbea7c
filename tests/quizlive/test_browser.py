"""A live quiz in headless Chromium on the real server (cms.asgi under Uvicorn: the pages through a2wsgi's
threads, the event streams as async views): the teacher's projector screen in one context, 30 phones (360 px)
join with the code, each answers two questions with random choices; the leaderboard on the teacher's screen
equals the one computed from the answers stored in the database with quiz/scoring.py."""

import os
import random
import socket
import threading
import time
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import expect, sync_playwright

from quiz.live.enums import LivePhase
from quiz.models import Choice, LiveAnswer, LiveParticipant, LiveSession
from quiz.scoring import score_answer
from tests.browser import ensure_wagtail_root, launch_chromium
from tests.factories import CoordinatorFactory
from tests.quizlive.conftest import make_quiz
from tests.signin import browser_sign_in

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PHONES = 30
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
PROJECTOR = {"viewport": {"width": 1280, "height": 800}}
SHOTS = Path(os.environ.get("QUIZLIVE_SHOTS", "/tmp/quizlive-shots"))


@pytest.fixture
def asgi_server():
    """cms.asgi under Uvicorn in a thread of this process, on the test database (static files from the
    apps' folders, as live_server serves them: nothing is collected in tests)."""
    from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

    from cms.asgi import application

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(ASGIStaticFilesHandler(application), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(30)


def _expected_board(session: LiveSession) -> list[tuple[str, str, str]]:
    """The leaderboard from the stored answers alone: correctness from the choices, points from scoring.py."""
    right = {}
    for question_id in session.question_ids:
        right[question_id] = sorted(
            Choice.objects.filter(question_id=question_id, is_correct=True).values_list("pk", flat=True)
        )
    totals = {p.pk: 0 for p in LiveParticipant.objects.filter(session=session)}
    limit = session.seconds_per_question * 1000
    for answer in LiveAnswer.objects.filter(session=session):
        correct = sorted(answer.choice_ids) == right[answer.question_id]
        totals[answer.participant_id] += score_answer(correct, min(answer.elapsed_ms, limit), limit)
    seats = sorted(
        LiveParticipant.objects.filter(session=session), key=lambda p: (-totals[p.pk], p.joined_at, p.pk)
    )
    board, rank, previous = [], 0, None
    for index, seat in enumerate(seats[:10], start=1):
        if totals[seat.pk] != previous:
            rank, previous = index, totals[seat.pk]
        board.append((str(rank), seat.name, str(totals[seat.pk])))
    return board


def _shown_board(page) -> list[tuple[str, str, str]]:
    rows = page.locator("#live-leaderboard tbody tr")
    return [tuple(rows.nth(i).locator("td").all_inner_texts()) for i in range(rows.count())]


def _answer(phone, rng: random.Random) -> None:
    expect(phone.locator("#live-question")).to_be_visible(timeout=20000)
    choices = phone.locator("#live-choices button")
    count = choices.count()
    if phone.locator("#live-submit").is_visible():
        for index in sorted(rng.sample(range(count), rng.randint(1, count))):
            choices.nth(index).click()
        phone.locator("#live-submit").click()
    else:
        choices.nth(rng.randrange(count)).click()


def test_browser_a_teacher_runs_a_live_quiz_with_30_phones(asgi_server):
    ensure_wagtail_root()
    SHOTS.mkdir(parents=True, exist_ok=True)
    rng = random.Random(14)
    quiz = make_quiz(questions=2, seconds=90)
    teacher = CoordinatorFactory()
    base = asgi_server
    console_errors = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            host = browser.new_context(**PROJECTOR).new_page()
            host.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
            browser_sign_in(host, base, teacher.email)
            host.goto(f"{base}/do-vui-truc-tiep/")
            host.get_by_label("Bộ đố vui").select_option(str(quiz.pk))
            host.get_by_role("button", name="Mở phiên mới").click()
            code = host.locator("#live-code").inner_text().strip()
            session = LiveSession.objects.get(code=code, phase=LivePhase.LOBBY)
            assert session.host_id == teacher.pk

            phones = []
            for _ in range(PHONES):
                phone = browser.new_context(**PHONE).new_page()
                phone.on("console", lambda m: m.type == "error" and console_errors.append(m.text))
                phone.goto(f"{base}/choi/")
                phone.get_by_label("Mã tham gia").fill(code)
                phone.get_by_role("button", name="Vào chơi").click()
                expect(phone.locator("#live-lobby")).to_be_visible()
                phones.append(phone)
            expect(host.locator("#live-joined")).to_have_text(str(PHONES), timeout=20000)
            host.screenshot(path=SHOTS / "1-giao-vien-cho.png")
            phones[0].screenshot(path=SHOTS / "2-dien-thoai-cho.png")

            for number in (1, 2):
                button = "#live-start-button" if number == 1 else "#live-next-button"
                host.locator(button).click()
                expect(host.locator("#live-progress")).to_have_text(f"Câu {number}/2")
                for phone in phones:
                    _answer(phone, rng)
                expect(host.locator("#live-answered")).to_have_text(f"{PHONES}/{PHONES}", timeout=30000)
                if number == 1:
                    host.screenshot(path=SHOTS / "3-giao-vien-cau-hoi.png")
                    phones[0].screenshot(path=SHOTS / "4-dien-thoai-da-tra-loi.png")
                host.locator("#live-reveal-button").click()
                expect(host.locator("#live-board")).to_be_visible()
                expect(host.locator(".live-host-choice.is-right").first).to_be_visible()
                expect(host.locator("#live-leaderboard tbody tr")).to_have_count(10)
                session.refresh_from_db()
                assert session.phase == LivePhase.REVEAL
                assert _shown_board(host) == _expected_board(session)
                expect(phones[0].locator("#live-reveal")).to_be_visible()
                expect(phones[0].locator("#live-rank")).to_contain_text("Hạng")
                if number == 1:
                    host.screenshot(path=SHOTS / "5-giao-vien-dap-an.png", full_page=True)
                    phones[0].screenshot(path=SHOTS / "6-dien-thoai-dap-an.png", full_page=True)
            expect(host.locator("#live-next-button")).to_be_hidden()
            host.locator("#live-finish-button").click()
            expect(host.locator("#live-finished")).to_be_visible()
            expect(host.locator("#live-board-title")).to_have_text("Kết quả chung cuộc")
            session.refresh_from_db()
            assert _shown_board(host) == _expected_board(session)
            for phone in phones[:5]:
                expect(phone.locator("#live-finished")).to_be_visible()
            seat = LiveParticipant.objects.get(
                session=session, name=phones[0].locator("#live-name").inner_text()
            )
            expect(phones[0].locator("#live-score")).to_have_text(str(seat.score))
            host.screenshot(path=SHOTS / "7-giao-vien-ket-qua.png", full_page=True)
            phones[0].screenshot(path=SHOTS / "8-dien-thoai-ket-qua.png", full_page=True)
        finally:
            browser.close()
    assert LiveAnswer.objects.filter(session=session).count() == 2 * PHONES
    assert console_errors == []
    # Nothing an unsigned phone typed: every name on the board is a generated nickname.
    assert not LiveParticipant.objects.filter(session=session, user__isnull=False).exists()
