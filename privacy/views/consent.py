"""The entrant's consent page, the guardian's page behind a signed link (no account needed), and the
coordinator's confirmation of a guardian's consent."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from contest.errors import DomainError
from contest.models import User
from contest.redirects import safe_next
from privacy.enums import ConsentGiver
from privacy.forms import GuardianInviteForm, ParentAccountForm, PurposesForm, SchoolConfirmationForm
from privacy.registry import registry
from privacy.rules import can_confirm_guardian_consent, can_manage_own_consent
from privacy.selectors import (
    ParentAccountState,
    active_consents,
    consent_status_for_user,
    parent_account_state,
)
from privacy.services import consent as consent_services
from privacy.services.parents import create_parent_account_from_link


def _purposes_given(user, giver) -> set[str]:
    return set(active_consents(user_ids=[user.pk]).filter(giver=giver).values_list("purpose", flat=True))


def _render_my_consent(request, *, own_form=None, invite_form=None, status=200):
    own_initial = PurposesForm.initial_from(_purposes_given(request.user, ConsentGiver.ENTRANT))
    context = {
        "status": consent_status_for_user(user=request.user),
        "own_form": own_form or PurposesForm(initial=own_initial),
        "invite_form": invite_form or GuardianInviteForm(),
    }
    return render(request, "privacy/my_consent.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def my_consent(request):
    if not can_manage_own_consent(request.user):
        raise PermissionDenied
    if request.method == "GET":
        return _render_my_consent(request)
    form = PurposesForm(request.POST)
    if not form.is_valid():
        return _render_my_consent(request, own_form=form, status=400)
    try:
        consent_services.set_own_consents(entrant=request.user, purposes=form.purposes(), actor=request.user)
    except DomainError as error:
        form.add_error(None, error.message)
        return _render_my_consent(request, own_form=form, status=error.status_code)
    messages.success(request, _("Đã lưu lựa chọn của em."))
    return redirect("privacy:mine")


@login_required
@require_POST
def invite_guardian(request):
    if not can_manage_own_consent(request.user):
        raise PermissionDenied
    form = GuardianInviteForm(request.POST)
    if not form.is_valid():
        return _render_my_consent(request, invite_form=form, status=400)
    try:
        consent_services.request_guardian_consent(
            entrant=request.user,
            guardian_email=form.cleaned_data["guardian_email"],
            guardian_name=form.cleaned_data["guardian_name"],
            actor=request.user,
        )
    except DomainError as error:
        form.add_error(None, error.message)
        return _render_my_consent(request, invite_form=form, status=error.status_code)
    messages.success(request, _("Đã gửi thư tới phụ huynh. Em nhắc bố mẹ mở thư nhé."))
    return redirect("privacy:mine")


def link_error(request, error: DomainError):
    return render(request, "privacy/link_error.html", {"message": error.message}, status=error.status_code)


def _guardian_context(request_row, form):
    return {
        "consent_request": request_row,
        "child": request_row.entrant,
        "form": form,
        "guardian_given": _purposes_given(request_row.entrant, ConsentGiver.GUARDIAN),
        "contests": sorted({p.title for p in registry.participations(user=request_row.entrant)}),
        "parent_account": parent_account_state(request=request_row),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def guardian_consent(request, token):
    try:
        request_row = consent_services.resolve_guardian_link(token=token)
    except DomainError as error:
        return link_error(request, error)
    if request.method == "GET":
        consent_services.mark_guardian_link_opened(request=request_row)
        current = _purposes_given(request_row.entrant, ConsentGiver.GUARDIAN)
        form = PurposesForm(initial=PurposesForm.initial_from(current), audience="guardian")
        return render(request, "privacy/guardian.html", _guardian_context(request_row, form))
    form = PurposesForm(request.POST, audience="guardian")
    if not form.is_valid():
        return render(request, "privacy/guardian.html", _guardian_context(request_row, form), status=400)
    try:
        consent_services.record_guardian_decision(request=request_row, purposes=form.purposes())
    except DomainError as error:
        return link_error(request, error)
    return render(
        request,
        "privacy/guardian_done.html",
        {
            "child": request_row.entrant,
            "purposes": form.purposes(),
            "token": token,
            "parent_account": parent_account_state(request=request_row),
        },
    )


def _parent_account_page(request, request_row, form, *, status=200, error=""):
    context = {
        "consent_request": request_row,
        "form": form,
        "state": parent_account_state(request=request_row),
        "error": error,
        "login_url": f"{reverse('accounts:login')}?next={reverse('challenges:index')}",
    }
    return render(request, "privacy/parent_account.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def guardian_account(request, token):
    """The guardian's own account to take part in the campaign's challenges, made through their link
    (before, after or without giving consent). It gives no access to the child's data."""
    try:
        request_row = consent_services.resolve_guardian_link(token=token)
    except DomainError as error:
        return link_error(request, error)
    email = request_row.guardian_email
    if request.method == "GET":
        return _parent_account_page(request, request_row, ParentAccountForm(email=email))
    form = ParentAccountForm(request.POST, email=email)
    if parent_account_state(request=request_row) != ParentAccountState.OPEN:
        return _parent_account_page(request, request_row, form, status=409)
    if not form.is_valid():
        return _parent_account_page(request, request_row, form, status=400)
    try:
        create_parent_account_from_link(
            request=request_row,
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
        )
    except DomainError as error:
        return _parent_account_page(request, request_row, form, status=error.status_code, error=error.message)
    messages.success(
        request, _("Đã tạo tài khoản. Xin Quý phụ huynh đăng nhập bằng e-mail và mật khẩu vừa đặt.")
    )
    return redirect(f"{reverse('accounts:login')}?next={reverse('challenges:index')}")


@never_cache
@require_POST
def guardian_withdraw(request, token):
    try:
        request_row = consent_services.resolve_guardian_link(token=token)
        consent_services.withdraw_guardian_consent(request=request_row)
    except DomainError as error:
        return link_error(request, error)
    return render(request, "privacy/guardian_withdrawn.html", {"child": request_row.entrant})


@login_required
@require_POST
def confirm_guardian(request, pk):
    """A coordinator marks a pupil's guardian consent as confirmed by the school (phone call, paper form,
    in person). Goes back to the page it came from (the coordinator's pupil page) when that is ours."""
    pupil = get_object_or_404(User, pk=pk)
    if not can_confirm_guardian_consent(request.user, pupil):
        raise PermissionDenied
    form = SchoolConfirmationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn cách nhà trường đã liên hệ với phụ huynh."))
    else:
        try:
            consent_services.confirm_guardian_consent(
                pupil=pupil, coordinator=request.user, how=form.cleaned_data["how"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã ghi nhận nhà trường xác nhận sự đồng ý của phụ huynh."))
    return redirect(safe_next(request, "/"))
