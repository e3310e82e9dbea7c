"""The entrant's preview of their entry as judges will see it: the scrubbed renditions the pipeline made
(video 720p/360p with its poster, audio with its waveform, images, comic and PDF pages, essay text), each
behind an entrant-scoped URL. Originals are never part of it."""

import re
from dataclasses import dataclass, field

from django.core.files.storage import storages
from django.urls import reverse

from contest.enums import MediaKind
from submissions.enums import AssetState

TEXT_LIMIT = 200_000
_VIDEO = re.compile(r"^video_(\d{3,4})\.mp4$")
_IMAGE = re.compile(r"^image_\d{1,5}\.(webp|jpg)$")
_PAGE = re.compile(r"^page_(\d{1,4})\.(webp|jpg|png)$")
SERVED_NAMES = (_VIDEO, _IMAGE, _PAGE, re.compile(r"^(poster\.jpg|audio\.m4a|waveform\.png|essay\.pdf)$"))


@dataclass
class PreviewFile:
    url: str
    mime: str
    width: int | None = None
    height: int | None = None
    label: str = ""


@dataclass
class AssetPreview:
    asset_id: int
    position: int
    kind: str
    ready: bool
    videos: list[PreviewFile] = field(default_factory=list)
    poster: PreviewFile | None = None
    audio: PreviewFile | None = None
    waveform: PreviewFile | None = None
    webp: PreviewFile | None = None
    jpeg: PreviewFile | None = None
    pages: list[PreviewFile] = field(default_factory=list)
    pdf: PreviewFile | None = None
    text: str = ""


def preview_servable(rendition: dict) -> bool:
    """Only renditions the pipeline names are served; anything else in the list stays private."""
    name = rendition.get("name", "")
    return any(pattern.match(name) for pattern in SERVED_NAMES)


def _read_text(key: str) -> str:
    with storages["private"].open(key, "rb") as handle:
        return handle.read(TEXT_LIMIT).decode("utf-8", errors="replace")


def _asset_preview(asset) -> AssetPreview:
    view = AssetPreview(
        asset_id=asset.pk, position=asset.position, kind=asset.kind, ready=asset.state == AssetState.READY
    )
    if not view.ready:
        return view
    for index, rendition in enumerate(asset.renditions or []):
        name = rendition.get("name", "")
        if name == "essay.txt":
            view.text = _read_text(rendition["key"])
            continue
        if not preview_servable(rendition):
            continue
        item = PreviewFile(
            url=reverse("submissions:preview_file", args=[asset.pk, index]),
            mime=rendition["mime"],
            width=rendition.get("width"),
            height=rendition.get("height"),
        )
        if match := _VIDEO.match(name):
            item.label = f"{match.group(1)}p"
            view.videos.append(item)
        elif name == "poster.jpg":
            view.poster = item
        elif name == "audio.m4a":
            view.audio = item
        elif name == "waveform.png":
            view.waveform = item
        elif _IMAGE.match(name):
            if name.endswith(".webp"):
                view.webp = item
            else:
                view.jpeg = item
        elif match := _PAGE.match(name):
            item.label = match.group(1)
            view.pages.append(item)
        elif name == "essay.pdf":
            view.pdf = item
    view.videos.sort(key=lambda v: -(v.height or 0))
    view.pages.sort(key=lambda p: int(p.label))
    return view


def entry_preview(*, entry, assets) -> dict:
    """What the entry page shows under "Bài của em khi giám khảo xem": one preview per file, plus the
    typed essay text when the contest takes one."""
    typed = entry.text if MediaKind.TEXT in entry.contest.accepted_media_kinds else ""
    return {
        "files": [_asset_preview(asset) for asset in assets if asset.state != AssetState.REJECTED],
        "typed_text": typed.strip(),
    }
