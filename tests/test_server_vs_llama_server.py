"""`lokal serve` against llama.cpp's own llama-server on the same tiny gpt-oss GGUF: the same
requests to both, and the JSON shapes of the replies compared path by path (the keys at each
path and the JSON type of each value, never the generated text). Every difference must be in
KNOWN_DIFFERENCES with its reason, and every entry there must still be observed, so a new
difference and a vanished one both fail. Skipped where llama-server was not built."""

from __future__ import annotations

import http.client
import json
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from app.core.grammar.harmony_forcing import forced_harmony_grammar
from tests.live_server import LiveServer
from tests.test_remote_llama_server import llama_server_binary

pytestmark = pytest.mark.slow

KEY = "same-key-for-both-5"

# Where the two servers differ, on purpose or because llama-server adds its own fields.
# Keys: "<exchange> <path>", paths in JSONPath style with [] for every item of a list.
LOGPROBS = "OpenAI's choice carries logprobs: null when none were asked; llama-server omits it"
FINGERPRINT = (
    "llama-server names its build (b1-<commit>); Lokal has none to give (OpenAI allows null)"
)
TIMINGS = "llama-server's own speed measurements, not part of OpenAI's API"
REASONING_TOKENS = "Lokal counts reasoning tokens as OpenAI does; llama-server does not"
ERROR_CODE = "OpenAI's code is a string or null; llama-server repeats the HTTP status number"
ERROR_PARAM = "OpenAI's error names the field at fault in param (or null); llama-server omits it"
KNOWN_DIFFERENCES: dict[str, str] = {
    "models $.data[].aliases": "llama-server's own: other names the model answers to",
    "models $.data[].meta": "llama-server's own: vocabulary, context and size of the GGUF",
    "models $.data[].tags": "llama-server's own: the model's tags (here none)",
    "models $.models": "llama-server answers in Ollama's shape too, on the same endpoint",
    "chat $.choices[].logprobs": LOGPROBS,
    "chat $.choices[].message.reasoning": "Lokal gives the reasoning under both names clients read",
    "chat $.choices[].message.refusal": "OpenAI's message has refusal: null; llama-server omits it",
    "chat $.system_fingerprint": FINGERPRINT,
    "chat $.timings": TIMINGS,
    "chat $.usage.completion_tokens_details": REASONING_TOKENS,
    "stream.delta $[].choices[].logprobs": LOGPROBS,
    "stream.delta $[].system_fingerprint": FINGERPRINT,
    "stream.finish $[].choices[].logprobs": LOGPROBS,
    "stream.finish $[].system_fingerprint": FINGERPRINT,
    "stream.usage $[].system_fingerprint": FINGERPRINT,
    "stream.usage $[].timings": TIMINGS,
    "stream.usage $[].usage.completion_tokens_details": REASONING_TOKENS,
    "no-messages $.error.code": ERROR_CODE,
    "no-messages $.error.param": ERROR_PARAM,
    "wrong-key $.error.code": ERROR_CODE,
    "wrong-key $.error.param": ERROR_PARAM,
}

# Fields holding text the model wrote. Their type depends on what it wrote, not on the server:
# llama-server follows the harmony grammar and always reasons, while random weights never write
# a channel for Lokal, so its reasoning is null. There a null counts as a string (OpenAI types
# them "string or null"), and a stream delta may or may not carry each of them.
TEXT_FIELDS = ("content", "reasoning_content", "reasoning")


@dataclass(frozen=True)
class Server:
    name: str
    origin: str

    def request(self, method: str, path: str, body: object = None, key: str = KEY) -> Any:
        """(status, parsed JSON body or list of parsed SSE chunks)."""
        parts = urlsplit(self.origin)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=120)
        headers = {"Authorization": f"Bearer {key}"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, path, body=data, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
        finally:
            connection.close()
        if response.getheader("Content-Type", "").startswith("text/event-stream"):
            return response.status, sse_chunks(text)
        return response.status, json.loads(text)

    def ready(self, process: subprocess.Popen[str], timeout: float = 60) -> bool:
        """Whether /health answered 200 (the model is loaded and the socket listens) before
        `process` ended or `timeout` seconds passed."""
        deadline = time.monotonic() + timeout
        while process.poll() is None and time.monotonic() < deadline:
            try:
                if self.request("GET", "/health")[0] == 200:
                    return True
            except (OSError, ValueError):
                pass
            time.sleep(0.2)
        return False


def sse_chunks(text: str) -> list[Any]:
    chunks = []
    for line in text.splitlines():
        if line.startswith("data:"):
            data = line.removeprefix("data:").strip()
            if data != "[DONE]":
                chunks.append(json.loads(data))
    return chunks


def json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def shape(
    value: object, path: str = "$", into: dict[str, set[str]] | None = None
) -> dict[str, set[str]]:
    """Every path in `value` with the JSON types met there (the items of a list share one path)."""
    found: dict[str, set[str]] = {} if into is None else into
    kind = json_type(value)
    if kind == "null" and path.rsplit(".", 1)[-1] in TEXT_FIELDS:
        kind = "string"
    found.setdefault(path, set()).add(kind)
    if isinstance(value, dict):
        for key, item in value.items():
            shape(item, f"{path}.{key}", found)
    elif isinstance(value, list):
        for item in value:
            shape(item, f"{path}[]", found)
    return found


def differences(exchange: str, lokal: object, llama: object) -> dict[str, str]:
    """'<exchange> <path>' → what differs there, for every path whose types are not the same."""
    ours, theirs = shape(lokal), shape(llama)
    found = {}
    for path in sorted(ours.keys() | theirs.keys()):
        a, b = ours.get(path), theirs.get(path)
        if a == b:
            continue
        if (a is None or b is None) and path.endswith(tuple(f".delta.{f}" for f in TEXT_FIELDS)):
            continue  # which text a delta carries is the model's doing
        if b is None:
            what = f"only in Lokal ({'/'.join(sorted(a or ()))})"
        elif a is None:
            what = f"only in llama-server ({'/'.join(sorted(b))})"
        else:
            what = f"Lokal {'/'.join(sorted(a))}, llama-server {'/'.join(sorted(b))}"
        found[f"{exchange} {path}"] = what
    # A field one side adds is one difference, not one per field inside it.
    return {k: v for k, v in found.items() if not v.startswith("only") or parent(k) not in found}


def parent(key: str) -> str:
    """'x $.a.b' → 'x $.a'; 'x $.a[]' → 'x $.a'."""
    return key.removesuffix("[]") if key.endswith("[]") else key.rsplit(".", 1)[0]


def free_port() -> int:
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port: int = probe_socket.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def llama(tiny_gguf: Path) -> Iterator[Server]:
    binary = llama_server_binary()
    if binary is None:
        pytest.skip("llama-server is not built (bench/.cache, see docs/team-server.md)")
    port = free_port()
    process = subprocess.Popen(
        [str(binary), "-m", str(tiny_gguf), "--host", "127.0.0.1", "--port", str(port),
         "-c", "2048", "-np", "1", "-t", "1", "--api-key", KEY, "--jinja"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    server = Server("llama-server", f"http://127.0.0.1:{port}")
    if not server.ready(process):
        process.kill()
        raise RuntimeError(
            f"llama-server did not start: {process.stderr.read() if process.stderr else ''}"
        )
    yield server
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def lokal(
    llama: Server, tiny_gguf: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    live = LiveServer(tiny_gguf, tmp_path_factory.mktemp("serve-data"), KEY)
    server = Server("lokal", live.origin)
    assert server.ready(live.process), "lokal serve did not answer /health"
    yield server
    live.close()


def chat(model: str, **more: object) -> dict[str, Any]:
    """The same chat request to both: llama-server follows the harmony grammar (its parser
    refuses what random weights write otherwise); Lokal ignores the field it does not know
    and parses whatever its model writes itself."""
    return {
        "model": model,
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"}],
        "max_tokens": 64,
        "temperature": 0,
        "seed": 7,
        "reasoning_effort": "low",
        "grammar": forced_harmony_grammar(analysis_words=4, final_words=4),
        **more,
    }


def observed(lokal: Server, llama: Server) -> dict[str, str]:
    found: dict[str, str] = {}

    def both(exchange: str, method: str, path: str, body: object = None, key: str = KEY) -> None:
        (status_a, a), (status_b, b) = (
            s.request(method, path, body(s) if callable(body) else body, key)
            for s in (lokal, llama)
        )
        if status_a != status_b:
            found[f"{exchange} status"] = f"Lokal {status_a}, llama-server {status_b}"
        if isinstance(a, list):  # a stream: its delta, finishing and usage chunks apart
            b = b if isinstance(b, list) else []
            a_parts, b_parts = stream_parts(a), stream_parts(b)
            for part in a_parts.keys() | b_parts.keys():
                found.update(
                    differences(f"{exchange}.{part}", a_parts.get(part), b_parts.get(part))
                )
        else:
            found.update(differences(exchange, a, b))

    models = {s.name: s.request("GET", "/v1/models")[1]["data"][0]["id"] for s in (lokal, llama)}
    both("models", "GET", "/v1/models")
    both("chat", "POST", "/v1/chat/completions", lambda s: chat(models[s.name]))
    both(
        "stream",
        "POST",
        "/v1/chat/completions",
        lambda s: chat(models[s.name], stream=True, stream_options={"include_usage": True}),
    )
    both("no-messages", "POST", "/v1/chat/completions", {"model": "x"})
    both("wrong-key", "GET", "/v1/models", key="not-the-key")
    return found


def stream_parts(chunks: list[Any]) -> dict[str, list[Any]]:
    """The chunks of a stream in three groups whose shapes are compared: those that carry a
    delta, the one that carries the finish_reason, and the one that carries usage."""
    parts: dict[str, list[Any]] = {"delta": [], "finish": [], "usage": []}
    for chunk in chunks:
        choices = chunk.get("choices") or []
        if chunk.get("usage") is not None:
            parts["usage"].append(chunk)
        elif any(c.get("finish_reason") for c in choices):
            parts["finish"].append(chunk)
        else:
            parts["delta"].append(chunk)
    return parts


def test_lokal_serve_differs_from_llama_server_only_where_known(
    lokal: Server, llama: Server
) -> None:
    found = observed(lokal, llama)
    report = "\n".join(f"{path}: {what}" for path, what in sorted(found.items()))
    assert found.keys() - KNOWN_DIFFERENCES.keys() == set(), "new differences:\n" + report
    assert KNOWN_DIFFERENCES.keys() - found.keys() == set(), "no longer differ:\n" + report


def test_the_shape_comparison_sees_keys_and_types() -> None:
    lokal = {"a": 1, "b": [{"x": "s"}, {"x": None}], "c": {}}
    llama = {"a": "1", "b": [{"x": "s", "y": True}], "d": [], "content": None}
    assert differences("t", lokal, llama) == {
        "t $.a": "Lokal number, llama-server string",
        "t $.b[].x": "Lokal null/string, llama-server string",
        "t $.content": "only in llama-server (string)",
        "t $.b[].y": "only in llama-server (boolean)",
        "t $.c": "only in Lokal (object)",
        "t $.d": "only in llama-server (array)",
    }
    text = {"choices": [{"delta": {"content": "x", "reasoning": None}}]}
    assert differences("t", text, {"choices": [{"delta": {"reasoning": "y"}}]}) == {}
