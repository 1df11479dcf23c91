"""`lokal connections …` and `lokal ask --model CONNECTION:MODEL` against servers on loopback."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import keyring
import pytest

from app.cli.main import main
from app.core.connections.store import (
    find_connection,
    get_key,
    load_connections,
    parse_model_ref,
)
from app.core.paths import data_dir
from tests.fixtures import remote_shapes as shapes
from tests.fixtures.replay_server import ReplayServer, json_reply, sse_reply
from tests.test_model_token import MemoryKeyring, plaintext_keyring

KEY = "sk-team-0123456789abcdef"
MODEL = "openai/gpt-oss-120b"


@pytest.fixture
def memory_keyring(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    return backend


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer(api_key=KEY) as replay:
        replay.add("/v1/models", json_reply(shapes.vllm_models(MODEL)))
        yield replay


def lokal(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str = "") -> tuple[int, str]:
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(list(argv))
    finally:
        sys.stdin = old
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_add_keeps_the_key_in_the_keyring_only(
    memory_keyring: MemoryKeyring, server: ReplayServer, capsys: Any
) -> None:
    code, _ = lokal(capsys, "connections", "add", "team", server.base_url, "--key-stdin", stdin=KEY)
    assert code == 0
    assert memory_keyring.store[("Lokal", "connection:team")] == KEY
    assert KEY not in (data_dir() / "connections.json").read_text()
    assert get_key("team") == KEY


def test_test_lists_the_models_and_says_what_it_found(
    memory_keyring: MemoryKeyring, server: ReplayServer, capsys: Any
) -> None:
    server.add("/v1/chat/completions", sse_reply(shapes.vllm_stream(MODEL, "User says", "OK")))
    lokal(capsys, "connections", "add", "team", server.base_url.removesuffix("/v1"), "--key-stdin",
          stdin=KEY)  # fmt: skip
    code, out = lokal(capsys, "connections", "test", "team")
    assert code == 0, out
    assert out.count("\n") == 1  # one sentence
    assert "team (vLLM) is reachable, accepted the API key, and offers 1 model(s)" in out
    assert MODEL in out
    assert "a gpt-oss model is among them, and its gpt-oss reasoning arrives apart" in out
    assert server.chat_bodies()[-1]["model"] == MODEL
    assert find_connection("team").flavor == "vllm"
    assert find_connection("team").models == (MODEL,)
    assert server.requests[0].path == "/v1/models"  # /v1 added to a bare address


def test_test_says_when_no_reasoning_comes_back(
    memory_keyring: MemoryKeyring, server: ReplayServer, capsys: Any
) -> None:
    plain = [shapes._chunk(MODEL, {"content": "OK"}), shapes._chunk(MODEL, {}, "stop")]
    server.add("/v1/chat/completions", sse_reply(plain))
    lokal(capsys, "connections", "add", "team", server.base_url, "--key-stdin", stdin=KEY)
    code, out = lokal(capsys, "connections", "test", "team")
    assert code == 0 and "came without reasoning" in out


def test_a_wrong_key_is_said(
    memory_keyring: MemoryKeyring, server: ReplayServer, capsys: Any
) -> None:
    lokal(capsys, "connections", "add", "team", server.base_url, "--key-stdin", stdin="sk-wrong")
    code, out = lokal(capsys, "connections", "test", "team")
    assert code == 1 and "refused the API key (HTTP 401)" in out


def test_no_secure_keyring_refuses_the_key(
    monkeypatch: pytest.MonkeyPatch, server: ReplayServer, capsys: Any
) -> None:
    backend = plaintext_keyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    code, out = lokal(
        capsys, "connections", "add", "team", server.base_url, "--key-stdin", stdin=KEY
    )
    assert code == 1 and "The API key was not stored" in out
    assert not backend.store and KEY not in (data_dir() / "connections.json").read_text()


def test_list_and_remove(memory_keyring: MemoryKeyring, server: ReplayServer, capsys: Any) -> None:
    lokal(capsys, "connections", "add", "team", server.base_url, "--key-stdin",
          "--on-this-network", stdin=KEY)  # fmt: skip
    _code, out = lokal(capsys, "connections", "list", "--json")
    rows = json.loads(out)
    assert rows[0]["name"] == "team" and rows[0]["has_key"] is True
    assert rows[0]["local_hosts"] == ["127.0.0.1"]
    assert lokal(capsys, "connections", "remove", "team")[0] == 0
    assert load_connections() == [] and get_key("team") is None


def test_a_path_with_a_colon_is_not_a_connection(memory_keyring: MemoryKeyring) -> None:
    assert parse_model_ref("C:\\models\\gpt-oss-20b.gguf") is None
    assert parse_model_ref("nobody:model") is None


def test_ask_a_remote_model_from_the_terminal(
    memory_keyring: MemoryKeyring, server: ReplayServer, capsys: Any
) -> None:
    server.add("/v1/chat/completions", sse_reply(shapes.vllm_stream(MODEL, "Hmm.", "Forty-two.")))
    lokal(capsys, "connections", "add", "team", server.base_url, "--key-stdin", stdin=KEY)
    code, out = lokal(capsys, "ask", "--model", f"team:{MODEL}", "--effort", "low", "Answer?")
    assert code == 0, out
    assert "Forty-two." in out and "Hmm." not in out
    assert "[team: stop:" in out and "tokens/s" in out
    body = server.chat_bodies()[-1]
    assert body["model"] == MODEL and body["reasoning_effort"] == "low"


def test_ask_sends_documents_read_here_as_the_quoted_block(
    memory_keyring: MemoryKeyring, server: ReplayServer, capsys: Any, tmp_path: Any
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("The launch code is BLUE-HERON-7.\n", encoding="utf-8")
    server.add(
        "/v1/chat/completions", sse_reply(shapes.vllm_stream(MODEL, "r", "BLUE-HERON-7 [1]"))
    )
    lokal(capsys, "connections", "add", "team", server.base_url, "--key-stdin", stdin=KEY)
    code, out = lokal(capsys, "ask", "--model", f"team:{MODEL}", "--attach", str(note), "Code?")
    assert code == 0, out
    question = server.chat_bodies()[-1]["messages"][-1]["content"]
    assert "BLUE-HERON-7" in question and question.rstrip().endswith("Code?")


def test_a_silent_server_is_said_in_time(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    from app.core.connections import probe as probing
    from app.core.engine.remote.client import RemoteTarget

    monkeypatch.setattr(probing, "PROBE_TIMEOUT", 0.3)
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()  # accepts connections, never answers
        port = silent.getsockname()[1]
        result = probing.probe(RemoteTarget("mute", f"http://127.0.0.1:{port}/v1", ""))
    assert not result.ok and result.sentence == "127.0.0.1 cannot be reached: no answer in time"
