"""What the live mode stores about people, declared to the privacy registry: the seats an account took in
live sessions (with their answers) and the sessions a teacher hosted. A phone without an account leaves a
generated nickname and its answers, tied to nobody."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import declare_exempt, register
from privacy.services.data_rights import iso
from quiz.models import LiveAnswer, LiveParticipant, LiveSession


def export_participations(*, user) -> list[dict]:
    seats = (
        LiveParticipant.objects.filter(user=user)
        .select_related("session__quiz")
        .prefetch_related("answers")
        .order_by("joined_at")
    )
    return [
        {
            "quiz": seat.session.quiz.title,
            "joined_at": iso(seat.joined_at),
            "name_shown": seat.name,
            "score": seat.score,
            "answers": [
                {
                    "question": answer.question_id,
                    "choices": answer.choice_ids,
                    "received_at": iso(answer.received_at),
                    "correct": answer.is_correct,
                    "points": answer.points,
                }
                for answer in seat.answers.all()
            ],
        }
        for seat in seats
    ]


def erase_participations(*, user, actor, reason) -> int:
    deleted, _by_model = LiveParticipant.objects.filter(user=user).delete()
    return deleted


def export_hosted(*, user) -> list[dict]:
    return [
        {"quiz": s.quiz.title, "code": s.code, "started_at": iso(s.created_at), "phase": s.phase}
        for s in LiveSession.objects.filter(host=user).select_related("quiz")
    ]


def erase_hosted(*, user, actor, reason) -> int:
    """The sessions stay (the pupils' seats are theirs, not the teacher's); only the link to the host goes."""
    return LiveSession.objects.filter(host=user).update(host=None)


register(
    LiveParticipant,
    key="quiz_live_participations",
    keep=_(
        "Đến khi xoá tài khoản; bảng xếp hạng của phiên chỉ hiện biệt danh hoặc tên như người chơi đã chọn."
    ),
    export=export_participations,
    erase=erase_participations,
    order=15,
)
register(
    LiveSession,
    key="quiz_live_hosted",
    keep=_("Phiên vẫn được giữ; khi xoá tài khoản, phiên không còn gắn với người điều khiển."),
    export=export_hosted,
    erase=erase_hosted,
    order=16,
)
declare_exempt(LiveAnswer, reason="answers of one seat; deleted with it (CASCADE), exported with it")
