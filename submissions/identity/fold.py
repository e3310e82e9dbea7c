"""Accent-, case- and disguise-insensitive text, with a map back to the original characters."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

# Characters that draw nothing: a name split by them still reads as the name.
INVISIBLE = frozenset("\u00ad\u034f\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061"
                      "\u2062\u2063\u2064\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff")  # fmt: skip

# Letters from other scripts that look like Latin ones (after accents are removed).
LOOKALIKES = str.maketrans(
    {
        "а": "a",
        "в": "b",
        "е": "e",
        "ё": "e",
        "к": "k",
        "м": "m",
        "н": "h",
        "о": "o",
        "р": "p",
        "с": "c",
        "т": "t",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ӏ": "l",
        "α": "a",
        "β": "b",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "ν": "v",
        "ο": "o",
        "ρ": "p",
        "τ": "t",
        "υ": "u",
        "χ": "x",
        "ɑ": "a",
        "ı": "i",
        "ℓ": "l",
        "đ": "d",
        "ð": "d",
        "ø": "o",
        "ł": "l",
        "＠": "@",
        "﹫": "@",
        "–": "-",
        "—": "-",
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "−": "-",
    }
)


@dataclass(frozen=True, slots=True)
class Folded:
    """`text` is the folded text; `origin[i]` is the index in the original of folded character i."""

    text: str
    origin: tuple[int, ...]
    source: str

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that folded characters start..end came from."""
        return self.origin[start], self.origin[end - 1] + 1


def fold_char(char: str) -> str:
    if char in INVISIBLE:
        return ""
    folded = unicodedata.normalize("NFKD", char.lower())
    base = "".join(c for c in folded if not unicodedata.combining(c))
    return base.translate(LOOKALIKES).lower()


def fold_with_map(text: str) -> Folded:
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for piece in fold_char(char):
            out.append(piece)
            origin.append(index)
    return Folded("".join(out), tuple(origin), text)


def fold(text: str) -> str:
    """ "NGUYỄN  Văn-A" → "nguyen  van-a": no accents, lower case, no invisible or look-alike letters."""
    return "".join(fold_char(char) for char in text)
