"""Clean text and word counts for essays, whatever file they came in."""

from __future__ import annotations

import re
import unicodedata

from submissions.media.errors import MediaRejected, Reason
from submissions.media.limits import MediaLimits

# A word is a run of letters or digits, joined by inner hyphens or apostrophes. Vietnamese writes one
# syllable per space-separated token and counts "chữ" that way, which is what this counts.
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(raw: str) -> str:
    """NFC (so "ệ" is one character whatever keyboard typed it), Unix newlines, no control or
    direction-override characters, no trailing spaces, at most one blank line in a row."""
    text = unicodedata.normalize("NFC", raw).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text).replace("\u00a0", " ")
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def count_words(text: str) -> int:
    return sum(1 for _ in _WORD.finditer(text))


def check_words(words: int, limits: MediaLimits) -> None:
    if words == 0:
        raise MediaRejected(Reason.NO_TEXT)
    if limits.min_words is not None and words < limits.min_words:
        raise MediaRejected(Reason.TOO_FEW_WORDS, words=words, limit=limits.min_words)
    if limits.max_words is not None and words > limits.max_words:
        raise MediaRejected(Reason.TOO_MANY_WORDS, words=words, limit=limits.max_words)
