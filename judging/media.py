"""What a judge may see of an entry's files, behind opaque signed URLs with neutral file names.

A token names an assignment, a file position and a rendition index — never an asset id, a storage key
or an original name — and only the judge of that assignment can use it."""

import re
from dataclasses import dataclass

from django.core import signing
from django.urls import reverse

SALT = "judging.media"
MAX_AGE = 12 * 3600

MIME_EXTENSIONS = {
    "video/mp4": "mp4",
    "audio/mp4": "m4a",
    "audio/aac": "aac",
    "audio/mpeg": "mp3",
    "image/webp": "webp",
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "text/plain": "txt",
}
_PAGE = re.compile(r"^page_(\d{1,4})\.(webp|jpg|png)$")
# The pipeline names an essay's clean text "essay.txt" (text/plain; charset=utf-8); it is read into the page.
TEXT_NAMES = frozenset({"essay.txt", "text.txt"})


@dataclass
class Rendition:
    url: str
    mime: str
    label: str
    name: str


@dataclass
class AssetView:
    position: int
    kind: str
    video: Rendition | None = None
    audio: Rendition | None = None
    poster: Rendition | None = None
    image: Rendition | None = None
    pages: list | None = None
    text_index: int | None = None


def label_for(name: str, mime: str) -> str | None:
    """A neutral label for a rendition (its pipeline name is ours, but we rebuild it from a whitelist)."""
    if mime.startswith("video/"):
        return "video"
    if mime.startswith("audio/"):
        return "audio"
    if name.startswith("poster."):
        return "poster"
    if name.startswith("waveform."):
        return "waveform"
    if name.startswith("image_"):
        return "image"
    if match := _PAGE.match(name):
        return f"p{int(match.group(1)):03d}"
    if name == "text.txt":
        return "text"
    return None


def neutral_filename(*, code: str, position: int, label: str, mime: str) -> str:
    suffix = "" if label in {"video", "audio", "image"} else f"-{label}"
    return f"{code}-{position}{suffix}.{MIME_EXTENSIONS[mime]}"


def make_token(*, assignment_id: int, position: int, index: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"a": assignment_id, "p": position, "r": index})


def read_token(token: str) -> dict | None:
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not all(isinstance(data.get(k), int) for k in ("a", "p", "r")):
        return None
    return data


def servable(rendition: dict) -> bool:
    mime = rendition.get("mime", "")
    return mime in MIME_EXTENSIONS and label_for(rendition.get("name", ""), mime) is not None


def asset_views(*, assignment, assets) -> list[AssetView]:
    """The players, images and pages to show for each ready asset of the assignment's entry."""
    views = []
    for asset in assets:
        view = AssetView(position=asset.position, kind=asset.kind, pages=[])
        candidates = []
        for index, rendition in enumerate(asset.renditions or []):
            if rendition.get("name") in TEXT_NAMES:
                view.text_index = index
                continue
            if not servable(rendition):
                continue
            mime = rendition["mime"]
            label = label_for(rendition["name"], mime)
            token = make_token(assignment_id=assignment.pk, position=asset.position, index=index)
            candidates.append(
                (
                    rendition,
                    index,
                    Rendition(
                        url=reverse("judging:media", args=[token]),
                        mime=mime,
                        label=label,
                        name=neutral_filename(
                            code=assignment.entry.code, position=asset.position, label=label, mime=mime
                        ),
                    ),
                )
            )
        for _rendition, index, item in sorted(candidates, key=lambda c: -(c[0].get("height") or 0)):
            if item.label == "video" and view.video is None:
                view.video = item
            elif item.label == "audio" and view.audio is None:
                view.audio = item
            elif item.label in {"poster", "waveform"} and view.poster is None:
                view.poster = item
            elif item.label == "image" and (view.image is None or item.mime == "image/webp"):
                view.image = item
            elif item.label.startswith("p") and item.label[1:].isdigit():
                view.pages.append(item)
            elif item.label == "text":
                view.text_index = index
        view.pages.sort(key=lambda r: r.label)
        views.append(view)
    return views
