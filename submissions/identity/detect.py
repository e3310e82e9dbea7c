"""Identifiers in a text: names of the entrant and team, schools, classes, e-mails, phones, handles, URLs.

Everything is matched on folded text (see `fold`), so "NGUYỄN VĂN A", "Nguyen Van A", "nguyễn‌văn a" and
"nguyenvana" all match the same name; findings are spans of the original text. A given name alone
("Mai", "Xuân", "Hạnh" are also everyday words) counts only in context: after "Tác giả:", "em tên là",
"của", or alone on a short signature line at the end or start of the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from submissions.identity.fold import Folded, fold, fold_with_map

NAME = "name"
SCHOOL = "school"
CLASS = "class"
EMAIL = "email"
PHONE = "phone"
HANDLE = "handle"
URL = "url"
KINDS = (NAME, SCHOOL, CLASS, EMAIL, PHONE, HANDLE, URL)
# When two findings overlap, the one whose kind comes first is kept.
_PRIORITY = {EMAIL: 0, URL: 1, PHONE: 2, NAME: 3, SCHOOL: 4, CLASS: 5, HANDLE: 6}


@dataclass(frozen=True, slots=True)
class Person:
    """Someone who must not be recognisable: the entrant or a team member."""

    full_name: str
    school: str = ""
    email: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str


_SEP = r"[\W_]*"
_AT = r"(?:\s*@\s*|\s*[\(\[\{]\s*(?:at|a cong|acong)\s*[\)\]\}]\s*|\s+(?:at|a cong)\s+)"
_DOT = r"(?:\.|\s*[\(\[\{]\s*(?:dot|cham)\s*[\)\]\}]\s*|\s+(?:dot|cham)\s+)"
EMAIL_RE = re.compile(
    rf"[a-z0-9][a-z0-9._%+\-]*{_AT}[a-z0-9][a-z0-9\-]*(?:{_DOT}[a-z0-9\-]+)*{_DOT}[a-z]{{2,6}}\b"
)
_TLDS = r"com|vn|net|org|info|me|io|edu|gov|xyz|tk|ly|gl|to|tv|link|page|site|online|app|dev|co|biz|asia"
URL_RE = re.compile(
    rf"(?:https?://|www\.)[^\s<>\"']+|(?<![\w@.])[a-z0-9][a-z0-9\-]*(?:\.[a-z0-9\-]+)*\.(?:{_TLDS})\b(?:/[^\s<>\"']*)?"
)
HANDLE_RE = re.compile(
    r"(?<![\w.@])@[a-z0-9_][a-z0-9_.]{2,29}"
    r"|\b(?:facebook|fb|tiktok|instagram|insta|ig|zalo|youtube|telegram|discord|threads|twitter|nick|nickname)"
    r"\s*[:：]\s*@?[a-z0-9_.\-]{3,}"
)
PHONE_RE = re.compile(r"(?<![\d])(?:\+\s*84|\(\s*\+?\s*84\s*\)|0)(?:[\s.\-()]{0,2}\d){8,10}(?![\d])")
# "lớp 12A1", "lớp 10/3", or "12A1" alone (letters A–E only: "6h30" and "7g15" are times of day).
CLASS_RE = re.compile(
    r"\blop\s*(?:[6-9]|1[0-2])\s*(?:[a-z]\s*\d{1,2}|[a-z]|/\s*\d{1,2})(?![a-z0-9])|\b(?:[6-9]|1[0-2])[a-e]\d{1,2}\b"
)
SCHOOL_PREFIX = r"(?:thpt|thcs|ptth|ptcs|ptdtnt|pt dtnt|tieu hoc|th|dai hoc|cao dang|hoc vien|dh|cd)"
SCHOOL_RE = re.compile(rf"\b(?:truong\s+)?{SCHOOL_PREFIX}(?:\s+chuyen)?\s+|\btruong\s+(?:chuyen\s+)?")
SCHOOL_CUE = re.compile(rf"(?:truong|{SCHOOL_PREFIX}|hoc tai|hoc o)\s+(?:chuyen\s+)?$")
# Words after which a given name alone is the author's: strong ones count in any case, weak ones only
# when the name is written with a capital, as names are ("của Mai" but not "của mai sau").
STRONG_CUE = re.compile(
    r"(?:tac gia|ten la|ten em la|ten minh la|ten toi la|ten cua em la|ho ten|ho va ten|ky ten|chu ky|"
    r"em la|minh la|toi la|con la|author|written by|drawn by|by)\s*[:\-]?\s*$"
)
WEAK_CUE = re.compile(
    r"(?:cua|boi|hoc sinh|hs|sinh vien|sv|nguoi viet|nguoi ve|thuc hien|nhom|thanh vien|cung|va|ky|-|:)"
    r"\s*[:\-]?\s*$"
)
SIGNATURE_LINES = 3
SIGNATURE_WORDS = 5


def detect_identifiers(
    text: str, *, people: Sequence[Person] = (), schools: Iterable[str] = ()
) -> list[Finding]:
    """Every identifier in `text`, as non-overlapping spans of it in reading order."""
    if not text:
        return []
    folded = fold_with_map(text)
    candidates: list[tuple[str, int, int]] = []
    candidates += _regex(folded, EMAIL_RE, EMAIL)
    candidates += [(URL, s, e) for _k, s, e in _regex(folded, URL_RE, URL, strip=".,;:!?)]}'\"")]
    candidates += _regex(folded, HANDLE_RE, HANDLE)
    candidates += [c for c in _regex(folded, PHONE_RE, PHONE) if _is_phone(folded.text[c[1] : c[2]])]
    candidates += _regex(folded, CLASS_RE, CLASS)
    candidates += _generic_schools(folded)
    for school in {s for s in schools if s and s.strip()}:
        candidates += _listed_school(folded, school)
    for person in people:
        candidates += _names(folded, person)
        if person.school:
            candidates += _listed_school(folded, person.school)
        if person.email:
            candidates += _literal(folded, fold(person.email), EMAIL)
    return _resolve(folded, candidates)


def _regex(folded: Folded, pattern: re.Pattern, kind: str, strip: str = "") -> list[tuple[str, int, int]]:
    found = []
    for match in pattern.finditer(folded.text):
        start, end = match.span()
        while strip and end > start and folded.text[end - 1] in strip:
            end -= 1
        if end > start:
            found.append((kind, start, end))
    return found


def _is_phone(raw: str) -> bool:
    digits = re.sub(r"\D", "", raw)
    if digits.startswith("84"):
        return len(digits) in (11, 12)
    return len(digits) in (10, 11)


def _literal(folded: Folded, needle: str, kind: str) -> list[tuple[str, int, int]]:
    tokens = re.findall(r"[a-z0-9]+", needle)
    if not tokens:
        return []
    pattern = re.compile(r"(?<![a-z0-9])" + _SEP.join(map(re.escape, tokens)) + r"(?![a-z])")
    return [(kind, m.start(), m.end()) for m in pattern.finditer(folded.text)]


def _capitalised(folded: Folded, start: int, end: int) -> bool:
    """Every word of the original span starts with a capital letter."""
    original_start, original_end = folded.span(start, end)
    words = re.findall(r"[^\W\d_]+", folded.source[original_start:original_end])
    return bool(words) and all(word[0].isupper() for word in words)


def _names(folded: Folded, person: Person) -> list[tuple[str, int, int]]:
    tokens = re.findall(r"[a-z0-9]+", fold(person.full_name))
    if not tokens:
        return []
    found = _literal(folded, " ".join(tokens), NAME)
    # Two words of a three-word name ("Thị Lan", "Nguyễn Lan"), written as names are.
    pairs = {(tokens[-2], tokens[-1]), (tokens[0], tokens[-1])} if len(tokens) >= 3 else set()
    for pair in pairs:
        for kind, start, end in _literal(folded, " ".join(pair), NAME):
            if _capitalised(folded, start, end) or _has_cue(folded, start, strong_only=True):
                found.append((kind, start, end))
    given = tokens[-1]
    if len(given) >= 2:
        for kind, start, end in _literal(folded, given, NAME):
            if folded.text[end : end + 1].isdigit():
                continue
            capital = _capitalised(folded, start, end)
            if _has_cue(folded, start, strong_only=not capital) or (
                capital and _on_signature_line(folded, start, end)
            ):
                found.append((kind, start, end))
    return found


def _has_cue(folded: Folded, start: int, *, strong_only: bool) -> bool:
    before = folded.text[max(0, start - 40) : start]
    before = before.rsplit("\n", 1)[-1] if "\n" in before else before
    if STRONG_CUE.search(before):
        return True
    return not strong_only and bool(WEAK_CUE.search(before))


def _on_signature_line(folded: Folded, start: int, end: int) -> bool:
    lines = folded.text.split("\n")
    non_empty = [i for i, line in enumerate(lines) if line.strip()]
    line_index = folded.text.count("\n", 0, start)
    line = lines[line_index]
    if len(re.findall(r"[a-z0-9]+", line)) > SIGNATURE_WORDS:
        return False
    return line_index in non_empty[-SIGNATURE_LINES:] or line_index == non_empty[0]


def _generic_schools(folded: Folded) -> list[tuple[str, int, int]]:
    """ "trường THCS Trần Phú", "THPT chuyên Lê Hồng Phong": a school word followed by capitalised words."""
    found = []
    for match in SCHOOL_RE.finditer(folded.text):
        start = match.start()
        original_start, _ = folded.span(start, start + 1)
        prefix_only = not folded.text.startswith("truong", start) or folded.text[match.start() :].startswith(
            (
                "truong thpt",
                "truong thcs",
                "truong tieu hoc",
                "truong dai hoc",
                "truong cao dang",
                "truong th ",
            )
        )
        if not prefix_only and folded.source[original_start].isupper() and start > 0:
            # "Trường Sa", "Trường Sơn" mid-sentence are places, not schools.
            continue
        end = _capitalised_run(folded, match.end())
        if end > match.end():
            found.append((SCHOOL, start, end))
    return found


def _capitalised_run(folded: Folded, position: int, limit: int = 6) -> int:
    """The end of the run of capitalised words (or numbers) starting at `position`, or `position`."""
    end = position
    for _ in range(limit):
        match = re.compile(r"[a-z0-9]+").match(folded.text, end)
        if not match:
            break
        original_start, _ = folded.span(match.start(), match.end())
        first = folded.source[original_start]
        if not (first.isupper() or first.isdigit()):
            break
        end = match.end()
        gap = re.compile(r"[ \t\-]+").match(folded.text, end)
        if not gap:
            break
        next_word = re.compile(r"[a-z0-9]+").match(folded.text, gap.end())
        if not next_word:
            break
        next_first = folded.source[folded.span(next_word.start(), next_word.end())[0]]
        if not (next_first.isupper() or next_first.isdigit()):
            break
        end = gap.end()
    return end


def _listed_school(folded: Folded, school: str) -> list[tuple[str, int, int]]:
    name = fold(school)
    found = _literal(folded, name, SCHOOL)
    core = re.sub(rf"^(?:truong\s+)?(?:{SCHOOL_PREFIX}\s+)?(?:chuyen\s+)?", "", name.strip())
    core_tokens = re.findall(r"[a-z0-9]+", core)
    if core_tokens and core != name.strip():
        for kind, start, end in _literal(folded, " ".join(core_tokens), SCHOOL):
            if len(core_tokens) >= 3 or SCHOOL_CUE.search(folded.text[max(0, start - 30) : start]):
                found.append((kind, start, end))
    return found


def _resolve(folded: Folded, candidates: list[tuple[str, int, int]]) -> list[Finding]:
    ordered = sorted(set(candidates), key=lambda c: (_PRIORITY[c[0]], -(c[2] - c[1]), c[1]))
    kept: list[tuple[str, int, int]] = []
    for kind, start, end in ordered:
        if any(start < k_end and k_start < end for _k, k_start, k_end in kept):
            continue
        kept.append((kind, start, end))
    findings = []
    for kind, start, end in sorted(kept, key=lambda c: c[1]):
        original_start, original_end = folded.span(start, end)
        findings.append(
            Finding(kind, original_start, original_end, folded.source[original_start:original_end])
        )
    return findings
