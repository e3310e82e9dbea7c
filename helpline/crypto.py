"""Field-level encryption of everything a young person or an officer writes in a report.

Keys come from HELPLINE_KEYS (comma-separated Fernet keys: the first encrypts, every one decrypts). Without
it, a key is generated once into VAR_DIR/helpline.keys, like the other embedded secrets. Rotation: put a new
key first in HELPLINE_KEYS, keep the old ones after it, run `manage.py helpline_rotate_keys`, then drop the
old keys (README.md, "Help channel keys").
"""

import functools
import os
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

KEY_FILE_NAME = "helpline.keys"


def configured_keys() -> list[str]:
    keys = [key.strip() for key in os.environ.get("HELPLINE_KEYS", "").split(",") if key.strip()]
    return keys or [_embedded_key()]


def _embedded_key() -> str:
    path = Path(settings.VAR_DIR) / KEY_FILE_NAME
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().split()[0]
    with os.fdopen(descriptor, "w") as handle:
        key = Fernet.generate_key().decode()
        handle.write(key + "\n")
    return key


@functools.cache
def _fernet_for(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet_for(tuple(configured_keys()))


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def decrypt_bytes(token: bytes) -> bytes:
    return fernet().decrypt(token)


def encrypt_text(text: str) -> str:
    return fernet().encrypt(text.encode()).decode("ascii")


def decrypt_text(token: str) -> str:
    return fernet().decrypt(token.encode("ascii")).decode()


def rotate_token(token: str) -> str:
    return fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; it cannot be searched or filtered on, by design. Empty stays empty."""

    def from_db_value(self, value, expression, connection):
        if not value:
            return value
        try:
            return decrypt_text(value)
        except InvalidToken as error:
            raise ValueError(
                f"{self.model.__name__}.{self.name}: no configured key opens this value"
            ) from error

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value:
            return value
        return encrypt_text(value)
