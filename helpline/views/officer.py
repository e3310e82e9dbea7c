"""The designated officers' triage queue. Anyone else signed in gets a 404 from every URL here, before any
report is looked up, so that nobody learns whether a report (or the queue) exists. Every page and action is
written to the audit trail."""

import functools

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from contest.errors import DomainError
from helpline import selectors, services
from helpline.enums import RESPONSE_TARGETS, AuditAction, MessageKind, Urgency
from helpline.forms import AssignForm, CloseForm, MessageForm, UrgencyForm
from helpline.models import Evidence
from helpline.rules import can_view_original_evidence, is_helpline_officer


def officer_only(view):
    @functools.wraps(view)
    @never_cache
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_helpline_officer(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _report_or_404(pk):
    report = selectors.report_for_officer(pk)
    if report is None:
        raise Http404
    return report


@officer_only
@require_GET
def queue(request):
    show_closed = request.GET.get("closed") == "1"
    services.record_view(report=None, actor=request.user, action=AuditAction.VIEW_QUEUE)
    return render(
        request,
        "helpline/officer/queue.html",
        {"reports": selectors.officer_queue(include_closed=show_closed), "show_closed": show_closed},
    )


@officer_only
@require_GET
def report_detail(request, pk: int):
    report = _report_or_404(pk)
    services.record_view(report=report, actor=request.user)
    return render(
        request,
        "helpline/officer/report.html",
        {
            "report": report,
            "target": RESPONSE_TARGETS[report.urgency],
            "replies": [m for m in report.messages.all() if m.kind != MessageKind.NOTE],
            "notes": [m for m in report.messages.all() if m.kind == MessageKind.NOTE],
            "may_open_originals": can_view_original_evidence(request.user, report),
            "message_form": MessageForm(),
            "urgency_form": UrgencyForm(initial={"urgency": report.urgency}),
            "close_form": CloseForm(),
            "assign_form": AssignForm(
                officers=selectors.officers(), initial={"officer": report.assigned_to_id}
            ),
            "urgencies": Urgency,
        },
    )


@officer_only
@require_GET
def evidence_file(request, pk: int, evidence_pk: int, original: bool = False):
    evidence = Evidence.objects.select_related("report").filter(pk=evidence_pk, report_id=pk).first()
    if evidence is None:
        raise Http404
    try:
        data = services.read_evidence(evidence=evidence, actor=request.user, original=original)
    except DomainError as error:
        return HttpResponse(error.message, status=error.status_code, content_type="text/plain; charset=utf-8")
    content_type = f"image/{evidence.original_format}" if original else "image/jpeg"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = "inline"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _officer_action(request, pk, action):
    report = _report_or_404(pk)
    actor = request.user
    if action == "pick-up":
        services.pick_up_report(report=report, actor=actor)
        return _("Bạn đã nhận báo cáo này.")
    if action == "reply" or action == "note":
        form = MessageForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Hãy viết nội dung trước khi gửi."))
        if action == "reply":
            services.reply_to_report(report=report, actor=actor, text=form.cleaned_data["text"])
            return _("Đã gửi trả lời. Em sẽ đọc được khi nhập mã theo dõi.")
        services.add_report_note(report=report, actor=actor, text=form.cleaned_data["text"])
        return _("Đã lưu ghi chú.")
    if action == "urgency":
        form = UrgencyForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Hãy chọn mức khẩn cấp."))
        services.set_report_urgency(report=report, actor=actor, urgency=form.cleaned_data["urgency"])
        return _("Đã đổi mức khẩn cấp.")
    if action == "assign":
        form = AssignForm(request.POST, officers=selectors.officers())
        if not form.is_valid():
            raise DomainError(_("Hãy chọn một cán bộ tiếp nhận."))
        services.assign_report(report=report, actor=actor, officer=form.cleaned_data["officer"])
        return _("Đã phân công.")
    if action == "escalate":
        services.escalate_report(report=report, actor=actor, reason="by officer")
        return _("Đã chuyển cho cán bộ tiếp theo.")
    if action == "close":
        form = CloseForm(request.POST)
        if not form.is_valid():
            raise DomainError(_("Hãy chọn kết quả trước khi đóng báo cáo."))
        services.close_report(report=report, actor=actor, outcome=form.cleaned_data["outcome"])
        return _("Đã đóng báo cáo.")
    if action == "reopen":
        services.reopen_report(report=report, actor=actor)
        return _("Đã mở lại báo cáo.")
    if action == "misuse":
        services.mark_report_misuse(report=report, actor=actor)
        return _("Đã đánh dấu là báo cáo không nghiêm túc.")
    raise Http404


@officer_only
@require_POST
def report_action(request, pk: int, action: str):
    try:
        done = _officer_action(request, pk, action)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("helpline:officer_report", pk=pk)
    messages.success(request, done)
    return redirect("helpline:officer_report", pk=pk)
