"""Maintenance mode: switched by `manage.py maintenance on|off`, read by every web process at most every few
seconds (one indexed row), so all nodes follow within MAINTENANCE_POLL_SECONDS without a restart."""

import time

from django.conf import settings
from django.db import DatabaseError
from django.shortcuts import render

# What goes on during maintenance: uploads already started (their chunks, presigned parts and completion),
# the probes, and the static files.
ALLOWED_PREFIXES = ("/tai-len/", "/en/tai-len/", "/healthz", "/readyz", "/metrics", "/static/")
_state = {"checked": 0.0, "active": False, "message": ""}


def maintenance_state() -> tuple[bool, str]:
    from operations.models import Maintenance

    now = time.monotonic()
    if now - _state["checked"] >= settings.MAINTENANCE_POLL_SECONDS:
        try:
            row = Maintenance.objects.filter(pk=1).values_list("active", "message").first()
        except DatabaseError:
            row = None  # the database is down: pages fail on their own; do not claim maintenance
        _state.update(checked=now, active=bool(row and row[0]), message=row[1] if row else "")
    return _state["active"], _state["message"]


def set_maintenance(*, active: bool, message: str = "") -> None:
    from operations.models import Maintenance

    Maintenance.objects.update_or_create(pk=1, defaults={"active": active, "message": message})
    _state["checked"] = 0.0


class MaintenanceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(ALLOWED_PREFIXES):
            active, message = maintenance_state()
            if active:
                response = render(request, "operations/maintenance.html", {"message": message}, status=503)
                response["Retry-After"] = "600"
                return response
        return self.get_response(request)
