"""The sentences a remote engine's failures are told in (one each, never a traceback)."""

from __future__ import annotations

from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

KEY_REFUSED = QT_TRANSLATE_NOOP(
    "core", "%1 refused the API key (HTTP %2); check the key in the connection's settings."
)
MODEL_MISSING = QT_TRANSLATE_NOOP(
    "core", "%1 has no model called %2; choose one of the models its test lists."
)
BUSY_RETRY = QT_TRANSLATE_NOOP(
    "core", "%1 is overloaded (HTTP %2) and asks to try again in %3 seconds."
)
BUSY = QT_TRANSLATE_NOOP("core", "%1 is overloaded (HTTP %2); try again in a while.")
SERVER_ERROR = QT_TRANSLATE_NOOP("core", "%1 answered with an error (HTTP %2): %3")
UNREACHABLE = QT_TRANSLATE_NOOP("core", "%1 cannot be reached: %2")
TLS_FAILED = QT_TRANSLATE_NOOP(
    "core",
    "The secure connection to %1 failed (%2); if the server uses its own certificate, "
    "name its CA file in the connection.",
)
LOST = QT_TRANSLATE_NOOP("core", "The connection to %1 was lost in the middle of the answer.")
MALFORMED = QT_TRANSLATE_NOOP(
    "core", "%1 sent a reply that is not an OpenAI-compatible stream (%2)."
)
STREAM_ERROR = QT_TRANSLATE_NOOP("core", "%1 stopped the answer with an error: %2")
OFFLINE_REFUSED = QT_TRANSLATE_NOOP(
    "core",
    "Lokal is in offline mode, and %1 is not marked as on this network, so it was not contacted.",
)
CALL_CUT = QT_TRANSLATE_NOOP(
    "core",
    "%1 reached the answer's length limit in the middle of a tool call, so the call was not run.",
)
REDIRECTED = QT_TRANSLATE_NOOP(
    "core", "%1 sent the request on to %2; enter that address in the connection instead."
)
PROXY_REFUSED = QT_TRANSLATE_NOOP(
    "core", "The proxy refused the connection to %1 (%2); check the proxy's user name and password."
)


def sentence(template: str, *values: object) -> Sentence:
    return Sentence(template, *(str(value) for value in values))
