"""The judges' portal and the head judge's view. Thin: check a predicate, validate a form, call a service."""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from contest import rules as contest_rules
from contest.errors import DomainError
from contest.models import Division
from contest.spreadsheets import spreadsheet_response
from judging import exports, media, rules, selectors
from judging.enums import RoundState, SheetState
from judging.forms import (
    AddJudgeForm,
    AdvanceForm,
    AmendSheetForm,
    ConflictForm,
    DeclarationForm,
    ReasonForm,
    ReassignForm,
    ScoreSheetForm,
    TieBreakForm,
)
from judging.models import Round, ScoreSheet
from judging.services import aggregation
from judging.services import assignment as assignment_services
from judging.services import rounds as round_services
from judging.services import sheets as sheet_services
from judging.services.declarations import declare_affiliations
from submissions.enums import AssetState
from submissions.models import Entry, MediaAsset
from submissions.selectors.identity import judge_renditions, judge_version
from submissions.services import identity as identity_services
from submissions.streaming import ranged_response

TEXT_LIMIT = 200_000


def _own_assignment(request, assignment_id: int):
    """The judge's own viewable assignment, or 404: another judge's id looks exactly like a missing one."""
    assignment = selectors.assignment_for_scoring(pk=assignment_id)
    if assignment is None or not rules.can_view_assignment(request.user, assignment):
        raise Http404
    return assignment


def _round_for_overseer(request, round_id: int) -> Round:
    round_ = get_object_or_404(
        Round.objects.select_related("panel__contest", "panel__division", "contest", "division", "rubric"),
        pk=round_id,
    )
    if not rules.can_oversee_round(request.user, round_):
        raise Http404
    return round_


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """An invited judge sets a first password from the e-mailed link, then signs in."""

    template_name = "judging/set_password.html"
    success_url = reverse_lazy("accounts:login")

    def form_valid(self, form):
        messages.success(self.request, _("Đã lưu mật khẩu. Mời thầy cô đăng nhập bằng e-mail."))
        return super().form_valid(form)


@login_required
def declare(request):
    """The judge declares schools, relatives and pupils before seeing any entry; matched privately."""
    if not contest_rules.is_judge(request.user):
        raise Http404
    current = getattr(request.user, "judge_declaration", None)
    initial = (
        {"schools": current.schools.all(), "other_schools": current.other_schools, "people": current.people}
        if current
        else {}
    )
    form = DeclarationForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            declare_affiliations(
                judge=request.user,
                schools=list(data["schools"]),
                other_schools=data["other_schools"],
                people=data["people"],
            )
            messages.success(request, _("Đã ghi nhận khai báo. Cảm ơn thầy cô."))
            return redirect("judging:home")
        return render(request, "judging/declare.html", {"form": form, "current": current}, status=400)
    return render(request, "judging/declare.html", {"form": form, "current": current})


@login_required
@require_GET
def home(request):
    if not (contest_rules.is_judge(request.user) or contest_rules.is_organiser(request.user)):
        raise Http404
    if rules.must_declare_affiliations(request.user):
        return redirect("judging:declare")
    context = {
        "rounds": selectors.judge_rounds(judge=request.user) if contest_rules.is_judge(request.user) else [],
        "overseen": selectors.rounds_overseen(user=request.user)
        if contest_rules.is_organiser(request.user) or contest_rules.is_head_judge(request.user)
        else [],
    }
    return render(request, "judging/home.html", context)


@login_required
@require_GET
def queue(request, round_id: int):
    if not contest_rules.is_judge(request.user):
        raise Http404
    if rules.must_declare_affiliations(request.user):
        return redirect("judging:declare")
    round_ = get_object_or_404(Round.objects.select_related("panel__contest", "contest"), pk=round_id)
    items = list(selectors.judge_queue(round_=round_, judge=request.user))
    if not items or round_.state == RoundState.SETUP:
        raise Http404
    done = sum(1 for a in items if getattr(a, "sheet", None) and a.sheet.state == SheetState.SUBMITTED)
    return render(
        request,
        "judging/queue.html",
        {
            "round": round_,
            "items": items,
            "done": done,
            "total": len(items),
            "percent": round(100 * done / len(items)),
        },
    )


def _entry_text(version, views, assets) -> list[str]:
    """The screened texts (typed and from files); never the entrant's unscreened words."""
    texts = []
    if version.text:
        texts.append(version.text)
    storage = storages["private"]
    for view, asset in zip(views, assets, strict=True):
        if asset.pk in version.file_texts:
            texts.append(version.file_texts[asset.pk])
            continue
        if view.text_index is None:
            continue
        key = asset.renditions[view.text_index]["key"]
        with storage.open(key, "rb") as handle:
            texts.append(handle.read(TEXT_LIMIT).decode("utf-8", errors="replace"))
    return texts


def _score_context(request, assignment, form, conflict: dict | None = None):
    criteria = form.criteria
    assets = list(
        MediaAsset.objects.filter(entry_id=assignment.entry_id, state=AssetState.READY).order_by("position")
    )
    views = media.asset_views(assignment=assignment, assets=assets)
    version = judge_version(entry=assignment.entry)
    sheet = getattr(assignment, "sheet", None)
    show_others = rules.can_see_other_scores(request.user, assignment)
    return {
        "assignment": assignment,
        "entry": assignment.entry,
        "judge_entry": version,
        "round": assignment.round,
        "criteria": [(c, form[f"c_{c.pk}"], c.level_descriptors()) for c in criteria],
        "form": form,
        "sheet": sheet,
        "version": conflict["version"] if conflict else (sheet.version if sheet else 0),
        "conflict": _conflict_rows(form, conflict) if conflict else None,
        "assets": views,
        "texts": _entry_text(version, views, assets),
        "can_score": rules.can_score(request.user, assignment),
        "others": selectors.other_submitted_totals(assignment=assignment) if show_others else None,
        "conflict_form": ConflictForm(),
        "queue_items": list(
            selectors.judge_queue(round_=assignment.round, judge=request.user).values_list("pk", flat=True)
        ),
    }


def _conflict_rows(form, current: dict) -> dict:
    """The judge's refused version beside the saved one, criterion by criterion, for the 409 page."""
    data = form.cleaned_data if form.is_bound and hasattr(form, "cleaned_data") else {}
    rows = [
        (c.name, data.get(f"c_{c.pk}") or "—", current["scores"].get(str(c.pk), "—")) for c in form.criteria
    ]
    rows.append(
        (
            _("Nhận xét gửi ban tổ chức"),
            data.get("comment_organisers") or "—",
            current["comment_organisers"] or "—",
        )
    )
    rows.append(
        (_("Nhận xét gửi thí sinh"), data.get("comment_entrant") or "—", current["comment_entrant"] or "—")
    )
    state = SheetState(current["state"]).label if current["state"] else _("Chưa lưu")
    return {"rows": rows, "state": current["state"], "state_label": state, "total": current["total"]}


@never_cache
@login_required
def score(request, assignment_id: int):
    if rules.must_declare_affiliations(request.user):
        return redirect("judging:declare")
    assignment = _own_assignment(request, assignment_id)
    criteria = selectors.rubric_criteria(rubric_id=assignment.round.rubric_id)
    sheet = getattr(assignment, "sheet", None)
    if request.method == "POST":
        form = ScoreSheetForm(request.POST, criteria=criteria)
        status = 400
        conflict = None
        if form.is_valid():
            try:
                sheet_services.save_sheet(
                    assignment=assignment,
                    actor=request.user,
                    scores=form.scores(),
                    base_version=form.cleaned_data["version"],
                    comment_organisers=form.cleaned_data["comment_organisers"],
                    comment_entrant=form.cleaned_data["comment_entrant"],
                    submit=form.submit,
                    resubmit=form.resubmit,
                )
            except sheet_services.InvalidScores as error:
                for pk, message in error.errors.items():
                    form.add_error(f"c_{pk}" if pk else None, message)
            except sheet_services.StaleSheet as error:
                messages.error(request, error.message)
                conflict, status = error.current, error.status_code
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("judging:score", assignment.pk)
            else:
                if form.submit or form.resubmit:
                    messages.success(
                        request, _("Đã nộp phiếu chấm bài %(code)s.") % {"code": assignment.entry.code}
                    )
                else:
                    messages.success(request, _("Đã lưu nháp phiếu chấm."))
                if form.cleaned_data.get("action") == "submit_next":
                    nxt = selectors.next_assignment(assignment=assignment)
                    return (
                        redirect("judging:score", nxt.pk)
                        if nxt
                        else redirect("judging:queue", assignment.round_id)
                    )
                return redirect("judging:score", assignment.pk)
        context = _score_context(request, assignment, form, conflict=conflict)
        return render(request, "judging/score.html", context, status=status)
    initial = {f"c_{pk}": value for pk, value in selectors.sheet_scores(sheet=sheet).items()}
    if sheet:
        initial |= {"comment_organisers": sheet.comment_organisers, "comment_entrant": sheet.comment_entrant}
    form = ScoreSheetForm(initial=initial, criteria=criteria)
    return render(request, "judging/score.html", _score_context(request, assignment, form))


@never_cache
@login_required
@require_POST
def autosave(request, assignment_id: int):
    """The sheet as the judge types, saved as a draft and answered in JSON; a save based on an old version,
    or on a submitted sheet, is refused with 409 and the saved sheet so the page can show both."""
    assignment = _own_assignment(request, assignment_id)
    criteria = selectors.rubric_criteria(rubric_id=assignment.round.rubric_id)
    form = ScoreSheetForm(request.POST, criteria=criteria)
    if not form.is_valid():
        return JsonResponse(
            {"ok": False, "errors": {k: [str(e) for e in v] for k, v in form.errors.items()}}, status=400
        )
    try:
        sheet = sheet_services.save_sheet(
            assignment=assignment,
            actor=request.user,
            scores=form.scores(),
            base_version=form.cleaned_data["version"],
            comment_organisers=form.cleaned_data["comment_organisers"],
            comment_entrant=form.cleaned_data["comment_entrant"],
            submit=False,
        )
    except sheet_services.InvalidScores as error:
        errors = {(f"c_{pk}" if pk else "__all__"): [message] for pk, message in error.errors.items()}
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    except sheet_services.StaleSheet as error:
        return JsonResponse(
            {"ok": False, "errors": {"__all__": [error.message]}, "saved": error.current}, status=409
        )
    except DomainError as error:
        return JsonResponse({"ok": False, "errors": {"__all__": [error.message]}}, status=error.status_code)
    return JsonResponse(
        {
            "ok": True,
            "state": sheet.state,
            "total": str(sheet.total) if sheet.total is not None else None,
            "saved_at": timezone.localtime(sheet.updated_at).strftime("%H:%M:%S"),
            "version": sheet.version,
        }
    )


@login_required
@require_POST
def declare_conflict(request, assignment_id: int):
    assignment = _own_assignment(request, assignment_id)
    form = ConflictForm(request.POST)
    if not form.is_valid() or not rules.can_declare_conflict(request.user, assignment):
        messages.error(request, _("Không thể ghi nhận xung đột lợi ích lúc này."))
        return redirect("judging:score", assignment.pk)
    try:
        assignment_services.declare_conflict(
            assignment=assignment, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("judging:score", assignment.pk)
    messages.success(request, _("Đã ghi nhận xung đột lợi ích. Bài này đã được chuyển cho giám khảo khác."))
    return redirect("judging:queue", assignment.round_id)


@login_required
@require_POST
def report_identity(request, assignment_id: int):
    """The judge's "this entry identifies its author": organisers are flagged and the sheet pauses."""
    assignment = _own_assignment(request, assignment_id)
    identity_services.report_identity(
        entry=assignment.entry, actor=request.user, note=request.POST.get("note", "")[:2000]
    )
    messages.success(
        request,
        _("Cảm ơn thầy/cô. Ban tổ chức sẽ xem lại bài %(code)s; phiếu chấm tạm dừng đến khi bài được xử lý.")
        % {"code": assignment.entry.code},
    )
    return redirect("judging:home")


@login_required
@require_GET
def media_file(request, token: str):
    """Streams one rendition to the judge of the assignment in the token, with a neutral file name and
    HTTP Range support (so video can seek)."""
    data = media.read_token(token)
    if data is None:
        raise Http404
    assignment = _own_assignment(request, data["a"])
    asset = MediaAsset.objects.filter(
        entry_id=assignment.entry_id, position=data["p"], state=AssetState.READY
    ).first()
    renditions = judge_renditions(asset=asset, version=judge_version(entry=assignment.entry)) if asset else []
    if not 0 <= data["r"] < len(renditions) or not media.servable(renditions[data["r"]]):
        raise Http404
    rendition = renditions[data["r"]]
    storage = storages["private"]
    if not storage.exists(rendition["key"]):
        raise Http404
    mime = rendition["mime"]
    filename = media.neutral_filename(
        code=assignment.entry.code,
        position=asset.position,
        label=media.label_for(rendition["name"], mime),
        mime=mime,
    )
    return ranged_response(request, storage=storage, key=rendition["key"], mime=mime, filename=filename)


# The head judge's view ---------------------------------------------------------------------------------


@login_required
@require_GET
def oversee(request, round_id: int):
    round_ = _round_for_overseer(request, round_id)
    progress = list(selectors.judge_progress(round_=round_))
    behind = (
        {p["judge_id"] for p in round_services.judges_behind(round_=round_)}
        if round_.state == RoundState.OPEN
        else set()
    )
    for row in progress:
        row["percent"] = round(100 * row["submitted"] / row["assigned"]) if row["assigned"] else 0
        row["behind"] = row["judge_id"] in behind
    entries = Paginator(selectors.entry_progress(round_=round_), 50).get_page(request.GET.get("trang"))
    context = {
        "round": round_,
        "totals": selectors.round_totals(round_=round_),
        "progress": progress,
        "entries": entries,
        "disagreements": list(selectors.entry_progress(round_=round_, disagreeing_only=True)[:50]),
        "add_form": AddJudgeForm(panel=round_.panel),
        "tie_form": TieBreakForm(),
        "can_manage": rules.can_manage_round(request.user, round_),
        "events": list(round_.events.select_related("actor").order_by("-created_at")[:20]),
    }
    return render(request, "judging/oversee.html", context)


# Moves that need the organiser or head judge to see what they leave behind or freeze, and say yes.
CONFIRMED_MOVES = frozenset({RoundState.CLOSED, RoundState.FINALISED})


@login_required
@require_POST
def transition(request, round_id: int):
    """Moves the round. Closing and finalising first answer a confirmation page (the unscored assignments,
    what freezes); the move happens when that page is posted back with `confirmed`."""
    round_ = _round_for_overseer(request, round_id)
    form = ReasonForm(request.POST)
    if not form.is_valid() or form.cleaned_data["to_state"] not in RoundState.values:
        messages.error(request, _("Yêu cầu không hợp lệ."))
        return redirect("judging:oversee", round_.pk)
    to_state = form.cleaned_data["to_state"]
    if to_state in CONFIRMED_MOVES and not form.cleaned_data["confirmed"]:
        unscored = list(selectors.unscored_assignments(round_=round_)[:500])
        context = {
            "round": round_,
            "to_state": to_state,
            "to_label": RoundState(to_state).label,
            "unscored": unscored,
            "unscored_count": selectors.unscored_assignments(round_=round_).count(),
        }
        return render(request, "judging/confirm_transition.html", context)
    try:
        round_services.transition_round(
            round_=round_, to_state=to_state, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        round_.refresh_from_db()
        messages.success(
            request, _("Vòng chấm đã chuyển sang “%(state)s”.") % {"state": round_.get_state_display()}
        )
        if round_.state == RoundState.FINALISED:
            return redirect("judging:ranking", round_.pk)
    return redirect("judging:oversee", round_.pk)


def _round_for_organiser(request, round_id: int) -> Round:
    round_ = _round_for_overseer(request, round_id)
    if not rules.can_manage_round(request.user, round_):
        raise Http404
    return round_


@login_required
@require_GET
def assignment_plan(request, round_id: int):
    """The assignment preview (load per judge, entries left unfilled, conflicts avoided) and the manual
    reassignment of one entry, for organisers, before and while the round is scored."""
    round_ = _round_for_organiser(request, round_id)
    context = {
        "round": round_,
        "preview": assignment_services.preview_assignment(round_=round_),
        "assigned": selectors.active_assignments(round_=round_).count(),
        "reassign_form": ReassignForm(panel=round_.panel),
    }
    return render(request, "judging/assignment_plan.html", context)


@login_required
@require_POST
def save_assignment(request, round_id: int):
    """Writes the previewed assignment now (a round in setup stays closed to judges until it is opened)."""
    round_ = _round_for_organiser(request, round_id)
    try:
        report = assignment_services.assign_round(round_=round_, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã phân công %(n)s lượt chấm.") % {"n": report.created})
    return redirect("judging:assignment_plan", round_.pk)


@login_required
@require_POST
def reassign(request, round_id: int):
    round_ = _round_for_organiser(request, round_id)
    form = ReassignForm(request.POST, panel=round_.panel)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập mã bài và chọn hai giám khảo của hội đồng."))
        return redirect("judging:assignment_plan", round_.pk)
    data = form.cleaned_data
    assignment = (
        selectors.active_assignments(round_=round_)
        .filter(entry__code=data["entry_code"].strip().upper(), judge=data["from_judge"])
        .first()
    )
    if assignment is None:
        messages.error(request, _("Giám khảo này không được phân công chấm bài có mã này."))
        return redirect("judging:assignment_plan", round_.pk)
    try:
        assignment_services.reassign_entry(assignment=assignment, judge=data["to_judge"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã chuyển bài %(code)s sang giám khảo %(name)s.")
            % {"code": assignment.entry.code, "name": data["to_judge"].full_name},
        )
    return redirect("judging:assignment_plan", round_.pk)


@login_required
@require_POST
def remind(request, round_id: int):
    round_ = _round_for_overseer(request, round_id)
    try:
        count = round_services.send_reminders(round_=round_, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã gửi nhắc nhở tới %(n)s giám khảo.") % {"n": count})
    return redirect("judging:oversee", round_.pk)


@login_required
@require_POST
def add_judge(request, round_id: int):
    round_ = _round_for_overseer(request, round_id)
    form = AddJudgeForm(request.POST, panel=round_.panel)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập mã bài và chọn một giám khảo của hội đồng."))
        return redirect("judging:oversee", round_.pk)
    entry = Entry.objects.filter(code=form.cleaned_data["entry_code"].strip().upper()).first()
    if entry is None:
        messages.error(request, _("Không tìm thấy bài dự thi có mã này."))
        return redirect("judging:oversee", round_.pk)
    try:
        assignment_services.add_judge_to_entry(
            round_=round_, entry=entry, judge=form.cleaned_data["judge"], actor=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thêm giám khảo cho bài %(code)s.") % {"code": entry.code})
    return redirect("judging:oversee", round_.pk)


@login_required
@require_POST
def tie_break(request, round_id: int):
    round_ = _round_for_overseer(request, round_id)
    form = TieBreakForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy nhập mã các bài và căn cứ quyết định."))
        return redirect("judging:ranking", round_.pk)
    try:
        round_services.record_tie_break(
            round_=round_,
            entry_codes=form.entry_codes(),
            actor=request.user,
            reason=form.cleaned_data["reason"],
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã ghi nhận quyết định thứ tự."))
    return redirect("judging:ranking", round_.pk)


def _ranking_by_division(rows, tie_criteria) -> list[dict]:
    """The page's rows grouped per division (in ranking order), each tied row with its tie details: the mean
    of every tie-break criterion on that criterion's own scale, and the head judge's place if recorded."""
    names = dict(Division.objects.filter(pk__in={r.division_id for r in rows}).values_list("pk", "name"))
    groups: list[dict] = []
    for row in rows:
        if not groups or groups[-1]["division_id"] != row.division_id:
            name = names.get(row.division_id) or _("Không chia bảng")
            groups.append({"division_id": row.division_id, "name": name, "rows": []})
        row.tie_details = []
        if row.tie_broken_by:
            for criterion, value in zip(tie_criteria, row.tie_values, strict=True):
                mean = (
                    criterion.min_score + value * (criterion.max_score - criterion.min_score)
                    if value is not None
                    else None
                )
                row.tie_details.append((criterion.name, mean))
        groups[-1]["rows"].append(row)
    return groups


@login_required
@require_GET
def ranking(request, round_id: int):
    round_ = _round_for_overseer(request, round_id)
    tie_criteria = aggregation.tie_break_criteria(round_=round_)
    page = Paginator(aggregation.compute_ranking(round_=round_), 100).get_page(request.GET.get("trang"))
    context = {
        "round": round_,
        "rows": page,
        "divisions": _ranking_by_division(list(page), tie_criteria),
        "tie_criteria": tie_criteria,
        "tie_form": TieBreakForm(),
        "can_export": rules.can_export_scores(request.user),
        "can_manage": rules.can_manage_round(request.user, round_),
    }
    return render(request, "judging/ranking.html", context)


@login_required
def advance(request, round_id: int):
    round_ = _round_for_overseer(request, round_id)
    if not rules.can_manage_round(request.user, round_):
        raise Http404
    form = AdvanceForm(request.POST or None)
    preview = None
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["confirmed"]:
                cut = round_services.advance_entries(
                    round_=round_,
                    actor=request.user,
                    top_n=data["top_n"],
                    top_percent=data["top_percent"],
                    confirmed=True,
                )
                messages.success(request, _("%(n)s bài đã vào vòng trong.") % {"n": len(cut["advance"])})
                return redirect("judging:ranking", round_.pk)
            cut = round_services.advancement_cut(
                round_=round_, top_n=data["top_n"], top_percent=data["top_percent"]
            )
            preview = (
                Entry.objects.filter(pk__in=cut["advance"]).order_by("code").values_list("code", flat=True)
            )
        except DomainError as error:
            messages.error(request, error.message)
            status = error.status_code
    elif request.method == "POST":
        status = 400
    return render(
        request, "judging/advance.html", {"round": round_, "form": form, "preview": preview}, status=status
    )


@login_required
def amend_sheet(request, sheet_id: int):
    """An organiser's change to a sheet after the round closed, with a reason, kept in the audit log."""
    if not rules.can_amend_closed_sheet(request.user):
        raise Http404
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related("assignment__round", "assignment__entry"), pk=sheet_id
    )
    criteria = selectors.rubric_criteria(rubric_id=sheet.assignment.round.rubric_id)
    status = 200
    if request.method == "POST":
        form = AmendSheetForm(request.POST, criteria=criteria)
        if form.is_valid():
            try:
                sheet_services.amend_closed_sheet(
                    sheet=sheet,
                    actor=request.user,
                    scores=form.scores(),
                    reason=form.cleaned_data["reason"],
                    comment_organisers=form.cleaned_data["comment_organisers"],
                    comment_entrant=form.cleaned_data["comment_entrant"],
                )
            except sheet_services.InvalidScores as error:
                for pk, message in error.errors.items():
                    form.add_error(f"c_{pk}" if pk else None, message)
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã sửa phiếu chấm và ghi vào nhật ký."))
                return redirect("judging:ranking", sheet.assignment.round_id)
        status = 400
    else:
        initial = {f"c_{pk}": v for pk, v in selectors.sheet_scores(sheet=sheet).items()}
        initial |= {"comment_organisers": sheet.comment_organisers, "comment_entrant": sheet.comment_entrant}
        form = AmendSheetForm(initial=initial, criteria=criteria)
    return render(
        request,
        "judging/amend.html",
        {
            "sheet": sheet,
            "form": form,
            "fields": [form[f"c_{c.pk}"] for c in criteria],
            "changes": sheet.changes.all(),
        },
        status=status,
    )


@login_required
@require_GET
def export(request, round_id: int, kind: str, fmt: str):
    """Scores or ranking as CSV or XLSX, organisers only: judges by name, entrants joined back."""
    round_ = get_object_or_404(Round, pk=round_id)
    if not rules.can_export_scores(request.user):
        raise Http404
    try:
        header, rows = (
            exports.score_rows(round_=round_) if kind == "diem" else exports.ranking_rows(round_=round_)
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("judging:ranking", round_.pk)
    filename = f"vong-{round_.pk}-{'diem' if kind == 'diem' else 'xep-hang'}"
    return spreadsheet_response(headers=header, rows=rows, filename=filename, fmt=fmt)
