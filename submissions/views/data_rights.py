"""“Dữ liệu của tôi”: an entrant downloads their data or has it deleted; a guardian does the same for
their child through the consent link."""

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from contest.errors import DomainError
from submissions.forms import DeleteMyDataForm
from submissions.rules import can_use_data_rights
from submissions.services import consent as consent_services
from submissions.services.data_rights import delete_personal_data, export_personal_data


def _zip_response(user) -> HttpResponse:
    response = HttpResponse(export_personal_data(user=user), content_type="application/zip")
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="du-lieu-cua-toi-{stamp}.zip"'
    response["Cache-Control"] = "no-store"
    return response


def _entrant(request):
    if not can_use_data_rights(request.user):
        raise PermissionDenied
    return request.user


@login_required
@require_GET
def my_data(request):
    _entrant(request)
    return render(request, "data_rights/my_data.html", {"form": DeleteMyDataForm()})


@login_required
@require_GET
def download_my_data(request):
    return _zip_response(_entrant(request))


@login_required
@require_http_methods(["POST"])
def delete_my_data(request):
    user = _entrant(request)
    form = DeleteMyDataForm(request.POST)
    if not form.is_valid():
        return render(request, "data_rights/my_data.html", {"form": form}, status=400)
    delete_personal_data(user=user, actor=user)
    logout(request)
    return render(request, "data_rights/deleted.html")


@never_cache
@require_http_methods(["GET", "POST"])
def guardian_data(request, token):
    try:
        consent_request = consent_services.resolve_guardian_link(token=token)
    except DomainError as error:
        return render(
            request, "consent/link_error.html", {"message": error.message}, status=error.status_code
        )
    child = consent_request.entrant
    if request.method == "GET":
        if request.GET.get("tai-ve"):
            return _zip_response(child)
        return render(
            request,
            "data_rights/guardian_data.html",
            {"child": child, "form": DeleteMyDataForm(), "token": token},
        )
    form = DeleteMyDataForm(request.POST)
    if not form.is_valid():
        context = {"child": child, "form": form, "token": token}
        return render(request, "data_rights/guardian_data.html", context, status=400)
    delete_personal_data(user=child, actor=None, reason=_("Phụ huynh yêu cầu xoá dữ liệu"))
    return render(request, "data_rights/deleted.html")
