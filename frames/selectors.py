from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from frames.enums import DownloadSource
from frames.models import Frame


def public_frames() -> QuerySet[Frame]:
    return Frame.objects.filter(is_public=True).exclude(image="").order_by("kind", "sort_order", "pk")


@dataclass(frozen=True)
class FrameCount:
    frame_id: int
    title: str
    kind: str
    width: int
    height: int
    in_browser: int
    on_server: int

    @property
    def total(self) -> int:
        return self.in_browser + self.on_server


def report_counts(*, since: date | None = None, until: date | None = None) -> list[FrameCount]:
    """Pictures made with each frame (hidden frames included), between two days inclusive, for the
    campaign report; most used first. One query."""
    period = Q()
    if since:
        period &= Q(downloads__day__gte=since)
    if until:
        period &= Q(downloads__day__lte=until)
    rows = Frame.objects.annotate(
        in_browser=Coalesce(
            Sum("downloads__count", filter=period & Q(downloads__source=DownloadSource.BROWSER)), 0
        ),
        on_server=Coalesce(
            Sum("downloads__count", filter=period & Q(downloads__source=DownloadSource.SERVER)), 0
        ),
    ).values_list("pk", "title", "kind", "width", "height", "in_browser", "on_server")
    counts = [FrameCount(*row) for row in rows]
    return sorted(counts, key=lambda c: (-c.total, c.frame_id))
