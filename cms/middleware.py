"""Request-wide behaviour of the site that belongs to no single app: the admin's language, the admin's
Content-Security-Policy and the Permissions-Policy. The public policy itself is `SECURE_CSP` in settings."""

from django.conf import settings
from django.utils import translation


class AdminLanguageMiddleware:
    """The admin speaks Vietnamese unless the person chose otherwise.

    LocaleMiddleware would follow the browser's Accept-Language on `/admin/`, so an organiser whose phone is set
    to English would get an English admin by accident. Here only an explicit choice counts: the language cookie
    set by the site's language switch, or the "preferred language" in the admin account (which Wagtail applies
    itself, inside each admin view).
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        if request.path.startswith(self.admin_prefix) and not request.COOKIES.get(
            settings.LANGUAGE_COOKIE_NAME
        ):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Sits after ContentSecurityPolicyMiddleware in MIDDLEWARE, so it sees the response first and can
    hand the Wagtail admin its laxer policy (settings.SECURE_CSP_ADMIN says why)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIX) and not hasattr(
            response, "_csp_config"
        ):
            response._csp_config = settings.SECURE_CSP_ADMIN
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
