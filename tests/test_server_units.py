"""The server's parts without a model: conversion, stop sequences, the line, the guard, the key."""

from __future__ import annotations

import asyncio
import http.client
import json
import socket
import threading
from collections.abc import Callable
from typing import Any

import pytest

from app.core import network_guard
from app.core.engine.conversation import build_conversation
from app.core.engine.protocol import Event, GenerateRequest, ModelInfo
from app.core.harmony import render_text
from app.core.server.api_key import ApiKeyError, server_key
from app.core.server.chat_models import ChatRequest
from app.core.server.chat_plan import convert_messages, plan_chat
from app.core.server.errors import ApiError
from app.core.server.guard import Guard, allowed_hosts
from app.core.server.jobs import RequestGate, ServerStats
from app.core.server.limits import Limits
from app.core.server.stop_filter import StopFilter

CALL = {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": '{"a":1}'}}


def chat(**fields: Any) -> ChatRequest:
    return ChatRequest.model_validate(
        {"model": "m", "messages": [{"role": "user", "content": "hi"}], **fields}
    )


# --- conversion --------------------------------------------------------------


def test_reasoning_before_a_tool_call_is_kept_for_the_next_step() -> None:
    body = chat(
        messages=[
            {"role": "system", "content": "Be brief."},
            {"role": "user", "content": "q"},
            {"role": "assistant", "tool_calls": [CALL], "reasoning_content": "THINKING"},
            {"role": "tool", "tool_call_id": "call_1", "content": "42"},
        ]
    )
    instructions, messages = convert_messages(body.messages)
    assert instructions == "Be brief."
    assert [(m.role, m.channel) for m in messages] == [
        ("user", None),
        ("assistant", "analysis"),
        ("assistant", "commentary"),
        ("tool", "commentary"),
    ]
    assert messages[2].recipient == "functions.f" and messages[3].author_name == "functions.f"
    prompt = render_text(
        build_conversation(GenerateRequest(request_id=0, messages=messages)), for_completion=True
    )
    assert "THINKING" in prompt  # mid-chain: the analysis is shown again
    done = [*messages, *convert_messages(chat(messages=[
        {"role": "assistant", "content": "It is 42."}, {"role": "user", "content": "next"},
    ]).messages)[1]]  # fmt: skip
    later = render_text(
        build_conversation(GenerateRequest(request_id=0, messages=tuple(done))),
        for_completion=True,
    )
    assert "THINKING" not in later  # once answered, harmony drops it


def test_every_reasoning_field_name_is_read() -> None:
    for name in ("reasoning_content", "reasoning", "thinking"):
        _, messages = convert_messages(
            chat(messages=[{"role": "assistant", "content": "x", name: "R"}]).messages
        )
        assert messages[0].channel == "analysis" and messages[0].content == "R"


def test_a_tool_result_must_answer_a_known_call() -> None:
    with pytest.raises(ApiError) as error:
        convert_messages(
            chat(messages=[{"role": "tool", "tool_call_id": "nope", "content": "1"}]).messages
        )
    assert error.value.status == 400 and error.value.param == "messages[0].tool_call_id"


def test_limits_are_enforced() -> None:
    limits = Limits(max_messages=2, max_tools=1, max_tokens=100)
    tool = {"type": "function", "function": {"name": "t"}}
    cases: list[tuple[dict[str, Any], str]] = [
        ({"messages": [{"role": "user", "content": "x"}] * 3}, "messages"),
        ({"tools": [tool, tool]}, "tools"),
        ({"max_tokens": 101}, "max_tokens"),
        ({"max_completion_tokens": 101}, "max_completion_tokens"),
        ({"n": 2}, "n"),
        ({"tool_choice": "required"}, "tool_choice"),
    ]
    for fields, param in cases:
        with pytest.raises(ApiError) as error:
            plan_chat(chat(**fields), limits, n_ctx=4096)
        assert error.value.param == param, fields


def test_sampling_and_effort_reach_the_engine_request() -> None:
    plan = plan_chat(
        chat(temperature=0.2, top_p=0.5, seed=7, reasoning={"effort": "high"}, max_tokens=9),
        Limits(),
        n_ctx=4096,
    ).generate
    assert (plan.sampling.temperature, plan.sampling.top_p, plan.sampling.seed) == (0.2, 0.5, 7)
    assert plan.reasoning_effort == "high" and plan.max_tokens == 9
    assert (
        plan_chat(chat(reasoning_effort="minimal"), Limits(), 4096).generate.reasoning_effort
        == "low"
    )
    assert plan.completion_grammar is None  # nothing forced: the model is free


def test_tool_choice_none_hides_the_tools() -> None:
    tool = {"type": "function", "function": {"name": "t"}}
    plan = plan_chat(chat(tools=[tool], tool_choice="none"), Limits(), 4096).generate
    assert plan.tools == () and plan.completion_grammar is None


# --- stop sequences ------------------------------------------------------------


def test_stop_sequences_split_across_pieces() -> None:
    stop = StopFilter(["END", "##"])
    shown = [stop.feed(piece) for piece in ("abc E", "N", "x #", "#tail")]
    assert "".join(shown) == "abc ENx " and stop.stopped
    assert stop.feed("more") == "" and stop.flush() == ""
    keep = StopFilter(["END"])
    assert keep.feed("x EN") == "x " and keep.flush() == "EN" and not keep.stopped


# --- the line of waiting requests ---------------------------------------------


def test_one_runs_others_wait_and_a_full_line_is_refused() -> None:
    async def scenario() -> None:
        stats = ServerStats()
        gate = RequestGate(stats, max_waiting=1)
        await gate.enter()
        second = asyncio.ensure_future(gate.enter())
        await asyncio.sleep(0)
        assert stats.waiting == 1
        with pytest.raises(ApiError) as full:
            await gate.enter()
        assert full.value.status == 429 and int(full.value.headers["Retry-After"]) >= 1
        gate.leave()
        await second  # its turn came
        assert stats.running and stats.waiting == 0
        third = asyncio.ensure_future(gate.enter())
        await asyncio.sleep(0)
        third.cancel()  # the client gave up while waiting: it leaves the line
        with pytest.raises(asyncio.CancelledError):
            await third
        assert stats.waiting == 0
        gate.leave()
        assert not stats.running

    asyncio.run(scenario())


# --- the guard -------------------------------------------------------------------


async def _echo(scope: Any, receive: Callable[[], Any], send: Callable[[Any], Any]) -> None:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


def call_guard(
    guard: Guard, method: str, headers: dict[str, str], chunks: tuple[bytes, ...] = (b"",)
) -> tuple[int, dict[str, str], bytes]:
    scope = {
        "type": "http",
        "method": method,
        "path": "/v1/chat/completions",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }
    pending = [
        {"type": "http.request", "body": c, "more_body": i < len(chunks) - 1}
        for i, c in enumerate(chunks)
    ]
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return pending.pop(0) if pending else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(guard(scope, receive, send))
    start = sent[0]
    got = {k.decode(): v.decode() for k, v in start.get("headers", [])}
    return start["status"], got, b"".join(m.get("body", b"") for m in sent[1:])


GOOD = {"host": "127.0.0.1:8080", "authorization": "Bearer k", "content-type": "application/json"}


def make_guard(**kwargs: Any) -> Guard:
    options: dict[str, Any] = {
        "hosts": allowed_hosts("127.0.0.1", 8080),
        "api_key": "k",
        "max_body_bytes": 10,
    }
    return Guard(_echo, **(options | kwargs))


def test_listed_origins_get_cors_and_others_nothing() -> None:
    guard = make_guard(cors_origins=["http://app.local:3000"])
    status, headers, _ = call_guard(guard, "POST", {**GOOD, "origin": "http://app.local:3000"})
    assert status == 200 and headers["access-control-allow-origin"] == "http://app.local:3000"
    status, headers, _ = call_guard(
        guard,
        "OPTIONS",
        {"host": GOOD["host"], "origin": "http://app.local:3000",
         "access-control-request-headers": "authorization, content-type"},
    )  # fmt: skip
    assert status == 204 and "authorization" in headers["access-control-allow-headers"]
    status, headers, _ = call_guard(guard, "OPTIONS", {**GOOD, "origin": "http://evil.example"})
    assert status == 403 and "access-control-allow-origin" not in headers
    status, headers, _ = call_guard(make_guard(), "POST", GOOD)
    assert status == 200 and "access-control-allow-origin" not in headers


def test_a_body_over_the_limit_is_refused_even_without_a_length() -> None:
    status, _, body = call_guard(make_guard(), "POST", GOOD, (b"123456", b"789012"))
    # The inner app read past the limit: the guard answers 413 (the echo never started).
    assert status == 413 and json.loads(body)["error"]["code"] == "body_too_large"
    status, _, _ = call_guard(make_guard(), "POST", {**GOOD, "content-length": "11"})
    assert status == 413


def test_without_a_key_nothing_is_asked() -> None:
    status, _, _ = call_guard(make_guard(api_key=None), "POST", {**GOOD, "authorization": ""})
    assert status == 200
    status, _, _ = call_guard(make_guard(), "POST", {**GOOD, "authorization": "Bearer x"})
    assert status == 401


def test_host_names_for_loopback_and_other_addresses() -> None:
    assert {"127.0.0.1:8080", "localhost:8080", "[::1]:8080"} <= allowed_hosts("127.0.0.1", 8080)
    lan = allowed_hosts("192.168.1.5", 9000)
    assert "192.168.1.5:9000" in lan and "localhost:9000" not in lan
    named = allowed_hosts("0.0.0.0", 9000, ["box.lan"])
    assert {"box.lan", "box.lan:9000", "localhost:9000"} <= named


# --- the key ---------------------------------------------------------------------


class MemoryKeyring:
    """A keyring backend that keeps secrets in memory (trusted: priority above zero)."""

    priority = 1

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.secrets.get((service, user))

    def set_password(self, service: str, user: str, secret: str) -> None:
        self.secrets[(service, user)] = secret


class FailKeyring:
    priority = 0

    def get_password(self, service: str, user: str) -> str | None:
        raise AssertionError("never asked")


def test_the_key_is_made_once_and_kept_in_the_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOKAL_API_KEY", raising=False)
    keyring = MemoryKeyring()
    first = server_key(backend=keyring)
    assert first.startswith("lokal-") and len(first) > 40
    assert server_key(backend=keyring) == first
    assert list(keyring.secrets.values()) == [first]
    assert server_key("given", backend=keyring) == "given"
    monkeypatch.setenv("LOKAL_API_KEY", "from-env")
    assert server_key(backend=keyring) == "from-env"


def test_no_trusted_keyring_and_no_key_given_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOKAL_API_KEY", raising=False)
    with pytest.raises(ApiKeyError) as error:
        server_key(backend=FailKeyring())
    assert "--api-key" in str(error.value)
    assert server_key("k", backend=FailKeyring()) == "k"


def test_no_api_key_is_refused_off_loopback(capsys: pytest.CaptureFixture[str]) -> None:
    from app.cli.main import main

    assert main(["serve", "--host", "0.0.0.0", "--no-api-key", "--model", "x.gguf"]) == 2
    assert "--no-api-key" in capsys.readouterr().err


# --- offline mode while listening -------------------------------------------------


class NoModel:
    model: ModelInfo | None = None

    def submit(self, request: GenerateRequest, on_event: Callable[[Event], None]) -> Any:
        raise AssertionError("no job expected")


def test_offline_mode_refuses_outgoing_connections_while_serving() -> None:
    import uvicorn

    from app.core.server.app import build_app
    from app.core.server.context import ServerContext
    from app.core.server.jobs import EngineGateway

    network_guard.set_offline(True)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()  # connections wait in the backlog until uvicorn accepts them
    port = sock.getsockname()[1]
    ctx = ServerContext(gateway=EngineGateway(NoModel(), 1))
    app = build_app(ctx, hosts=allowed_hosts("127.0.0.1", port), api_key="k")
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("GET", "/health")
        reply = connection.getresponse()
        assert reply.status == 200 and json.loads(reply.read())["status"] == "no_model"
        with pytest.raises(network_guard.OfflineError):
            socket.create_connection(("203.0.113.7", 80), timeout=1)
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# --- answers ---------------------------------------------------------------------


def test_tool_arguments_that_are_not_json_end_the_request_with_a_clear_error() -> None:
    from app.core.engine.protocol import ToolCall
    from app.core.server.chat_output import ChatAnswer

    answer = ChatAnswer(model="m", functions=frozenset({"f"}))
    delta = answer.take(ToolCall(1, "functions.f", '{"a": 1}', "<|constrain|>json"))
    assert delta is not None and delta["tool_calls"][0]["function"]["name"] == "f"
    with pytest.raises(ApiError) as broken:
        answer.take(ToolCall(1, "functions.f", '{"a": ', "<|constrain|>json"))
    assert broken.value.status == 500 and broken.value.code == "invalid_tool_arguments"
    assert "'f'" in broken.value.message


def test_a_call_to_a_function_not_offered_is_left_out() -> None:
    from app.core.engine.protocol import Done, ToolCall
    from app.core.server.chat_output import ChatAnswer

    answer = ChatAnswer(model="m", functions=frozenset({"f"}))
    assert answer.take(ToolCall(1, "functions.g", "not json", None)) is None
    assert answer.take(ToolCall(1, "browser.search", "{}", None)) is None
    answer.take(Done(1, "tool_call", 5, 5, 3, 0, 0, None, None, None, ()))
    completion = answer.completion()
    assert completion["choices"][0]["finish_reason"] == "stop"
    assert "tool_calls" not in completion["choices"][0]["message"]


def test_a_prompt_longer_than_the_context_is_the_clients_400_not_a_server_error() -> None:
    from app.core.engine.protocol import EngineError
    from app.core.server.chat_output import engine_failure

    too_long = engine_failure(
        EngineError(7, "The conversation no longer fits.", prompt_tokens=9000)
    )
    assert (too_long.status, too_long.code, too_long.param) == (
        400,
        "context_length_exceeded",
        "messages",
    )
    assert too_long.body()["error"]["type"] == "invalid_request_error"
    crashed = engine_failure(EngineError(7, "The engine crashed.", fatal=True, exit_code=-11))
    assert (crashed.status, crashed.code) == (503, "engine_error")
    failed = engine_failure(EngineError(7, "The engine failed."))
    assert (failed.status, failed.code) == (500, "engine_error")


def test_the_server_socket_accepts_connections_before_uvicorn_runs() -> None:
    # "Serving …" is printed before uvicorn's loop starts: a client that connects at once must
    # wait in the backlog, not be refused.
    from app.core.server.serve import listening_socket

    sock = listening_socket("127.0.0.1", 0)
    try:
        client = socket.create_connection(sock.getsockname()[:2], timeout=5)
        client.close()
    finally:
        sock.close()


def test_a_busy_port_is_an_error_the_cli_can_word() -> None:
    from app.core.server.serve import listening_socket

    first = listening_socket("127.0.0.1", 0)
    try:
        with pytest.raises(OSError):
            # SO_REUSEADDR does not let a second socket listen on a port in use.
            listening_socket("127.0.0.1", first.getsockname()[1]).close()
    finally:
        first.close()
