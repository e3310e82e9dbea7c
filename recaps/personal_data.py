"""What recaps store that points at people, declared to the privacy registry."""

from privacy.registry import declare_exempt
from recaps.models import Recap, RecapEvent, RecapItem

declare_exempt(Recap, reason="organisers' work: created_by is the organiser who set the recap up (SET_NULL)")
declare_exempt(
    RecapItem,
    reason="an organiser's choice of a clip; deleted with the clip (CASCADE); a clip leaving the public wall "
    "(withdrawal, consent, erasure) marks the recap stale and it is rendered again without it",
)
declare_exempt(RecapEvent, reason="history of one recap; actor is an organiser or nobody (SET_NULL)")
