"""The "Giải bình chọn": allocated by an organiser from the vote's ranking once the window has closed.

The jury's prizes (results.Award) are one per entry and frozen once co-signed and published, which is
when the vote happens; so the people's choice prize is its own record here, audited the same way, and
shown on the contest's results page (cms.results_pages reads `voting.selectors.public_peoples_choice`)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError, InvalidTransition, NotAllowed
from voting import rules
from voting.enums import VotingAction
from voting.models import PeoplesChoiceAward, VotingEvent, VotingSettings
from voting.selectors import ranking, top_tie


@transaction.atomic
def allocate_peoples_choice(*, contest, actor, entry_code: str = "", reason: str = "") -> PeoplesChoiceAward:
    """Gives the prize to the work with the most counted votes (public works only). When several share
    the most votes the organiser names one of them (`entry_code`) with a `reason`; the tie, the choice and
    the reason are kept on the award and in a VotingEvent. Allocating again replaces the award (audited)."""
    if not rules.can_watch_votes(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức được trao giải bình chọn."))
    settings = VotingSettings.objects.select_for_update().filter(contest=contest).first()
    if settings is None:
        raise DomainError(_("Cuộc thi này không có bình chọn của khán giả."))
    if not settings.is_closed():
        raise InvalidTransition(_("Bình chọn chưa kết thúc: chỉ trao giải sau khi đóng bình chọn."))
    leaders = top_tie(ranking(contest=contest))
    if not leaders:
        raise DomainError(_("Chưa có phiếu bình chọn hợp lệ nào."))
    code = (entry_code or "").strip()
    reason = (reason or "").strip()
    tied = len(leaders) > 1
    if tied:
        winner = next((row for row in leaders if row.code == code), None)
        if winner is None:
            raise DomainError(
                _("Có %(n)s bài cùng nhiều phiếu nhất (%(codes)s): hãy chọn một bài và ghi lý do.")
                % {"n": len(leaders), "codes": ", ".join(row.code for row in leaders)}
            )
        if not reason:
            raise DomainError(_("Hãy ghi lý do chọn bài này trong các bài đồng hạng."))
    else:
        winner = leaders[0]
        if code and code != winner.code:
            raise DomainError(_("Chỉ bài nhiều phiếu nhất được nhận giải bình chọn."))
    previous = PeoplesChoiceAward.objects.filter(contest=contest).select_related("entry").first()
    award, _created = PeoplesChoiceAward.objects.update_or_create(
        contest=contest,
        defaults={
            "entry_id": winner.entry_id,
            "votes": winner.votes,
            "tied": tied,
            "tie_codes": [row.code for row in leaders] if tied else [],
            "reason": reason,
            "allocated_by": actor,
            "allocated_at": timezone.now(),
        },
    )
    VotingEvent.objects.create(
        contest=contest,
        actor=actor,
        action=VotingAction.TIE_DECIDED if tied else VotingAction.PRIZE_ALLOCATED,
        reason=reason,
        data={
            "entry": winner.code,
            "votes": winner.votes,
            "tie": [row.code for row in leaders] if tied else [],
            "replaced": previous.entry.code if previous else None,
        },
    )
    return award
