"""Upload endpoints for clips, driven by `submissions/upload.js` (the entries' uploader, same protocol).
JSON in and out; every refusal is a Vietnamese message with a 4xx status."""

from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from challenges import selectors
from challenges.forms import PresignForm, UploadCompleteForm, UploadStartForm
from challenges.services import uploads as services
from submissions.views.uploads import _error, _form_error, json_endpoint


def _upload_json(upload):
    return JsonResponse({"ok": True, **services.describe_clip_upload(upload=upload)})


@json_endpoint
@require_POST
def start(request, slug: str):
    challenge = get_object_or_404(selectors.visible_challenges(), slug=slug)
    form = UploadStartForm(request.POST)
    if not form.is_valid():
        return _form_error(form)
    data = form.cleaned_data
    upload = services.start_clip_upload(
        challenge=challenge,
        actor=request.user,
        original_name=data["name"],
        size=data["size"],
        client_key=data["client_key"],
    )
    return _upload_json(upload)


@json_endpoint
@require_http_methods(["GET", "PUT", "DELETE"])
def upload(request, upload_id):
    """GET: where the upload stands (to resume). PUT: one chunk at ?offset=. DELETE: cancel."""
    session = get_object_or_404(selectors.uploads_of(user=request.user), pk=upload_id)
    if request.method == "GET":
        return _upload_json(session)
    if request.method == "DELETE":
        services.abort_clip_upload(upload=session, actor=request.user)
        return JsonResponse({"ok": True})
    try:
        offset = int(request.GET.get("offset", ""))
        length = int(request.META["CONTENT_LENGTH"]) if request.META.get("CONTENT_LENGTH") else None
    except ValueError:
        return _error(_("Yêu cầu không hợp lệ: vị trí phần tệp phải là một số."), 400)
    if offset < 0:
        return _error(_("Yêu cầu không hợp lệ: vị trí phần tệp phải là một số."), 400)
    session = services.receive_clip_chunk(
        upload=session,
        actor=request.user,
        offset=offset,
        stream=request,
        length=length,
        chunk_sha256=request.headers.get("X-Chunk-Sha256", ""),
    )
    return JsonResponse({"ok": True, "received": session.received, "size": session.size})


@json_endpoint
@require_POST
def presign(request, upload_id):
    session = get_object_or_404(selectors.uploads_of(user=request.user), pk=upload_id)
    form = PresignForm(request.POST)
    if not form.is_valid():
        return _form_error(form)
    urls = services.presign_clip_parts(
        upload=session, actor=request.user, part_numbers=form.cleaned_data["parts"]
    )
    return JsonResponse({"ok": True, "parts": urls})


@json_endpoint
@require_POST
def complete(request, upload_id):
    session = get_object_or_404(selectors.uploads_of(user=request.user), pk=upload_id)
    form = UploadCompleteForm(request.POST)
    if not form.is_valid():
        return _form_error(form)
    clip = services.complete_clip_upload(
        upload=session, actor=request.user, checksum=form.cleaned_data["checksum"]
    )
    return JsonResponse(
        {"ok": True, "clip": {"id": clip.pk, "name": clip.original_name, "state": clip.state}}
    )
