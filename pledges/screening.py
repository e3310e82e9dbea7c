"""Automatic screening of a short public message: Vietnamese profanity (also in leetspeak, without accents,
spread out or with repeated letters), links and domains (also "chấm com", "bit ly"), phone numbers (also
spaced, dotted, or spelled with words: "không chín một hai..."), e-mails, social handles and personal data
(names, schools, classes, addresses).

Plain Python, no Django, reusable by any app: `screen(text, people=, schools=)` returns the `Flag`s found.
A flag is a reason for an organiser to look closer, never a verdict: nothing here rejects anything.

Profanity is matched on a normalised copy of the text (see `normalise`): accents, case, zero-width and
look-alike characters removed (`submissions.identity.fold`), digits and symbols inside words read as the
letters they imitate (0→o 1→i 3→e 4→a 5→s 7→t @→a $→s), letters spread out with separators joined
("đ.m", "d i t") and repeated letters allowed ("nguuu"). Words that are everyday Vietnamese once their
accents are gone ("lồn"/"lớn", "đéo"/"đeo", "ngu"/"ngủ") match only with their exact accents or when
disguised; a message typed entirely without accents is read for them only in disguise. The word list is
`pledges/data/profanity.txt`.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from submissions.identity import Person, detect_identifiers, fold
from submissions.identity.detect import CLASS, EMAIL, HANDLE, NAME, PHONE, SCHOOL, URL
from submissions.identity.fold import INVISIBLE

PROFANITY = "profanity"
LINK = "link"
PHONE_NUMBER = "phone"
E_MAIL = "email"
SOCIAL_HANDLE = "handle"
PERSONAL = "personal"

WORDS_FILE = Path(__file__).with_name("data") / "profanity.txt"
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
_TOKEN = re.compile(r"[a-z0-9@$]+")
_DIGIT_WORDS = {
    "khong": "0", "ko": "0", "zero": "0",
    "mot": "1", "mót": "1", "one": "1",
    "hai": "2", "two": "2",
    "ba": "3", "three": "3",
    "bon": "4", "tu": "4", "four": "4",
    "nam": "5", "lam": "5", "five": "5",
    "sau": "6", "six": "6",
    "bay": "7", "seven": "7",
    "tam": "8", "eight": "8",
    "chin": "9", "nine": "9",
}  # fmt: skip
_LINK_WORDS = re.compile(
    r"\b[a-z0-9][a-z0-9\-]*\s*[\(\[]?\s*(?:cham|dot)\s*[\)\]]?\s*"
    r"(?:com|vn|net|org|me|io|ly|info|xyz|tk|edu|gov|link|site|online)\b"
    r"|\bbit\W{0,3}ly\b|\btiny\W{0,3}url\b|\bshort\W{0,3}url\b|\bgoo\W{0,3}gl\b"
    r"|\bzalo\s*(?:\.|\bcham\b|\bdot\b)\s*me\b|\bt\s*\.\s*me\b|\bwww\b|\bhttps?\b"
)
_ADDRESS = re.compile(
    r"\b(?:so\s+nha|nha\s+so|so)\s+\d{1,4}[a-z]?(?:/\d{1,4})*\b"
    r"|\b\d{1,4}[a-z]?(?:/\d{1,4})*\s+(?:duong|pho|ngo|hem|kiet|ngach)\s+\w+"
    r"|\b(?:ngo|hem|kiet|ngach)\s+\d{1,4}\b"
    r"|\bnha\s+(?:em|minh|toi|to|tui|tao)\s+o\s+\w+"
)


@dataclass(frozen=True)
class Flag:
    kind: str
    text: str  # what matched, as written (for the organiser)


# ----------------------------------------------------------------------------------------- normalising


@dataclass(frozen=True)
class _Token:
    text: str  # folded, look-alikes read as letters, single letters joined
    start: int  # span in the folded text
    end: int
    disguised: bool  # had digits/symbols for letters, was spread out, or repeats a letter


def _strip_invisible(text: str) -> str:
    return "".join(char for char in unicodedata.normalize("NFC", text) if char not in INVISIBLE)


def _tokens(folded: str) -> list[_Token]:
    raw = [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(folded)]
    tokens: list[_Token] = []
    index = 0
    while index < len(raw):
        text, start, end = raw[index]
        # A run of single characters with separators between them is one word spread out: "đ.m", "d i t".
        run = index
        while run + 1 < len(raw) and len(raw[run][0]) == 1 and len(raw[run + 1][0]) == 1:
            run += 1
        if run > index and any(c[0].isalpha() or c[0] in "@$" for c in raw[index : run + 1]):
            joined = "".join(c[0] for c in raw[index : run + 1]).translate(LEET)
            tokens.append(_Token(joined, start, raw[run][2], True))
            index = run + 1
            continue
        has_letter = any(c.isalpha() for c in text)
        read = text.translate(LEET) if has_letter else text
        repeated = re.search(r"([a-z])\1", read) is not None
        tokens.append(_Token(read, start, end, read != text or repeated))
        index += 1
    return tokens


def normalise(text: str) -> str:
    """What the profanity check reads: "Đ.M  v4iii L0N" → "dm vaiii lon"."""
    return " ".join(token.text for token in _tokens(fold(_strip_invisible(text))))


# ----------------------------------------------------------------------------------------- profanity


def _letters_pattern(word: str) -> str:
    """Each letter may repeat; the words of a phrase may be separated by a space or written together."""
    words = word.split()
    return r"\s?".join("".join(f"{re.escape(char)}+" for char in w) for w in words)


@functools.cache
def _word_patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern | None]:
    """(plain entries on normalised text, ambiguous entries with their accents, ambiguous entries folded,
    everyday phrases that contain an entry)."""
    plain, accented, folded, harmless = [], [], [], []
    for line in WORDS_FILE.read_text(encoding="utf-8").splitlines():
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        if entry.startswith("!"):
            harmless.append(re.escape(unicodedata.normalize("NFC", entry[1:].strip().lower())))
        elif entry.startswith("~"):
            entry = unicodedata.normalize("NFC", entry[1:].strip().lower())
            accented.append(_letters_pattern(entry))
            folded.append(_letters_pattern(fold(entry)))
        else:
            plain.append(_letters_pattern(fold(entry)))

    def compile_(patterns: list[str]) -> re.Pattern:
        ordered = sorted(set(patterns), key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(ordered) + r")(?!\w)")

    return compile_(plain), compile_(accented), compile_(folded), compile_(harmless) if harmless else None


def _has_accents(text: str) -> bool:
    return any(char.isalpha() and fold(char) != char.lower() for char in text)


def find_profanity(text: str) -> list[Flag]:
    if not text:
        return []
    plain, accented, ambiguous, harmless = _word_patterns()
    clean = _strip_invisible(text)
    folded = fold(clean)
    tokens = _tokens(folded)
    # The normalised text, with each token's span in it, to map a match back to the tokens it covers.
    spans, parts, position = [], [], 0
    for token in tokens:
        spans.append((position, position + len(token.text), token))
        parts.append(token.text)
        position += len(token.text) + 1
    normalised = " ".join(parts)

    def covered(start: int, end: int) -> list[_Token]:
        return [token for s, e, token in spans if s < end and start < e]

    def written(start: int, end: int) -> str:
        hit = covered(start, end)
        return folded[hit[0].start : hit[-1].end] if hit else normalised[start:end]

    found: list[Flag] = []
    for match in plain.finditer(normalised):
        found.append(Flag(PROFANITY, written(*match.span())))
    for match in ambiguous.finditer(normalised):
        if any(token.disguised for token in covered(*match.span())):
            found.append(Flag(PROFANITY, written(*match.span())))
    if _has_accents(clean):
        lower = clean.lower()
        safe = [m.span() for m in harmless.finditer(lower)] if harmless else []
        for match in accented.finditer(lower):
            if not any(s <= match.start() and match.end() <= e for s, e in safe):
                found.append(Flag(PROFANITY, clean[match.start() : match.end()]))
    return _unique(found)


# ----------------------------------------------------------------------------------------- contact data


def find_spelled_phones(text: str) -> list[Flag]:
    """Phone numbers written with digits mixed with words: "không chín 1 hai 3 4 năm 6 bảy 8"."""
    folded = fold(_strip_invisible(text))
    found, run, digits = [], [], ""

    def close():
        if run and _looks_like_phone(digits) and any(not t.isdigit() for t, _s, _e in run):
            found.append(Flag(PHONE_NUMBER, folded[run[0][1] : run[-1][2]]))

    for match in re.finditer(r"[a-z0-9]+", folded):
        word = match.group()
        value = word if word.isdigit() else _DIGIT_WORDS.get(word)
        gap = folded[run[-1][2] : match.start()] if run else ""
        if value is not None and (not run or re.fullmatch(r"[\s.,\-()+]*", gap)):
            run.append((word, match.start(), match.end()))
            digits += value
            continue
        close()
        run, digits = [], ""
        if value is not None:
            run.append((word, match.start(), match.end()))
            digits = value
    close()
    return found


def _looks_like_phone(digits: str) -> bool:
    if digits.startswith("84"):
        return len(digits) in (11, 12)
    return digits.startswith("0") and len(digits) in (10, 11)


def find_links(text: str) -> list[Flag]:
    folded = fold(_strip_invisible(text))
    found = [Flag(LINK, f.text) for f in detect_identifiers(text) if f.kind == URL]
    found += [Flag(LINK, m.group()) for m in _LINK_WORDS.finditer(folded)]
    return _unique(found)


def find_addresses(text: str) -> list[Flag]:
    folded = fold(_strip_invisible(text))
    return [Flag(PERSONAL, m.group()) for m in _ADDRESS.finditer(folded)]


# ----------------------------------------------------------------------------------------- all of it

_KIND_OF_FINDING = {
    URL: LINK,
    PHONE: PHONE_NUMBER,
    EMAIL: E_MAIL,
    HANDLE: SOCIAL_HANDLE,
    NAME: PERSONAL,
    SCHOOL: PERSONAL,
    CLASS: PERSONAL,
}


def screen(text: str, *, people: Sequence[Person] = (), schools: Iterable[str] = ()) -> list[Flag]:
    """Every reason to look closer at `text`, in the order profanity, link, phone, e-mail, handle,
    personal data. `people` are whose names must not appear (the writer); `schools` known school names."""
    if not text or not text.strip():
        return []
    flags = find_profanity(text)
    flags += [
        Flag(_KIND_OF_FINDING[f.kind], f.text)
        for f in detect_identifiers(text, people=people, schools=schools)
    ]
    flags += find_links(text)
    flags += find_spelled_phones(text)
    flags += find_addresses(text)
    order = [PROFANITY, LINK, PHONE_NUMBER, E_MAIL, SOCIAL_HANDLE, PERSONAL]
    return sorted(_unique(flags), key=lambda flag: order.index(flag.kind))


def flag_kinds(flags: Iterable[Flag]) -> list[str]:
    return list(dict.fromkeys(flag.kind for flag in flags))


def _unique(flags: list[Flag]) -> list[Flag]:
    return list(dict.fromkeys(flags))
