"""What probing and processing hand back: plain data, ready to be stored as JSON on the asset row."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from submissions.media.limits import MediaKind


@dataclass(frozen=True, slots=True)
class ProbeResult:
    """What a file is, read from its headers before any decoding. Sizes are as a viewer sees them
    (rotation applied); `findings` lists harmless oddities for organisers (trailing data, PDF scripts)."""

    kind: MediaKind
    format: str
    size_bytes: int
    width: int | None = None
    height: int | None = None
    rotation: int = 0
    duration: float | None = None
    pages: int | None = None
    words: int | None = None
    streams: tuple[dict[str, Any], ...] = ()
    findings: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = str(self.kind)
        data["streams"] = list(self.streams)
        return data


@dataclass(frozen=True, slots=True)
class Rendition:
    """One file made for judges or the public: re-encoded, with nothing of the original but its content."""

    name: str
    path: Path
    mime: str
    width: int | None = None
    height: int | None = None
    duration: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mime": self.mime,
            "width": self.width,
            "height": self.height,
            "duration": self.duration,
        }


@dataclass(frozen=True, slots=True)
class PipelineResult:
    probe: dict[str, Any]
    renditions: list[Rendition]
