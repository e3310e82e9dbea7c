"""Words in a picture, with their boxes: Tesseract (Debian's tesseract-ocr and tesseract-ocr-vie) run
like FFmpeg is (DESIGN.md §4.5): an argument list, no shell, no standard input, a clean environment, a
wall-clock timeout and CPU, memory and file-size limits. Pictures are downscaled first, so a 50-megapixel
poster costs no more than a page."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from submissions.media.rlimits import limited

TESSERACT_ENV = "TESSERACT_BINARY"
LANGUAGES = "vie+eng"
MAX_SIDE = 2400
MAX_SOURCE_PIXELS = 120_000_000
WALL_SECONDS = 60
CPU_SECONDS = 60
MEMORY_BYTES = 1024**3
OUTPUT_BYTES = 16 * 1024**2
MIN_CONFIDENCE = 30.0


class OcrUnavailable(RuntimeError):
    """No Tesseract here, or it failed or ran out of time: the picture could not be read."""


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    # Box as fractions of the picture (0..1), so it applies to every width of the same rendition.
    left: float
    top: float
    width: float
    height: float


@dataclass(frozen=True, slots=True)
class Page:
    """The text read from a picture, one recognised line per line, and the word each character is in."""

    text: str
    words: tuple[Word, ...]
    word_at: tuple[int, ...]

    def region(self, start: int, end: int) -> dict[str, float] | None:
        """The box around the words that characters start..end of `text` belong to."""
        indexes = {self.word_at[i] for i in range(start, min(end, len(self.word_at))) if self.word_at[i] >= 0}
        if not indexes:
            return None
        boxes = [self.words[i] for i in indexes]
        left = min(b.left for b in boxes)
        top = min(b.top for b in boxes)
        right = max(b.left + b.width for b in boxes)
        bottom = max(b.top + b.height for b in boxes)
        return {"x": left, "y": top, "w": right - left, "h": bottom - top}


def tesseract_binary() -> str:
    found = os.environ.get(TESSERACT_ENV) or shutil.which("tesseract")
    if not found:
        raise OcrUnavailable("tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-vie)")
    return found


def read_picture(path: Path) -> Page:
    """OCR one picture file (any format Pillow reads). Raises OcrUnavailable."""
    with tempfile.TemporaryDirectory(prefix="kmm-ocr-") as work:
        source = Path(work) / "page.png"
        _prepare(Path(path), source)
        return _parse_tsv(_run(source))


def _prepare(path: Path, target: Path) -> None:
    with Image.open(path) as picture:
        if picture.width * picture.height > MAX_SOURCE_PIXELS:
            raise OcrUnavailable("picture too large to read")
        picture.draft("L", (MAX_SIDE, MAX_SIDE))
        grey = picture.convert("L")
    grey.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if max(grey.size) < 1000:
        # Tesseract reads small letters better when they are bigger.
        factor = 1000 / max(grey.size)
        grey = grey.resize(
            (round(grey.width * factor), round(grey.height * factor)), Image.Resampling.LANCZOS
        )
    grey.save(target, "PNG")


def _run(source: Path) -> str:
    args = [tesseract_binary(), str(source), "stdout", "-l", LANGUAGES, "--psm", "11", "tsv"]
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C", "OMP_THREAD_LIMIT": "1"}
    try:
        process = subprocess.Popen(
            limited(args, cpu_seconds=CPU_SECONDS, memory_bytes=MEMORY_BYTES, output_bytes=OUTPUT_BYTES),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            process_group=0,  # a group to kill; the caller's session, so its CPU priority (see ffmpeg.py)
            env=environment,
        )
    except OSError as error:
        raise OcrUnavailable(f"cannot start tesseract: {error}") from error
    try:
        out, err = process.communicate(timeout=WALL_SECONDS)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise OcrUnavailable(f"tesseract stopped after {WALL_SECONDS} s") from None
    if process.returncode != 0:
        raise OcrUnavailable(f"tesseract exited with {process.returncode}: {err[-400:]!r}")
    return out.decode("utf-8", "replace")


def _parse_tsv(tsv: str) -> Page:
    rows = [line.split("\t") for line in tsv.splitlines()[1:]]
    page_width = page_height = 0
    lines: dict[tuple[str, str, str], list[tuple[str, int, int, int, int]]] = {}
    for row in rows:
        if len(row) < 12:
            continue
        level, block, paragraph, line, left, top, width, height, confidence, text = (
            row[0], row[2], row[3], row[4], row[6], row[7], row[8], row[9], row[10], row[11],
        )  # fmt: skip
        if level == "1":
            page_width, page_height = int(width), int(height)
        if level != "5" or not text.strip() or float(confidence) < MIN_CONFIDENCE:
            continue
        lines.setdefault((block, paragraph, line), []).append(
            (text.strip(), int(left), int(top), int(width), int(height))
        )
    words: list[Word] = []
    word_at: list[int] = []
    parts: list[str] = []
    for line_words in lines.values():
        for position, (text, left, top, width, height) in enumerate(line_words):
            if position:
                parts.append(" ")
                word_at.append(-1)
            words.append(
                Word(
                    text,
                    left / max(page_width, 1),
                    top / max(page_height, 1),
                    width / max(page_width, 1),
                    height / max(page_height, 1),
                )
            )
            parts.append(text)
            word_at.extend([len(words) - 1] * len(text))
        parts.append("\n")
        word_at.append(-1)
    return Page("".join(parts), tuple(words), tuple(word_at))
