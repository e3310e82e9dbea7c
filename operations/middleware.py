"""A request id on every request: taken from the proxy's X-Request-ID when it is a sane token, made here
otherwise, put on every log record of the request and sent back in the response."""

import contextvars
import logging
import re
import uuid

REQUEST_ID = contextvars.ContextVar("request_id", default="-")
_SANE = re.compile(r"^[A-Za-z0-9._-]{8,128}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get("X-Request-ID", "")
        request_id = given if _SANE.match(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        return response


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = REQUEST_ID.get()
        return True
