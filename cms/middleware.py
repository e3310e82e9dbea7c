"""Headers that Django's own middleware does not set: the admin's Content-Security-Policy and
Permissions-Policy. The public policy itself is `SECURE_CSP` in settings."""

from django.conf import settings


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
