"""The clip's lifecycle table, move by move, and the audit row every move writes."""

import pytest

from challenges.enums import CLIP_TRANSITIONS, ClipState
from challenges.services.lifecycle import transition_clip
from contest.errors import InvalidTransition
from tests.factories.clips import ClipFactory

pytestmark = pytest.mark.django_db

MOVES = [(a, b) for a in ClipState for b in ClipState]


@pytest.mark.parametrize(("from_state", "to_state"), MOVES)
def test_every_move_follows_the_table(from_state, to_state, organiser):
    clip = ClipFactory(state=from_state)
    if to_state in CLIP_TRANSITIONS[from_state]:
        moved = transition_clip(clip=clip, to_state=to_state, actor=organiser, reason="lý do")
        assert moved.state == to_state
        event = moved.events.get()
        assert (event.from_state, event.to_state, event.actor, event.reason) == (
            from_state,
            to_state,
            organiser,
            "lý do",
        )
    else:
        with pytest.raises(InvalidTransition):
            transition_clip(clip=clip, to_state=to_state, actor=organiser)
        clip.refresh_from_db()
        assert clip.state == from_state
        assert not clip.events.exists()


def test_withdrawn_is_final():
    assert CLIP_TRANSITIONS[ClipState.WITHDRAWN] == frozenset()
    assert all(ClipState.WITHDRAWN in CLIP_TRANSITIONS[s] for s in ClipState if s != ClipState.WITHDRAWN)
