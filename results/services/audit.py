"""The audit row every results service writes."""

from results.models import ResultEvent


def record_event(result, *, actor, action, reason="", data=None, from_state="", to_state="") -> ResultEvent:
    """One ResultEvent: who, what, why, from and to, and the details as JSON."""
    return ResultEvent.objects.create(
        result=result,
        actor=actor,
        action=action,
        reason=reason.strip(),
        data=data or {},
        from_state=from_state,
        to_state=to_state,
    )
