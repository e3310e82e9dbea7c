"""Follow-up codes: 20 characters from a 32-letter alphabet (100 bits), shown once, stored as a digest."""

import hashlib
import secrets

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
GROUPS, GROUP_LENGTH = 5, 4
CODE_LENGTH = GROUPS * GROUP_LENGTH


def new_code() -> str:
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + GROUP_LENGTH] for i in range(0, CODE_LENGTH, GROUP_LENGTH))


def normalise_code(typed: str) -> str:
    """What a young person types back, in any case, with or without spaces and dashes."""
    return "".join(ch for ch in (typed or "").upper() if ch.isalnum())


def code_digest(typed: str) -> str:
    # The code carries 100 random bits, so a plain hash cannot be reversed by guessing.
    return hashlib.sha256(b"kmm-helpline:" + normalise_code(typed).encode()).hexdigest()


def looks_like_code(typed: str) -> bool:
    code = normalise_code(typed)
    return len(code) == CODE_LENGTH and all(ch in ALPHABET for ch in code)
