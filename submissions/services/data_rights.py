"""An entrant's (or, for a child, a guardian's) right to a copy of their data and to its deletion.

Deletion keeps what audit needs, anonymised: the user row (no name, e-mail, birth date, school), entry
codes and states, the EntryEvent trail, consent rows without guardian details or scans, and any
safeguarding flag (a legal duty of care outlives the request). Everything else personal goes: files,
titles, texts, team rows, guardian links. Entries still in the contest are withdrawn, which also takes
them off every public page; consents (2) and (3) are withdrawn, which the publishing code reads.
"""

import io
import json
import logging
import zipfile

from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.errors import DomainError
from submissions.enums import ENTRY_TRANSITIONS, EntryState
from submissions.models import (
    Consent,
    Entry,
    GuardianConsentRequest,
    IdentityFinding,
    JudgeCopy,
    MediaAsset,
    TeamMember,
)

logger = logging.getLogger(__name__)

ANONYMISED_EMAIL_DOMAIN = "anonymised.invalid"


def is_anonymised(user) -> bool:
    return user.email.endswith("@" + ANONYMISED_EMAIL_DOMAIN)


def _iso(value):
    return value.isoformat() if value else None


def personal_data(*, user) -> dict:
    """Everything we hold about `user`, as plain JSON-ready data."""
    entries = (
        Entry.objects.filter(lead_entrant=user)
        .select_related("contest", "division")
        .prefetch_related("assets", "events", "team_members")
    )
    return {
        "exported_at": _iso(timezone.now()),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_of_birth": _iso(user.date_of_birth),
            "school": user.school.name if user.school_id else user.school_other,
            "class_name": user.class_name,
            "date_joined": _iso(user.date_joined),
        },
        "consents": [
            {
                "purpose": c.purpose,
                "giver": c.giver,
                "method": c.method,
                "guardian_name": c.guardian_name,
                "guardian_email": c.guardian_email,
                "text_version": c.text_version,
                "text_shown": c.text_shown,
                "given_at": _iso(c.given_at),
                "withdrawn_at": _iso(c.withdrawn_at),
                "paper_scan": c.paper_scan.name or None,
            }
            for c in Consent.objects.filter(subject=user).order_by("given_at")
        ],
        "guardian_requests": [
            {
                "guardian_email": r.guardian_email,
                "created_at": _iso(r.created_at),
                "revoked_at": _iso(r.revoked_at),
            }
            for r in GuardianConsentRequest.objects.filter(entrant=user)
        ],
        "entries": [
            {
                "code": e.code,
                "contest": e.contest.title,
                "division": e.division.name if e.division_id else None,
                "title": e.title,
                "statement": e.statement,
                "text": e.text,
                "state": e.state,
                "submitted_at": _iso(e.submitted_at),
                "return_reason": e.return_reason,
                "team": [{"name": m.name, "email": m.email} for m in e.team_members.all()],
                "history": [
                    {"from": ev.from_state, "to": ev.to_state, "reason": ev.reason, "at": _iso(ev.created_at)}
                    for ev in e.events.all()
                ],
                "files": [
                    {"name": a.original_name, "size": a.size, "sha256": a.sha256, "state": a.state}
                    for a in e.assets.all()
                ],
            }
            for e in entries
        ],
        "team_memberships": list(
            TeamMember.objects.filter(user=user)
            .exclude(entry__lead_entrant=user)
            .values_list("entry__code", flat=True)
        ),
    }


def export_personal_data(*, user) -> bytes:
    """A ZIP with data.json and the original files of the user's entries and paper consent scans.
    Reads only; private files are streamed from storage into the archive."""
    data = personal_data(user=user)
    private = storages["private"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for asset in MediaAsset.objects.filter(entry__lead_entrant=user).select_related("entry"):
            name = f"files/{asset.entry.code}/{asset.position}-{asset.original_name or 'file'}"
            _copy_into(archive, private, asset.original.name, name)
        scans = set(
            Consent.objects.filter(subject=user).exclude(paper_scan="").values_list("paper_scan", flat=True)
        )
        for index, key in enumerate(sorted(scans), start=1):
            _copy_into(archive, private, key, f"consent-forms/{index}-{key.rsplit('/', 1)[-1]}")
    return buffer.getvalue()


def _copy_into(archive, storage, key, name):
    try:
        with storage.open(key, "rb") as source, archive.open(name, "w") as target:
            while block := source.read(1024 * 1024):
                target.write(block)
    except (FileNotFoundError, OSError):
        logger.warning("A stored file is missing from the export: %s", key)


def _delete_keys(keys) -> None:
    private = storages["private"]
    for key in keys:
        if not key:
            continue
        try:
            private.delete(key)
        except OSError:
            logger.exception("Could not delete %s", key)


@transaction.atomic
def delete_personal_data(*, user, actor=None, reason: str = "") -> dict:
    """Deletes `user`'s personal data as the module says, and their files once the transaction commits.
    Returns counts of what went. Sends nothing."""
    from submissions.services.consent import refresh_consent_complete
    from submissions.services.lifecycle import transition_entry

    if is_anonymised(user):
        raise DomainError(_("Dữ liệu của tài khoản này đã được xoá."))
    reason = reason or _("Xoá dữ liệu cá nhân theo yêu cầu")
    now = timezone.now()
    entries = list(Entry.objects.filter(lead_entrant=user))
    withdrawn = 0
    for entry in entries:
        if EntryState.WITHDRAWN in ENTRY_TRANSITIONS[entry.state]:
            transition_entry(entry=entry, to_state=EntryState.WITHDRAWN, actor=actor, reason=reason)
            withdrawn += 1
    assets = list(MediaAsset.objects.filter(entry__lead_entrant=user))
    keys = [a.original.name for a in assets]
    keys += [r.get("key") for a in assets for r in (a.renditions or []) if isinstance(r, dict)]
    copies = JudgeCopy.objects.filter(entry__lead_entrant=user)
    keys += [key for copy in copies for names in (copy.renditions or {}).values() for key in names.values()]
    copies.delete()
    IdentityFinding.objects.filter(entry__lead_entrant=user).delete()
    MediaAsset.objects.filter(pk__in=[a.pk for a in assets]).delete()
    Entry.objects.filter(lead_entrant=user).update(
        title="", statement="", text="", return_reason="", consent_complete=False
    )
    TeamMember.objects.filter(entry__lead_entrant=user).delete()
    member_entries = list(Entry.objects.filter(team_members__user=user).distinct())
    TeamMember.objects.filter(user=user).delete()
    keys += list(
        Consent.objects.filter(subject=user).exclude(paper_scan="").values_list("paper_scan", flat=True)
    )
    Consent.objects.filter(subject=user, withdrawn_at__isnull=True).update(
        withdrawn_at=now, withdrawn_by=actor
    )
    Consent.objects.filter(subject=user).update(guardian_name="", guardian_email="", paper_scan="")
    GuardianConsentRequest.objects.filter(entrant=user).delete()
    user.email = f"deleted-{user.pk}@{ANONYMISED_EMAIL_DOMAIN}"
    user.full_name = ""
    user.first_name = user.last_name = ""
    user.date_of_birth = None
    user.school = None
    user.school_other = ""
    user.class_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    for entry in member_entries:
        for lead in [entry.lead_entrant] if entry.lead_entrant_id else []:
            refresh_consent_complete(user=lead)
    unique_keys = sorted({k for k in keys if k})
    transaction.on_commit(lambda: _delete_keys(unique_keys))
    return {"entries": len(entries), "withdrawn": withdrawn, "files": len(unique_keys)}
