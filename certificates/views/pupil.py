"""A pupil's own certificates: the list, the printed name, the PDF. Another pupil's id is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from certificates import documents, rules
from certificates.forms import PrintedNameForm
from certificates.selectors import certificates_of
from certificates.services import set_printed_name
from contest.errors import DomainError


def _own(request, pk: int, *, valid_only: bool = True):
    if not rules.can_have_certificates(request.user):
        raise Http404
    certificate = certificates_of(user=request.user).filter(pk=pk).first()
    if certificate is None or (valid_only and not rules.can_download_certificate(request.user, certificate)):
        raise Http404
    return certificate


def _list(request, *, forms=None, status=200):
    certificates = (
        list(certificates_of(user=request.user)) if rules.can_have_certificates(request.user) else []
    )
    forms = forms or {}
    rows = [
        {
            "certificate": c,
            "form": forms.get(c.pk)
            or PrintedNameForm(initial={"printed_name": c.printed_name}, auto_id=f"id_c{c.pk}_%s"),
        }
        for c in certificates
    ]
    return render(request, "certificates/mine.html", {"rows": rows}, status=status)


@login_required
@require_GET
def mine(request):
    return _list(request)


@login_required
@require_POST
def rename(request, pk: int):
    certificate = _own(request, pk)
    form = PrintedNameForm(request.POST, auto_id=f"id_c{pk}_%s")
    if form.is_valid():
        try:
            set_printed_name(
                certificate=certificate, actor=request.user, printed_name=form.cleaned_data["printed_name"]
            )
        except DomainError as error:
            form.add_error("printed_name", error.message)
        else:
            messages.success(request, _("Đã lưu tên in trên giấy chứng nhận."))
            return redirect("certificates:mine")
    return _list(request, forms={pk: form}, status=400)


@login_required
@require_GET
def download(request, pk: int):
    certificate = _own(request, pk)
    response = HttpResponse(documents.render(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(certificate)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
