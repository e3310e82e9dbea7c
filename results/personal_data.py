"""Results' models that refer to an entry (and so to its entrants), declared to the privacy registry. An
award is the contest's record and stays (the entry itself is withdrawn and blanked on erasure); the judges'
comments to a pupil are theirs: exported, and erased with the pupil's data."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from privacy.registry import declare_exempt, register
from privacy.services.data_rights import iso
from results.models import Award, ContestResult, FeedbackComment, ResultEvent, TieDecision


def export_awards(*, user) -> list[dict]:
    awards = (
        Award.objects.filter(Q(entry__lead_entrant=user) | Q(entry__team_members__user=user))
        .select_related("entry", "division", "result")
        .distinct()
    )
    return [
        {
            "entry": a.entry.code,
            "division": a.division.name,
            "tier": a.tier,
            "rank": a.rank,
            "result_state": a.result.state,
        }
        for a in awards
    ]


def export_feedback(*, user) -> list[dict]:
    comments = (
        FeedbackComment.objects.filter(Q(entry__lead_entrant=user) | Q(entry__team_members__user=user))
        .select_related("entry")
        .distinct()
        .order_by("entry__code", "text")
    )
    return [
        {"entry": c.entry.code, "text": c.text, "state": c.state, "at": iso(c.created_at)} for c in comments
    ]


def erase_feedback(*, user, actor, reason) -> int:
    deleted, _by_model = FeedbackComment.objects.filter(entry__lead_entrant=user).delete()
    return deleted


register(
    Award,
    key="awards",
    keep=_("Lâu dài: là kết quả chính thức của cuộc thi. Khi xoá dữ liệu, bài được rút và không còn tên."),
    export=export_awards,
)
register(
    FeedbackComment,
    key="feedback",
    keep=_("Như bài dự thi; khi xoá, nhận xét gửi thí sinh bị xoá."),
    export=export_feedback,
    erase=erase_feedback,
    order=12,
)
declare_exempt(ContestResult, reason="a contest's result; names only the staff who allocated and co-signed")
declare_exempt(
    TieDecision, reason="an organiser's decision on tied entry codes; kept with the result's audit"
)
declare_exempt(ResultEvent, reason="who allocated, co-signed or reviewed; staff activity, entry codes only")

from results import public_personal_data  # noqa: E402, F401  (the gallery's public works)
