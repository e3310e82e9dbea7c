"""The "Bình chọn" button on public work pages and gallery cards: a POST (with CSRF) that casts or
withdraws one vote, then goes back to the page it came from. A refusal is a page with the reason and the
service's status (403, 404, 409 or 429), never a 500."""

import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from contest.errors import DomainError
from contest.redirects import safe_next
from voting.services.votes import cast_vote, withdraw_vote
from voting.traces import DEVICE_COOKIE, DEVICE_COOKIE_AGE, DEVICE_SALT


def _device(request) -> tuple[str, bool]:
    """The random id of this browser from its long-lived signed cookie; a new one if missing or forged."""
    try:
        value = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT, max_age=DEVICE_COOKIE_AGE)
    except (KeyError, signing.BadSignature):
        value = ""
    if value and len(value) <= 64:
        return value, False
    return secrets.token_urlsafe(18), True


def _respond(request, key: str, action) -> object:
    back = safe_next(request, reverse("gallery:entry", args=[key]))
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    device_id, new_device = _device(request)
    try:
        message = action(device_id)
    except DomainError as error:
        response = render(
            request, "voting/refused.html", {"message": error.message, "back": back}, status=error.status_code
        )
    else:
        messages.success(request, message)
        response = redirect(back)
    if new_device:
        response.set_signed_cookie(
            DEVICE_COOKIE,
            device_id,
            salt=DEVICE_SALT,
            max_age=DEVICE_COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=getattr(settings, "SESSION_COOKIE_SECURE", False),
        )
    return response


@require_POST
def vote(request, key: str):
    def action(device_id):
        cast_vote(
            voter=request.user,
            entry_key=key,
            ip=request.META.get("REMOTE_ADDR", ""),
            device_id=device_id,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
        )
        return _("Cảm ơn em đã bình chọn cho tác phẩm này!")

    return _respond(request, key, action)


@require_POST
def withdraw(request, key: str):
    def action(device_id):
        withdraw_vote(voter=request.user, entry_key=key)
        return _("Em đã rút phiếu bình chọn cho tác phẩm này.")

    return _respond(request, key, action)
