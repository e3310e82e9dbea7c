"""The school coordinator's activity reports: their own school only, taken from the signed-in account,
never from the URL; an id of another school's photo answers 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest.errors import DomainError
from reports import selectors, services
from reports.enums import MAX_PHOTOS
from reports.forms import ActivityPhotoForm, ActivityReportForm
from reports.models import ActivityPhoto, ReportingPeriod
from reports.rules import can_report_activities, can_view_activity_report


def _school(request):
    if not can_report_activities(request.user):
        raise Http404
    return request.user.school


@login_required
@require_GET
def periods(request):
    school = _school(request)
    return render(
        request,
        "reports/periods.html",
        {"school": school, "periods": selectors.open_periods_for(school=school)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_report(request, period_id):
    school = _school(request)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    report = selectors.report_of(period=period, school=school)
    status = 200
    form = ActivityReportForm(request.POST or None, instance=report, period=period)
    if request.method == "POST":
        if form.is_valid():
            try:
                saved = services.save_activity_report(
                    period=period, school=school, actor=request.user, data=form.cleaned_data
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = error.status_code
            else:
                messages.success(request, _("Đã lưu báo cáo hoạt động của nhà trường."))
                for reason in services.implausible_reasons(report=saved, school=school):
                    messages.warning(request, reason + " " + _("Ban tổ chức sẽ liên hệ để kiểm tra lại."))
                return redirect("reports:activity_report", period_id=period.pk)
        else:
            status = 400
    context = {
        "school": school,
        "period": period,
        "report": report,
        "form": form,
        "photo_form": ActivityPhotoForm(),
        "photos": list(report.photos.all()) if report else [],
        "max_photos": MAX_PHOTOS,
        "reasons": services.implausible_reasons(report=report, school=school) if report else [],
    }
    return render(request, "reports/activity_report.html", context, status=status)


@login_required
@require_POST
def add_photo(request, period_id):
    school = _school(request)
    period = get_object_or_404(ReportingPeriod, pk=period_id)
    report = selectors.report_of(period=period, school=school)
    if report is None:
        messages.error(request, _("Hãy lưu báo cáo trước, rồi thêm ảnh."))
        return redirect("reports:activity_report", period_id=period.pk)
    form = ActivityPhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        context = {
            "school": school,
            "period": period,
            "report": report,
            "form": ActivityReportForm(instance=report, period=period),
            "photo_form": form,
            "photos": list(report.photos.all()),
            "max_photos": MAX_PHOTOS,
            "reasons": services.implausible_reasons(report=report, school=school),
        }
        return render(request, "reports/activity_report.html", context, status=400)
    try:
        services.add_activity_photo(report=report, photo=form.cleaned_data["photo"], actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã thêm ảnh. Ảnh đã được xoá thông tin vị trí và thiết bị."))
    return redirect("reports:activity_report", period_id=period.pk)


def _photo(request, photo_id) -> ActivityPhoto:
    photo = (
        ActivityPhoto.objects.select_related("report__school", "report__period").filter(pk=photo_id).first()
    )
    if photo is None or not can_view_activity_report(request.user, photo.report):
        raise Http404
    return photo


@login_required
@require_GET
def photo_file(request, photo_id):
    photo = _photo(request, photo_id)
    response = FileResponse(storages["private"].open(photo.key, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def remove_photo(request, photo_id):
    photo = _photo(request, photo_id)
    if not can_report_activities(request.user, photo.report.school):
        raise Http404
    period_id = photo.report.period_id
    try:
        services.remove_activity_photo(photo=photo, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xoá ảnh."))
    return redirect("reports:activity_report", period_id=period_id)
