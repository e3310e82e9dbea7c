"""The organiser's "publish the results" page: shows what will be published and where, and hands the
result to `results.services.publication` (draft pages, submitted to the head of the board's approval)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cms.results_pages import GalleryPage, ResultsPage
from contest.errors import DomainError
from results import rules
from results.models import ContestResult
from results.publication_forms import PublishResultsForm
from results.services.publication import publish_contest_results


def _pages(result: ContestResult) -> list:
    return [
        *ResultsPage.objects.filter(contest_id=result.contest_id).select_related("locale"),
        *GalleryPage.objects.filter(contest_id=result.contest_id).select_related("locale"),
    ]


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, contest_id: int):
    if not rules.can_publish_results(request.user):
        raise Http404
    result = get_object_or_404(ContestResult.objects.select_related("contest"), contest_id=contest_id)
    form = PublishResultsForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                publish_contest_results(
                    result=result, actor=request.user, go_live_at=form.cleaned_data["go_live_at"]
                )
            except DomainError as error:
                messages.error(request, error.message)
                status = error.status_code
            else:
                messages.success(
                    request,
                    _("Đã tạo bản nháp trang kết quả và thư viện, chờ Trưởng ban tổ chức duyệt."),
                )
                return redirect("publication:publish", contest_id)
        else:
            status = 400
    context = {"result": result, "contest": result.contest, "form": form, "pages": _pages(result)}
    return render(request, "results/publication/publish.html", context, status=status)
