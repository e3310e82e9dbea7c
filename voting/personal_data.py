"""What the vote stores about people, declared to the privacy registry: each account's votes with the
keyed hashes of the address and device they came from (cleared TRACE_DAYS after the vote closed, see
services/traces.py), and the organisers' audit and prize, which name an organiser only."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contest.models import User
from privacy.registry import declare_exempt, register, register_retention_rule
from privacy.services.data_rights import iso
from voting.models import PeoplesChoiceAward, Vote, VotingEvent, VotingSettings


def export_votes(*, user) -> list[dict]:
    return [
        {
            "contest": vote.contest.title,
            "entry": vote.entry.code,
            "state": vote.state,
            "voted_at": iso(vote.created_at),
            "voided_reason": vote.void_reason,
            "browser": vote.ua_family,
            "address_and_device": _("chỉ lưu dạng băm có khoá, không lưu địa chỉ") if vote.ip_hash else "",
        }
        for vote in Vote.objects.filter(voter=user).select_related("contest", "entry").order_by("created_at")
    ]


def erase_votes(*, user, actor, reason) -> int:
    deleted, _by_model = Vote.objects.filter(voter=user).delete()
    Vote.objects.filter(voided_by=user).update(voided_by=None)
    return deleted


def _no_one(today):
    return User.objects.none().values("pk")


def _voting_now(today):
    """Voters in a vote still open: their votes (and accounts) stay until it closes."""
    now = timezone.now()
    return Vote.objects.filter(Q(contest__voting__closes_at__gt=now)).values("voter_id")


register(
    Vote,
    key="votes",
    keep=_(
        "Đến khi xoá tài khoản. Địa chỉ mạng và thiết bị chỉ được lưu dạng băm có khoá, và được xoá "
        "90 ngày sau khi đóng bình chọn."
    ),
    export=export_votes,
    erase=erase_votes,
    order=14,
)
declare_exempt(VotingEvent, reason="organisers' audit of voids and the prize; names the organiser only")
declare_exempt(PeoplesChoiceAward, reason="a prize of an entry, as results' awards; names the organiser only")
declare_exempt(VotingSettings, reason="a contest's settings; no person")
register_retention_rule(due=_no_one, held=_voting_now)
