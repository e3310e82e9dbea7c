"""Judging's models that refer to a person or an entry, declared to the privacy registry. Judges' work is
kept as the record of how a round was decided; it names no entrant (judges see entry codes only), and an
entrant's deletion withdraws and blanks the entry itself."""

from django.utils.translation import gettext_lazy as _

from judging.models import (
    Assignment,
    ConflictOfInterest,
    JudgeDeclaration,
    Panel,
    RoundEntry,
    RoundEvent,
    Score,
    ScoreSheet,
    SheetChange,
)
from privacy.registry import declare_exempt, register

_ROUND_RECORD = "the record of how a round was judged; names no entrant, kept with the round's audit"

declare_exempt(Panel, reason="names the head judge, a staff role; kept with the round's audit")
declare_exempt(
    Panel.judges.through, reason="which judges sit on a panel; staff roles, kept with the round's audit"
)
declare_exempt(RoundEntry, reason=_ROUND_RECORD)
declare_exempt(Assignment, reason=_ROUND_RECORD)
declare_exempt(ScoreSheet, reason=_ROUND_RECORD)
declare_exempt(Score, reason=_ROUND_RECORD)
declare_exempt(SheetChange, reason=_ROUND_RECORD)
declare_exempt(RoundEvent, reason="who opened, closed or finalised a round; staff activity")
declare_exempt(
    ConflictOfInterest,
    reason="a judge's declared conflict with an entry or school; kept with the round's audit",
)


def export_declaration(*, user) -> dict | None:
    declaration = JudgeDeclaration.objects.filter(judge=user).prefetch_related("schools").first()
    if declaration is None:
        return None
    return {
        "schools": [school.name for school in declaration.schools.all()],
        "other_schools": declaration.other_schools,
        "people": declaration.people,
    }


def erase_declaration(*, user, actor, reason) -> int:
    """The names a judge declared are about other people (relatives, pupils): they go with the judge's data.
    Conflicts already drawn from them stay with the round's audit."""
    deleted, _by_model = JudgeDeclaration.objects.filter(judge=user).delete()
    return deleted


declare_exempt(JudgeDeclaration.schools.through, reason="the schools of a declaration; erased with it")
register(
    JudgeDeclaration,
    key="judge_declaration",
    keep=_(
        "Đến khi xoá tài khoản giám khảo; khi xoá, danh sách trường và họ tên người thân, học sinh đã khai bị xoá."
    ),
    export=export_declaration,
    erase=erase_declaration,
    order=50,
)
