"""The remote engine against recorded vLLM, Ollama and llama-server shapes on loopback."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from app.core import network_guard
from app.core.engine.protocol import Delta, Done, EngineError, Event, GenerateRequest, ToolCall
from app.core.engine.remote.client import RemoteEngine, RemoteTarget, retry_after
from app.core.engine.remote.leak import LeakRouter
from app.core.engine.remote.wire import chat_body
from app.core.harmony import Message, ToolSpec
from tests.fixtures import remote_shapes as shapes
from tests.fixtures.replay_server import ReplayServer, Reply, json_reply, sse_reply

MODEL = "openai/gpt-oss-120b"


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as replay:
        yield replay


def target(server: ReplayServer, **kw: object) -> RemoteTarget:
    return RemoteTarget("team", server.base_url, MODEL, **kw)  # type: ignore[arg-type]


def ask(text: str = "Hello?", **kw: object) -> GenerateRequest:
    return GenerateRequest(0, (Message("user", text),), **kw)  # type: ignore[arg-type]


def run(engine: RemoteEngine, request: GenerateRequest | None = None) -> list[Event]:
    return list(engine.generate(request or ask()))


def texts(events: list[Event]) -> dict[str, str]:
    out = {"analysis": "", "final": ""}
    for event in events:
        if isinstance(event, Delta):
            out[event.channel] += event.text
    return out


@pytest.mark.parametrize(
    "stream",
    [shapes.vllm_stream, shapes.ollama_stream, shapes.llamacpp_stream],
    ids=["vllm-reasoning", "ollama-reasoning", "llamacpp-reasoning_content"],
)
def test_reasoning_and_answer_arrive_apart_whichever_field_carries_it(
    server: ReplayServer, stream: object
) -> None:
    server.add("/v1/chat/completions", sse_reply(stream(MODEL, "Think it over.", "Hi there!")))  # type: ignore[operator]
    events = run(RemoteEngine(target(server)))
    assert texts(events) == {"analysis": "Think it over.", "final": "Hi there!"}
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "stop"
    assert done.completion_tokens > 0 and done.time_to_first_token_s is not None
    assert [m.channel for m in done.messages] == ["analysis", "final"]


def test_usage_from_the_server_is_used_and_the_rate_measured_here(server: ReplayServer) -> None:
    server.add("/v1/chat/completions", sse_reply(shapes.vllm_stream(MODEL, "abcdefgh", "ijkl")))
    done = run(RemoteEngine(target(server)))[-1]
    assert isinstance(done, Done)
    assert done.prompt_tokens == 71 and done.completion_tokens == 3
    assert done.analysis_tokens == 2  # counted from the reasoning deltas
    assert done.tokens_per_second is None or done.tokens_per_second > 0


def test_the_request_carries_effort_tools_key_and_the_history(server: ReplayServer) -> None:
    server.add("/v1/chat/completions", sse_reply(shapes.vllm_stream(MODEL, "r", "a")))
    tool = ToolSpec("get_weather", "Weather for a city", {"type": "object", "properties": {}})
    request = GenerateRequest(
        0,
        (
            Message("user", "Weather?"),
            Message("assistant", "Need the tool.", "analysis"),
            Message("assistant", '{"city":"Bern"}', "commentary", "functions.get_weather"),
            Message("tool", '{"sunny":true}', author_name="functions.get_weather"),
        ),
        reasoning_effort="high",
        tools=(tool,),
        instructions="Be brief.",
    )
    run(RemoteEngine(target(server, api_key="k-123")), request)
    sent = server.requests[-1]
    assert sent.headers["Authorization"] == "Bearer k-123"
    body = sent.body
    assert body["model"] == MODEL and body["stream"] is True
    assert body["reasoning_effort"] == "high"
    assert "chat_template_kwargs" not in body  # strict servers refuse unknown fields
    assert body["tools"][0]["function"]["name"] == "get_weather"
    roles = [m["role"] for m in body["messages"]]
    assert roles == ["system", "user", "assistant", "tool"]
    call = body["messages"][2]
    assert call["reasoning"] == "Need the tool."  # kept between the calls of one turn
    assert call["tool_calls"][0]["id"] == body["messages"][3]["tool_call_id"]


def test_llama_server_gets_the_effort_in_both_forms() -> None:
    body = chat_body(ask(reasoning_effort="low"), "m", "llama.cpp")
    assert body["reasoning_effort"] == "low"
    assert body["chat_template_kwargs"] == {"reasoning_effort": "low"}


def test_a_streamed_tool_call_is_put_together(server: ReplayServer) -> None:
    arguments = '{"location": "Bern", "unit": "c"}'
    server.add(
        "/v1/chat/completions",
        sse_reply(shapes.vllm_tool_call(MODEL, "Look it up.", "get_weather", arguments)),
    )
    events = run(RemoteEngine(target(server)))
    calls = [e for e in events if isinstance(e, ToolCall)]
    assert [(c.recipient, c.arguments) for c in calls] == [("functions.get_weather", arguments)]
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "tool_call"


def test_harmony_tokens_leaking_into_content_are_put_in_their_channels(
    server: ReplayServer,
) -> None:
    leaked = (
        "<|channel|>analysis<|message|>User greets.<|end|>"
        "<|start|>assistant<|channel|>final<|message|>Hello!<|return|>"
    )
    chunks = [shapes._chunk(MODEL, {"content": leaked[i : i + 5]}) for i in range(0, 200, 5)]
    server.add("/v1/chat/completions", sse_reply([*chunks, shapes._chunk(MODEL, {}, "stop")]))
    events = run(RemoteEngine(target(server)))
    assert texts(events) == {"analysis": "User greets.", "final": "Hello!"}


def test_plain_text_with_angle_brackets_passes_untouched() -> None:
    router = LeakRouter()
    out = router.feed("a < b and <|x") + router.feed("y is not a marker") + router.flush()
    assert "".join(text for _, text in out) == "a < b and <|xy is not a marker"
    assert not router.leaked


@pytest.mark.parametrize(
    ("reply", "words"),
    [
        (json_reply(shapes.vllm_not_found(MODEL), 404), "has no model called"),
        (json_reply(shapes.ollama_not_found(MODEL), 404), "has no model called"),
        (json_reply({"error": {"message": "bad key"}}, 401), "refused the API key"),
        (json_reply(shapes.ollama_busy(), 503), "overloaded"),
        (json_reply({"error": {"message": "Internal parser error"}}, 500), "Internal parser error"),
        (Reply(200, {"Content-Type": "text/html"}, b"<html>login</html>"), "not an OpenAI"),
    ],
    ids=["vllm-404", "ollama-404", "401", "503-no-retry-after", "500", "html"],
)
def test_http_failures_end_in_one_sentence(server: ReplayServer, reply: Reply, words: str) -> None:
    server.add("/v1/chat/completions", reply)
    events = run(RemoteEngine(target(server)))
    assert len(events) == 1 and isinstance(events[0], EngineError)
    message = events[0].message
    assert words in message and "Traceback" not in message and "\n" not in message
    assert len([r for r in server.requests if r.method == "POST"]) == 1  # never retried


def test_a_short_retry_after_is_waited_for_then_the_answer_comes(server: ReplayServer) -> None:
    busy = json_reply({"error": {"message": "rate limited"}}, 429, {"Retry-After": "0"})
    server.add("/v1/chat/completions", busy, sse_reply(shapes.vllm_stream(MODEL, "r", "ok")))
    events = run(RemoteEngine(target(server)))
    assert texts(events)["final"] == "ok"
    assert len(server.chat_bodies()) == 2


def test_a_long_retry_after_is_said_not_waited_for(server: ReplayServer) -> None:
    server.add("/v1/chat/completions", json_reply({}, 503, {"Retry-After": "120"}))
    events = run(RemoteEngine(target(server)))
    assert isinstance(events[-1], EngineError)
    assert "try again in 120 seconds" in events[-1].message
    assert len(server.chat_bodies()) == 1


def test_retry_after_as_a_date() -> None:
    assert retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert retry_after("7") == 7.0 and retry_after("soon") is None


def test_a_connection_lost_mid_stream_keeps_the_partial_text(server: ReplayServer) -> None:
    chunks = shapes.vllm_stream(MODEL, "Thinking hard.", "The answer is")[:-2]
    server.add("/v1/chat/completions", sse_reply([*chunks, None], done=False))
    events = run(RemoteEngine(target(server)))
    assert texts(events)["final"] == "The answer is"
    assert isinstance(events[-1], EngineError) and "was lost" in events[-1].message


@pytest.mark.parametrize(
    "raw",
    [b"data: {not json\n\n", b"data: [1, 2]\n\n", b"<<garbage line>>\n\n", b"data: \xff\xfe\n\n"],
    ids=["json", "not-a-chunk", "not-a-field", "not-utf8"],
)
def test_malformed_events_end_the_answer_with_a_sentence(server: ReplayServer, raw: bytes) -> None:
    first = b"data: " + __import__("json").dumps(shapes._chunk(MODEL, {"content": "Par"})).encode()
    server.add(
        "/v1/chat/completions",
        Reply(200, {"Content-Type": "text/event-stream"}, raw=first + b"\n\n" + raw),
    )
    events = run(RemoteEngine(target(server)))
    assert texts(events)["final"] == "Par"
    assert isinstance(events[-1], EngineError) and "not an OpenAI" in events[-1].message


def test_an_error_object_in_the_stream_is_said(server: ReplayServer) -> None:
    server.add(
        "/v1/chat/completions",
        sse_reply([shapes._chunk(MODEL, {"content": "Hal"}), {"error": {"message": "OOM"}}]),
    )
    events = run(RemoteEngine(target(server)))
    assert texts(events)["final"] == "Hal"
    assert isinstance(events[-1], EngineError) and "OOM" in events[-1].message


def test_stop_closes_the_stream_and_ends_cancelled(server: ReplayServer) -> None:
    hold = threading.Event()
    chunks = [shapes._chunk(MODEL, {"content": "Once upon"}), hold]
    chunks += [shapes._chunk(MODEL, {"content": " a time"})] * 50
    server.add("/v1/chat/completions", sse_reply(chunks))
    engine = RemoteEngine(target(server))
    events: list[Event] = []
    for event in engine.generate(ask()):
        events.append(event)
        if isinstance(event, Delta):
            engine.cancel()
            hold.set()
    assert texts(events)["final"] == "Once upon"
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "cancelled"
    assert server.disconnected.wait(10)  # the server saw the stream closed


def test_stop_while_waiting_for_the_first_byte(server: ReplayServer) -> None:
    hold = threading.Event()
    server.add("/v1/chat/completions", sse_reply([hold, shapes._chunk(MODEL, {"content": "x"})]))
    engine = RemoteEngine(target(server))
    events = engine.generate(ask())
    timer = threading.Timer(0.2, engine.cancel)
    timer.start()
    try:
        out = list(events)
    finally:
        hold.set()
        timer.join()
    assert isinstance(out[-1], Done) and out[-1].finish_reason == "cancelled"


def test_nothing_listens_gives_a_sentence() -> None:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = RemoteEngine(RemoteTarget("team", f"http://127.0.0.1:{port}/v1", MODEL))
    events = run(engine)
    assert isinstance(events[-1], EngineError)
    assert "cannot be reached: connection refused" in events[-1].message


def test_offline_mode_refuses_a_server_not_marked_on_this_network() -> None:
    network_guard.set_offline(True)
    engine = RemoteEngine(RemoteTarget("team", "http://192.0.2.7:8000/v1", MODEL))
    events = run(engine)
    assert isinstance(events[-1], EngineError)
    assert "offline mode" in events[-1].message and "192.0.2.7" in events[-1].message
    assert network_guard.attempts() == []  # refused before any socket was opened


def test_offline_mode_lets_a_host_marked_on_this_network_through() -> None:
    network_guard.set_offline(True)
    network_guard.clear_attempts()
    # 192.0.2.0/24 is TEST-NET-1: nothing answers, but the guard must let the attempt out.
    engine = RemoteEngine(
        RemoteTarget("lab", "http://192.0.2.8:9/v1", MODEL, local_hosts=("192.0.2.8",))
    )
    timer = threading.Timer(1.0, engine.cancel)
    timer.start()
    events = run(engine)
    timer.join()
    assert not any("192.0.2.8" in line for line in network_guard.attempts())
    assert not (isinstance(events[-1], EngineError) and "offline" in events[-1].message)


def test_a_server_that_ignores_stream_still_answers(server: ReplayServer) -> None:
    whole = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": MODEL,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "reasoning_content": "Hm.", "content": "Done."},
                "finish_reason": "length",
            }
        ],
        "usage": {"prompt_tokens": 9, "completion_tokens": 5, "total_tokens": 14},
    }
    server.add("/v1/chat/completions", json_reply(whole))
    events = run(RemoteEngine(target(server)))
    assert texts(events) == {"analysis": "Hm.", "final": "Done."}
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "length"
    assert done.prompt_tokens == 9 and done.completion_tokens == 5


def test_a_tool_call_leaking_into_content_becomes_a_call(server: ReplayServer) -> None:
    leaked = (
        "<|channel|>analysis<|message|>Need weather.<|end|><|start|>assistant<|channel|>"
        'commentary to=functions.get_weather <|constrain|>json<|message|>{"city":"Bern"}<|call|>'
    )
    chunks = [shapes._chunk(MODEL, {"content": leaked[i : i + 7]}) for i in range(0, 300, 7)]
    server.add("/v1/chat/completions", sse_reply([*chunks, shapes._chunk(MODEL, {}, "stop")]))
    events = run(RemoteEngine(target(server)))
    assert texts(events) == {"analysis": "Need weather.", "final": ""}
    calls = [e for e in events if isinstance(e, ToolCall)]
    assert [(c.recipient, c.arguments) for c in calls] == [
        ("functions.get_weather", '{"city":"Bern"}')
    ]
    assert isinstance(events[-1], Done) and events[-1].finish_reason == "tool_call"
