"""“Dữ liệu của tôi”: a person downloads their data or asks for its deletion (scheduled, with a cancel
link); a guardian does the same for their child through the consent link, after typing a one-time code
sent to the guardian's address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest.errors import DomainError
from contest.rules import is_parent
from privacy.enums import DeletionRequester, GuardianCodePurpose
from privacy.forms import DeleteMyDataForm, GuardianCodeForm, GuardianDeleteForm
from privacy.rules import can_use_data_rights
from privacy.selectors import scheduled_deletion
from privacy.services import consent as consent_services
from privacy.services.data_rights import export_personal_data
from privacy.services.deletion import cancel_deletion, resolve_cancel_link, schedule_deletion
from privacy.services.guardian_codes import send_guardian_code, use_guardian_code
from privacy.views.consent import link_error


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


def _render_my_data(request, form=None, status=200):
    context = {
        "form": form or DeleteMyDataForm(),
        "deletion": scheduled_deletion(user=request.user),
        "adult": is_parent(request.user),
    }
    return render(request, "privacy/my_data.html", context, status=status)


@login_required
@require_GET
def my_data(request):
    _entrant(request)
    return _render_my_data(request)


@login_required
@require_GET
def download_my_data(request):
    return _zip_response(_entrant(request))


@login_required
@require_POST
def delete_my_data(request):
    user = _entrant(request)
    form = DeleteMyDataForm(request.POST)
    if not form.is_valid():
        return _render_my_data(request, form=form, status=400)
    try:
        deletion = schedule_deletion(
            subject=user, requested_by=DeletionRequester.SELF, notify_email=user.email
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _render_my_data(request, form=form, status=error.status_code)
    return render(
        request, "privacy/deletion_scheduled.html", {"deletion": deletion, "adult": is_parent(user)}
    )


@login_required
@require_POST
def cancel_my_deletion(request):
    deletion = scheduled_deletion(user=_entrant(request))
    if deletion is not None:
        try:
            cancel_deletion(deletion=deletion)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã huỷ yêu cầu xoá dữ liệu."))
    return redirect("privacy:my_data")


@never_cache
@require_http_methods(["GET", "POST"])
def cancel_deletion_link(request, token):
    """The cancel link from the e-mail: GET shows what will be cancelled, POST cancels."""
    try:
        deletion = resolve_cancel_link(token=token)
    except DomainError as error:
        return link_error(request, error)
    if request.method == "POST":
        try:
            deletion = cancel_deletion(deletion=deletion)
        except DomainError as error:
            return link_error(request, error)
    return render(request, "privacy/deletion_cancel.html", {"deletion": deletion})


def _guardian_page(request, child, token, *, code_form=None, delete_form=None, sent=None, status=200):
    context = {
        "child": child,
        "token": token,
        "code_form": code_form or GuardianCodeForm(),
        "delete_form": delete_form or GuardianDeleteForm(),
        "sent": sent,
        "deletion": scheduled_deletion(user=child),
    }
    return render(request, "privacy/guardian_data.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def guardian_data(request, token):
    """GET: the page. POST with action=send-download / send-delete: e-mail a fresh code. POST with
    action=download: the ZIP once the code matches. POST with action=delete: schedule the deletion once
    the code matches and the word is typed."""
    try:
        consent_request = consent_services.resolve_guardian_link(token=token)
    except DomainError as error:
        return link_error(request, error)
    child = consent_request.entrant
    if request.method == "GET":
        return _guardian_page(request, child, token)
    action = request.POST.get("action", "")
    if action in {"send-download", "send-delete"}:
        purpose = GuardianCodePurpose.DOWNLOAD if action == "send-download" else GuardianCodePurpose.DELETE
        send_guardian_code(request=consent_request, purpose=purpose)
        return _guardian_page(request, child, token, sent=purpose)
    if action == "download":
        form = GuardianCodeForm(request.POST)
        if not form.is_valid():
            return _guardian_page(request, child, token, code_form=form, sent="download", status=400)
        try:
            use_guardian_code(
                request=consent_request, purpose=GuardianCodePurpose.DOWNLOAD, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_error("code", error.message)
            return _guardian_page(
                request, child, token, code_form=form, sent="download", status=error.status_code
            )
        return _zip_response(child)
    if action == "delete":
        form = GuardianDeleteForm(request.POST)
        if not form.is_valid():
            return _guardian_page(request, child, token, delete_form=form, sent="delete", status=400)
        try:
            use_guardian_code(
                request=consent_request, purpose=GuardianCodePurpose.DELETE, code=form.cleaned_data["code"]
            )
            deletion = schedule_deletion(
                subject=child,
                requested_by=DeletionRequester.GUARDIAN,
                notify_email=consent_request.guardian_email,
            )
        except DomainError as error:
            form.add_error("code", error.message)
            return _guardian_page(
                request, child, token, delete_form=form, sent="delete", status=error.status_code
            )
        return render(request, "privacy/deletion_scheduled.html", {"deletion": deletion, "guardian": True})
    return _guardian_page(request, child, token, status=400)
