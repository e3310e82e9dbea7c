"""Prizes from rankings: the organiser decides boundary ties and allocates as the prize table says, adjusts
with a reason, the head judge co-signs (which freezes the result and moves the entries), an organiser may
reopen before publication, and a prize left by a withdrawn entry moves only by the organiser's decision."""

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from contest.enums import PrizeTier
from contest.errors import DomainError, InvalidTransition, NotAllowed
from contest.mail import queue_mail
from contest.models import Contest, Division, User
from judging.models import RoundEntry
from results import rules
from results.enums import RESULT_TRANSITIONS, TIER_ENTRY_STATE, ResultAction, ResultState
from results.models import Award, ContestResult, ResultEvent, TieDecision
from results.selectors.prizes import (
    OUT_OF_CONTEST,
    TIER_RANK,
    final_rounds,
    head_judges_of,
    propose_allocation,
)
from results.services.audit import record_event
from results.signals import result_published
from submissions.enums import EntryState
from submissions.models import Entry
from submissions.services.lifecycle import transition_entry


def _locked_result(*, contest: Contest) -> ContestResult:
    """The contest's result, created in draft if it does not exist yet, locked for this transaction."""
    ContestResult.objects.get_or_create(contest=contest)
    return ContestResult.objects.select_for_update().select_related("contest").get(contest=contest)


def _require_draft(result: ContestResult) -> None:
    if result.state != ResultState.DRAFT:
        raise InvalidTransition(
            _("Kết quả đã được đồng ký: không thể thay đổi. Muốn sửa, Ban tổ chức cần mở lại kết quả.")
        )


def _require_reason(reason: str) -> None:
    if not reason.strip():
        raise DomainError(_("Hãy ghi lý do."))


@transaction.atomic
def transition_result(*, result: ContestResult, to_state: str, actor, reason: str = "", data=None):
    """The one move of a result along RESULT_TRANSITIONS: locks the row, checks the table, stamps the time
    (co-signed, published), writes a ResultEvent. Who may move it is the caller's check (co-sign, reopen,
    publication each have theirs)."""
    locked = ContestResult.objects.select_for_update().get(pk=result.pk)
    from_state = locked.state
    if to_state not in RESULT_TRANSITIONS[from_state]:
        raise InvalidTransition(
            _("Không thể chuyển kết quả từ “%(src)s” sang “%(dst)s”.")
            % {"src": ResultState(from_state).label, "dst": ResultState(to_state).label}
        )
    now = timezone.now()
    locked.state = to_state
    if to_state == ResultState.COSIGNED:
        locked.cosigned_by, locked.cosigned_at = actor, now
    elif to_state == ResultState.DRAFT:
        locked.cosigned_by, locked.cosigned_at = None, None
    elif to_state == ResultState.PUBLISHED:
        locked.published_at = now
    locked.save()
    if to_state == ResultState.PUBLISHED:
        result_published.send(sender=ContestResult, result=locked, actor=actor)
    record_event(
        locked,
        actor=actor,
        action=ResultAction.TRANSITION,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        data=data,
    )
    result.refresh_from_db()
    return result


@transaction.atomic
def decide_tie(
    *, contest: Contest, division: Division, rank: int, order: list[str], share: bool, actor, reason: str
) -> TieDecision:
    """Records the organiser's decision on entries sharing `rank` across a prize boundary: `order` lists
    their codes best first (the prize table holds), or with `share` they all take the better prize.
    Changes no award until the allocation is saved."""
    if not rules.can_decide_tie(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức được quyết định đồng hạng."))
    _require_reason(reason)
    result = _locked_result(contest=contest)
    _require_draft(result)
    proposal = next((p for p in propose_allocation(contest=contest) if p.division.pk == division.pk), None)
    tie = next((t for t in (proposal.ties if proposal else []) if t.rank == rank), None)
    if tie is None:
        raise DomainError(_("Không có bài đồng hạng ở ranh giới giải tại hạng này."))
    codes = [code.strip() for code in order if code.strip()]
    if share:
        codes = codes or list(tie.codes)
    if sorted(codes) != sorted(tie.codes):
        raise DomainError(
            _("Hãy xếp đủ và đúng các bài đồng hạng: %(codes)s.") % {"codes": ", ".join(tie.codes)}
        )
    decision, _created = TieDecision.objects.update_or_create(
        result=result,
        division=division,
        rank=rank,
        defaults={"order": codes, "share": share, "reason": reason.strip(), "decided_by": actor},
    )
    record_event(
        result,
        actor=actor,
        action=ResultAction.TIE_DECIDED,
        reason=reason,
        data={"division": division.name, "rank": rank, "order": codes, "share": share, "tiers": tie.tiers},
    )
    return decision


def _positions(result: ContestResult, division_id: int) -> None:
    """Numbers the division's awards by prize, then rank, then code."""
    awards = list(Award.objects.filter(result=result, division_id=division_id).select_related("entry"))
    awards.sort(key=lambda a: (TIER_RANK[a.tier], a.rank or 10**9, a.entry.code))
    for position, award in enumerate(awards, start=1):
        award.position = position
    Award.objects.bulk_update(awards, ["position"])


@transaction.atomic
def allocate_prizes(*, contest: Contest, actor) -> ContestResult:
    """Saves the proposed allocation as the result's awards (replacing any earlier draft allocation and its
    adjustments). Refused while a boundary tie is undecided or no division has a finalised round. Records
    what each division received and which prizes go ungiven."""
    if not rules.can_allocate(actor):
        raise NotAllowed(_("Chỉ Ban tổ chức được phân bổ giải."))
    result = _locked_result(contest=contest)
    _require_draft(result)
    proposals = propose_allocation(contest=contest, result=result)
    if not any(p.round for p in proposals):
        raise DomainError(_("Chưa có vòng chấm nào của cuộc thi được chốt xếp hạng."))
    undecided = [t for p in proposals for t in p.undecided_ties]
    if undecided:
        raise DomainError(
            _("Còn %(n)s nhóm bài đồng hạng ở ranh giới giải chưa được quyết định.") % {"n": len(undecided)}
        )
    Award.objects.filter(result=result).delete()
    summary = {}
    for proposal in proposals:
        awards = [
            Award(
                result=result,
                entry_id=row.entry_id,
                division=proposal.division,
                tier=row.tier,
                round=proposal.round,
                rank=row.rank,
                final_score=row.score,
            )
            for row in proposal.rows
            if row.tier
        ]
        Award.objects.bulk_create(awards)
        _positions(result, proposal.division.pk)
        summary[proposal.division.name] = {
            "round": proposal.round.pk if proposal.round else None,
            "awards": [[row.code, row.tier] for row in proposal.rows if row.tier],
            "shortfall": [[str(label), planned, given] for label, planned, given in proposal.shortfall],
        }
    result.allocated_by, result.allocated_at = actor, timezone.now()
    result.save(update_fields=["allocated_by", "allocated_at", "updated_at"])
    record_event(result, actor=actor, action=ResultAction.ALLOCATED, data=summary)
    _invite_cosign(result)
    return result


def _invite_cosign(result: ContestResult) -> None:
    """Asks the deciding head judges, by mail after commit, to review and co-sign."""
    emails = User.objects.filter(pk__in=head_judges_of(contest=result.contest), is_active=True).values_list(
        "email", flat=True
    )
    url = settings.SITE_URL.rstrip("/") + reverse("results:detail", args=[result.contest_id])
    queue_mail(
        to=list(emails),
        subject=_("Mời thầy cô đồng ký kết quả: %(contest)s") % {"contest": result.contest.title},
        body=_(
            "Kính gửi thầy cô,\n\nBan tổ chức đã phân bổ giải của cuộc thi “%(contest)s” theo bảng xếp hạng "
            "của hội đồng. Mời thầy cô xem lại và đồng ký tại:\n%(url)s\n\nTrân trọng,\nBan tổ chức"
        )
        % {"contest": result.contest.title, "url": url},
    )


def _ranked_entry(*, result: ContestResult, entry: Entry) -> RoundEntry:
    round_ = final_rounds(contest=result.contest).get(entry.division_id)
    row = RoundEntry.objects.filter(round=round_, entry=entry, rank__isnull=False).first() if round_ else None
    if row is None or entry.contest_id != result.contest_id:
        raise DomainError(_("Bài này không có trong bảng xếp hạng cuối của cuộc thi."))
    return row


@transaction.atomic
def adjust_award(
    *, result: ContestResult, entry: Entry, tier: str | None, actor, reason: str
) -> Award | None:
    """Gives `entry` the prize `tier`, or takes its prize away (`tier` None), in a draft result, with a
    reason that is kept with the before and after."""
    if not rules.can_adjust(actor, result):
        raise NotAllowed(_("Chỉ Ban tổ chức được điều chỉnh giải."))
    _require_reason(reason)
    result = ContestResult.objects.select_for_update().get(pk=result.pk)
    _require_draft(result)
    if result.allocated_at is None:
        raise InvalidTransition(_("Hãy lưu phân bổ giải trước khi điều chỉnh."))
    if tier is not None and tier not in PrizeTier.values:
        raise DomainError(_("Giải không hợp lệ."))
    if entry.state in OUT_OF_CONTEST:
        raise DomainError(_("Bài này đã rút hoặc không hợp lệ nên không thể nhận giải."))
    row = _ranked_entry(result=result, entry=entry)
    award = Award.objects.filter(result=result, entry=entry).first()
    before = award.tier if award else None
    if before == tier:
        raise DomainError(_("Bài đã có đúng giải này."))
    if tier is None:
        award.delete()
        award = None
    elif award is None:
        award = Award.objects.create(
            result=result,
            entry=entry,
            division_id=entry.division_id,
            tier=tier,
            round_id=row.round_id,
            rank=row.rank,
            final_score=row.final_score,
        )
    else:
        award.tier = tier
        award.save(update_fields=["tier"])
    _positions(result, entry.division_id)
    if award is not None:
        award.refresh_from_db()
    record_event(
        result,
        actor=actor,
        action=ResultAction.ADJUSTED,
        reason=reason,
        data={"entry": entry.code, "from": before, "to": tier},
    )
    return award


def _ranked_entries(result: ContestResult) -> list[Entry]:
    rounds = final_rounds(contest=result.contest)
    ids = []
    for division_id, round_ in rounds.items():
        ids += RoundEntry.objects.filter(
            round=round_, entry__division_id=division_id, rank__isnull=False
        ).values_list("entry_id", flat=True)
    return list(Entry.objects.filter(pk__in=ids).exclude(state__in=OUT_OF_CONTEST).order_by("code"))


@transaction.atomic
def cosign_result(*, result: ContestResult, actor) -> ContestResult:
    """The deciding head judge's co-sign: freezes the allocation and moves every ranked entry through
    `transition_entry` to awarded (Nhất, Nhì, Ba), commended (Khuyến khích) or not awarded. The states the
    entries had are kept in the event, so a reopen can put them back."""
    result = ContestResult.objects.select_for_update().select_related("contest").get(pk=result.pk)
    if not rules.can_cosign(actor, result):
        raise NotAllowed(
            _("Chỉ trưởng ban giám khảo của hội đồng chấm, không phải người phân bổ giải, được đồng ký.")
        )
    if result.state != ResultState.DRAFT:
        raise InvalidTransition(_("Kết quả đã được đồng ký."))
    if result.allocated_at is None:
        raise InvalidTransition(_("Ban tổ chức chưa phân bổ giải."))
    proposals = propose_allocation(contest=result.contest, result=result)
    if any(p.undecided_ties for p in proposals):
        raise DomainError(_("Còn bài đồng hạng ở ranh giới giải chưa được quyết định."))
    tiers = dict(Award.objects.filter(result=result).values_list("entry_id", "tier"))
    before = {}
    for entry in _ranked_entries(result):
        to_state = TIER_ENTRY_STATE[tiers[entry.pk]] if entry.pk in tiers else EntryState.NOT_AWARDED
        before[entry.code] = entry.state
        transition_entry(entry=entry, to_state=to_state, actor=actor, reason=str(result.contest))
    return transition_result(
        result=result, to_state=ResultState.COSIGNED, actor=actor, data={"entries_before": before}
    )


@transaction.atomic
def reopen_result(*, result: ContestResult, actor, reason: str) -> ContestResult:
    """Takes a co-signed (not yet published) result back to draft, with a reason, and puts its entries back
    in the states the co-sign found them; the allocation stays and needs a new co-sign."""
    if not rules.can_reopen(actor, result):
        raise NotAllowed(_("Chỉ Ban tổ chức được mở lại kết quả."))
    _require_reason(reason)
    result = ContestResult.objects.select_for_update().get(pk=result.pk)
    if result.state != ResultState.COSIGNED:
        raise InvalidTransition(_("Chỉ mở lại được kết quả đã đồng ký và chưa công bố."))
    cosign = (
        ResultEvent.objects.filter(
            result=result, action=ResultAction.TRANSITION, to_state=ResultState.COSIGNED
        )
        .order_by("-created_at", "-pk")
        .first()
    )
    before = (cosign.data or {}).get("entries_before", {}) if cosign else {}
    for entry in Entry.objects.filter(code__in=before).exclude(state__in=OUT_OF_CONTEST):
        if entry.state != before[entry.code]:
            transition_entry(entry=entry, to_state=before[entry.code], actor=actor, reason=reason)
    return transition_result(result=result, to_state=ResultState.DRAFT, actor=actor, reason=reason)


@transaction.atomic
def reallocate_award(*, award: Award, to_entry: Entry | None, actor, reason: str) -> Award | None:
    """The organiser's explicit decision on a prize whose entry left the contest after co-sign: the prize
    goes to `to_entry` (a ranked entry of the same division holding no prize, which becomes awarded or
    commended) or stays vacant (`to_entry` None). The old award stays on record with a note."""
    result = ContestResult.objects.select_for_update().select_related("contest").get(pk=award.result_id)
    if not rules.can_reallocate(actor, result):
        raise NotAllowed(_("Chỉ Ban tổ chức được quyết định giải của bài đã rút."))
    _require_reason(reason)
    award = Award.objects.select_for_update().select_related("entry").get(pk=award.pk)
    if result.state == ResultState.DRAFT:
        raise InvalidTransition(_("Kết quả chưa đồng ký: hãy điều chỉnh giải trong bản phân bổ."))
    if award.entry.state not in OUT_OF_CONTEST:
        raise InvalidTransition(_("Bài đạt giải này vẫn còn trong cuộc thi: giải không thể chuyển."))
    if award.note:
        raise InvalidTransition(_("Giải này đã được quyết định."))
    new_award = None
    if to_entry is not None:
        to_entry = Entry.objects.select_for_update().get(pk=to_entry.pk)
        row = RoundEntry.objects.filter(round_id=award.round_id, entry=to_entry, rank__isnull=False).first()
        if (
            row is None
            or to_entry.division_id != award.division_id
            or to_entry.state != EntryState.NOT_AWARDED
            or Award.objects.filter(entry=to_entry).exists()
        ):
            raise DomainError(
                _("Chỉ chuyển giải cho một bài cùng bảng, có trong bảng xếp hạng và chưa có giải.")
            )
        transition_entry(entry=to_entry, to_state=TIER_ENTRY_STATE[award.tier], actor=actor, reason=reason)
        new_award = Award.objects.create(
            result=result,
            entry=to_entry,
            division_id=award.division_id,
            tier=award.tier,
            round_id=award.round_id,
            rank=row.rank,
            final_score=row.final_score,
            note=_("Nhận giải của bài %(code)s đã rút.") % {"code": award.entry.code},
        )
    award.note = (
        _("Đã rút; giải chuyển cho bài %(code)s.") % {"code": to_entry.code}
        if to_entry
        else _("Đã rút; giải để trống.")
    )
    award.save(update_fields=["note"])
    _positions(result, award.division_id)
    record_event(
        result,
        actor=actor,
        action=ResultAction.REALLOCATED,
        reason=reason,
        data={"from": award.entry.code, "to": to_entry.code if to_entry else None, "tier": award.tier},
    )
    return new_award


@transaction.atomic
def set_show_scores(*, result: ContestResult, show_scores: bool, actor) -> ContestResult:
    """Whether entrants see their mean score per criterion beside the comments (audited)."""
    if not rules.can_release_feedback(actor, result):
        raise NotAllowed(_("Chỉ Ban tổ chức được đổi cài đặt này."))
    result = ContestResult.objects.select_for_update().get(pk=result.pk)
    if result.show_scores != show_scores:
        result.show_scores = show_scores
        result.save(update_fields=["show_scores", "updated_at"])
        record_event(result, actor=actor, action=ResultAction.SETTINGS, data={"show_scores": show_scores})
    return result


def refuse_withdrawal_after_publication(entry: Entry) -> str | None:
    """Entrants withdraw until their contest's results are published, not after (DESIGN.md §3). A request
    to erase their data, or a withdrawn consent, still takes the work down."""
    if ContestResult.objects.filter(contest_id=entry.contest_id, state=ResultState.PUBLISHED).exists():
        return _(
            "Kết quả cuộc thi đã công bố nên không thể rút bài nữa. Nếu em không muốn tác phẩm hiện công khai, "
            "hãy rút sự đồng ý hiển thị công khai hoặc liên hệ Ban tổ chức."
        )
    return None
