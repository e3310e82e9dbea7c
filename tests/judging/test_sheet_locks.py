"""Judges of one round save side by side, and a round's transition still waits for a save in flight.

A save used to lock its round FOR UPDATE with the assignment, so every judge of the round waited for the
others (the deadline-rush load run caught nine autosaves queued on it). Each case holds one judge's save open
in a thread of its own, on its own connection, and works beside it with a lock timeout, so a wait shows up
as an error instead of a hang. PostgreSQL only: SQLite has no row locks to hold."""

import contextlib
import threading

import pytest
from django.db import OperationalError, connection, transaction

from judging.enums import RoundState, SheetState
from judging.models import Assignment, ScoreSheet
from judging.selectors import sheet_version
from judging.services.rounds import transition_round
from judging.services.sheets import save_sheet

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not connection.features.has_select_for_update, reason="row locks exist only on PostgreSQL"
    ),
]


def _scores(round_, *values):
    criteria = list(round_.rubric.criteria.order_by("sort_order"))
    return {c.pk: v for c, v in zip(criteria, values, strict=True)}


def _two_judges(round_) -> tuple[Assignment, Assignment]:
    assignments = list(Assignment.objects.filter(round=round_, active=True).select_related("judge"))
    first = assignments[0]
    second = next(a for a in assignments if a.judge_id != first.judge_id)
    return first, second


class HeldSave(threading.Thread):
    """One judge's save, its transaction kept open until `release()`."""

    def __init__(self, assignment, scores):
        super().__init__(daemon=True)
        self.assignment = assignment
        self.scores = scores
        self.saved = threading.Event()
        self.go = threading.Event()
        self.error = None

    def run(self):
        try:
            with transaction.atomic():
                save_sheet(
                    assignment=self.assignment,
                    actor=self.assignment.judge,
                    base_version=sheet_version(assignment=self.assignment),
                    scores=self.scores,
                )
                self.saved.set()
                self.go.wait(30)
        except Exception as error:  # reported to the test, not lost in the thread
            self.error = error
            self.saved.set()
        finally:
            connection.close()

    def release(self):
        self.go.set()
        self.join(30)
        assert self.error is None, self.error


@contextlib.contextmanager
def held_save(assignment, scores):
    """The body runs while `assignment`'s judge has saved and not yet committed; the save commits after."""
    held = HeldSave(assignment, scores)
    held.start()
    try:
        assert held.saved.wait(30)
        assert held.error is None
        yield
    finally:
        held.release()


def _lock_timeout(ms: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL lock_timeout = '{int(ms)}ms'")


def _close_within(round_, organiser, *, ms: int) -> None:
    with transaction.atomic():
        _lock_timeout(ms)
        transition_round(round_=round_, to_state=RoundState.CLOSED, actor=organiser)


def test_two_judges_of_one_round_save_at_the_same_time(open_round):
    first, second = _two_judges(open_round)
    with held_save(first, _scores(open_round, "7", "", "")):
        with transaction.atomic():
            _lock_timeout(2000)
            sheet = save_sheet(
                assignment=second,
                actor=second.judge,
                base_version=sheet_version(assignment=second),
                scores=_scores(open_round, "9", "8", ""),
            )
        assert sheet.state == SheetState.DRAFT
    assert ScoreSheet.objects.filter(assignment__in=[first, second]).count() == 2


def test_closing_the_round_waits_for_a_save_in_flight(open_round, organiser):
    first, _second = _two_judges(open_round)
    with (
        held_save(first, _scores(open_round, "6", "5", "4")),
        pytest.raises(OperationalError, match="lock timeout"),
    ):
        _close_within(open_round, organiser, ms=500)
    open_round.refresh_from_db()
    assert open_round.state == RoundState.OPEN
    transition_round(round_=open_round, to_state=RoundState.CLOSED, actor=organiser)
    open_round.refresh_from_db()
    assert open_round.state == RoundState.CLOSED
    assert ScoreSheet.objects.get(assignment=first).scores.count() == 3
