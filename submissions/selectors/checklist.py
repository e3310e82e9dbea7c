"""The "Việc cần làm" checklist of an entry: what is done, what is waiting on someone else, and what the
entrant still has to do before the work can be judged. One selector for every page that shows it (the entry
page, the receipt, the receipt e-mail, "Bài dự thi của tôi"), so they never disagree.

An entry without the consent it needs is never "done": it is submitted, but it cannot be judged until
consent arrives, and the checklist says so and links the step.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from contest.enums import MediaKind
from contest.formats import format_for
from privacy.models import GuardianConsentRequest
from privacy.selectors import GiversByUser, active_givers, needs_guardian, school_confirmation_required
from submissions.enums import AssetState, EntryState
from submissions.media.text import count_words
from submissions.selectors.consent import entry_consent_gaps, entry_people
from submissions.selectors.entries import page_count

# States an organiser's screening has moved the entry past: it was found eligible.
SCREENED_ELIGIBLE = frozenset(
    {
        EntryState.ELIGIBLE,
        EntryState.IN_JUDGING,
        EntryState.ADVANCED,
        EntryState.NOT_ADVANCED,
        EntryState.AWARDED,
        EntryState.COMMENDED,
        EntryState.NOT_AWARDED,
    }
)


class StepState(StrEnum):
    DONE = "done"  # nothing to do
    TODO = "todo"  # the entrant has to act
    WAITING = "waiting"  # someone else has to act (the pipeline, a parent, the organisers)
    PROBLEM = "problem"  # it went wrong and cannot be put right on this entry


@dataclass(frozen=True)
class Step:
    key: str
    state: StepState
    label: str
    detail: str = ""
    url: str = ""
    action: str = ""

    @property
    def state_label(self) -> str:
        return {
            StepState.DONE: _("Xong"),
            StepState.TODO: _("Cần làm"),
            StepState.WAITING: _("Đang chờ"),
            StepState.PROBLEM: _("Không đạt"),
        }[self.state]


@dataclass(frozen=True)
class Checklist:
    entry_id: int
    steps: list[Step]
    headline: str
    nothing_left: bool
    can_be_judged: bool
    # Show the guardian invitation inline: the lead's own guardian has not consented yet.
    invite_guardian: bool = False
    guardian_request: GuardianConsentRequest | None = None
    todo: list[Step] = field(default_factory=list)


def _files_step(entry, rules) -> Step:
    assets = list(entry.assets.all())
    live = [a for a in assets if a.state != AssetState.REJECTED]
    rejected = [a for a in assets if a.state == AssetState.REJECTED]
    count = len(live)
    if MediaKind.TEXT in rules.media_kinds and entry.text.strip():
        count += 1
    edit = reverse("submissions:edit", args=[entry.pk]) + "#files-title"
    label = _("Tệp dự thi")
    if rejected:
        names = ", ".join(a.original_name for a in rejected)
        return Step(
            "files",
            StepState.TODO,
            label,
            _("Tệp bị từ chối: %(names)s. Xem lý do, xoá tệp đó và tải tệp khác.") % {"names": names},
            edit,
            _("Sửa tệp"),
        )
    if count < rules.min_files:
        missing = rules.min_files - count
        return Step(
            "files",
            StepState.TODO,
            label,
            ngettext("Còn thiếu %(n)d tệp.", "Còn thiếu %(n)d tệp.", missing) % {"n": missing},
            edit,
            _("Tải tệp lên"),
        )
    if problem := _rule_problem(entry, rules, live):
        return Step("files", StepState.TODO, label, problem, edit, _("Sửa bài"))
    if any(a.state == AssetState.FAILED for a in live):
        return Step(
            "files",
            StepState.WAITING,
            label,
            _("Máy chủ gặp lỗi khi xử lý tệp; Ban tổ chức đang khắc phục, em không cần làm gì."),
        )
    if any(a.state != AssetState.READY for a in live):
        return Step("files", StepState.WAITING, label, _("Tệp đang được kiểm tra và xử lý."))
    return Step("files", StepState.DONE, label, _("Tệp đã sẵn sàng."))


def _rule_problem(entry, rules, live) -> str:
    """The page and word limits the submit check applies, said before the pupil presses "Nộp bài"."""
    if rules.counts_pages:
        pages = page_count(live)
        if rules.min_pages and pages < rules.min_pages:
            return _("Bài cần ít nhất %(min)d trang; hiện mới có %(pages)d.") % {
                "min": rules.min_pages,
                "pages": pages,
            }
        if rules.max_pages and pages > rules.max_pages:
            return _("Bài chỉ được có tối đa %(max)d trang; hiện có %(pages)d.") % {
                "max": rules.max_pages,
                "pages": pages,
            }
    if entry.text.strip() and MediaKind.TEXT in rules.media_kinds:
        words = count_words(entry.text)
        if rules.min_words and words < rules.min_words:
            return _("Bài viết có %(words)d chữ, ít hơn mức tối thiểu là %(limit)d chữ.") % {
                "words": words,
                "limit": rules.min_words,
            }
        if rules.max_words and words > rules.max_words:
            return _("Bài viết có %(words)d chữ, nhiều hơn mức tối đa là %(limit)d chữ.") % {
                "words": words,
                "limit": rules.max_words,
            }
    return ""


def _consent_steps(entry, gaps, *, viewer, guardian_request) -> tuple[list[Step], bool]:
    own_gaps = [g for g in gaps if g.who == "entrant"]
    guardian_gaps = [g for g in gaps if g.who == "guardian"]
    consent_url = reverse("privacy:mine")
    viewer_id = getattr(viewer, "pk", None)
    steps = []
    people = entry_people(entry)
    viewer_takes_part = any(p.pk == viewer_id for p in people)
    own_label = _("Sự đồng ý của em") if viewer_takes_part else _("Sự đồng ý của thí sinh")
    if not own_gaps:
        steps.append(Step("own_consent", StepState.DONE, own_label, _("Đã đồng ý tham gia.")))
    elif any(g.person_id == viewer_id for g in own_gaps):
        steps.append(
            Step(
                "own_consent",
                StepState.TODO,
                own_label,
                _("Em chưa đồng ý tham gia cuộc thi và được chấm điểm."),
                consent_url + "#own-consent",
                _("Đồng ý tham gia"),
            )
        )
    else:
        steps.append(Step("own_consent", StepState.WAITING, own_label, " ".join(g.message for g in own_gaps)))
    day = timezone.localdate(entry.contest.closes_at)
    if not any(needs_guardian(person=p, day=day) for p in people):
        return steps, False
    label = _("Sự đồng ý của phụ huynh")
    invite = False
    # Any other gap about a guardian's consent (e.g. a school that must still confirm it) is someone else's.
    others = [g for g in gaps if g.who not in {"entrant", "guardian"}]
    if not guardian_gaps and others:
        steps.append(Step("guardian_consent", StepState.WAITING, label, " ".join(g.message for g in others)))
    elif not guardian_gaps:
        steps.append(Step("guardian_consent", StepState.DONE, label, _("Phụ huynh đã đồng ý.")))
    elif any(g.person_id == viewer_id for g in guardian_gaps):
        invite = True
        if guardian_request is not None:
            detail = _("Đã gửi thư tới %(email)s ngày %(date)s; đang chờ phụ huynh mở thư và đồng ý.") % {
                "email": guardian_request.guardian_email,
                "date": timezone.localtime(guardian_request.created_at).strftime("%d/%m/%Y"),
            }
            steps.append(Step("guardian_consent", StepState.WAITING, label, detail))
        else:
            steps.append(
                Step(
                    "guardian_consent",
                    StepState.TODO,
                    label,
                    _(
                        "Em chưa đủ 16 tuổi: cần cha mẹ hoặc người giám hộ đồng ý. Ghi e-mail của bố mẹ để gửi thư."
                    ),
                    reverse("submissions:edit", args=[entry.pk]) + f"#checklist-{entry.pk}",
                    _("Gửi thư cho phụ huynh"),
                )
            )
    else:
        steps.append(
            Step("guardian_consent", StepState.WAITING, label, " ".join(g.message for g in guardian_gaps))
        )
    return steps, invite


def _submitted_step(entry, *, is_open: bool) -> Step:
    label = _("Nộp bài")
    submit_url = reverse("submissions:edit", args=[entry.pk]) + "#submit-title"
    deadline = timezone.localtime(entry.contest.closes_at).strftime("%H:%M %d/%m/%Y")
    changed = bool(
        entry.submitted_at and entry.content_changed_at and entry.content_changed_at > entry.submitted_at
    )
    if entry.state == EntryState.DRAFT:
        if not is_open:
            return Step(
                "submitted", StepState.PROBLEM, label, _("Đã hết hạn nộp bài; bản nháp này không được chấm.")
            )
        return Step(
            "submitted",
            StepState.TODO,
            label,
            _("Hoàn thành và bấm “Nộp bài” trước %(deadline)s.") % {"deadline": deadline},
            submit_url,
            _("Nộp bài"),
        )
    if entry.state == EntryState.RETURNED:
        if not is_open:
            return Step(
                "submitted", StepState.PROBLEM, label, _("Đã hết hạn nộp bài; bài chưa được nộp lại.")
            )
        return Step(
            "submitted",
            StepState.TODO,
            label,
            _("Sửa theo yêu cầu của Ban tổ chức rồi bấm “Nộp lại” trước %(deadline)s.")
            % {"deadline": deadline},
            submit_url,
            _("Nộp lại"),
        )
    submitted_at = timezone.localtime(entry.submitted_at).strftime("%H:%M %d/%m/%Y")
    if changed and entry.state == EntryState.SUBMITTED and is_open:
        return Step(
            "submitted",
            StepState.TODO,
            label,
            _("Em đã sửa bài sau lần nộp lúc %(at)s. Bấm “Nộp lại” để nộp bản mới và nhận biên nhận mới.")
            % {"at": submitted_at},
            submit_url,
            _("Nộp lại"),
        )
    return Step(
        "submitted",
        StepState.DONE,
        label,
        _("Đã nộp lúc %(at)s (lần %(version)d).") % {"at": submitted_at, "version": entry.version},
    )


def _screening_step(entry) -> Step | None:
    label = _("Kết quả sàng lọc")
    if entry.state == EntryState.SUBMITTED:
        return Step(
            "screening", StepState.WAITING, label, _("Ban tổ chức sẽ kiểm tra bài có đúng thể lệ không.")
        )
    if entry.state == EntryState.RETURNED:
        return Step(
            "screening",
            StepState.TODO,
            label,
            _("Ban tổ chức cần em bổ sung: %(reason)s") % {"reason": entry.return_reason},
            reverse("submissions:edit", args=[entry.pk]),
            _("Sửa bài"),
        )
    if entry.state == EntryState.DISQUALIFIED:
        return Step("screening", StepState.PROBLEM, label, _("Bài không hợp lệ với thể lệ cuộc thi."))
    if entry.state in SCREENED_ELIGIBLE:
        return Step("screening", StepState.DONE, label, _("Bài hợp lệ."))
    return None


def _headline(entry, steps, *, gaps, is_open) -> tuple[str, bool]:
    todo = [s for s in steps if s.state == StepState.TODO]
    if entry.state == EntryState.DISQUALIFIED:
        return _("Bài không hợp lệ, không được chấm."), True
    if entry.state == EntryState.DRAFT and not is_open:
        return _("Đã hết hạn nộp bài; bản nháp này không được chấm."), True
    if gaps and entry.state != EntryState.DRAFT:
        return _("Bài đã nộp nhưng chưa thể được chấm cho đến khi có đủ sự đồng ý."), False
    if todo:
        return (
            ngettext("Còn %(n)d việc cần làm.", "Còn %(n)d việc cần làm.", len(todo)) % {"n": len(todo)},
            False,
        )
    if any(s.state == StepState.WAITING for s in steps):
        return _("Em không cần làm gì thêm lúc này; đang chờ bước tiếp theo."), False
    return _("Không còn việc gì cần làm. Ban tổ chức sẽ báo kết quả."), True


def _build(
    entry, *, viewer, givers: GiversByUser, guardian_requests: dict, now, confirmation_required: bool
) -> Checklist:
    if entry.state == EntryState.WITHDRAWN:
        return Checklist(
            entry_id=entry.pk,
            steps=[],
            headline=_("Bài đã rút, không có việc gì cần làm."),
            nothing_left=True,
            can_be_judged=False,
        )
    contest = entry.contest
    is_open = contest.opens_at <= now < contest.closes_at
    rules = format_for(contest)
    gaps = entry_consent_gaps(entry=entry, givers=givers, confirmation_required=confirmation_required)
    guardian_request = guardian_requests.get(getattr(viewer, "pk", None))
    steps = [_files_step(entry, rules)]
    consent_steps, invite = _consent_steps(entry, gaps, viewer=viewer, guardian_request=guardian_request)
    steps += consent_steps
    steps.append(_submitted_step(entry, is_open=is_open))
    if screening := _screening_step(entry):
        steps.append(screening)
    if not is_open:
        # After the deadline the work can no longer change: what was left undone stays undone.
        steps = [
            Step(s.key, StepState.PROBLEM, s.label, s.detail)
            if s.state == StepState.TODO and s.key in {"files", "submitted"}
            else s
            for s in steps
        ]
    headline, nothing_left = _headline(entry, steps, gaps=gaps, is_open=is_open)
    return Checklist(
        entry_id=entry.pk,
        steps=steps,
        headline=headline,
        nothing_left=nothing_left,
        can_be_judged=not gaps and entry.state not in {EntryState.DRAFT, EntryState.DISQUALIFIED},
        invite_guardian=invite and (is_open or entry.state != EntryState.DRAFT),
        guardian_request=guardian_request,
        todo=[s for s in steps if s.state == StepState.TODO],
    )


def entry_checklists(*, entries, viewer) -> dict[int, Checklist]:
    """Checklists for entries loaded by `entries_for_my_page` (files, team and contest prefetched), in two
    queries whatever the number of entries: the consents of everyone involved and the live guardian links
    (and the privacy setting, read once)."""
    entries = list(entries)
    people_ids = {p.pk for entry in entries for p in entry_people(entry)}
    givers = active_givers(user_ids=people_ids)
    viewer_id = getattr(viewer, "pk", None)
    requests = {
        r.entrant_id: r
        for r in GuardianConsentRequest.objects.filter(entrant_id=viewer_id, revoked_at__isnull=True)
    }
    now = timezone.now()
    confirmation_required = school_confirmation_required()
    return {
        entry.pk: _build(
            entry,
            viewer=viewer,
            givers=givers,
            guardian_requests=requests,
            now=now,
            confirmation_required=confirmation_required,
        )
        for entry in entries
    }


def entry_checklist(*, entry, viewer) -> Checklist:
    return entry_checklists(entries=[entry], viewer=viewer)[entry.pk]
