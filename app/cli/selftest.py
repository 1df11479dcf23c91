"""`lokal selftest`: the whole engine path on a tiny model built on the spot.

It checks what a broken install, a wrong llama.cpp build or a packaging
mistake would break: writing and validating a GGUF, starting the engine
process, loading, rendering harmony, generating (a grammar makes the random
weights write well-formed harmony, so the parser sees real engine output),
streaming deltas, and reusing the KV cache on a second turn.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from app.core.engine.client import EngineClient, EngineCrashed, EngineFailure
from app.core.engine.load_plan_types import Overrides
from app.core.engine.protocol import (
    Delta,
    Done,
    EngineError,
    Event,
    GenerateRequest,
    SamplingSettings,
)
from app.core.grammar import forced_harmony_grammar
from app.core.harmony import Message


class SelfTestFailure(Exception):
    pass


def run_selftest() -> int:
    started = time.perf_counter()
    try:
        summary = _check_everything()
    except (SelfTestFailure, EngineFailure) as exc:
        print(f"selftest: FAILED - {exc}")
        print(f"selftest: next step - {next_step(exc)}")
        return 1
    print(f"selftest: ok - {summary} ({time.perf_counter() - started:.1f} s)")
    return 0


def next_step(failure: Exception) -> str:
    """What to do about a failed self-test, in one sentence."""
    if isinstance(failure, EngineCrashed):
        return (
            "the engine crashed even in its safe configuration, so this llama.cpp build does "
            "not run on this CPU: run `lokal doctor` to see the CPU features and the build in "
            "use, then install Lokal's package (its llama.cpp picks kernels for each CPU) or "
            "rebuild llama-cpp-python on this computer (`python -m pip install --force-reinstall "
            "--no-binary llama-cpp-python llama-cpp-python`); logs/lokal.log in the data folder "
            "has the details"
        )
    return (
        "run `lokal doctor` to see what the engine found on this computer; logs/lokal.log in "
        "the data folder has the details, and reinstalling Lokal replaces damaged files"
    )


def _check_everything() -> str:
    from app.core.synthetic import build_gptoss_gguf

    with tempfile.TemporaryDirectory(prefix="lokal-selftest-") as folder:
        model = build_gptoss_gguf(Path(folder) / "tiny-gpt-oss.gguf", preset="tiny", seed=1)
        with EngineClient() as client:
            # Planned like a model the window opens: the probe of this computer's
            # backends and devices, and the sentence saying which one runs the model.
            client.load_planned(model, Overrides(n_ctx=2048))
            print(f"selftest: {client.backend_summary}")
            if client.safety_note:
                print(f"selftest: {client.safety_note}")
            first = _turn(client, [Message(role="user", content="Say hello.")], final_words=6)
            answer = first.messages[-1]
            history = [
                Message(role="user", content="Say hello."),
                Message(role="assistant", content=answer.content, channel="final"),
                Message(role="user", content="Once more."),
            ]
            second = _turn(client, history, final_words=3)
    if not 0 < second.prompt_tokens_evaluated < second.prompt_tokens:
        raise SelfTestFailure(
            f"the second turn re-evaluated {second.prompt_tokens_evaluated} of "
            f"{second.prompt_tokens} prompt tokens; the cache was not reused"
        )
    rate = f"{first.tokens_per_second:.0f} tokens/s" if first.tokens_per_second else "?"
    return (
        f"engine generated {first.completion_tokens} tokens at {rate}, harmony parsed "
        f"reasoning and answer, turn 2 evaluated {second.prompt_tokens_evaluated} of "
        f"{second.prompt_tokens} prompt tokens"
    )


def _turn(client: EngineClient, messages: list[Message], final_words: int) -> Done:
    request = GenerateRequest(
        request_id=0,
        messages=tuple(messages),
        completion_grammar=forced_harmony_grammar(analysis_words=8, final_words=final_words),
        sampling=SamplingSettings(temperature=0.8, seed=7),
        max_tokens=400,
    )
    events: list[Event] = list(client.generate(request))
    done = events[-1] if events else None
    if isinstance(done, EngineError):
        raise SelfTestFailure(done.message)
    if not isinstance(done, Done) or done.finish_reason != "stop":
        raise SelfTestFailure(f"the turn did not finish normally: {done!r}")
    channels = [m.channel for m in done.messages]
    if channels != ["analysis", "final"]:
        raise SelfTestFailure(f"expected reasoning then an answer, parsed {channels}")
    for message in done.messages:
        streamed = "".join(
            e.text for e in events if isinstance(e, Delta) and e.channel == message.channel
        )
        if streamed != message.content:
            raise SelfTestFailure(f"the streamed {message.channel} text differs from the parse")
        if "<|" in streamed:
            raise SelfTestFailure("a control marker reached the visible text")
    if len(done.messages[-1].content.split()) != final_words:
        raise SelfTestFailure("the answer does not have the words the grammar forced")
    return done
