"""Views of the project itself: public media on the embedded default, the favicon."""

import mimetypes
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import FileResponse, Http404
from django.views.static import serve

from submissions.streaming import ranged_response

PUBLIC_CACHE = "public, max-age=3600"


def public_media(request, path):
    """Serves the public store only (published renditions, CMS images); originals under `private/` live in
    a sibling folder that no URL reaches. `serve` refuses `..` and absolute paths. A Range request (a video
    or a song being seeked) gets just the bytes it asked for, as object storage would answer."""
    if request.headers.get("Range"):
        storage = storages["default"]
        try:
            local = storage.path(path)
        # NotImplementedError: a store with no local path (S3) answers ranges itself, behind its own URL.
        except (SuspiciousFileOperation, ValueError, NotImplementedError) as error:
            raise Http404 from error
        if not PurePosixPath(path).name or not storage.exists(path) or not _is_file(local):
            raise Http404
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        response = ranged_response(
            request, storage=storage, key=path, mime=mime, filename=PurePosixPath(path).name
        )
        response["Cache-Control"] = PUBLIC_CACHE
        return response
    response = serve(request, path, document_root=settings.PUBLIC_MEDIA_ROOT)
    response["Cache-Control"] = PUBLIC_CACHE
    response["Accept-Ranges"] = "bytes"
    return response


def _is_file(local: str) -> bool:
    return Path(local).is_file()


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; answer with the campaign's icon."""
    icon = settings.BASE_DIR / "cms" / "static" / "favicon.ico"
    response = FileResponse(icon.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
