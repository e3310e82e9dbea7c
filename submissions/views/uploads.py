"""Upload endpoints driven by static/submissions/upload.js, and the files of an entry (order, delete,
download). JSON in and out; every refusal is a Vietnamese message with a 4xx status."""

import functools
import logging

from botocore.exceptions import BotoCoreError, ClientError
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contest.errors import DomainError
from submissions.forms import AssetUploadForm, MoveAssetForm, PresignForm, UploadCompleteForm, UploadStartForm
from submissions.models import MediaAsset
from submissions.rules import can_download_original
from submissions.selectors.entries import assets_visible_to, entries_visible_to, uploads_visible_to
from submissions.services import uploads as upload_services

logger = logging.getLogger(__name__)


def _error(message, status, **extra):
    return JsonResponse({"ok": False, "error": str(message), **extra}, status=status)


def _storage_outage(error) -> bool:
    """The object store is unreachable or failing (connection refused or dropped, a timeout, its own 5xx or
    throttling) rather than refusing this request."""
    if isinstance(error, BotoCoreError):
        return True
    status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
    code = error.response.get("Error", {}).get("Code", "")
    return status >= 500 or code in {"SlowDown", "ServiceUnavailable", "RequestTimeout", "InternalError"}


def _storage_unavailable():
    response = _error(
        _(
            "Kho lưu tệp đang tạm gián đoạn. Phần em đã gửi vẫn được giữ nguyên; "
            "trang sẽ tự thử lại và tải tiếp từ chỗ đã dừng."
        ),
        503,
    )
    response["Retry-After"] = "10"
    return response


def json_endpoint(view):
    """Signed-in users only; a DomainError becomes {"ok": false, "error": message} with its status. The object
    store down (S3 restarting, the network to it cut) is a 503 with Retry-After that upload.js retries, not a
    500: the pupil's parts already stored stay where they are."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return _error(_("Phiên đăng nhập đã hết. Hãy đăng nhập lại rồi tiếp tục tải lên."), 401)
        try:
            return view(request, *args, **kwargs)
        except upload_services.UploadConflict as error:
            return _error(error.message, error.status_code, received=error.received)
        except DomainError as error:
            return _error(error.message, error.status_code)
        except (BotoCoreError, ClientError) as error:
            if isinstance(error, ClientError) and not _storage_outage(error):
                raise
            logger.warning("object store unavailable during %s: %s", view.__name__, error)
            return _storage_unavailable()

    return wrapper


def _form_error(form):
    first = next(iter(form.errors.values()))[0]
    return _error(first, 400)


def _session_json(session):
    return JsonResponse({"ok": True, **upload_services.describe_upload(session=session)})


@json_endpoint
@require_POST
def start_upload(request, pk: int):
    entry = get_object_or_404(entries_visible_to(request.user), pk=pk)
    form = UploadStartForm(request.POST)
    if not form.is_valid():
        return _form_error(form)
    data = form.cleaned_data
    session = upload_services.start_upload(
        entry=entry,
        actor=request.user,
        original_name=data["name"],
        size=data["size"],
        client_key=data["client_key"],
        role=data["role"],
    )
    return _session_json(session)


@json_endpoint
@require_http_methods(["GET", "PUT", "DELETE"])
def upload(request, upload_id):
    """GET: where the upload stands (to resume). PUT: one chunk at ?offset=. DELETE: cancel."""
    session = get_object_or_404(uploads_visible_to(request.user), pk=upload_id)
    if request.method == "GET":
        return _session_json(session)
    if request.method == "DELETE":
        upload_services.abort_upload(session=session, actor=request.user)
        return JsonResponse({"ok": True})
    try:
        offset = int(request.GET.get("offset", ""))
        length = int(request.META["CONTENT_LENGTH"]) if request.META.get("CONTENT_LENGTH") else None
    except ValueError:
        return _error(_("Yêu cầu không hợp lệ: vị trí phần tệp phải là một số."), 400)
    if offset < 0:
        return _error(_("Yêu cầu không hợp lệ: vị trí phần tệp phải là một số."), 400)
    session = upload_services.receive_chunk(
        session=session,
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
    session = get_object_or_404(uploads_visible_to(request.user), pk=upload_id)
    form = PresignForm(request.POST)
    if not form.is_valid():
        return _form_error(form)
    urls = upload_services.presign_parts(
        session=session, actor=request.user, part_numbers=form.cleaned_data["parts"]
    )
    return JsonResponse({"ok": True, "parts": urls})


@json_endpoint
@require_POST
def complete(request, upload_id):
    session = get_object_or_404(uploads_visible_to(request.user), pk=upload_id)
    form = UploadCompleteForm(request.POST)
    if not form.is_valid():
        return _form_error(form)
    asset = upload_services.complete_upload(
        session=session, actor=request.user, checksum=form.cleaned_data["checksum"]
    )
    return JsonResponse(
        {
            "ok": True,
            "asset": {
                "id": asset.pk,
                "name": asset.original_name,
                "size": asset.size,
                "position": asset.position,
                "state": asset.get_state_display(),
            },
        }
    )


@login_required
@require_POST
def upload_plain(request, pk: int):
    """The same file checks through a plain form, for browsers without the upload script."""
    entry = get_object_or_404(entries_visible_to(request.user), pk=pk)
    form = AssetUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Hãy chọn một tệp để tải lên."))
        return redirect("submissions:edit", pk=entry.pk)
    upload_file = form.cleaned_data["file"]
    try:
        upload_services.store_file(
            entry=entry, actor=request.user, fileobj=upload_file, original_name=upload_file.name
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã nhận tệp."))
    return redirect("submissions:edit", pk=entry.pk)


@login_required
@require_POST
def move_asset(request, asset_id: int):
    asset = get_object_or_404(assets_visible_to(request.user), pk=asset_id)
    form = MoveAssetForm(request.POST)
    if form.is_valid():
        offset = -1 if form.cleaned_data["direction"] == "up" else 1
        try:
            upload_services.move_asset(asset=asset, actor=request.user, offset=offset)
        except DomainError as error:
            messages.error(request, error.message)
    return redirect(f"{_edit_url(asset)}#asset-{asset.pk}")


@login_required
@require_POST
def delete_asset(request, asset_id: int):
    asset = get_object_or_404(assets_visible_to(request.user), pk=asset_id)
    entry_id = asset.entry_id
    try:
        upload_services.delete_asset(asset=asset, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xoá tệp."))
    return redirect("submissions:edit", pk=entry_id)


def _edit_url(asset):
    from django.urls import reverse

    return reverse("submissions:edit", args=[asset.entry_id])


@login_required
@require_GET
def download_original(request, asset_id: int):
    """Originals go out only here: a short-lived signed link on object storage, else streamed after the
    permission check. Never a public URL."""
    asset = get_object_or_404(MediaAsset.objects.select_related("entry", "entry__lead_entrant"), pk=asset_id)
    if not can_download_original(request.user, asset):
        raise Http404
    storage = storages["private"]
    if upload_services.use_s3():
        url = storage.url(
            asset.original.name,
            parameters={
                "ResponseContentDisposition": f'attachment; filename="{asset.entry.code}-{asset.position}"'
            },
        )
        return HttpResponseRedirect(url)
    response = FileResponse(
        storage.open(asset.original.name, "rb"),
        as_attachment=True,
        filename=asset.original_name or f"{asset.entry.code}-{asset.position}",
        content_type="application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
