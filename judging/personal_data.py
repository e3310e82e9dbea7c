"""Judging's models that refer to a person or an entry, declared to the privacy registry. Judges' work is
kept as the record of how a round was decided; it names no entrant (judges see entry codes only), and an
entrant's deletion withdraws and blanks the entry itself."""

from judging.models import (
    Assignment,
    ConflictOfInterest,
    Panel,
    RoundEntry,
    RoundEvent,
    Score,
    ScoreSheet,
    SheetChange,
)
from privacy.registry import declare_exempt

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
