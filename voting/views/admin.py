"""Organisers' vote screens inside the Wagtail admin: the suspicious bursts of a contest (filters by
django-filter) with their votes and accounts (account ids and e-mail domains only), "Huỷ các phiếu này"
and its undo, and the ranking from which the "Giải bình chọn" is allocated, with the audit.

Wagtail already turns away anyone without admin access; each view checks its own predicate on top and
answers 403 itself. Vote ids of another contest answer 404."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contest.errors import DomainError
from contest.models import Contest
from voting import rules, selectors
from voting.enums import BurstKind
from voting.forms import BurstFilterSet, PeoplesChoiceForm, RestoreVotesForm, VoidVotesForm
from voting.models import Vote, VotingEvent
from voting.services import fraud
from voting.services.prize import allocate_peoples_choice

T = "wagtailadmin_voting/"
VOTES_SHOWN = 50


def _forbidden(request):
    return TemplateResponse(request, T + "forbidden.html", {}, status=403)


def _contest(contest_id: int) -> Contest:
    return get_object_or_404(Contest.objects.filter(voting__isnull=False), pk=contest_id)


@require_http_methods(["GET"])
def bursts(request):
    if not rules.can_watch_votes(request.user):
        return _forbidden(request)
    filterset = BurstFilterSet(request.GET or None, queryset=Vote.objects.none())
    status, contest, kind, found = 200, None, "", []
    if filterset.is_bound:
        if filterset.is_valid():
            contest = filterset.form.cleaned_data.get("contest")
            kind = filterset.form.cleaned_data.get("kind") or ""
        else:
            status = 400
    if contest is not None:
        found = fraud.detect_bursts(contest=contest, kind=kind)
    page = Paginator(found, 20).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    context = {
        "filterset": filterset,
        "contest": contest,
        "kind": kind,
        "page": page,
        "query": query.urlencode(),
        "shown": VOTES_SHOWN,
        "void_form": VoidVotesForm(),
        "restore_form": RestoreVotesForm(),
        "events": (
            VotingEvent.objects.filter(contest=contest)
            .select_related("actor")
            .order_by("-created_at", "-pk")[:20]
            if contest
            else []
        ),
    }
    return TemplateResponse(request, T + "bursts.html", context, status=status)


def _move(request, contest_id: int, form_class, service, done: str):
    if not rules.can_watch_votes(request.user):
        return _forbidden(request)
    contest = _contest(contest_id)
    form = form_class(request.POST)
    kind = request.POST.get("kind", "")
    back = reverse("voting_bursts") + f"?contest={contest.pk}"
    if kind in BurstKind.values:
        back += f"&kind={kind}"
    if not form.is_valid():
        messages.error(request, _("Hãy ghi lý do (không có ký tự điều khiển) và chọn phiếu."))
        return redirect(back) if "votes" not in form.errors else _bad(request)
    ids = form.cleaned_data["votes"]
    if Vote.objects.filter(pk__in=ids, contest=contest).count() != len(set(ids)):
        return _not_found(request)
    try:
        count = service(contest=contest, vote_ids=ids, actor=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done % {"n": count})
    return redirect(back)


def _bad(request):
    return TemplateResponse(request, T + "forbidden.html", {"bad": True}, status=400)


def _not_found(request):
    raise Http404


@require_POST
def void(request, contest_id: int):
    return _move(
        request,
        contest_id,
        VoidVotesForm,
        fraud.void_votes,
        _("Đã huỷ %(n)s phiếu. Số phiếu đã được tính lại."),
    )


@require_POST
def restore(request, contest_id: int):
    return _move(
        request,
        contest_id,
        RestoreVotesForm,
        fraud.restore_votes,
        _("Đã khôi phục %(n)s phiếu. Số phiếu đã được tính lại."),
    )


@require_http_methods(["GET", "POST"])
def ranking(request, contest_id: int):
    if not rules.can_watch_votes(request.user):
        return _forbidden(request)
    contest = _contest(contest_id)
    form = PeoplesChoiceForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                allocate_peoples_choice(
                    contest=contest,
                    actor=request.user,
                    entry_code=form.cleaned_data["entry_code"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = error.status_code
            else:
                messages.success(request, _("Đã trao Giải bình chọn."))
                return redirect("voting_ranking", contest_id=contest.pk)
        else:
            status = 400
    ranked = selectors.ranking(contest=contest)
    context = {
        "contest": contest,
        "settings": selectors.settings_for(contest=contest),
        "ranked": ranked,
        "tie": selectors.top_tie(ranked),
        "award": selectors.peoples_choice(contest=contest),
        "form": form,
        "events": VotingEvent.objects.filter(contest=contest)
        .select_related("actor")
        .order_by("-created_at", "-pk")[:20],
    }
    return TemplateResponse(request, T + "ranking.html", context, status=status)
