"""A connection's test: list /v1/models and say in one sentence what was found."""

from __future__ import annotations

import contextlib
import http.client
import json
from dataclasses import dataclass
from typing import Any

from app.core.engine.remote import failures as f
from app.core.engine.remote.client import (
    MAX_ERROR_BODY,
    RemoteFailure,
    RemoteTarget,
    open_request,
    status_failure,
)
from app.core.engine.remote.wire import Flavor
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

OWNERS: dict[str, Flavor] = {
    "vllm": "vllm",
    "llamacpp": "llama.cpp",
    "library": "ollama",
    "lokal": "lokal",
}
NAMES = {"vllm": "vLLM", "llama.cpp": "llama-server", "ollama": "Ollama", "lokal": "Lokal"}


@dataclass(frozen=True)
class ProbeResult:
    ok: bool
    sentence: str
    models: tuple[str, ...] = ()
    flavor: Flavor = "openai"
    gpt_oss: bool = False
    # The context length the server reports for its first model (vLLM's max_model_len).
    context: int | None = None


def flavor_of(data: dict[str, Any], server_header: str) -> Flavor:
    if "lokal" in server_header.lower():
        return "lokal"
    for model in data.get("data") or []:
        if isinstance(model, dict):
            owner = str(model.get("owned_by", "")).lower()
            if owner in OWNERS:
                return OWNERS[owner]
    return "openai"


def probe(target: RemoteTarget) -> ProbeResult:
    """Reach the server, with the key if there is one, and list its models."""
    try:
        conn, response = open_request(target, "GET", "models", None)
    except RemoteFailure as exc:
        return ProbeResult(False, str(exc))
    with contextlib.closing(conn):
        try:
            body = response.read(MAX_ERROR_BODY * 16)
        except (OSError, http.client.HTTPException):
            return ProbeResult(False, f.sentence(f.LOST, target.connection))
        if response.status >= 400:
            failure = status_failure(target, response.status, body, None)
            if response.status == 404:  # of /models itself: not an OpenAI-compatible API
                failure = f.sentence(f.MALFORMED, target.connection, "HTTP 404 for /models")
            return ProbeResult(False, str(failure))
        try:
            data = json.loads(body)
            listed = [m for m in data["data"] if isinstance(m, dict)]
            models = tuple(str(m["id"]) for m in listed)
        except (ValueError, KeyError, TypeError):
            return ProbeResult(False, f.sentence(f.MALFORMED, target.connection, "no model list"))
        flavor = flavor_of(data, response.getheader("Server") or "")
    context = next(
        (m["max_model_len"] for m in listed if isinstance(m.get("max_model_len"), int)), None
    )
    gpt_oss = any("gpt-oss" in m.lower() or "gpt_oss" in m.lower() for m in models)
    return ProbeResult(
        True, _sentence(target, flavor, models, gpt_oss), models, flavor, gpt_oss, context
    )


def _sentence(target: RemoteTarget, flavor: Flavor, models: tuple[str, ...], gpt_oss: bool) -> str:
    server = NAMES.get(flavor, Sentence(QT_TRANSLATE_NOOP("core", "an OpenAI-compatible server")))
    key = (
        Sentence(QT_TRANSLATE_NOOP("core", "accepted the API key"))
        if target.api_key
        else Sentence(QT_TRANSLATE_NOOP("core", "needs no API key"))
    )
    if not models:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "%1 (%2) is reachable and %3, but offers no models."),
            target.connection, server, key,
        )  # fmt: skip
    reasoning = (
        Sentence(QT_TRANSLATE_NOOP("core", "a gpt-oss model is among them, with its reasoning"))
        if gpt_oss
        else Sentence(QT_TRANSLATE_NOOP("core", "none of them is named as a gpt-oss model"))
    )
    return Sentence(
        QT_TRANSLATE_NOOP("core", "%1 (%2) is reachable, %3, and offers %4 model(s): %5; %6."),
        target.connection, server, key, str(len(models)), ", ".join(models[:8]), reasoning,
    )  # fmt: skip
