"""The public frame page (no account). The photo is framed in the browser by frames/static/frames/frames.js
and never sent; browsers without the needed features post the same form to `make`, which frames it in
memory and answers with the picture, storing nothing but a count."""

from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from frames import images, ratelimit, services
from frames.enums import DownloadSource, OutputFormat
from frames.forms import DownloadBeaconForm, FramePhotoForm
from frames.selectors import public_frames
from frames.uploads import PhotoInMemoryHandler

DOWNLOAD_NAME = "khongmotminh-khung-anh"


def _page(request, form, *, status=200, problems=()):
    frames = list(public_frames())
    return render(
        request,
        "frames/page.html",
        {"form": form, "frames": frames, "problems": list(problems)},
        status=status,
    )


@require_GET
def page(request):
    return _page(request, FramePhotoForm())


@require_GET
def frame_image(request, pk: int, *, thumbnail: bool = False):
    """Frames come from our own address, so the page's canvas may read back the picture it draws."""
    frame = get_object_or_404(public_frames(), pk=pk)
    name = frame.thumbnail.name if thumbnail and frame.thumbnail else frame.image.name
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    response["Content-Disposition"] = "inline"
    return response


@require_POST
def count_download(request):
    if not ratelimit.allow(request, "beacon"):
        return HttpResponse(status=429)
    form = DownloadBeaconForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    services.record_download(frame=form.cleaned_data["frame"], source=DownloadSource.BROWSER)
    return HttpResponse(status=204)


@csrf_exempt
@never_cache
@require_POST
def make(request):
    """The photo is read into memory only (PhotoInMemoryHandler): no temporary file, no row, no log of it."""
    handler = PhotoInMemoryHandler(request, max_bytes=images.photo_max_bytes())
    request.upload_handlers = [handler]
    return _make(request, handler)


@csrf_protect
def _make(request, handler):
    form = FramePhotoForm(request.POST, request.FILES)
    if handler.too_large:
        form.is_valid()
        form.errors.pop("photo", None)
        form.add_error("photo", images.photo_too_large())
        return _page(request, form, status=413)
    if not form.is_valid():
        return _page(request, form, status=400)
    if not ratelimit.allow(request, "fallback"):
        problem = _("Em đã ghép nhiều ảnh liên tiếp. Hãy thử lại sau ít phút.")
        return _page(request, form, status=429, problems=[problem])
    frame = form.cleaned_data["frame"]
    photo = form.cleaned_data["photo"]
    try:
        with default_storage.open(frame.image.name, "rb") as handle:
            overlay = images.frame_pixels(handle.read(), frame.width, frame.height)
        picture = images.photo_in_frame(
            photo,
            size_bytes=photo.size,
            frame=overlay,
            crop=form.cleaned_data["crop"],
            output_format=form.cleaned_data["output_format"],
        )
    except images.FrameImageError as error:
        form.add_error("photo", error.message)
        return _page(request, form, status=400)
    finally:
        photo.close()
    services.record_download(frame=frame, source=DownloadSource.SERVER)
    jpeg = form.cleaned_data["output_format"] == OutputFormat.JPEG
    response = HttpResponse(picture, content_type="image/jpeg" if jpeg else "image/png")
    extension = "jpg" if jpeg else "png"
    response["Content-Disposition"] = f'attachment; filename="{DOWNLOAD_NAME}.{extension}"'
    return response
