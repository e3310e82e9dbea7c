"""Organisers' screens inside the Wagtail admin: the screening queue, an entry's screening page, the
raising a safeguarding flag (privacy keeps and shows them), and city-wide participation.

Wagtail already turns away anyone without admin access; each view checks its own predicate on top and
answers 403 itself, so a non-officer organiser is told plainly rather than redirected.
"""

import mimetypes

from django.contrib import messages
from django.core.files.storage import storages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from contest.errors import DomainError
from contest.spreadsheets import spreadsheet_response
from privacy.forms import RaiseFlagForm
from privacy.rules import can_raise_safeguarding_flag
from privacy.services.safeguarding import raise_safeguarding_flag
from submissions.enums import EntryState, FindingStatus
from submissions.filters import ParticipationFilterSet, ScreeningFilterSet
from submissions.forms import ScreeningDecisionForm
from submissions.models import Entry, MediaAsset
from submissions.rules import can_screen_entries, can_view_participation
from submissions.selectors.consent import entry_consent_gaps
from submissions.selectors.schools import consent_percent, participation_by_school
from submissions.services.screening import DECISIONS, screen_entries, screen_entry
from submissions.views.admin_identity import identity_context

T = "wagtailadmin_screening/"


def _forbidden(request):
    return TemplateResponse(request, T + "forbidden.html", {}, status=403)


def _school_cell(lead) -> str:
    """The listed (or merged) school; a typed name nobody has merged yet is shown as typed, marked."""
    if lead is None:
        return ""
    if lead.school_id:
        return lead.school.name
    return _("%(name)s (ghi tay)") % {"name": lead.school_other} if lead.school_other else ""


def screening_queryset():
    """Entries handed in (not drafts), with what the queue shows loaded in a fixed number of queries."""
    return (
        Entry.objects.exclude(state=EntryState.DRAFT)
        .select_related("contest", "division", "lead_entrant__school")
        .annotate(
            asset_count=Count("assets", distinct=True),
            assets_not_ready=Count("assets", filter=~Q(assets__state="ready"), distinct=True),
            open_findings=Count(
                "identity_findings", filter=Q(identity_findings__status=FindingStatus.OPEN), distinct=True
            ),
        )
        .order_by("submitted_at", "pk")
    )


def _export_entries(entries, fmt):
    headers = [
        _("Mã bài"),
        _("Cuộc thi"),
        _("Bảng"),
        _("Trường"),
        _("Trạng thái"),
        _("Đủ sự đồng ý"),
        _("Số tệp"),
    ]
    rows = [
        [
            e.code,
            e.contest.title,
            e.division.name if e.division_id else "",
            _school_cell(e.lead_entrant),
            EntryState(e.state).label,
            _("Có") if e.consent_complete else _("Chưa"),
            e.asset_count,
        ]
        for e in entries
    ]
    return spreadsheet_response(headers=headers, rows=rows, filename="sang-loc", fmt=fmt)


@require_http_methods(["GET", "POST"])
def screening_queue(request):
    if not can_screen_entries(request.user):
        return _forbidden(request)
    if request.method == "POST":
        return _bulk_decide(request)
    filterset = ScreeningFilterSet(request.GET or None, queryset=screening_queryset(), request=request)
    entries = filterset.qs
    if request.GET.get("export") in {"csv", "xlsx"}:
        return _export_entries(entries, request.GET["export"])
    page = Paginator(entries, 50).get_page(request.GET.get("p"))
    query = request.GET.copy()
    query.pop("p", None)
    context = {
        "filterset": filterset,
        "page": page,
        "held": entries.filter(identity_hold=True).count(),
        "decisions": ScreeningDecisionForm.DECISIONS,
        "query": query.urlencode(),
    }
    return TemplateResponse(request, T + "queue.html", context)


def _bulk_decide(request):
    ids = [int(i) for i in request.POST.getlist("entry") if i.isdigit()]
    decision = request.POST.get("decision", "")
    reason = request.POST.get("reason", "")
    if not ids or decision not in DECISIONS:
        messages.error(request, _("Hãy chọn bài dự thi và một quyết định."))
        return redirect(request.get_full_path())
    entries = list(Entry.objects.filter(pk__in=ids).order_by("pk"))
    done, refused = screen_entries(entries=entries, decision=decision, actor=request.user, reason=reason)
    if done:
        messages.success(request, _("Đã quyết định %(n)d bài dự thi.") % {"n": len(done)})
    for entry, why in refused:
        messages.error(request, f"{entry.code}: {why}")
    return redirect(request.get_full_path())


@require_http_methods(["GET", "POST"])
def screening_entry(request, pk):
    if not can_screen_entries(request.user):
        return _forbidden(request)
    entry = get_object_or_404(
        Entry.objects.select_related(
            "contest", "division", "lead_entrant__school", "submitted_by"
        ).prefetch_related(
            Prefetch("assets", queryset=MediaAsset.objects.order_by("position", "pk")),
            "team_members__user",
            "events__actor",
        ),
        pk=pk,
    )
    form = ScreeningDecisionForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                screen_entry(
                    entry=entry,
                    decision=form.cleaned_data["decision"],
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_error(None, error.message)
                status = error.status_code
            else:
                messages.success(request, _("Đã ghi quyết định cho bài %(code)s.") % {"code": entry.code})
                return redirect("screening_entry", pk=entry.pk)
        else:
            status = 400
    context = {
        "entry": entry,
        "form": form,
        "flag_form": RaiseFlagForm(),
        "gaps": entry_consent_gaps(entry=entry),
        "can_flag": can_raise_safeguarding_flag(request.user),
        **identity_context(entry),
    }
    return TemplateResponse(request, T + "entry.html", context, status=status)


def screening_file(request, pk, name="original"):
    """An original or a rendition, streamed from private storage to organisers only."""
    if not can_screen_entries(request.user):
        return _forbidden(request)
    asset = get_object_or_404(MediaAsset, pk=pk)
    if name == "original":
        key, mime = asset.original.name, mimetypes.guess_type(asset.original_name)[0]
        filename = asset.original_name or "original"
    else:
        match = next(
            (r for r in asset.renditions or [] if isinstance(r, dict) and r.get("name") == name), None
        )
        if match is None:
            raise Http404
        key, mime, filename = match["key"], match.get("mime"), f"{name}"
    try:
        handle = storages["private"].open(key, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=mime or "application/octet-stream", filename=filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def raise_flag(request, pk):
    if not can_raise_safeguarding_flag(request.user):
        return _forbidden(request)
    entry = get_object_or_404(Entry, pk=pk)
    form = RaiseFlagForm(request.POST)
    if form.is_valid():
        try:
            raise_safeguarding_flag(
                subject=entry.lead_entrant, about=entry, actor=request.user, **form.cleaned_data
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã gửi cảnh báo tới cán bộ bảo vệ trẻ em. Cảm ơn anh/chị."))
    else:
        messages.error(request, _("Hãy chọn loại cảnh báo và mô tả ngắn điều đã thấy."))
    return redirect("screening_entry", pk=entry.pk)


def participation(request):
    if not can_view_participation(request.user):
        return _forbidden(request)
    filterset = ParticipationFilterSet(request.GET or None, queryset=participation_by_school())
    schools = filterset.qs
    if request.GET.get("export") in {"csv", "xlsx"}:
        headers = [_("Trường"), _("Mã"), _("Cấp học"), _("Phường/Xã"), _("Học sinh đăng ký"), _("Bài dự thi")]
        headers += [_("Bài đủ sự đồng ý"), _("Tỉ lệ đủ (%)")]
        rows = [
            [
                s.name,
                s.code,
                s.get_level_display(),
                s.ward,
                s.pupils,
                s.entries,
                s.entries_consent_complete,
                consent_percent(s),
            ]
            for s in schools
        ]
        return spreadsheet_response(
            headers=headers, rows=rows, filename="tham-gia-theo-truong", fmt=request.GET["export"]
        )
    rows = [(s, consent_percent(s)) for s in schools]
    totals = {
        "schools": len(rows),
        "with_entries": sum(1 for s, _p in rows if s.entries),
        "pupils": sum(s.pupils for s, _p in rows),
        "entries": sum(s.entries for s, _p in rows),
    }
    query = request.GET.copy()
    query.pop("export", None)
    context = {"filterset": filterset, "rows": rows, "totals": totals, "query": query.urlencode()}
    return TemplateResponse(request, T + "participation.html", context)
