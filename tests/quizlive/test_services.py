"""The live session's rules, each bad input of the issue: an answer after the clock ran out or twice, a forged
question index or choice, another session's token, codes tried in bulk, a full session, moves by someone
other than the host. Scores come from the server's clock through quiz/scoring.py."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from contest.errors import InvalidTransition, NotAllowed
from quiz.live import selectors, services
from quiz.live.enums import LivePhase
from quiz.models import Choice, LiveAnswer, LiveParticipant, LiveSession
from quiz.scoring import score_answer
from tests.factories import CoordinatorFactory, EntrantFactory, OrganiserFactory

pytestmark = pytest.mark.django_db


def _choices(session, position=None):
    position = session.position if position is None else position
    return list(Choice.objects.filter(question_id=session.question_ids[position]).order_by("sort_order"))


def _open_first(session, teacher, now):
    return services.move_session(session_id=session.pk, to=LivePhase.QUESTION, actor=teacher, now=now)


def test_a_session_runs_lobby_question_reveal_next_finished_and_scores_from_the_server_clock(quiz, teacher):
    t0 = timezone.now()
    session = services.start_session(quiz=quiz, host=teacher, now=t0)
    assert session.phase == LivePhase.LOBBY
    assert len(session.code) == 6
    assert session.code.isdigit()
    seat = services.join_session(session_id=session.pk).participant
    session = _open_first(session, teacher, t0)
    assert session.deadline == t0 + timedelta(seconds=20)
    # Every right choice: the questions are drawn in a random order, and the quiz's multiple-choice one (A and
    # B right) comes first one time in three; "A" alone was then a wrong answer and the test failed.
    right = [choice.pk for choice in _choices(session) if choice.is_correct]
    services.submit_answer(
        session_id=session.pk,
        token=seat.token,
        position=0,
        choice_ids=right,
        now=t0 + timedelta(seconds=5),
    )
    answer = LiveAnswer.objects.get(participant=seat)
    assert answer.is_correct
    assert answer.elapsed_ms == 5000
    assert answer.points == score_answer(True, 5000, 20000) == 875
    session = services.move_session(session_id=session.pk, to=LivePhase.REVEAL, actor=teacher)
    state = selectors.public_state(session)
    assert sorted(state["reveal"]["correct"]) == sorted(right)
    assert state["leaderboard"] == [{"rank": 1, "name": seat.name, "score": 875}]
    session = services.move_session(session_id=session.pk, to=LivePhase.QUESTION, actor=teacher)
    assert session.position == 1
    services.move_session(session_id=session.pk, to=LivePhase.REVEAL, actor=teacher)
    services.move_session(session_id=session.pk, to=LivePhase.QUESTION, actor=teacher)
    services.move_session(session_id=session.pk, to=LivePhase.REVEAL, actor=teacher)
    with pytest.raises(InvalidTransition):  # no fourth question
        services.move_session(session_id=session.pk, to=LivePhase.QUESTION, actor=teacher)
    session = services.move_session(session_id=session.pk, to=LivePhase.FINISHED, actor=teacher)
    with pytest.raises(InvalidTransition):
        services.move_session(session_id=session.pk, to=LivePhase.QUESTION, actor=teacher)


def test_nothing_about_correctness_is_public_before_the_reveal(quiz, teacher):
    session = services.start_session(quiz=quiz, host=teacher)
    session = _open_first(session, teacher, timezone.now())
    state = selectors.public_state(session)
    assert "reveal" not in state
    assert "leaderboard" not in state
    text = str(state)
    assert "correct" not in text
    assert "Giải-thích" not in text
    assert set(state["question"]["choices"][0]) == {"id", "text"}


def test_an_answer_after_the_clock_ran_out_is_refused_and_scores_nothing(quiz, teacher):
    t0 = timezone.now()
    session = services.start_session(quiz=quiz, host=teacher, now=t0)
    seat = services.join_session(session_id=session.pk).participant
    session = _open_first(session, teacher, t0)
    right = _choices(session)[0]
    with pytest.raises(services.TooLate) as refused:
        services.submit_answer(
            session_id=session.pk,
            token=seat.token,
            position=0,
            choice_ids=[right.pk],
            now=t0 + timedelta(seconds=22),
        )
    assert refused.value.status_code == 410
    assert "Hết giờ" in refused.value.message
    assert not LiveAnswer.objects.exists()
    assert LiveParticipant.objects.get(pk=seat.pk).score == 0


def test_an_answer_after_the_reveal_is_refused(quiz, teacher):
    session = services.start_session(quiz=quiz, host=teacher)
    seat = services.join_session(session_id=session.pk).participant
    session = _open_first(session, teacher, timezone.now())
    services.move_session(session_id=session.pk, to=LivePhase.REVEAL, actor=teacher)
    with pytest.raises(services.TooLate):
        services.submit_answer(
            session_id=session.pk, token=seat.token, position=0, choice_ids=[_choices(session)[0].pk]
        )


def test_an_answer_sent_twice_keeps_the_first(quiz, teacher):
    t0 = timezone.now()
    session = services.start_session(quiz=quiz, host=teacher, now=t0)
    seat = services.join_session(session_id=session.pk).participant
    session = _open_first(session, teacher, t0)
    wrong, right = _choices(session)[2], _choices(session)[0]
    services.submit_answer(session_id=session.pk, token=seat.token, position=0, choice_ids=[wrong.pk])
    with pytest.raises(services.AnswerRefused) as refused:
        services.submit_answer(session_id=session.pk, token=seat.token, position=0, choice_ids=[right.pk])
    assert refused.value.status_code == 409
    answer = LiveAnswer.objects.get(participant=seat)
    assert answer.choice_ids == [wrong.pk]
    assert not answer.is_correct
    assert LiveParticipant.objects.get(pk=seat.pk).score == 0


def test_a_forged_question_index_or_a_choice_of_another_question_is_refused(quiz, teacher):
    session = services.start_session(quiz=quiz, host=teacher)
    seat = services.join_session(session_id=session.pk).participant
    session = _open_first(session, teacher, timezone.now())
    other_question_choice = _choices(session, position=1)[0]
    for position, choices in (
        (1, [_choices(session)[0].pk]),
        (99, [1]),
        (0, [other_question_choice.pk]),
        (0, []),
    ):
        with pytest.raises(services.BadAnswer):
            services.submit_answer(
                session_id=session.pk, token=seat.token, position=position, choice_ids=choices
            )
    assert not LiveAnswer.objects.exists()


def test_another_sessions_token_is_no_seat_here(quiz, teacher, client):
    first = services.start_session(quiz=quiz, host=teacher)
    second = services.start_session(quiz=quiz, host=teacher)
    stranger = services.join_session(session_id=second.pk).participant
    _open_first(first, teacher, timezone.now())
    with pytest.raises(LiveParticipant.DoesNotExist):
        services.submit_answer(session_id=first.pk, token=stranger.token, position=0, choice_ids=[1])
    client.cookies[f"kmm_live_{first.pk}"] = stranger.token
    response = client.post(reverse("quizlive:answer", args=[first.pk]), {"position": 0, "choice": [1]})
    assert response.status_code == 404
    assert client.get(reverse("quizlive:me", args=[first.pk])).status_code == 404


def test_only_the_host_moves_the_session(quiz, teacher):
    session = services.start_session(quiz=quiz, host=teacher)
    for someone in (CoordinatorFactory(), EntrantFactory(), OrganiserFactory()):
        with pytest.raises(NotAllowed):
            services.move_session(session_id=session.pk, to=LivePhase.QUESTION, actor=someone)
    other = Client()
    other.force_login(CoordinatorFactory())
    response = other.post(reverse("quizlive:move", args=[session.pk]), {"to": "question"})
    assert response.status_code == 404
    assert other.get(reverse("quizlive:host", args=[session.pk])).status_code == 404
    assert LiveSession.objects.get(pk=session.pk).phase == LivePhase.LOBBY


def test_pupils_cannot_host(quiz):
    with pytest.raises(NotAllowed):
        services.start_session(quiz=quiz, host=EntrantFactory())
    pupil = Client()
    pupil.force_login(EntrantFactory())
    assert pupil.get(reverse("quizlive:host_index")).status_code == 404


def test_a_full_session_says_so(quiz, teacher, monkeypatch):
    monkeypatch.setattr(services, "MAX_PARTICIPANTS", 3)
    session = services.start_session(quiz=quiz, host=teacher)
    for _ in range(3):
        services.join_session(session_id=session.pk)
    with pytest.raises(services.SessionFull) as full:
        services.join_session(session_id=session.pk)
    assert "đủ 3 người chơi" in full.value.message
    response = Client().post(reverse("quizlive:join"), {"code": session.code})
    assert response.status_code == 409
    assert "đủ 3 người chơi" in response.content.decode()


def test_nicknames_are_unique_in_a_session_and_an_account_keeps_its_seat(quiz, teacher):
    session = services.start_session(quiz=quiz, host=teacher)
    names = {services.join_session(session_id=session.pk).participant.name for _ in range(40)}
    assert len(names) == 40
    pupil = EntrantFactory()
    first = services.join_session(session_id=session.pk, user=pupil)
    again = services.join_session(session_id=session.pk, user=pupil)
    assert first.created
    assert not again.created
    assert again.participant.pk == first.participant.pk
    assert pupil.full_name not in first.participant.name


def test_join_codes_tried_in_bulk_are_paused(quiz, teacher, client):
    session = services.start_session(quiz=quiz, host=teacher)
    wrong = "000000" if session.code != "000000" else "111111"
    statuses = [client.post(reverse("quizlive:join"), {"code": wrong}).status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429
    response = client.post(reverse("quizlive:join"), {"code": session.code})
    assert response.status_code == 429  # even the right code waits: the pause is per address
    assert "sai mã nhiều lần" in response.content.decode()


def test_a_phone_joins_with_the_code_and_answers_through_the_pages(quiz, teacher, client):
    session = services.start_session(quiz=quiz, host=teacher)
    assert client.post(reverse("quizlive:join"), {"code": "12 34"}).status_code == 400
    response = client.post(reverse("quizlive:join"), {"code": session.code})
    assert response.status_code == 302
    assert response.url == reverse("quizlive:phone", args=[session.pk])
    page = client.get(response.url)
    assert page.status_code == 200
    session = _open_first(session, teacher, timezone.now())
    right = _choices(session)[0]
    answer_url = reverse("quizlive:answer", args=[session.pk])
    first = client.post(answer_url, {"position": 0, "choice": [right.pk]})
    assert first.status_code == 200
    assert "correct" not in first.content.decode()
    second = client.post(answer_url, {"position": 0, "choice": [right.pk]})
    assert second.status_code == 409
    assert "đã trả lời câu này rồi" in second.json()["error"]
    forged = client.post(answer_url, {"position": "1", "choice": [right.pk]})
    assert forged.status_code == 400
    me = client.get(reverse("quizlive:me", args=[session.pk])).json()
    assert me["answered"] is True
    assert "correct" not in me


def test_codes_are_unique_among_open_sessions_only(quiz, teacher):
    first = services.start_session(quiz=quiz, host=teacher)
    services.move_session(session_id=first.pk, to=LivePhase.FINISHED, actor=teacher)
    again = LiveSession.objects.create(
        quiz=quiz, host=teacher, code=first.code, question_ids=first.question_ids, seconds_per_question=20
    )
    assert again.pk  # a finished session's code may come back
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        LiveSession.objects.create(
            quiz=quiz, host=teacher, code=first.code, question_ids=first.question_ids, seconds_per_question=20
        )
