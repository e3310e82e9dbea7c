"""What a file may be: its kind and the limits a category puts on it (DESIGN.md §4.2)."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from enum import StrEnum
from typing import Any

GIB = 1024**3


class MediaKind(StrEnum):
    """Same values as `contest.enums.MediaKind`, without needing Django."""

    VIDEO = "video"
    AUDIO = "audio"
    IMAGE = "image"
    PDF = "pdf"
    DOCX = "docx"
    ESSAY = "essay"


@dataclass(frozen=True, slots=True)
class MediaLimits:
    max_bytes: int = GIB
    max_pixels: int = 50_000_000
    min_duration_seconds: float | None = None
    max_duration_seconds: float = 600
    max_pages: int = 60
    min_words: int | None = None
    max_words: int | None = None
    # Phone MOV files carry one or more metadata tracks beside video and audio, so 4 would reject real footage.
    max_streams: int = 8


# Contest field name → MediaLimits field name.
CONTEST_LIMIT_FIELDS: dict[str, str] = {
    "max_file_bytes": "max_bytes",
    "max_pixels": "max_pixels",
    "min_duration_seconds": "min_duration_seconds",
    "max_duration_seconds": "max_duration_seconds",
    "max_pages": "max_pages",
    "min_words": "min_words",
    "max_words": "max_words",
}


def limits_for_contest(contest: Any, *, base: MediaLimits | None = None) -> MediaLimits:
    """Limits of a contest (category), read from its format rules (`contest.formats.format_for`) or from any
    object with the same attribute names; a field that is None keeps the default."""
    overrides = {
        limit_name: value
        for contest_name, limit_name in CONTEST_LIMIT_FIELDS.items()
        if (value := getattr(contest, contest_name, None)) is not None
    }
    return replace(base or MediaLimits(), **overrides)


def limits_as_dict(limits: MediaLimits) -> dict[str, Any]:
    return {field.name: getattr(limits, field.name) for field in fields(limits)}
