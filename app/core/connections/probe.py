"""A connection's test: list /v1/models and say in one sentence what was found."""

from __future__ import annotations

import contextlib
import http.client
import json
from dataclasses import dataclass, replace
from typing import Any

from app.core.engine.protocol import Delta, EngineError, GenerateRequest
from app.core.engine.remote import failures as f
from app.core.engine.remote.client import (
    MAX_ERROR_BODY,
    RemoteEngine,
    RemoteFailure,
    RemoteTarget,
    open_request,
    status_failure,
)
from app.core.engine.remote.wire import Flavor
from app.core.harmony import Message
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

OWNERS: dict[str, Flavor] = {
    "vllm": "vllm",
    "llamacpp": "llama.cpp",
    "library": "ollama",
    "lokal": "lokal",
}
# A test waits this long for an answer; a chat waits longer (a long prompt on a busy server).
PROBE_TIMEOUT = 30.0
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


def probe(target: RemoteTarget, *, check_reasoning: bool = True) -> ProbeResult:
    """Reach the server, with the key if there is one, and list its models."""
    try:
        conn, response = open_request(target, "GET", "models", None, read_timeout=PROBE_TIMEOUT)
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
    named = next((m for m in models if "gpt-oss" in m.lower() or "gpt_oss" in m.lower()), None)
    reasoning = None
    if named is not None and check_reasoning:
        reasoning = reasoning_of(replace(target, model=named, flavor=flavor))
    sentence = _sentence(target, flavor, models, named is not None, reasoning)
    return ProbeResult(True, sentence, models, flavor, named is not None, context)


def reasoning_of(target: RemoteTarget) -> str:
    """Ask the model for a few tokens and say how its reasoning came back."""
    engine = RemoteEngine(target, read_timeout=PROBE_TIMEOUT)
    request = GenerateRequest(
        0, (Message("user", "Say OK."),), reasoning_effort="low", max_tokens=24
    )
    reasoning = False
    for event in engine.generate(request):
        if isinstance(event, Delta) and event.channel == "analysis":
            reasoning = True
            engine.cancel()  # seen: the rest is not needed
        elif isinstance(event, EngineError):
            return Sentence(QT_TRANSLATE_NOOP("core", "a short answer failed: %1"), event.message)
    if reasoning:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "its gpt-oss reasoning arrives apart from the answer")
        )
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core", "a short answer came without reasoning (check the server's reasoning parser)"
        )
    )


def _sentence(
    target: RemoteTarget,
    flavor: Flavor,
    models: tuple[str, ...],
    gpt_oss: bool,
    reasoning: str | None,
) -> str:
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
    if not gpt_oss:
        said = Sentence(QT_TRANSLATE_NOOP("core", "none of them is named as a gpt-oss model"))
    elif reasoning is None:
        said = Sentence(QT_TRANSLATE_NOOP("core", "a gpt-oss model is among them"))
    else:
        said = Sentence(
            QT_TRANSLATE_NOOP("core", "a gpt-oss model is among them, and %1"), reasoning
        )
    return Sentence(
        QT_TRANSLATE_NOOP("core", "%1 (%2) is reachable, %3, and offers %4 model(s): %5; %6."),
        target.connection, server, key, str(len(models)), ", ".join(models[:8]), said,
    )  # fmt: skip
