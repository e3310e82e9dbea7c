import io

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from frames.enums import DEFAULT_SIZES, DownloadSource, FrameKind
from frames.images import clean_frame
from frames.models import Frame, FrameDownload


@transaction.atomic
def record_download(*, frame: Frame, source: DownloadSource) -> None:
    """Adds one to today's count for the frame (Asia/Ho_Chi_Minh day). Nothing about the person is kept."""
    day = timezone.localdate()
    counted = FrameDownload.objects.filter(frame=frame, day=day, source=source).update(count=F("count") + 1)
    if counted:
        return
    try:
        with transaction.atomic():
            FrameDownload.objects.create(frame=frame, day=day, source=source, count=1)
    except IntegrityError:  # another request created today's row first
        FrameDownload.objects.filter(frame=frame, day=day, source=source).update(count=F("count") + 1)


@transaction.atomic
def create_frame(
    *, title: str, kind: FrameKind, png: bytes, width: int | None = None, height: int | None = None
) -> Frame:
    """A frame from a PNG, checked and re-encoded as the admin form does (raises FrameImageError)."""
    default_width, default_height = DEFAULT_SIZES[kind]
    width, height = width or default_width, height or default_height
    clean = clean_frame(io.BytesIO(png), size_bytes=len(png), width=width, height=height)
    frame = Frame(title=title, kind=kind, width=width, height=height)
    frame.image.save("khung.png", ContentFile(clean.png), save=False)
    frame.thumbnail.save("khung-nho.png", ContentFile(clean.thumbnail_png), save=False)
    frame.full_clean()
    frame.save()
    return frame
