"""The entrant's consent page and the guardian's page behind a signed link (no account needed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from contest.errors import DomainError
from submissions.forms import GuardianInviteForm, PurposesForm
from submissions.models import ConsentGiver
from submissions.rules import can_manage_own_consent
from submissions.selectors.consent import active_consents, consent_status_for_user
from submissions.services import consent as consent_services


def _own_purposes(user) -> set[str]:
    return set(
        active_consents(user_ids=[user.pk])
        .filter(giver=ConsentGiver.ENTRANT)
        .values_list("purpose", flat=True)
    )


def _render_my_consent(request, *, own_form=None, invite_form=None, status=200):
    context = {
        "status": consent_status_for_user(user=request.user),
        "own_form": own_form or PurposesForm(initial=PurposesForm.initial_from(_own_purposes(request.user))),
        "invite_form": invite_form or GuardianInviteForm(),
    }
    return render(request, "consent/my_consent.html", context, status=status)


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
    return redirect("consent:mine")


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
    return redirect("consent:mine")


def _link_error(request, error: DomainError):
    return render(request, "consent/link_error.html", {"message": error.message}, status=error.status_code)


def _guardian_context(request_row, form):
    from submissions.selectors.consent import active_givers, entries_touching

    given = active_givers(user_ids=[request_row.entrant_id]).get(request_row.entrant_id, {})
    guardian_given = {p for p, givers in given.items() if ConsentGiver.GUARDIAN in givers}
    entries = list(entries_touching(user=request_row.entrant))
    return {
        "consent_request": request_row,
        "child": request_row.entrant,
        "form": form,
        "guardian_given": guardian_given,
        "contests": sorted({e.contest.title for e in entries}),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def guardian_consent(request, token):
    try:
        request_row = consent_services.resolve_guardian_link(token=token)
    except DomainError as error:
        return _link_error(request, error)
    if request.method == "GET":
        consent_services.mark_guardian_link_opened(request=request_row)
        from submissions.selectors.consent import active_consents as active

        current = set(
            active(user_ids=[request_row.entrant_id])
            .filter(giver=ConsentGiver.GUARDIAN)
            .values_list("purpose", flat=True)
        )
        form = PurposesForm(initial=PurposesForm.initial_from(current))
        return render(request, "consent/guardian.html", _guardian_context(request_row, form))
    form = PurposesForm(request.POST)
    if not form.is_valid():
        return render(request, "consent/guardian.html", _guardian_context(request_row, form), status=400)
    try:
        consent_services.record_guardian_decision(request=request_row, purposes=form.purposes())
    except DomainError as error:
        return _link_error(request, error)
    return render(
        request,
        "consent/guardian_done.html",
        {"child": request_row.entrant, "purposes": form.purposes(), "token": token},
    )


@never_cache
@require_POST
def guardian_withdraw(request, token):
    try:
        request_row = consent_services.resolve_guardian_link(token=token)
        consent_services.withdraw_guardian_consent(request=request_row)
    except DomainError as error:
        return _link_error(request, error)
    return render(request, "consent/guardian_withdrawn.html", {"child": request_row.entrant})
