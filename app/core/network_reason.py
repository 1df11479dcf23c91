"""Why a connection failed, as a sentence of ours: the operating system's own words
("[Errno -2] Name or service not known") are English on every system, so they only
follow as a detail."""

from __future__ import annotations

import socket
import ssl

from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

#: Looked for in the text when the library wrapped the OS error in its own exception.
_NAME_LOOKUP = ("Name or service not known", "nodename nor servname", "getaddrinfo failed",
                "Temporary failure in name resolution", "NameResolutionError")  # fmt: skip
_REFUSED = ("Connection refused", "actively refused")
_TIMEOUT = ("timed out", "Timeout", "TimeoutError")
_TLS = ("SSLError", "CERTIFICATE_VERIFY_FAILED", "SSL:")


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and current not in seen and len(seen) < 16:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def reason_of(error: BaseException) -> Sentence:
    """What went wrong with a connection, in one translatable phrase."""
    chain = _chain(error)
    text = " ".join(f"{type(e).__name__} {e}" for e in chain)
    if any(isinstance(e, socket.gaierror) for e in chain) or any(s in text for s in _NAME_LOOKUP):
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core", "the address could not be looked up (is this computer online?)"
            )
        )
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or any(
        s in text for s in _REFUSED
    ):
        return Sentence(QT_TRANSLATE_NOOP("core", "the connection was refused"))
    if any(isinstance(e, ssl.SSLError) for e in chain) or any(s in text for s in _TLS):
        return Sentence(QT_TRANSLATE_NOOP("core", "the secure connection could not be set up"))
    if any(isinstance(e, TimeoutError) for e in chain) or any(s in text for s in _TIMEOUT):
        return Sentence(QT_TRANSLATE_NOOP("core", "there was no answer in time"))
    return Sentence(QT_TRANSLATE_NOOP("core", "the connection failed"))
