"""The live pages' groups and what is published to them (through cms/live.py). Phones listen to the session's
group, the host's screen to its own (it also gets the join and answer counts)."""

from cms.live import publish
from quiz.live import selectors
from quiz.models import LiveAnswer, LiveSession


def phone_group(session_id: int) -> str:
    return f"quizlive.{session_id}"


def host_group(session_id: int) -> str:
    return f"quizlive.{session_id}.host"


def broadcast_state(session_id: int) -> None:
    session = LiveSession.objects.get(pk=session_id)
    state = selectors.public_state(session)
    publish(phone_group(session_id), state)
    publish(host_group(session_id), selectors.host_state(session))


def answer_counted(session_id: int, position: int) -> None:
    count = LiveAnswer.objects.filter(session_id=session_id, position=position).count()
    # Not waited for: the phone's answer request is not held up by the teacher's count (the next one supersedes it).
    publish(host_group(session_id), {"type": "answered", "position": position, "count": count}, wait=None)
