"""What the pledge wall stores about people, declared to the privacy registry: a signer's signature (the
commitments, the message, whether to show the name) and its moderation history."""

from django.utils.translation import gettext_lazy as _

from pledges.models import Pledge, PledgeEvent
from pledges.services import erase_pledge
from privacy.registry import declare_exempt, register
from privacy.services.data_rights import iso


def export_pledge(*, user) -> list[dict]:
    pledge = Pledge.objects.filter(signer=user).select_related("school").prefetch_related("events").first()
    if pledge is None:
        return []
    return [
        {
            "signed_at": iso(pledge.created_at),
            "school": pledge.school.name if pledge.school else "",
            "ward": pledge.ward,
            "commitments": [item.get("text", "") for item in pledge.commitments],
            "show_name": pledge.show_name,
            "message": pledge.message,
            "message_state": pledge.message_state,
            "rejection_reason": pledge.rejection_reason,
            "approved_at": iso(pledge.approved_at),
            "history": [
                {"from": ev.from_state, "to": ev.to_state, "reason": ev.reason, "at": iso(ev.created_at)}
                for ev in pledge.events.all()
            ],
        }
    ]


def erase_signature(*, user, actor, reason) -> int:
    return erase_pledge(user=user)


register(
    Pledge,
    key="pledges",
    keep=_(
        "Đến khi người ký xoá tài khoản hoặc hết thời hạn lưu dữ liệu của chiến dịch; khi xoá, chữ ký bị "
        "trừ khỏi số đếm của trường, phường/xã và thành phố."
    ),
    export=export_pledge,
    erase=erase_signature,
    order=13,
)
declare_exempt(
    PledgeEvent, reason="moderation history of one signature; deleted with it (CASCADE), exported with it"
)
