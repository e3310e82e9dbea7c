"""Every write of a live session: start it, let phones join, move it through its phases (one service,
`move_session`) and take answers. The server keeps the clock: a question's start and deadline are set when
the host opens it, an answer's time is when it reached us, and the score comes from those alone
(quiz/scoring.py, as for a pupil's own attempt). Events for the live pages are published after commit."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.live import publish
from contest.errors import DomainError, InvalidTransition, NotAllowed
from quiz import nicknames
from quiz.live import events, rules
from quiz.live.enums import CODE_DIGITS, LIVE_TRANSITIONS, MAX_PARTICIPANTS, LivePhase
from quiz.models import Choice, LiveAnswer, LiveParticipant, LiveSession
from quiz.scoring import score_answer
from quiz.selectors import display_names
from quiz.services.attempts import NETWORK_GRACE, eligible_questions

logger = logging.getLogger("quiz.live")
_random = secrets.SystemRandom()


class SessionFull(DomainError):
    status_code = 409


class AnswerRefused(DomainError):
    status_code = 409


class TooLate(DomainError):
    status_code = 410


class BadAnswer(DomainError):
    status_code = 400


@dataclass(frozen=True)
class Joined:
    participant: LiveParticipant
    created: bool


def _new_code() -> str:
    return f"{_random.randrange(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def start_session(*, quiz, host, now=None) -> LiveSession:
    """A session in the lobby with a fresh join code and the questions drawn now (the host's school noted
    for the report)."""
    now = now or timezone.now()
    if not rules.can_host(host):
        raise NotAllowed(_("Chỉ thầy cô và ban tổ chức mới mở được phiên đố vui trực tiếp."))
    if not quiz.is_active:
        raise DomainError(_("Bộ đố vui này đang tắt."))
    ids = list(eligible_questions(quiz).values_list("pk", flat=True))
    if not ids:
        raise DomainError(_("Bộ đố vui này chưa có câu hỏi."))
    drawn = _random.sample(ids, min(quiz.question_count, len(ids)))
    for _try in range(20):
        try:
            with transaction.atomic():
                session = LiveSession.objects.create(
                    quiz=quiz,
                    host=host,
                    school_id=host.school_id,
                    code=_new_code(),
                    question_ids=drawn,
                    seconds_per_question=quiz.seconds_per_question,
                    created_at=now,
                )
        except IntegrityError:
            continue  # the code is taken by an open session: draw another
        logger.info("live session %s started by %s", session.pk, host.pk)
        return session
    raise DomainError(_("Chưa tạo được mã tham gia, xin thử lại."))


def _anonymous_name(session_id: int) -> str:
    taken = set(LiveParticipant.objects.filter(session_id=session_id).values_list("name", flat=True))
    for _try in range(50):
        name = nicknames.nickname(_random.randrange(10**12))
        if name not in taken:
            return name
    return f"{nicknames.nickname(_random.randrange(10**12))} {_random.randrange(1000, 10000)}"


def join_session(*, session_id: int, user=None, now=None) -> Joined:
    """A seat for one phone: a signed-in account keeps one seat per session (joining again returns it), a
    phone without an account gets a generated nickname. Refused once the session is finished or holds
    MAX_PARTICIPANTS. Tells the host's screen the new count."""
    now = now or timezone.now()
    signed_in = user is not None and user.is_authenticated
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().get(pk=session_id)
        if session.phase == LivePhase.FINISHED:
            raise DomainError(_("Phiên đố vui này đã kết thúc."))
        if signed_in:
            mine = LiveParticipant.objects.filter(session=session, user=user).first()
            if mine is not None:
                return Joined(mine, False)
        count = LiveParticipant.objects.filter(session=session).count()
        if count >= MAX_PARTICIPANTS:
            raise SessionFull(
                _("Phiên này đã đủ %(n)s người chơi. Em hãy xem trên màn hình chung của lớp nhé.")
                % {"n": MAX_PARTICIPANTS}
            )
        name = display_names([user])[user.pk] if signed_in else _anonymous_name(session.pk)
        if LiveParticipant.objects.filter(session=session, name=name).exists():
            name = f"{name} ({count + 1})"
        participant = LiveParticipant.objects.create(
            session=session,
            user=user if signed_in else None,
            name=name,
            token=secrets.token_urlsafe(32),
            joined_at=now,
        )
        joined = count + 1
        transaction.on_commit(
            lambda: publish(events.host_group(session.pk), {"type": "joined", "count": joined, "name": name})
        )
    return Joined(participant, True)


def _check_host(session: LiveSession, actor) -> None:
    if not rules.is_host(actor, session):
        raise NotAllowed(_("Chỉ người mở phiên mới điều khiển được phiên này."))


def move_session(*, session_id: int, to: str, actor, now=None) -> LiveSession:
    """The one transition of a session, by its host: lobby → question (the first), question → reveal,
    reveal → question (the next one; the last one's reveal may only go to finished), anything → finished.
    Opening a question sets its start and deadline from the server's clock. Publishes the new state to the
    phones and to the host's screen after commit; the move is logged (who, from, to)."""
    now = now or timezone.now()
    with transaction.atomic():
        session = LiveSession.objects.select_for_update().select_related("quiz").get(pk=session_id)
        _check_host(session, actor)
        before = session.phase
        if to not in LIVE_TRANSITIONS.get(before, ()):
            raise InvalidTransition(
                _("Không thể chuyển phiên từ “%(a)s” sang “%(b)s”.")
                % {"a": LivePhase(before).label, "b": LivePhase(to).label if to in LivePhase.values else to}
            )
        if to == LivePhase.QUESTION:
            if before == LivePhase.REVEAL:
                if session.position + 1 >= session.total:
                    raise InvalidTransition(_("Đã hết câu hỏi: hãy kết thúc phiên."))
                session.position += 1
            session.question_started_at = now
            session.deadline = now + timedelta(seconds=session.seconds_per_question)
        if to == LivePhase.FINISHED:
            session.finished_at = now
        session.phase = to
        session.save(update_fields=["phase", "position", "question_started_at", "deadline", "finished_at"])
        logger.info("live session %s: %s → %s by %s", session.pk, before, to, actor.pk)
        session_pk = session.pk
        transaction.on_commit(lambda: events.broadcast_state(session_pk))
    return session


@dataclass(frozen=True)
class Accepted:
    answer: LiveAnswer


def submit_answer(*, session_id: int, token: str, position, choice_ids, now=None) -> Accepted:
    """The answer of the participant holding `token` to the question at `position`. Refused: a token of
    another session (404 by the caller), a question that is not the one being asked (a forged or stale index),
    choices not of that question, an answer after the deadline (plus the network's grace) or after the reveal,
    a second answer (the first is kept). Nothing about correctness goes back: the reveal tells everyone."""
    now = now or timezone.now()
    participant = LiveParticipant.objects.select_related("session").get(session_id=session_id, token=token)
    try:
        position = int(position)
        chosen = sorted({int(c) for c in choice_ids})
    except (TypeError, ValueError) as error:
        raise BadAnswer(_("Câu trả lời không hợp lệ.")) from error
    try:
        with transaction.atomic():
            session = _shared_session(participant.session)
            answer = _record_answer(session, participant, position, chosen, now)
    except IntegrityError as error:
        raise AnswerRefused(_("Em đã trả lời câu này rồi; câu trả lời đầu tiên được giữ.")) from error
    return Accepted(answer)


def _shared_session(session: LiveSession) -> LiveSession:
    """The session's phase and clock as they stand, read under a shared row lock on PostgreSQL: answers do not
    wait for each other, but the host's reveal (which locks the row for update) waits for the answers in
    flight, so the leaderboard it publishes counts every answer accepted before it."""
    if connection.vendor != "postgresql":
        return session  # SQLite writes one transaction at a time anyway
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT phase, position, deadline, question_started_at FROM quiz_livesession WHERE id = %s FOR SHARE",
            [session.pk],
        )
        session.phase, session.position, session.deadline, session.question_started_at = cursor.fetchone()
    return session


def _record_answer(session, participant, position: int, chosen: list[int], now) -> LiveAnswer:
    if session.phase != LivePhase.QUESTION or position != session.position:
        if session.phase == LivePhase.REVEAL and position == session.position:
            raise TooLate(_("Hết giờ rồi! Câu trả lời đến sau khi đã công bố đáp án nên không được tính."))
        raise BadAnswer(_("Câu hỏi này không phải câu đang được hỏi."))
    if now > session.deadline + NETWORK_GRACE:
        raise TooLate(_("Hết giờ rồi! Câu trả lời đến sau khi hết thời gian nên không được tính."))
    if not chosen:
        raise BadAnswer(_("Em hãy chọn một đáp án."))
    question_id = session.question_ids[position]
    choices = dict(Choice.objects.filter(question_id=question_id).values_list("pk", "is_correct"))
    if any(c not in choices for c in chosen):
        raise BadAnswer(_("Lựa chọn này không thuộc câu hỏi đang được hỏi."))
    correct = chosen == sorted(pk for pk, right in choices.items() if right)
    elapsed_ms = max(0, int((now - session.question_started_at).total_seconds() * 1000))
    limit_ms = session.seconds_per_question * 1000
    points = score_answer(correct, min(elapsed_ms, limit_ms), limit_ms)
    with transaction.atomic():  # a savepoint: a second answer fails here, before the score moves
        answer = LiveAnswer.objects.create(
            session_id=session.pk,
            participant=participant,
            position=position,
            question_id=question_id,
            choice_ids=chosen,
            received_at=now,
            elapsed_ms=elapsed_ms,
            is_correct=correct,
            points=points,
        )
    LiveParticipant.objects.filter(pk=participant.pk).update(
        score=F("score") + points, correct_count=F("correct_count") + int(correct)
    )
    session_pk = session.pk
    transaction.on_commit(lambda: events.answer_counted(session_pk, position))
    return answer
