"""Views of the project itself: public media on the embedded default, the favicon."""

from django.conf import settings
from django.http import FileResponse
from django.views.static import serve


def public_media(request, path):
    """Serves the public store only (published renditions, CMS images); originals under `private/` live in
    a sibling folder that no URL reaches. `serve` refuses `..` and absolute paths."""
    response = serve(request, path, document_root=settings.PUBLIC_MEDIA_ROOT)
    response["Cache-Control"] = "public, max-age=3600"
    return response


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; answer with the campaign's icon."""
    icon = settings.BASE_DIR / "cms" / "static" / "favicon.ico"
    response = FileResponse(icon.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response
