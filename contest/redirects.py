"""The one place a `next` parameter is read: it is followed only when it stays on this site (and, in
production, on HTTPS); anything else (another host, `//host`, `javascript:`) gives the fallback."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme

REDIRECT_FIELD = "next"


def checked_next(request) -> str:
    """The request's `next` (POST first, then the query string) if it is safe to follow, else ""."""
    target = request.POST.get(REDIRECT_FIELD) or request.GET.get(REDIRECT_FIELD) or ""
    if target and url_has_allowed_host_and_scheme(
        target,
        allowed_hosts={request.get_host()},
        require_https=settings.PRODUCTION or request.is_secure(),
    ):
        return target
    return ""


def safe_next(request, fallback: str) -> str:
    """Where to go after a form: the request's safe `next`, or `fallback` (a URL or a URL name)."""
    return checked_next(request) or resolve_url(fallback)


class SafeNextMixin:
    """For Django's auth views (RedirectURLMixin): their `next` goes through checked_next too."""

    def get_redirect_url(self):
        return checked_next(self.request)
