"""The generation loop's logic, driven by a scripted runtime (no model needed)."""

from __future__ import annotations

from app.core.engine.generation import Generator
from app.core.engine.protocol import Delta, Done, EngineError, GenerateRequest, ToolCall
from app.core.harmony import Message
from tests.fake_runtime import FakeRuntime, script

SCHEMA = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}


def ask(text: str, **kwargs: object) -> GenerateRequest:
    return GenerateRequest(
        request_id=1,
        messages=(Message(role="user", content=text),),
        conversation_date="2026-01-01",
        **kwargs,  # type: ignore[arg-type]
    )


def turn(analysis: str | None, final: str | None) -> list[str]:
    """A completion in harmony: optional reasoning, then an optional (unfinished) answer."""
    parts = []
    if analysis is not None:
        parts += ["<|channel|>", "analysis", "<|message|>", analysis, "<|end|>"]
        parts += ["<|start|>", "assistant"]
    if final is not None:
        parts += ["<|channel|>", "final", "<|message|>", final]
    return parts


def never() -> bool:
    return False


def run(runtime: FakeRuntime, request: GenerateRequest) -> list[object]:
    return list(Generator(runtime).generate(request, never))


def text_of(events: list[object], channel: str) -> str:
    return "".join(e.text for e in events if isinstance(e, Delta) and e.channel == channel)


def test_reasoning_and_answer_arrive_apart_and_complete() -> None:
    runtime = FakeRuntime(script(*turn("think", "Hi!"), "<|return|>"))
    events = run(runtime, ask("hello"))
    assert text_of(events, "analysis") == "think"
    assert text_of(events, "final") == "Hi!"
    done = events[-1]
    assert isinstance(done, Done)
    assert done.finish_reason == "stop"
    assert [m.channel for m in done.messages] == ["analysis", "final"]
    assert done.analysis_tokens == len("think")
    assert done.final_tokens == len("Hi!")
    assert done.prompt_tokens_evaluated == done.prompt_tokens


def test_a_tool_call_is_reported_with_its_arguments() -> None:
    runtime = FakeRuntime(
        script(
            "<|channel|>",
            "commentary to=functions.lookup ",
            "<|constrain|>",
            "json",
            "<|message|>",
            '{"q":"x"}',
            "<|call|>",
        )
    )
    events = run(runtime, ask("look it up"))
    calls = [e for e in events if isinstance(e, ToolCall)]
    assert [(c.recipient, c.arguments) for c in calls] == [("functions.lookup", '{"q":"x"}')]
    assert not [e for e in events if isinstance(e, Delta)]  # arguments are not shown as text
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "tool_call"


def test_a_marker_spelled_out_in_text_never_reaches_the_screen() -> None:
    runtime = FakeRuntime(
        script("<|channel|>", "final", "<|message|>", "a<|end|>b<|start|>c", "<|return|>")
    )
    events = run(runtime, ask("x"))
    assert "<|" not in text_of(events, "final")
    assert text_of(events, "final").startswith("a")


def test_max_tokens_ends_with_length() -> None:
    runtime = FakeRuntime(script("<|channel|>", "final", "<|message|>", "x" * 50))
    events = run(runtime, ask("x", max_tokens=10))
    done = events[-1]
    assert isinstance(done, Done)
    assert done.finish_reason == "length" and done.completion_tokens == 10


def test_the_second_turn_evaluates_only_what_changed() -> None:
    first = script("<|channel|>", "final", "<|message|>", "Hi", "<|return|>")
    second = script("<|channel|>", "final", "<|message|>", "Yo", "<|return|>")
    runtime = FakeRuntime(first + second)
    generator = Generator(runtime)
    done1 = list(generator.generate(ask("hello"), never))[-1]
    assert isinstance(done1, Done)
    turn2 = GenerateRequest(
        request_id=2,
        messages=(
            Message(role="user", content="hello"),
            Message(role="assistant", content="Hi", channel="final"),
            Message(role="user", content="again"),
        ),
        conversation_date="2026-01-01",
    )
    done2 = list(generator.generate(turn2, never))[-1]
    assert isinstance(done2, Done)
    assert done2.prompt_tokens_evaluated < done2.prompt_tokens / 2
    assert runtime.cache == generator.cached  # what we believe is cached is what is cached
    # Everything evaluated in turn 2 is the tail after the common prefix.
    prompt2 = generator.prompt_tokens(turn2)
    assert runtime.cache[: len(prompt2)] == prompt2


def test_a_cache_that_cannot_be_cut_is_rebuilt_from_scratch() -> None:
    runtime = FakeRuntime(script("<|return|>", "<|return|>"), can_truncate=False)
    generator = Generator(runtime)
    list(generator.generate(ask("first"), never))
    done = list(generator.generate(ask("second"), never))[-1]
    assert isinstance(done, Done)
    assert done.prompt_tokens_evaluated == done.prompt_tokens
    assert runtime.cache == generator.cached


def test_an_aborted_prompt_batch_leaves_a_consistent_cache() -> None:
    runtime = FakeRuntime(script("<|return|>"), abort_on_call=2)
    generator = Generator(runtime, batch_size=16)
    events = list(generator.generate(ask("a long question " * 10), never))
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "cancelled"
    assert done.prompt_tokens_evaluated == 16
    assert runtime.cache == generator.cached == generator.cached[:16]


def test_cancel_between_tokens() -> None:
    runtime = FakeRuntime(script("<|channel|>", "final", "<|message|>", "x" * 100))
    calls = {"n": 0}

    def after_five() -> bool:
        calls["n"] += 1
        return calls["n"] > 8

    events = list(Generator(runtime).generate(ask("x"), after_five))
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "cancelled"
    assert 0 < done.completion_tokens < 100


def test_the_schema_grammar_constrains_only_the_final_channel() -> None:
    runtime = FakeRuntime(script(*turn("hmm", '{"a":1}'), "<|endoftext|>"))
    events = run(runtime, ask("json please", response_schema=SCHEMA))
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "stop"
    first_final = len(script(*turn("hmm", "")))
    assert all(g is None for g in runtime.sampled_with[:first_final])
    assert all(g is not None for g in runtime.sampled_with[first_final:])


def test_an_unusable_schema_is_refused_before_generation() -> None:
    runtime = FakeRuntime([])
    events = run(runtime, ask("x", response_schema={"type": "object", "patternProperties": {}}))
    assert isinstance(events[-1], EngineError)
    assert runtime.evaluated == []


def test_a_grammar_naming_an_end_token_is_refused() -> None:
    runtime = FakeRuntime([])
    events = run(runtime, ask("x", completion_grammar='root ::= "a" <|return|>'))
    assert isinstance(events[-1], EngineError)
    assert runtime.evaluated == []


def test_a_prompt_longer_than_the_context_is_refused_in_words() -> None:
    runtime = FakeRuntime([], n_ctx=64)
    events = run(runtime, ask("x" * 500))
    error = events[-1]
    assert isinstance(error, EngineError) and "context" in error.message


def test_reasoning_effort_reaches_the_system_message() -> None:
    generator = Generator(FakeRuntime([]))
    for effort in ("low", "medium", "high"):
        tokens = generator.prompt_tokens(ask("x", reasoning_effort=effort))
        text = bytes(t for t in tokens if t < 256).decode()
        assert f"Reasoning: {effort}" in text


def test_earlier_reasoning_is_left_out_of_the_prompt() -> None:
    generator = Generator(FakeRuntime([]))
    request = GenerateRequest(
        request_id=1,
        messages=(
            Message(role="user", content="q1"),
            Message(role="assistant", content="SECRET-THOUGHT", channel="analysis"),
            Message(role="assistant", content="a1", channel="final"),
            Message(role="user", content="q2"),
        ),
    )
    text = bytes(t for t in generator.prompt_tokens(request) if t < 256).decode()
    assert "SECRET-THOUGHT" not in text and "a1" in text


def test_a_header_naming_two_channels_is_an_answer_not_a_tool_call() -> None:
    runtime = FakeRuntime(
        script(
            "<|channel|>",
            "analysis",
            "<|channel|>",
            "final",
            "<|message|>",
            "hi there",
            "<|return|>",
        )
    )
    events = run(runtime, ask("hello"))
    assert not [e for e in events if isinstance(e, ToolCall)]
    assert text_of(events, "final") == "hi there"
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "stop"
    assert [(m.channel, m.recipient) for m in done.messages] == [("final", None)]


def test_a_stored_name_holding_markers_renders_no_control_token() -> None:
    """A message saved before names were cleaned (recipient "<|channel|>final") stays text."""

    def specials_of(recipient: str, channel: str) -> list[int]:
        earlier = Message(role="assistant", content="{}", channel=channel, recipient=recipient)
        request = GenerateRequest(
            request_id=1,
            messages=(
                Message(role="user", content="q"),
                earlier,
                Message(role="user", content="x"),
            ),
            conversation_date="2026-01-01",
        )
        return [t for t in Generator(FakeRuntime([])).prompt_tokens(request) if t >= 256]

    assert specials_of("<|channel|>final", "analysis<|end|>") == specials_of(
        "abcdefghijklmnop", "analysisabcdefg"
    )
