"""What submissions stores about people, declared to the privacy registry: entries with their files,
teams, history and uploads; where a person takes part (for consent pages); how to keep
`Entry.consent_complete` in step with consent; and when an entrant's data is no longer needed."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from contest.enums import Role
from contest.models import User
from privacy.registry import (
    declare_exempt,
    register,
    register_consent_listener,
    register_participation_source,
    register_retention_rule,
)
from privacy.services.data_rights import delete_private_files_on_commit, iso
from submissions.enums import ENTRY_TRANSITIONS, EntryState
from submissions.models import (
    Entry,
    EntryEvent,
    IdentityFinding,
    JudgeCopy,
    MediaAsset,
    MediaJob,
    TeamMember,
    UploadSession,
)
from submissions.selectors.consent import entry_participations
from submissions.services.consent import refresh_consent_complete

WINNING_STATES = (EntryState.AWARDED, EntryState.COMMENDED)


def export_entries(*, user) -> list[dict]:
    entries = (
        Entry.objects.filter(lead_entrant=user)
        .select_related("contest", "division")
        .prefetch_related("assets", "events", "team_members")
    )
    return [
        {
            "code": e.code,
            "contest": e.contest.title,
            "division": e.division.name if e.division_id else None,
            "title": e.title,
            "statement": e.statement,
            "text": e.text,
            "state": e.state,
            "submitted_at": iso(e.submitted_at),
            "return_reason": e.return_reason,
            "team": [{"name": m.name, "email": m.email} for m in e.team_members.all()],
            "history": [
                {"from": ev.from_state, "to": ev.to_state, "reason": ev.reason, "at": iso(ev.created_at)}
                for ev in e.events.all()
            ],
            "files": [
                {"name": a.original_name, "size": a.size, "sha256": a.sha256, "state": a.state}
                for a in e.assets.all()
            ],
        }
        for e in entries
    ]


def entry_files(*, user):
    for asset in MediaAsset.objects.filter(entry__lead_entrant=user).select_related("entry"):
        yield (
            asset.original.name,
            f"files/{asset.entry.code}/{asset.position}-{asset.original_name or 'file'}",
        )


def erase_entries(*, user, actor, reason) -> int:
    """Withdraws the entries `user` leads that are still in the contest (which takes them off every public
    page) and blanks their texts; codes, states and history stay, with no name."""
    from submissions.services.lifecycle import transition_entry

    entries = list(Entry.objects.filter(lead_entrant=user))
    for entry in entries:
        if EntryState.WITHDRAWN in ENTRY_TRANSITIONS[entry.state]:
            transition_entry(entry=entry, to_state=EntryState.WITHDRAWN, actor=actor, reason=reason)
    Entry.objects.filter(lead_entrant=user).update(
        title="", statement="", text="", return_reason="", consent_complete=False
    )
    return len(entries)


def erase_assets(*, user, actor, reason) -> int:
    assets = list(MediaAsset.objects.filter(entry__lead_entrant=user))
    keys = [a.original.name for a in assets]
    keys += [r.get("key") for a in assets for r in (a.renditions or []) if isinstance(r, dict)]
    MediaAsset.objects.filter(pk__in=[a.pk for a in assets]).delete()
    delete_private_files_on_commit(keys)
    return len(assets)


def erase_judge_copies(*, user, actor, reason) -> int:
    """The screened copies judges read (their text and blurred pictures) and the identity findings, which
    quote what identified the pupil."""
    copies = JudgeCopy.objects.filter(entry__lead_entrant=user)
    keys = [key for copy in copies for names in (copy.renditions or {}).values() for key in names.values()]
    deleted, _by_model = copies.delete()
    IdentityFinding.objects.filter(entry__lead_entrant=user).delete()
    delete_private_files_on_commit(keys)
    return deleted


def erase_uploads(*, user, actor, reason) -> int:
    deleted, _by_model = UploadSession.objects.filter(
        Q(created_by=user) | Q(entry__lead_entrant=user)
    ).delete()
    return deleted


def export_team_memberships(*, user) -> list[str]:
    return list(
        TeamMember.objects.filter(user=user)
        .exclude(entry__lead_entrant=user)
        .values_list("entry__code", flat=True)
    )


def erase_team_rows(*, user, actor, reason) -> int:
    """Removes the teams of `user`'s own entries and `user` from other teams; the leads of those other
    entries get their consent state recomputed, as their team changed."""
    TeamMember.objects.filter(entry__lead_entrant=user).delete()
    leads = list(User.objects.filter(led_entries__team_members__user=user).exclude(pk=user.pk).distinct())
    deleted, _by_model = TeamMember.objects.filter(user=user).delete()
    for lead in leads:
        refresh_consent_complete(user=lead)
    return deleted


def _mine(today):
    return Entry.objects.filter(Q(lead_entrant=OuterRef("pk")) | Q(team_members__user=OuterRef("pk")))


def retention_due(today):
    """Entrants with an entry in a campaign past its retention date."""
    past = Q(contest__campaign__data_retention_until__lt=today)
    return User.objects.filter(role=Role.ENTRANT).filter(Exists(_mine(today).filter(past))).values("pk")


def retention_held(today):
    """Entrants with an entry in a campaign still within its retention date, or an entry that won:
    winners' data stays for certificates and the public record."""
    past = Q(contest__campaign__data_retention_until__lt=today)
    return User.objects.filter(
        Exists(_mine(today).exclude(past)) | Exists(_mine(today).filter(state__in=WINNING_STATES))
    ).values("pk")


register(
    Entry,
    key="entries",
    keep=_(
        "Đến ngày lưu trữ của chiến dịch (bài đạt giải: lâu dài). Khi xoá, bài được rút và xoá nội dung; "
        "chỉ giữ mã bài, trạng thái và lịch sử, không kèm tên."
    ),
    export=export_entries,
    files=entry_files,
    erase=erase_entries,
    order=10,
)
register(
    MediaAsset,
    key="files",
    keep=_("Như bài dự thi; khi xoá, tệp gốc và mọi bản chuyển đổi bị xoá."),
    erase=erase_assets,
    order=20,
)
register(
    JudgeCopy,
    key="judge_copies",
    keep=_("Như bài dự thi; khi xoá, bản cho giám khảo và các phát hiện thông tin nhận diện bị xoá."),
    erase=erase_judge_copies,
    order=18,
)
declare_exempt(IdentityFinding, reason="erased with the judges' copy of the same entry (erase_judge_copies)")
register(
    UploadSession,
    key="uploads",
    keep=_("Đến khi tải lên xong hoặc bị huỷ; xoá cùng bài dự thi."),
    erase=erase_uploads,
    order=15,
)
register(
    TeamMember,
    key="team_memberships",
    keep=_("Như bài dự thi; khi xoá, tên và e-mail thành viên nhóm bị xoá."),
    export=export_team_memberships,
    erase=erase_team_rows,
    order=30,
)
register(
    EntryEvent,
    key="entry_history",
    keep=_("Lâu dài, không kèm tên: lịch sử trạng thái của bài (có trong phần bài dự thi khi tải về)."),
)
declare_exempt(MediaJob, reason="processing bookkeeping of one file; deleted with the file (CASCADE)")

register_participation_source(entry_participations)
register_consent_listener(refresh_consent_complete)
register_retention_rule(due=retention_due, held=retention_held)
