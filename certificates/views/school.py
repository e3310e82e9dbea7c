"""The coordinator's certificates: their own school's pupils only (the school comes from the account, never
from the URL), per contest, and all of them as one ZIP streamed one PDF at a time."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from certificates import documents, rules
from certificates.selectors import school_certificates
from contest.models import Contest


def _school(request):
    if not rules.can_download_school_certificates(request.user):
        raise Http404
    return request.user.school


@login_required
@require_GET
def school(request):
    school = _school(request)
    per_contest = (
        school_certificates(school=school)
        .order_by()
        .values("contest_id", "contest__title")
        .annotate(count=Count("pk"))
        .order_by("contest__title")
    )
    return render(
        request,
        "certificates/school.html",
        {
            "school": school,
            "per_contest": list(per_contest),
            "total": sum(row["count"] for row in per_contest),
        },
    )


@login_required
@require_GET
def school_zip(request):
    school = _school(request)
    contest_id = request.GET.get("cuoc_thi") or None
    if contest_id is not None:
        if not contest_id.isdigit() or not Contest.objects.filter(pk=contest_id).exists():
            raise Http404
        contest_id = int(contest_id)
    certificates = school_certificates(school=school, contest_id=contest_id)
    if not certificates.exists():
        raise Http404
    stamp = timezone.localtime().strftime("%Y%m%d")
    suffix = f"-{contest_id}" if contest_id else ""
    response = StreamingHttpResponse(
        documents.stream_zip(certificates.iterator(chunk_size=200)), content_type="application/zip"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="giay-chung-nhan-{school.code}{suffix}-{stamp}.zip"'
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
