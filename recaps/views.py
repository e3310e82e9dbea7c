"""Organisers' recap screens inside the Wagtail admin: pick and order the clips, ask for a render, and
follow its progress (the page polls a small JSON view). Wagtail already turns away anyone without admin
access; each view checks its own predicate on top and answers 404 so an id teaches nothing."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest.errors import DomainError
from recaps import rules, selectors, services
from recaps.enums import RecapState
from recaps.forms import RecapClipsForm
from recaps.models import Recap

T = "wagtailadmin_recaps/"


def _recap(request, pk: int) -> Recap:
    if not rules.can_manage_recaps(request.user):
        raise Http404
    return get_object_or_404(Recap.objects.select_related("challenge"), pk=pk)


@require_http_methods(["GET", "POST"])
def clips_page(request, pk: int):
    recap = _recap(request, pk)
    rows = selectors.pick_rows(recap=recap)
    ids = [row.wall.pk for row in rows]
    status = 200
    if request.method == "POST":
        form = RecapClipsForm(request.POST, clip_ids=ids)
        if form.is_valid():
            try:
                services.set_recap_clips(recap=recap, clip_ids=form.chosen_in_order(), actor=request.user)
            except DomainError as error:
                messages.error(request, error.message)
                status = error.status_code
            else:
                messages.success(request, _("Đã lưu các clip đã chọn và thứ tự."))
                if "render" in request.POST:
                    return _queue(request, recap)
                return redirect("recaps_clips", pk=recap.pk)
        else:
            status = 400
    else:
        form = RecapClipsForm(
            initial={f"use_{r.wall.pk}": r.chosen for r in rows}
            | {f"place_{r.wall.pk}": r.position for r in rows if r.chosen},
            clip_ids=ids,
        )
    context = {
        "recap": recap,
        "rows": [(row, form[f"use_{row.wall.pk}"], form[f"place_{row.wall.pk}"]) for row in rows],
        "form": form,
        "states": RecapState,
        "events": recap.events.select_related("actor").order_by("-created_at", "-pk")[:20],
    }
    return TemplateResponse(request, T + "clips.html", context, status=status)


def _queue(request, recap: Recap):
    try:
        services.queue_render(recap=recap, actor=request.user, reason="organiser")
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("recaps_clips", pk=recap.pk)
    messages.success(request, _("Đã xếp video vào hàng chờ dựng."))
    return redirect("recaps_clips", pk=recap.pk)


@require_POST
def render(request, pk: int):
    return _queue(request, _recap(request, pk))


@require_GET
def progress(request, pk: int):
    recap = _recap(request, pk)
    row = selectors.progress_of(recap_id=recap.pk)
    return JsonResponse(
        {
            "state": row["state"],
            "label": str(RecapState(row["state"]).label),
            "progress": row["progress"],
            "error": row["error"],
            "duration": row["duration_seconds"],
        }
    )
