"""Reads of the live mode: a session's public state (what every phone may know now), the host's state, one
participant's own standing and the leaderboard. Nothing here tells which choice is right before the reveal."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone

from quiz.live.enums import LEADERBOARD_SIZE, LivePhase
from quiz.models import Choice, LiveAnswer, LiveParticipant, LiveSession, Question


def _ms(moment) -> int | None:
    return int(moment.timestamp() * 1000) if moment else None


def session_for_host(*, session_id: int, user) -> LiveSession:
    """The session if `user` hosts it; 404 otherwise (another teacher's session is not there for them)."""
    return get_object_or_404(LiveSession.objects.select_related("quiz"), pk=session_id, host_id=user.pk)


def open_session_by_code(code: str) -> LiveSession | None:
    return LiveSession.objects.exclude(phase=LivePhase.FINISHED).filter(code=code).first()


def participant_for(*, session_id: int, token: str) -> LiveParticipant | None:
    if not token:
        return None
    return (
        LiveParticipant.objects.select_related("session").filter(session_id=session_id, token=token).first()
    )


def leaderboard(session_id: int, size: int = LEADERBOARD_SIZE) -> list[dict]:
    """The top `size` by total points; equal scores share a rank (then the earlier to join is listed first)."""
    rows = LiveParticipant.objects.filter(session_id=session_id).order_by("-score", "joined_at", "pk")
    board, rank, previous = [], 0, None
    for index, (name, score) in enumerate(rows.values_list("name", "score")[:size], start=1):
        if score != previous:
            rank, previous = index, score
        board.append({"rank": rank, "name": name, "score": score})
    return board


def rank_of(participant: LiveParticipant) -> int:
    return (
        1
        + LiveParticipant.objects.filter(
            session_id=participant.session_id, score__gt=participant.score
        ).count()
    )


def _question(session: LiveSession) -> dict:
    question = Question.objects.get(pk=session.question_ids[session.position])
    choices = Choice.objects.filter(question=question).order_by("sort_order", "pk")
    return {
        "id": question.pk,
        "text": question.text,
        "multiple": question.kind == "multiple",
        "image": question.image.url if question.image else "",
        "choices": [{"id": c.pk, "text": c.text} for c in choices],
        "_correct": [c.pk for c in choices if c.is_correct],
        "_explanation": question.explanation,
    }


def public_state(session: LiveSession) -> dict:
    """The state every phone may see now. While a question is asked: its text and choices, the position, the
    server's deadline and clock. After it: the right choices, the explanation, how many chose each, and the
    leaderboard."""
    state = {
        "type": "state",
        "phase": session.phase,
        "position": session.position,
        "number": session.position + 1,
        "total": session.total,
        "seconds": session.seconds_per_question,
        "now_ms": _ms(timezone.now()),
        "deadline_ms": _ms(session.deadline) if session.phase == LivePhase.QUESTION else None,
    }
    if session.phase in (LivePhase.QUESTION, LivePhase.REVEAL) and session.question_ids:
        question = _question(session)
        correct, explanation = question.pop("_correct"), question.pop("_explanation")
        state["question"] = question
        if session.phase == LivePhase.REVEAL:
            counts = dict.fromkeys((c["id"] for c in question["choices"]), 0)
            for choice_ids in LiveAnswer.objects.filter(
                session_id=session.pk, position=session.position
            ).values_list("choice_ids", flat=True):
                for choice_id in choice_ids:
                    if choice_id in counts:
                        counts[choice_id] += 1
            state["reveal"] = {"correct": correct, "explanation": explanation, "counts": counts}
    if session.phase in (LivePhase.REVEAL, LivePhase.FINISHED):
        state["leaderboard"] = leaderboard(session.pk)
    return state


def host_state(session: LiveSession) -> dict:
    counts = session.participants.aggregate(n=Count("pk"))
    state = public_state(session)
    state["joined"] = counts["n"]
    state["answered"] = LiveAnswer.objects.filter(session_id=session.pk, position=session.position).count()
    return state


def my_state(participant: LiveParticipant) -> dict:
    """One phone's own standing: its name, points, rank, and what it answered to the current question (with
    whether that was right and its points only once the question is revealed)."""
    session = participant.session
    answer = LiveAnswer.objects.filter(participant=participant, position=session.position).first()
    me = {
        "name": participant.name,
        "score": participant.score,
        "rank": rank_of(participant),
        "answered": answer is not None and session.phase != LivePhase.LOBBY,
    }
    if session.phase == LivePhase.REVEAL:
        me["correct"] = bool(answer and answer.is_correct)
        me["points"] = answer.points if answer else 0
    return me


def live_participations(*, since=None, until=None) -> int:
    """Seats taken in live sessions (each phone or account once per session), for the campaign report."""
    seats = LiveParticipant.objects.all()
    if since:
        seats = seats.filter(joined_at__date__gte=since)
    if until:
        seats = seats.filter(joined_at__date__lte=until)
    return seats.count()
