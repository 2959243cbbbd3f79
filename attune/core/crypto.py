"""Encryption at rest for what people write, with keys from the environment that can be rotated.

`EncryptedTextField` stores a Fernet token (AES-128-CBC with an HMAC, from the `cryptography`
package) instead of the text. ATTUNE_ENCRYPTION_KEYS lists keys newest first: the first encrypts and
all decrypt, so rotation is: put a new key first, run `manage.py rotate_encryption_keys`, then drop
the old key.
"""

from __future__ import annotations

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except (ValueError, TypeError) as error:
        raise ImproperlyConfigured(f"ATTUNE_ENCRYPTION_KEYS holds a key that is not a Fernet key: {error}") from None


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.ATTUNE_ENCRYPTION_KEYS))


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ImproperlyConfigured(
            "Stored text cannot be decrypted with ATTUNE_ENCRYPTION_KEYS: a key it was written with is missing."
        ) from None


def rotate(token: str) -> str:
    """The same text, encrypted again with the newest key."""
    return fernet().rotate(token.encode("ascii")).decode("ascii")


class EncryptedTextField(models.TextField):
    """Text encrypted before it reaches the database and decrypted when read. It cannot be searched
    or filtered on in SQL, by design."""

    def from_db_value(self, value, expression, connection):
        return None if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else encrypt(value)
