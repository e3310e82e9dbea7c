"""The organisers' certificate screens in the Wagtail admin: the template's preview PDF, and revoking or
reinstating one certificate with a reason."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from certificates import documents, rules
from certificates.enums import CertificateKind, CertificateState
from certificates.forms import RevokeForm
from certificates.models import Certificate, CertificateTemplate
from certificates.services import reinstate_certificate, revoke_certificate
from contest.errors import DomainError


def preview(request, pk: int):
    if not rules.can_design_certificates(request.user):
        raise Http404
    template = get_object_or_404(CertificateTemplate, pk=pk)
    kind = request.GET.get("loai", CertificateKind.AWARD)
    if kind not in CertificateKind.values:
        kind = CertificateKind.AWARD
    response = HttpResponse(documents.preview(template, kind=kind), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="xem-truoc-mau-{template.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def change_state(request, pk: int):
    if not rules.can_revoke_certificates(request.user):
        raise Http404
    certificate = get_object_or_404(Certificate.objects.select_related("holder", "contest", "entry"), pk=pk)
    form = RevokeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            service = (
                revoke_certificate if certificate.state == CertificateState.ISSUED else reinstate_certificate
            )
            try:
                service(certificate=certificate, actor=request.user, reason=form.cleaned_data["reason"])
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("Đã cập nhật giấy chứng nhận."))
                return redirect("wagtailsnippets_certificates_certificate:list")
        status = 400
    return TemplateResponse(
        request,
        "certificates/admin/change_state.html",
        {"certificate": certificate, "form": form, "events": certificate.events.select_related("actor")},
        status=status,
    )
