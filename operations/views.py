import ipaddress
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpResponse
from django.template import loader
from django.utils.crypto import constant_time_compare
from django.views import defaults
from django.views.decorators.cache import never_cache
from health_check.views import HealthCheckView

from operations.health import readiness_checks, worker_checks
from operations.metrics import exposition


@never_cache
def liveness(request):
    return HttpResponse("ok\n", content_type="text/plain")


class ReadinessView(HealthCheckView):
    """503 rather than the library's 500 when a dependency is down: load balancers read 503 as "not ready"."""

    checks_for = staticmethod(readiness_checks)

    def get_checks(self):
        self.checks = self.checks_for()
        return super().get_checks()

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code == 500:
            response.status_code = 503
        return response


def _metrics_allowed(request) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
        return constant_time_compare(given, token)
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return address.is_loopback


@never_cache
def metrics(request):
    """Prometheus scrape endpoint: from loopback only, or with METRICS_TOKEN as a bearer token."""
    if not _metrics_allowed(request):
        raise Http404
    return HttpResponse(exposition(), content_type="text/plain; version=0.0.4")


class WorkersView(ReadinessView):
    checks_for = staticmethod(worker_checks)


def server_error(request):
    """Django's 500, except when the database is unreachable (restarting, failing over): then a 503 with
    Retry-After, which says what happened — the request was not carried out, nothing saved was lost — and
    lets clients and load balancers retry."""
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "30"
        return response
    return defaults.server_error(request)
