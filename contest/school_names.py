"""School names as pupils type them, folded for matching against the school list.

Pure text functions (no database): "Trường THPT Chu Văn An - Hà Nội", "thpt chu van an" and
"Trung học phổ thông Chu Văn An" all fold to "thpt chu van an"; the level (THCS, THPT...) must agree,
and the rest of the name is compared fuzzily so that typos still match.
"""

import re
import unicodedata

from rapidfuzz import fuzz

_SPELLED_LEVELS = [
    ("trung hoc pho thong", "thpt"),
    ("pho thong trung hoc", "thpt"),
    ("ptth", "thpt"),
    ("trung hoc co so", "thcs"),
    ("tieu hoc", "th"),
    ("dai hoc", "dh"),
    ("cao dang", "cd"),
    ("trung cap", "tc"),
]
LEVEL_WORDS = frozenset({"thcs", "thpt", "th", "dh", "cd", "tc"})
_NOISE_WORDS = frozenset({"truong"})
# What pupils append after the name: the city or the ward, after a dash, a comma or in brackets.
_TRAILING_PLACE = re.compile(r"\s[-–—]\s|\s*[,(]|\s[-–—]$")
_CITY_SUFFIX = re.compile(
    r"\b(?:tp|thanh pho|tinh)?\s*(?:ha noi|ho chi minh|tphcm|hcm|da nang|hai phong|can tho)\b.*$"
)


def fold_school_name(text: str) -> str:
    """Lower case, no diacritics (đ → d), levels abbreviated, place names and punctuation dropped."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _TRAILING_PLACE.split(text.lower().strip(), maxsplit=1)[0]
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = _CITY_SUFFIX.sub("", text)
    for spelled, short in _SPELLED_LEVELS:
        text = re.sub(rf"\b{spelled}\b", short, text)
    return " ".join(word for word in text.split() if word not in _NOISE_WORDS)


def _parts(folded: str) -> tuple[frozenset[str], str]:
    words = folded.split()
    levels = frozenset(w for w in words if w in LEVEL_WORDS)
    return levels, " ".join(w for w in words if w not in LEVEL_WORDS)


def similarity(typed_folded: str, listed_folded: str) -> float:
    """0–100: how surely a typed name (folded) names a listed school (folded). Different levels never
    match; a typed name without a level matches any level a little less surely."""
    typed_levels, typed_name = _parts(typed_folded)
    listed_levels, listed_name = _parts(listed_folded)
    if len(typed_name) < 3 or not listed_name:
        return 0.0
    if typed_levels and listed_levels and not typed_levels & listed_levels:
        return 0.0
    score = max(fuzz.ratio(typed_name, listed_name), fuzz.token_sort_ratio(typed_name, listed_name))
    if not typed_levels and listed_levels:
        score -= 5
    return max(score, 0.0)
