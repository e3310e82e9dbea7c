"""Organisers' screens inside the Wagtail admin: the city dashboard with its charts, the report's exports,
and the schools' reporting (who has not reported, reminders, locking a period, one school's report).

Organisers sign in with their second step before any session exists (contest.views), so everyone who
reaches these pages has passed it. Each view checks its own predicate and answers 403 itself."""

from dataclasses import dataclass, field
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest.errors import DomainError
from contest.models import Campaign
from reports import selectors, services
from reports.charts import chart_specs
from reports.enums import PeriodState
from reports.exports import EXPORTERS
from reports.forms import ReminderForm, ReportFilterForm, SchoolImportForm
from reports.models import ActivityReport, ReportingPeriod, SchoolImport
from reports.onboarding import SchoolRow
from reports.registry import compute_figures
from reports.rules import can_manage_reporting, can_view_city_report

T = "wagtailadmin_reports/"


def _forbidden(request):
    return TemplateResponse(request, T + "forbidden.html", {}, status=403)


@dataclass
class Scope:
    form: ReportFilterForm
    campaign: Campaign | None = None
    since: date | None = None
    until: date | None = None
    figures: list = field(default_factory=list)


def _scope(request) -> Scope:
    """The campaign and dates asked for (the newest campaign by default) and its figures."""
    form = ReportFilterForm(request.GET or None, initial={"campaign": selectors.current_campaign()})
    if form.is_bound and not form.is_valid():
        return Scope(form=form)
    data = form.cleaned_data if form.is_bound else {}
    scope = Scope(
        form=form,
        campaign=data.get("campaign") or selectors.current_campaign(),
        since=data.get("since"),
        until=data.get("until"),
    )
    if scope.campaign is not None:
        scope.figures = compute_figures(campaign=scope.campaign, since=scope.since, until=scope.until)
    return scope


@require_GET
def dashboard(request):
    if not can_view_city_report(request.user):
        return _forbidden(request)
    scope = _scope(request)
    figures = scope.figures
    context = {
        "form": scope.form,
        "campaign": scope.campaign,
        "figures": figures,
        "numbers": [f for f in figures if not f["is_table"]],
        "tables": [f for f in figures if f["is_table"]],
        "charts": chart_specs(figures),
        "query": request.GET.urlencode(),
    }
    status = 400 if scope.form.is_bound and not scope.form.is_valid() else 200
    return TemplateResponse(request, T + "dashboard.html", context, status=status)


@require_GET
def dashboard_data(request):
    """The same figures as JSON, for the charts and for anyone who wants the numbers."""
    if not can_view_city_report(request.user):
        return JsonResponse({"error": _("Anh/chị không có quyền xem trang này.")}, status=403)
    scope = _scope(request)
    if scope.campaign is None:
        raise Http404
    return JsonResponse(
        {
            "campaign": scope.campaign.name,
            "figures": {f["key"]: {"label": f["label"], "value": f["value"]} for f in scope.figures},
            "charts": chart_specs(scope.figures),
        }
    )


@require_GET
def export(request, fmt):
    if not can_view_city_report(request.user):
        return _forbidden(request)
    exporter = EXPORTERS.get(fmt)
    if exporter is None:
        raise Http404
    scope = _scope(request)
    if scope.campaign is None:
        raise Http404
    content, content_type = exporter(
        campaign=scope.campaign, since=scope.since, until=scope.until, figures=scope.figures
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-tong-ket.{fmt}"'
    return response


@require_GET
def reporting(request):
    """Every reporting period, and for the chosen one which schools have reported."""
    if not can_manage_reporting(request.user):
        return _forbidden(request)
    periods = list(ReportingPeriod.objects.select_related("campaign").order_by("-starts_on", "pk"))
    period = None
    if request.GET.get("period"):
        try:
            period = next(p for p in periods if p.pk == int(request.GET["period"]))
        except (StopIteration, ValueError):
            raise Http404 from None
    elif periods:
        period = periods[0]
    schools = selectors.reporting_status(period=period) if period else []
    context = {
        "periods": periods,
        "period": period,
        "schools": schools,
        "missing": sum(1 for s in schools if s.report_pk is None),
        "campaigns": Campaign.objects.exists(),
    }
    return TemplateResponse(request, T + "reporting.html", context)


@require_POST
def remind(request, period_id):
    if not can_manage_reporting(request.user):
        return _forbidden(request)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    form = ReminderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Yêu cầu nhắc không hợp lệ."))
        return redirect(f"{_reporting_url()}?period={period.pk}")
    school = form.cleaned_data.get("school")
    try:
        count = services.remind_schools(
            period=period, actor=request.user, school_ids=[school] if school else None
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        if count:
            messages.success(request, _("Đã gửi nhắc nhở tới %(n)d trường.") % {"n": count})
        else:
            messages.warning(
                request,
                _(
                    "Không có trường nào để nhắc: các trường chưa báo cáo đều đã được nhắc trong ngày hoặc chưa có giáo viên phụ trách."
                ),
            )
    return redirect(f"{_reporting_url()}?period={period.pk}")


@require_POST
def change_period(request, period_id, action):
    if not can_manage_reporting(request.user):
        return _forbidden(request)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    to_state = {"khoa": PeriodState.LOCKED, "mo-lai": PeriodState.OPEN}.get(action)
    if to_state is None:
        raise Http404
    try:
        services.transition_period(period=period, to_state=to_state, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Kỳ báo cáo: %(state)s.") % {"state": PeriodState(to_state).label})
    return redirect(f"{_reporting_url()}?period={period.pk}")


@require_GET
def school_report(request, pk):
    if not can_manage_reporting(request.user):
        return _forbidden(request)
    report = get_object_or_404(
        ActivityReport.objects.select_related("school", "period", "updated_by").prefetch_related("photos"),
        pk=pk,
    )
    context = {
        "report": report,
        "reasons": services.implausible_reasons(report=report, school=report.school),
    }
    return TemplateResponse(request, T + "school_report.html", context)


def _reporting_url() -> str:
    return reverse("reports_reporting")


IMPORT_SESSION_KEY = "reports_school_import"


@require_http_methods(["GET", "POST"])
def import_schools(request):
    """Step one: upload the file and see, row by row, what applying it would do (nothing is written)."""
    if not can_manage_reporting(request.user):
        return _forbidden(request)
    form = SchoolImportForm(request.POST or None, request.FILES or None)
    plan, status = None, 200
    if request.method == "POST":
        if form.is_valid():
            rows = form.cleaned_data["file"]
            plan = services.plan_import(rows=rows)
            request.session[IMPORT_SESSION_KEY] = [row.as_dict() for row in rows]
        else:
            status = 400
    context = {
        "form": form,
        "plan": plan,
        "counts": _plan_counts(plan) if plan is not None else None,
        "imports": list(SchoolImport.objects.select_related("actor")[:5]),
    }
    return TemplateResponse(request, T + "import.html", context, status=status)


@require_POST
def apply_import(request):
    """Step two: apply the rows previewed in this session."""
    if not can_manage_reporting(request.user):
        return _forbidden(request)
    stored = request.session.pop(IMPORT_SESSION_KEY, None)
    if not stored:
        messages.error(request, _("Hãy tải tệp lên và xem trước trước khi áp dụng."))
        return redirect("reports_import")
    rows = [SchoolRow(**row) for row in stored]
    audit = services.apply_school_import(rows=rows, actor=request.user)
    messages.success(
        request,
        _("Đã nhập: %(created)d trường mới, %(updated)d trường cập nhật, %(invited)d giáo viên được mời.")
        % {"created": audit.created, "updated": audit.updated, "invited": audit.invited},
    )
    return redirect("reports_import")


def _plan_counts(plan) -> dict:
    counts = {"create": 0, "update": 0, "same": 0, "error": 0, "invite": 0}
    for item in plan:
        if not item["repeat"]:  # a school on several rows (one per coordinator) counts once
            counts[item["action"]] += 1
        if item["coordinator"] == "invite":
            counts["invite"] += 1
    return counts
