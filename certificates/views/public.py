"""The public verify page a certificate's QR code opens: validity, contest and prize, and the holder's name
only as far as the holder's public consent allows."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from certificates.credits import public_holder_name
from certificates.selectors import certificate_by_code


@require_GET
def verify(request, code: str):
    certificate = certificate_by_code(code=code)
    context = {"certificate": certificate, "code": code[:64]}
    if certificate is not None:
        context["public_name"] = public_holder_name(certificate=certificate)
    response = render(request, "certificates/verify.html", context, status=200 if certificate else 404)
    # The code is the key to this page: never sent on to another site, never indexed.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "no-store"
    return response
