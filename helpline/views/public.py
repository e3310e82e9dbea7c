"""The young person's pages, without an account: three steps, the guidance and code, the code check.

They extend a light template that reads nothing from the database, so that a report sent while the database
is down comes back with everything typed still on the page and a plain "it did not go through"."""

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest.errors import DomainError
from helpline import ratelimit, selectors, services
from helpline.forms import CodeForm, FollowUpForm, ReportForm
from helpline.models import Report

DONE_SESSION_KEY = "helpline_done"


def _client(request) -> tuple[str, str, str]:
    device = ratelimit.device_id(request)
    return device, ratelimit.digest(ratelimit.client_ip(request)), ratelimit.digest(device)


def _render(request, template, context, *, status=200, device=None):
    context = {"exit_url": settings.HELPLINE_EXIT_URL, **context}
    response = render(request, template, context, status=status)
    if device:
        ratelimit.remember_device(request, response, device)
    return response


def _misuse_device(device_digest: str) -> bool:
    return Report.objects.filter(sender_device_digest=device_digest, outcome="misuse").exists()


@never_cache
@require_http_methods(["GET", "POST"])
def start(request):
    device, ip_digest, device_digest = _client(request)
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        return _render(request, "helpline/start.html", {"form": form}, device=device)
    if not ratelimit.allow("report", ip_digest=ip_digest, device_digest=device_digest):
        messages_ = [
            _("Em đã gửi nhiều báo cáo liên tiếp. Hãy thử lại sau ít phút, hoặc gọi ngay 111 (miễn phí).")
        ]
        return _render(
            request, "helpline/start.html", {"form": form, "problems": messages_}, status=429, device=device
        )
    if not form.is_valid():
        return _render(request, "helpline/start.html", {"form": form}, status=400, device=device)
    data = form.cleaned_data
    try:
        if _misuse_device(device_digest) and not ratelimit.allow(
            "misuse", ip_digest=ip_digest, device_digest=device_digest
        ):
            problem = _(
                "Em đã gửi nhiều báo cáo liên tiếp. Hãy thử lại sau ít phút, hoặc gọi ngay 111 (miễn phí)."
            )
            return _render(
                request,
                "helpline/start.html",
                {"form": form, "problems": [problem]},
                status=429,
                device=device,
            )
        report, code = services.submit_report(
            concerns=data["concerns"],
            description=data["description"],
            screenshots=data["screenshots"],
            involve=data["involve"],
            contact=data["contact"],
            language=get_language() or "vi",
            ip_digest=ip_digest,
            device_digest=device_digest,
        )
        request.session[DONE_SESSION_KEY] = {"code": code, "concerns": report.concerns}
    except DomainError as error:
        return _render(
            request,
            "helpline/start.html",
            {"form": form, "problems": [error.message]},
            status=error.status_code,
            device=device,
        )
    except DatabaseError:
        problem = _(
            "Báo cáo CHƯA gửi được vì máy chủ đang gặp sự cố. Những gì em viết vẫn còn ở dưới: hãy thử gửi lại "
            "sau ít phút (ảnh cần chọn lại). Nếu em đang gặp nguy hiểm, gọi ngay 113 hoặc 111."
        )
        return _render(
            request,
            "helpline/start.html",
            {"form": form, "problems": [problem], "not_sent": True},
            status=503,
            device=device,
        )
    response = redirect("helpline:done")
    ratelimit.remember_device(request, response, device)
    return response


@never_cache
@require_GET
def done(request):
    """Shown once: the code leaves the session as it is shown."""
    sent = request.session.pop(DONE_SESSION_KEY, None)
    if not sent:
        return redirect("helpline:check")
    return _render(
        request,
        "helpline/done.html",
        {"code": sent["code"], "guidance": selectors.guidance_for(sent["concerns"])},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def check(request):
    device, ip_digest, device_digest = _client(request)
    form = CodeForm(request.POST or None)
    if request.method == "GET":
        return _render(request, "helpline/check.html", {"form": form}, device=device)
    if not ratelimit.allow("check", ip_digest=ip_digest, device_digest=device_digest):
        problem = _("Em đã thử quá nhiều lần. Hãy đợi 15 phút rồi thử lại.")
        return _render(
            request, "helpline/check.html", {"form": form, "problems": [problem]}, status=429, device=device
        )
    report = selectors.report_by_code(form.data.get("code", "")) if form.is_valid() else None
    if report is None:
        problem = _("Không tìm thấy báo cáo với mã này. Hãy kiểm tra lại từng ký tự.")
        return _render(
            request, "helpline/check.html", {"form": form, "problems": [problem]}, status=404, device=device
        )
    services.record_reporter_read(report=report)
    return _status(request, report, form.cleaned_data["code"], device=device)


def _status(request, report, code, *, device, status=200, follow_up=None, problems=()):
    return _render(
        request,
        "helpline/status.html",
        {
            "problems": list(problems),
            "report": report,
            "replies": selectors.messages_for_reporter(report),
            "follow_up": follow_up or FollowUpForm(initial={"code": code}),
        },
        status=status,
        device=device,
    )


@never_cache
@require_POST
def follow_up(request):
    device, ip_digest, device_digest = _client(request)
    form = FollowUpForm(request.POST)
    if not ratelimit.allow("check", ip_digest=ip_digest, device_digest=device_digest):
        problem = _("Em đã thử quá nhiều lần. Hãy đợi 15 phút rồi thử lại.")
        return _render(
            request,
            "helpline/check.html",
            {"form": CodeForm(), "problems": [problem]},
            status=429,
            device=device,
        )
    report = selectors.report_by_code(form.data.get("code", ""))
    if report is None:
        problem = _("Không tìm thấy báo cáo với mã này. Hãy kiểm tra lại từng ký tự.")
        return _render(
            request,
            "helpline/check.html",
            {"form": CodeForm(), "problems": [problem]},
            status=404,
            device=device,
        )
    if not form.is_valid():
        return _status(request, report, form.data["code"], device=device, status=400, follow_up=form)
    try:
        services.add_follow_up(report=report, text=form.cleaned_data["text"])
    except DomainError as error:
        return _status(
            request,
            report,
            form.data["code"],
            device=device,
            status=error.status_code,
            problems=[error.message],
        )
    return _status(request, report, form.cleaned_data["code"], device=device)
