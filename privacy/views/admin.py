"""Screens inside the Wagtail admin: the safeguarding flags (officers only) and the retention schedule.

Wagtail already turns away anyone without admin access; each view checks its own predicate on top and
answers 403 itself, so a non-officer organiser is told plainly rather than redirected.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from contest.errors import DomainError
from contest.models import Campaign
from privacy.filters import SafeguardingFlagFilterSet
from privacy.forms import FlagNoteForm
from privacy.models import DeletionRequest, SafeguardingFlag
from privacy.registry import registry
from privacy.rules import can_run_retention, can_view_safeguarding_flags
from privacy.services.retention import purge_preview
from privacy.services.safeguarding import add_safeguarding_note

T = "privacy/"


def _forbidden(request):
    return TemplateResponse(request, T + "admin_forbidden.html", {}, status=403)


def safeguarding_flags(request):
    if not can_view_safeguarding_flags(request.user):
        return _forbidden(request)
    queryset = (
        SafeguardingFlag.objects.select_related("subject", "about_type", "raised_by", "assigned_to")
        .prefetch_related("about")
        .annotate(note_count=Count("notes"))
        .order_by("-created_at", "-pk")
    )
    filterset = SafeguardingFlagFilterSet(request.GET or None, queryset=queryset, request=request)
    page = Paginator(filterset.qs, 50).get_page(request.GET.get("p"))
    return TemplateResponse(request, T + "flags.html", {"filterset": filterset, "page": page})


@require_http_methods(["GET", "POST"])
def safeguarding_flag(request, pk):
    if not can_view_safeguarding_flags(request.user):
        return _forbidden(request)
    flag = get_object_or_404(SafeguardingFlag.objects.select_related("subject__school", "raised_by"), pk=pk)
    form = FlagNoteForm(request.POST or None, initial={"status": flag.status})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                add_safeguarding_note(flag=flag, actor=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status_code
            else:
                messages.success(request, _("Đã lưu ghi chú."))
                return redirect("safeguarding_flag", pk=flag.pk)
        else:
            status = 400
    notes = flag.notes.select_related("author")
    about_url = getattr(flag.about, "get_admin_url", lambda: "")()
    context = {"flag": flag, "notes": notes, "form": form, "about_url": about_url}
    return TemplateResponse(request, T + "flag.html", context, status=status)


def retention_preview(request):
    if not can_run_retention(request.user):
        return _forbidden(request)
    context = {
        "items": purge_preview(),
        "campaigns": Campaign.objects.order_by("-starts_on"),
        "today": timezone.localdate(),
        "kinds": sorted(registry.kinds.values(), key=lambda k: k.model._meta.label),
        "deletions": DeletionRequest.objects.filter(state="scheduled").order_by("due_at"),
    }
    return TemplateResponse(request, T + "retention.html", context)
