"""Writes of entries: create, autosave, team, submit (with a receipt), withdraw (DESIGN.md §3).

Every deadline check uses the server's clock (`timezone.now()`), never a time sent by the browser.
"""

import logging
import uuid

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from contest.enums import MediaKind, Role
from contest.errors import DomainError, InvalidTransition, NotAllowed
from contest.formats import format_for
from contest.mail import queue_mail
from contest.models import Contest, Division, User
from contest.selectors import age_on
from submissions import rules
from submissions.enums import EDITABLE_ENTRY_STATES, AssetState, EntryState
from submissions.media.text import count_words
from submissions.models import Entry, EntrySequence, TeamMember, UploadSession, UploadState
from submissions.selectors.checklist import entry_checklist
from submissions.selectors.entries import entries_counted_for, page_count
from submissions.services.consent import refresh_entry_consent
from submissions.services.identity import check_entry_text
from submissions.services.lifecycle import transition_entry
from submissions.services.teams import send_team_invitations

logger = logging.getLogger(__name__)


class ContestClosed(DomainError):
    status_code = 403


def ensure_contest_open(contest: Contest) -> None:
    now = timezone.now()
    if now < contest.opens_at:
        raise ContestClosed(_("Cuộc thi này chưa mở nhận bài."))
    if now >= contest.closes_at:
        raise ContestClosed(
            _("Đã hết hạn nộp bài (%(deadline)s). Bài dự thi không thể thay đổi nữa.")
            % {"deadline": timezone.localtime(contest.closes_at).strftime("%H:%M %d/%m/%Y")}
        )


def ensure_entry_editable(entry: Entry) -> None:
    """Raises unless the work may still change: an editable state, inside the contest's open window."""
    if entry.state not in EDITABLE_ENTRY_STATES:
        raise InvalidTransition(
            _("Bài dự thi đang ở trạng thái “%(state)s” nên không sửa được nữa.")
            % {"state": EntryState(entry.state).label}
        )
    ensure_contest_open(entry.contest)


def _ensure_can_edit(user, entry: Entry) -> None:
    if not rules.can_edit_entry(user, entry):
        raise NotAllowed(_("Em không có quyền sửa bài dự thi này."))


def _ensure_can_act_for(actor, lead_entrant) -> None:
    if lead_entrant is None or lead_entrant.role != Role.ENTRANT:
        raise NotAllowed(_("Chỉ thí sinh mới có thể dự thi."))
    if actor.pk == lead_entrant.pk:
        return
    if rules.can_manage_pupil(actor, lead_entrant):
        return
    raise NotAllowed(_("Thầy cô chỉ nộp bài thay cho học sinh của trường mình."))


def division_for_entrant(*, contest: Contest, entrant: User) -> Division | None:
    """The contest's division that fits the entrant's age on the closing date."""
    divisions = list(contest.divisions.all())
    if not divisions:
        return None
    if entrant.date_of_birth is None:
        if len(divisions) == 1:
            return divisions[0]
        raise DomainError(_("Hãy cập nhật ngày sinh trong tài khoản để chọn đúng bảng thi."))
    age = age_on(date_of_birth=entrant.date_of_birth, day=timezone.localtime(contest.closes_at).date())
    for division in sorted(divisions, key=lambda d: d.min_age):
        if division.min_age <= age <= division.max_age:
            return division
    raise DomainError(
        _("Em %(age)d tuổi vào ngày hết hạn, không thuộc bảng thi nào của cuộc thi này.") % {"age": age}
    )


def _existing_for_key(*, key, contest: Contest, lead_entrant: User) -> Entry | None:
    entry = Entry.objects.filter(idempotency_key=key).first()
    if entry is None:
        return None
    if entry.contest_id != contest.pk or entry.lead_entrant_id != lead_entrant.pk:
        raise DomainError(_("Yêu cầu không hợp lệ. Hãy tải lại trang rồi thử lại."))
    return entry


@transaction.atomic
def create_entry(
    *,
    contest: Contest,
    lead_entrant: User,
    actor: User,
    division: Division | None = None,
    title: str = "",
    statement: str = "",
    text: str = "",
    idempotency_key=None,
) -> Entry:
    """Creates a draft entry with the next code of the contest (e.g. KMM-VID-0137).

    Locks the entrant's row (so the entries-per-entrant rule and the idempotency key hold under concurrent
    requests), then the contest's sequence row (so codes never repeat). The same `idempotency_key` twice
    returns the first entry. Sends nothing.
    """
    _ensure_can_act_for(actor, lead_entrant)
    key = uuid.UUID(str(idempotency_key)) if idempotency_key else uuid.uuid4()
    if existing := _existing_for_key(key=key, contest=contest, lead_entrant=lead_entrant):
        return existing
    ensure_contest_open(contest)
    if division is None:
        division = division_for_entrant(contest=contest, entrant=lead_entrant)
    # One entrant's requests queue here (double clicks, two tabs); other entrants pass by.
    User.objects.select_for_update(no_key=True).filter(pk=lead_entrant.pk).first()
    # Another request with the same key may have committed while this one waited for the lock.
    if existing := _existing_for_key(key=key, contest=contest, lead_entrant=lead_entrant):
        return existing
    if entries_counted_for(contest=contest, entrant=lead_entrant).count() >= contest.entries_per_entrant:
        raise DomainError(
            _("Mỗi thí sinh chỉ được nộp %(n)d bài cho cuộc thi này. Em có thể sửa bài đã có.")
            % {"n": contest.entries_per_entrant}
        )
    entry = Entry(
        contest=contest,
        division=division,
        lead_entrant=lead_entrant,
        submitted_by=actor if actor.pk != lead_entrant.pk else None,
        title=title.strip(),
        statement=statement.strip(),
        text=text,
        idempotency_key=key,
        content_changed_at=timezone.now(),
    )
    entry.full_clean(exclude=["idempotency_key", "code"])
    # The contest's sequence is locked last, so every entrant waits on it only for two short statements.
    EntrySequence.objects.bulk_create([EntrySequence(contest=contest)], ignore_conflicts=True)
    sequence = EntrySequence.objects.select_for_update().get(contest=contest)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    entry.code = f"{contest.campaign.code}-{contest.code}-{sequence.last_number:04d}"
    entry.save()
    # Consent already in force (given for an earlier entry, or by a guardian) counts for this one too.
    refresh_entry_consent(entry=entry)
    return entry


@transaction.atomic
def update_entry(*, entry: Entry, actor: User, title: str, statement: str, text: str = "") -> Entry:
    """Saves the entrant's words (autosave and the edit form). Only before the deadline; sends nothing."""
    _ensure_can_edit(actor, entry)
    locked = Entry.objects.select_related("contest").select_for_update(of=("self",)).get(pk=entry.pk)
    ensure_entry_editable(locked)
    changed = (locked.title, locked.statement, locked.text) != (title.strip(), statement.strip(), text)
    if changed:
        locked.title, locked.statement, locked.text = title.strip(), statement.strip(), text
        locked.content_changed_at = timezone.now()
        locked.full_clean(exclude=["idempotency_key", "code"])
        locked.save(update_fields=["title", "statement", "text", "content_changed_at", "updated_at"])
        if locked.state != EntryState.DRAFT:
            check_entry_text(entry=locked)
    entry.refresh_from_db()
    return entry


@transaction.atomic
def set_team_members(*, entry: Entry, actor: User, members: list[dict]) -> list[TeamMember]:
    """Sets the team besides the lead. Members kept from before keep their answer; each new address is
    invited (linked to the pupil's account if one exists) and gets its own e-mail on commit. An invited
    pupil joins only by accepting from their own account (`services.teams.transition_membership`)."""
    _ensure_can_edit(actor, entry)
    locked = (
        Entry.objects.select_related("contest", "lead_entrant")
        .select_for_update(of=("self",))
        .get(pk=entry.pk)
    )
    ensure_entry_editable(locked)
    contest = locked.contest
    cleaned = [
        {"name": (m.get("name") or "").strip(), "email": (m.get("email") or "").strip().lower()}
        for m in members
        if (m.get("name") or "").strip() or (m.get("email") or "").strip()
    ]
    if len(cleaned) + 1 > contest.team_size_max:
        raise DomainError(_("Nhóm dự thi có tối đa %(n)d người, kể cả em.") % {"n": contest.team_size_max})
    emails = [m["email"] for m in cleaned if m["email"]]
    if len(emails) != len(set(emails)):
        raise DomainError(_("Mỗi thành viên cần một địa chỉ e-mail khác nhau."))
    if locked.lead_entrant and locked.lead_entrant.email in emails:
        raise DomainError(_("Em là trưởng nhóm rồi, không cần thêm chính mình."))
    accounts = {u.email: u for u in User.objects.filter(email__in=emails, role=Role.ENTRANT)}
    previous = {m.email: m for m in locked.team_members.exclude(email="")}
    kept = []
    created = []
    for member in cleaned:
        if member["email"] and member["email"] in previous:
            existing = previous[member["email"]]
            if member["name"] and member["name"] != existing.name:
                existing.name = member["name"]
                existing.save(update_fields=["name"])
            kept.append(existing.pk)
            continue
        # Whether an address has an account is never told to the lead: both get the same invitation.
        user = accounts.get(member["email"])
        team_member = TeamMember(entry=locked, user=user, name=member["name"], email=member["email"])
        team_member.full_clean(exclude=["entry"])
        created.append(team_member)
    locked.team_members.exclude(pk__in=kept).delete()
    created = TeamMember.objects.bulk_create(created)
    locked.content_changed_at = timezone.now()
    locked.save(update_fields=["content_changed_at", "updated_at"])
    invited = [m.pk for m in created if m.email]
    if invited:
        entry_id = locked.pk
        transaction.on_commit(lambda: send_team_invitations(entry_id=entry_id, member_ids=invited))
    refresh_entry_consent(entry=locked)
    return list(locked.team_members.order_by("pk"))


def counted_files(entry: Entry) -> int:
    """How many files count towards the contest's rule; typed text counts as one in an essay contest."""
    count = entry.assets.exclude(state=AssetState.REJECTED).count()
    if MediaKind.TEXT in entry.contest.accepted_media_kinds and entry.text.strip():
        count += 1
    return count


def _ensure_complete(entry: Entry) -> None:
    contest = entry.contest
    if UploadSession.objects.filter(entry=entry, state=UploadState.ACTIVE).exists():
        raise DomainError(_("Còn tệp đang tải lên dở. Hãy chờ tải xong hoặc huỷ tệp đó rồi nộp bài."))
    count = counted_files(entry)
    if count < contest.min_files:
        raise DomainError(
            _("Bài dự thi cần ít nhất %(min)d tệp; hiện mới có %(count)d.")
            % {"min": contest.min_files, "count": count}
        )
    if count > contest.max_files:
        raise DomainError(
            _("Bài dự thi chỉ được có tối đa %(max)d tệp; hiện có %(count)d. Hãy xoá bớt.")
            % {"max": contest.max_files, "count": count}
        )
    rules = format_for(contest)
    if rules.counts_pages:
        pages = entry_page_count(entry)
        if rules.min_pages and pages < rules.min_pages:
            raise DomainError(
                _(
                    "Bài dự thi cần ít nhất %(min)d trang; hiện mới có %(pages)d. Hãy tải thêm trang rồi nộp bài."
                )
                % {"min": rules.min_pages, "pages": pages}
            )
        if rules.max_pages and pages > rules.max_pages:
            raise DomainError(
                _(
                    "Bài dự thi chỉ được có tối đa %(max)d trang; hiện có %(pages)d. Hãy bớt trang rồi nộp bài."
                )
                % {"max": rules.max_pages, "pages": pages}
            )
    if entry.text.strip():
        words = count_words(entry.text)
        if rules.min_words and words < rules.min_words:
            raise DomainError(
                _("Bài viết có %(words)d chữ, ít hơn mức tối thiểu là %(limit)d chữ.")
                % {"words": words, "limit": rules.min_words}
            )
        if rules.max_words and words > rules.max_words:
            raise DomainError(
                _("Bài viết có %(words)d chữ, nhiều hơn mức tối đa là %(limit)d chữ.")
                % {"words": words, "limit": rules.max_words}
            )


def entry_page_count(entry: Entry) -> int:
    return page_count(entry.assets.only("kind", "probe", "state"))


@transaction.atomic
def submit_entry(*, entry: Entry, actor: User) -> Entry:
    """Submits (or re-submits, as a new version) an entry while its contest is open.

    A second submit with nothing changed since the first is a no-op (two clicks, two tabs, a retried
    request). On a real submission: a new version, an audit row, and the receipt e-mail on commit.
    """
    _ensure_can_edit(actor, entry)
    locked = Entry.objects.select_related("contest").select_for_update(of=("self",)).get(pk=entry.pk)
    ensure_entry_editable(locked)
    if (
        locked.state == EntryState.SUBMITTED
        and locked.submitted_at
        and (locked.content_changed_at is None or locked.content_changed_at <= locked.submitted_at)
    ):
        entry.refresh_from_db()
        return entry
    _ensure_complete(locked)
    reason = _("Nộp lại (phiên bản mới)") if locked.state == EntryState.SUBMITTED else ""
    transition_entry(entry=locked, to_state=EntryState.SUBMITTED, actor=actor, reason=reason)
    Entry.objects.filter(pk=locked.pk).update(
        submitted_by=actor if actor.pk != locked.lead_entrant_id else None
    )
    check_entry_text(entry=locked)
    entry_id = locked.pk
    transaction.on_commit(lambda: send_receipt(entry_id=entry_id))
    entry.refresh_from_db()
    return entry


def receipt_context(entry: Entry) -> dict:
    assets = list(entry.assets.order_by("position", "pk"))
    return {
        "entry": entry,
        "assets": assets,
        "total_bytes": sum(a.size for a in assets),
        "words": count_words(entry.text) if entry.text.strip() else 0,
        "submitted_at": timezone.localtime(entry.submitted_at) if entry.submitted_at else None,
    }


def send_receipt(*, entry_id: int) -> None:
    """E-mails the receipt to the lead entrant (and to a coordinator who submitted for them)."""
    entry = Entry.objects.select_related("contest", "lead_entrant", "submitted_by").get(pk=entry_id)
    recipients = [u.email for u in (entry.lead_entrant, entry.submitted_by) if u and u.email]
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            **receipt_context(entry),
            "checklist": entry_checklist(entry=entry, viewer=entry.lead_entrant),
            "site_url": settings.SITE_URL,
            "receipt_path": reverse("submissions:receipt", args=[entry.pk]),
        }
        body = render_to_string("submissions/email/receipt.txt", context)
        subject = _("Biên nhận bài dự thi %(code)s") % {"code": entry.code}
    queue_mail(to=recipients, subject=subject, body=body)


# Apps above submissions that may refuse an entrant's own withdrawal (results: once the contest's results
# are published). Each guard takes the entry and returns the reason it refuses, or None.
_withdrawal_guards: list = []


def register_withdrawal_guard(guard) -> None:
    if guard not in _withdrawal_guards:
        _withdrawal_guards.append(guard)


def withdrawal_refused(*, entry: Entry) -> str | None:
    """Why the entrant may not withdraw `entry` now, beyond the transition table; None if they may."""
    for guard in _withdrawal_guards:
        refusal = guard(entry)
        if refusal:
            return refusal
    return None


@transaction.atomic
def withdraw_entry(*, entry: Entry, actor: User, reason: str = "") -> Entry:
    """Withdraws an entry (allowed until results are published: the transition table says where, and the
    apps above may refuse, see `register_withdrawal_guard`). Only the lead withdraws. Stops unfinished
    uploads. Sends nothing."""
    if not rules.can_withdraw_entry(actor, entry):
        raise NotAllowed(_("Chỉ trưởng nhóm mới rút được bài dự thi này."))
    refusal = withdrawal_refused(entry=entry)
    if refusal:
        raise InvalidTransition(refusal)
    transition_entry(entry=entry, to_state=EntryState.WITHDRAWN, actor=actor, reason=reason)
    from submissions.services.uploads import abort_open_uploads

    abort_open_uploads(entry=entry)
    return entry


@transaction.atomic
def touch_entry_content(*, entry: Entry) -> None:
    """Marks the work as changed (a file added, removed or moved), so the next submit is a new version."""
    Entry.objects.filter(pk=entry.pk).update(content_changed_at=timezone.now(), updated_at=timezone.now())


__all__ = [
    "ContestClosed",
    "counted_files",
    "create_entry",
    "ensure_contest_open",
    "ensure_entry_editable",
    "entry_page_count",
    "receipt_context",
    "register_withdrawal_guard",
    "send_receipt",
    "set_team_members",
    "submit_entry",
    "touch_entry_content",
    "update_entry",
    "withdraw_entry",
    "withdrawal_refused",
]
