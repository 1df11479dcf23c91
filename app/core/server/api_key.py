"""The server's bearer key: generated on first use and kept in the operating system's keyring.

Headless machines without a usable keyring give the key with `--api-key` or
LOKAL_API_KEY instead; without either, `lokal serve` refuses to start rather
than run unprotected or write the key in clear somewhere.
"""

from __future__ import annotations

import os
import secrets
from typing import Any

from app.core.models.token import assess_keyring, remember_secret
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

SERVICE = "Lokal"
USERNAME = "local-server-key"
ENV = "LOKAL_API_KEY"


class ApiKeyError(Exception):
    """No key could be found or kept; str() is a sentence for people."""


def new_key() -> str:
    return "lokal-" + secrets.token_urlsafe(32)


def server_key(given: str | None = None, backend: Any | None = None) -> str:
    """The key: `given`, else LOKAL_API_KEY, else the keyring's (made and stored on first use)."""
    for candidate in (given, os.environ.get(ENV)):
        if candidate and candidate.strip():
            remember_secret(candidate.strip())
            return candidate.strip()
    verdict = assess_keyring(backend)
    if not verdict.usable:
        raise ApiKeyError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core",
                    "The server needs a key and no secure keyring is available to keep one; "
                    "give it with --api-key or the LOKAL_API_KEY environment variable.",
                )
            )
        )
    try:
        key = verdict.backend.get_password(SERVICE, USERNAME)
        if not key:
            key = new_key()
            verdict.backend.set_password(SERVICE, USERNAME, key)
    except Exception as exc:
        raise ApiKeyError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "The keyring did not give the server's key (%1)."),
                type(exc).__name__,
            )
        ) from None
    remember_secret(key)
    return str(key)
