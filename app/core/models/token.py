"""The optional Hugging Face token: in the operating system's keyring, or in memory only.

Lokal stores the token only in a keyring that keeps secrets encrypted or in a
secure service (macOS Keychain, Windows Credential Locker, the Secret Service).
A keyring that would write it in clear (keyrings.alt's file backends) or that
cannot store anything (keyring's "fail" backend, a chain with no usable
backend) is refused with an explanation; the token is then kept in memory for
this session only and asked for again next time.

The token is never logged, never written to the settings or the database, and
``redact`` removes it from any text that is shown (error messages from the Hub
can echo request headers); the log file masks anything shaped like a token
(app.core.logging_setup). huggingface_hub's login() is never
called: it writes the token to a file in clear. The token is passed explicitly.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass
from typing import Any

from app.core.quantity import Number
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

SERVICE = "Lokal"
USERNAME = "huggingface-token"
HIDDEN = "[token hidden]"

_lock = threading.Lock()
_secrets: set[str] = set()
_session_token: str | None = None


class TokenError(Exception):
    """A token could not be stored or read; str() is a sentence without the token in it."""


@dataclass(frozen=True)
class KeyringVerdict:
    usable: bool
    backend: Any  # the keyring backend to use, when usable
    reason: str  # why not, in a sentence, when not usable


def _no_keyring() -> Sentence:
    return Sentence(QT_TRANSLATE_NOOP("core", "no secure keyring is available on this computer"))


def _is_refused(backend: Any) -> Sentence | None:
    """Why this keyring backend must not hold the token, or None if it may."""
    cls = type(backend)
    module = cls.__module__
    name = f"{module}.{cls.__name__}"
    if module.startswith("keyring.backends.fail") or module.startswith("keyring.backends.null"):
        return _no_keyring()
    if module.startswith("keyrings.alt"):
        return Sentence(
            QT_TRANSLATE_NOOP("core", "the keyring in use (%1) keeps secrets in a file on disk"),
            name,
        )
    if getattr(backend, "priority", 1) <= 0:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "the keyring in use (%1) is not one Lokal can trust"), name
        )
    return None


def assess_keyring(backend: Any | None = None) -> KeyringVerdict:
    """Which keyring backend to use for the token, or why none may be used."""
    import keyring
    from keyring.backends.chainer import ChainerBackend

    backend = backend if backend is not None else keyring.get_keyring()
    candidates = list(backend.backends) if isinstance(backend, ChainerBackend) else [backend]
    reasons = []
    for candidate in candidates:
        reason = _is_refused(candidate)
        if reason is None:
            return KeyringVerdict(True, candidate, "")
        reasons.append(reason)
    reason = reasons[0] if reasons else _no_keyring()
    return KeyringVerdict(
        False,
        None,
        Sentence(
            QT_TRANSLATE_NOOP(
                "core",
                "Lokal will not store the token because %1; "
                "it is kept in memory until Lokal quits and asked for again next time.",
            ),
            reason,
        ),
    )


def remember_secret(token: str) -> None:
    """Make ``redact`` hide this token from now on."""
    if token:
        with _lock:
            _secrets.add(token)


def redact(text: str) -> str:
    """``text`` without any token; a Sentence stays one (its values are redacted)."""
    if isinstance(text, Sentence):
        return Sentence(text.template, *(redact(value) for value in text.values))
    if isinstance(text, Number):
        return text  # a figure holds no token
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        text = text.replace(secret, HIDDEN)
    return text


def get_token(backend: Any | None = None) -> str | None:
    """The token: from this session's memory, else the keyring (if it may be used)."""
    if _session_token:
        return _session_token
    verdict = assess_keyring(backend)
    if not verdict.usable:
        return None
    try:
        token = verdict.backend.get_password(SERVICE, USERNAME)
    except Exception:
        return None  # a locked or broken keyring is "no token", not a crash
    if token:
        remember_secret(token)
    return token or None


def set_token(token: str, backend: Any | None = None) -> str | None:
    """Keep ``token`` for this session and, if a secure keyring is usable, store it there.

    Returns None when it was stored in the keyring, else the sentence saying why it is
    kept in memory only.
    """
    global _session_token
    token = token.strip()
    if not token:
        raise TokenError(Sentence(QT_TRANSLATE_NOOP("core", "The token is empty.")))
    remember_secret(token)
    _session_token = token
    verdict = assess_keyring(backend)
    if not verdict.usable:
        return verdict.reason
    try:
        verdict.backend.set_password(SERVICE, USERNAME, token)
    except Exception as exc:
        message = redact(str(exc)) or "no reason given"
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core",
                "The keyring did not store the token (%1); it is kept in memory until Lokal quits.",
            ),
            message,
        )
    return None


def clear_token(backend: Any | None = None) -> None:
    """Forget the token here and in the keyring."""
    global _session_token
    _session_token = None
    verdict = assess_keyring(backend)
    if verdict.usable:
        # Nothing stored, or the keyring is locked: nothing more to forget here.
        with contextlib.suppress(Exception):
            verdict.backend.delete_password(SERVICE, USERNAME)
