"""The organisers' and head judges' results pages: prizes from the final rankings, co-sign, reallocation,
and the review of feedback. Thin: find the object the user may see (else 404), validate a form, call one
service, turn a domain error into a message and a 4xx."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from contest import rules as contest_rules
from contest.errors import DomainError
from contest.models import Contest
from results import rules
from results.enums import ResultState
from results.forms import (
    AdjustAwardForm,
    FeedbackReviewForm,
    ReallocateForm,
    ReopenForm,
    ShowScoresForm,
    TieDecisionForm,
)
from results.models import Award, ContestResult, FeedbackComment
from results.selectors import feedback as feedback_selectors
from results.selectors import prizes as selectors
from results.services import feedback as feedback_services
from results.services import prizes as services
from submissions.models import Entry


def _contest(request, contest_id: int) -> tuple[Contest, ContestResult]:
    """The contest and its (unsaved if new) result, for an organiser or a deciding head judge; else 404."""
    if not (contest_rules.is_organiser(request.user) or contest_rules.is_head_judge(request.user)):
        raise Http404
    contest = get_object_or_404(Contest.objects.select_related("campaign"), pk=contest_id)
    result = selectors.result_for(contest=contest) or ContestResult(contest=contest)
    if not rules.can_view_result(request.user, result):
        raise Http404
    return contest, result


def _managed(request, contest_id: int) -> tuple[Contest, ContestResult]:
    """As `_contest`, for organisers only: a head judge's request to an organiser's action is a 404."""
    contest, result = _contest(request, contest_id)
    if not rules.can_manage_results(request.user):
        raise Http404
    return contest, result


def _fail(request, error: DomainError, contest: Contest):
    """The refused action's message on the result page, answered with the error's 4xx status."""
    messages.error(request, error.message)
    result = selectors.result_for(contest=contest) or ContestResult(contest=contest)
    context = _detail_context(request, contest, result)
    return render(request, "results/detail.html", context, status=error.status_code)


@login_required
@require_GET
def home(request):
    organiser = rules.can_manage_results(request.user)
    if not (organiser or contest_rules.is_head_judge(request.user)):
        raise Http404
    rows = selectors.contests_with_results(user=request.user, organiser=organiser)
    return render(request, "results/home.html", {"rows": rows, "organiser": organiser})


def _tie_id(division_id, rank) -> str:
    """Element ids of one tie's form: several tie forms share a page, their field names do not change."""
    return f"id_tie{division_id}_{rank}_%s"


def _detail_context(request, contest, result, **forms) -> dict:
    proposals = selectors.propose_allocation(contest=contest, result=result if result.pk else None)
    awards = list(selectors.current_awards(result=result)) if result.pk else []
    vacated = list(selectors.vacated_awards(result=result)) if result.pk else []
    for award in vacated:
        award.candidates = selectors.next_in_line(award=award)
    manage = rules.can_manage_results(request.user)
    for proposal in proposals:
        for tie in proposal.ties:
            initial = {
                "division": proposal.division.pk,
                "rank": tie.rank,
                "order": ", ".join(tie.decision.order if tie.decision else tie.codes),
                "share": bool(tie.decision and tie.decision.share),
                "reason": tie.decision.reason if tie.decision else "",
            }
            tie.form = (
                forms.get("tie_form") if forms.get("tie_key") == (proposal.division.pk, tie.rank) else None
            )
            tie.form = tie.form or TieDecisionForm(
                initial=initial, auto_id=_tie_id(proposal.division.pk, tie.rank)
            )
    return {
        "contest": contest,
        "result": result,
        "proposals": proposals,
        "awards": awards,
        "vacated": vacated,
        "undecided": sum(len(p.undecided_ties) for p in proposals),
        "has_round": any(p.round for p in proposals),
        "can_manage": manage,
        "can_cosign": bool(result.pk) and rules.can_cosign(request.user, result),
        "adjust_form": forms.get("adjust_form") or AdjustAwardForm(),
        "reopen_form": forms.get("reopen_form") or ReopenForm(),
        "reallocate_form": ReallocateForm(),
        "events": list(result.events.select_related("actor").order_by("-created_at", "-pk")[:30])
        if result.pk
        else [],
    }


@login_required
@require_GET
def detail(request, contest_id: int):
    contest, result = _contest(request, contest_id)
    return render(request, "results/detail.html", _detail_context(request, contest, result))


@login_required
@require_POST
def decide_tie(request, contest_id: int):
    contest, result = _managed(request, contest_id)
    division_id, rank = request.POST.get("division", ""), request.POST.get("rank", "")
    known = division_id.isdigit() and rank.isdigit()
    form = TieDecisionForm(request.POST, auto_id=_tie_id(division_id, rank) if known else "id_%s")
    if form.is_valid():
        division = contest.divisions.filter(pk=form.cleaned_data["division"]).first()
        if division is None:
            raise Http404
        try:
            services.decide_tie(
                contest=contest,
                division=division,
                rank=form.cleaned_data["rank"],
                order=form.codes(),
                share=form.cleaned_data["share"],
                actor=request.user,
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            return _fail(request, error, contest)
        messages.success(request, _("Đã ghi nhận quyết định đồng hạng."))
        return redirect("results:detail", contest.pk)
    if not known:
        return _fail(request, DomainError(_("Yêu cầu không hợp lệ.")), contest)
    context = _detail_context(request, contest, result, tie_form=form, tie_key=(int(division_id), int(rank)))
    return render(request, "results/detail.html", context, status=400)


@login_required
@require_POST
def allocate(request, contest_id: int):
    contest, _result = _managed(request, contest_id)
    try:
        services.allocate_prizes(contest=contest, actor=request.user)
    except DomainError as error:
        return _fail(request, error, contest)
    messages.success(request, _("Đã lưu phân bổ giải. Trưởng ban giám khảo sẽ nhận thư mời đồng ký."))
    return redirect("results:detail", contest.pk)


@login_required
@require_POST
def adjust(request, contest_id: int):
    contest, result = _managed(request, contest_id)
    form = AdjustAwardForm(request.POST)
    if form.is_valid():
        entry = Entry.objects.filter(contest=contest, code=form.cleaned_data["entry_code"].strip()).first()
        if entry is None:
            form.add_error("entry_code", _("Không có bài này trong cuộc thi."))
        elif not result.pk:
            form.add_error(None, _("Hãy lưu phân bổ giải trước khi điều chỉnh."))
        else:
            try:
                services.adjust_award(
                    result=result,
                    entry=entry,
                    tier=form.cleaned_data["tier"] or None,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                return _fail(request, error, contest)
            messages.success(request, _("Đã điều chỉnh giải của bài %(code)s.") % {"code": entry.code})
            return redirect("results:detail", contest.pk)
    context = _detail_context(request, contest, result, adjust_form=form)
    return render(request, "results/detail.html", context, status=400)


@login_required
@require_POST
def cosign(request, contest_id: int):
    contest, result = _contest(request, contest_id)
    if not result.pk or not rules.can_cosign(request.user, result):
        raise Http404
    try:
        services.cosign_result(result=result, actor=request.user)
    except DomainError as error:
        return _fail(request, error, contest)
    messages.success(request, _("Đã đồng ký kết quả. Kết quả đã được khoá."))
    return redirect("results:detail", contest.pk)


@login_required
@require_POST
def reopen(request, contest_id: int):
    contest, result = _managed(request, contest_id)
    form = ReopenForm(request.POST)
    if not result.pk:
        raise Http404
    if form.is_valid():
        try:
            services.reopen_result(result=result, actor=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            return _fail(request, error, contest)
        messages.success(request, _("Đã mở lại kết quả. Cần trưởng ban giám khảo đồng ký lại."))
        return redirect("results:detail", contest.pk)
    return render(
        request,
        "results/detail.html",
        _detail_context(request, contest, result, reopen_form=form),
        status=400,
    )


@login_required
@require_POST
def reallocate(request, contest_id: int, award_id: int):
    contest, _result = _managed(request, contest_id)
    award = get_object_or_404(Award, pk=award_id, result__contest=contest)
    form = ReallocateForm(request.POST)
    if not form.is_valid():
        return _fail(request, DomainError(_("Hãy ghi căn cứ quyết định.")), contest)
    code = form.cleaned_data["entry_code"].strip()
    to_entry = None
    if code:
        to_entry = Entry.objects.filter(contest=contest, code=code).first()
        if to_entry is None:
            return _fail(request, DomainError(_("Không có bài này trong cuộc thi.")), contest)
    try:
        services.reallocate_award(
            award=award, to_entry=to_entry, actor=request.user, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        return _fail(request, error, contest)
    messages.success(request, _("Đã ghi nhận quyết định về giải của bài đã rút."))
    return redirect("results:detail", contest.pk)


def _feedback_context(request, contest, result, **forms) -> dict:
    page = Paginator(feedback_selectors.comments_for_review(result=result), 50).get_page(
        request.GET.get("trang")
    )
    for comment in page:
        bound = forms.get("review_form") if forms.get("comment_id") == comment.pk else None
        comment.form = bound or FeedbackReviewForm(
            initial={
                "text": comment.text,
                "decision": comment.state if comment.state != "pending" else "approved",
            },
            auto_id=f"id_c{comment.pk}_%s",
        )
    return {
        "contest": contest,
        "result": result,
        "page": page,
        "counts": feedback_selectors.feedback_counts(result=result),
        "scores_form": ShowScoresForm(initial={"show_scores": result.show_scores}),
        "published": result.state == ResultState.PUBLISHED,
    }


def _managed_result(request, contest_id: int) -> tuple[Contest, ContestResult]:
    contest, result = _managed(request, contest_id)
    if not result.pk:
        result = ContestResult.objects.get_or_create(contest=contest)[0]
    return contest, result


@login_required
@require_GET
def feedback(request, contest_id: int):
    contest, result = _managed_result(request, contest_id)
    return render(request, "results/feedback.html", _feedback_context(request, contest, result))


@login_required
@require_POST
def collect_feedback(request, contest_id: int):
    contest, result = _managed_result(request, contest_id)
    count = feedback_services.collect_feedback(result=result, actor=request.user)
    messages.success(request, _("Đã tổng hợp %(n)s nhận xét mới.") % {"n": count})
    return redirect("results:feedback", contest.pk)


@login_required
@require_POST
def review_comment(request, contest_id: int, comment_id: int):
    contest, result = _managed_result(request, contest_id)
    comment = get_object_or_404(FeedbackComment, pk=comment_id, result=result)
    form = FeedbackReviewForm(request.POST, auto_id=f"id_c{comment.pk}_%s")
    if form.is_valid():
        try:
            feedback_services.review_feedback(
                comment=comment,
                actor=request.user,
                state=form.cleaned_data["decision"],
                text=form.cleaned_data["text"],
                reason=form.cleaned_data["reason"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Đã lưu nhận xét của bài %(code)s.") % {"code": comment.entry.code})
            return redirect("results:feedback", contest.pk)
    context = _feedback_context(request, contest, result, review_form=form, comment_id=comment.pk)
    return render(request, "results/feedback.html", context, status=400)


@login_required
@require_POST
def release_feedback(request, contest_id: int):
    contest, result = _managed_result(request, contest_id)
    try:
        feedback_services.release_feedback(result=result, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        context = _feedback_context(request, contest, result)
        return render(request, "results/feedback.html", context, status=error.status_code)
    messages.success(request, _("Thí sinh đã xem được nhận xét."))
    return redirect("results:feedback", contest.pk)


@login_required
@require_POST
def show_scores(request, contest_id: int):
    contest, result = _managed_result(request, contest_id)
    form = ShowScoresForm(request.POST)
    if form.is_valid():
        services.set_show_scores(
            result=result, show_scores=form.cleaned_data["show_scores"], actor=request.user
        )
        messages.success(request, _("Đã lưu cài đặt."))
    return redirect("results:feedback", contest.pk)
