"""Numbers llama.cpp cannot take are refused with a sentence before they reach it."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import pytest

from app.core.engine.generation import Generator
from app.core.engine.load_plan import Overrides, plan_load
from app.core.engine.load_plan_types import LoadPlan, Machine
from app.core.engine.protocol import (
    MAX_THREADS,
    SEED_MAX,
    Done,
    EngineError,
    GenerateRequest,
    LoadSettings,
    SamplingSettings,
    load_problem,
    request_problem,
)
from app.core.engine.threads import threads_to_use
from app.core.harmony import Message
from app.core.sentence import Sentence
from tests.fake_runtime import FakeRuntime, script
from tests.test_load_plan import CPU, FP, GIB

NAN, INF = math.nan, math.inf


def ask(**kwargs: Any) -> GenerateRequest:
    return GenerateRequest(
        request_id=7,
        messages=(Message(role="user", content="hi"),),
        conversation_date="2026-01-01",
        **kwargs,
    )


BAD_SAMPLING = [
    ({"temperature": -1.0}, "temperature"),
    ({"temperature": NAN}, "temperature"),
    ({"temperature": INF}, "temperature"),
    ({"top_p": 5.0}, "Top-p"),
    ({"top_p": 0.0}, "Top-p"),
    ({"top_p": NAN}, "Top-p"),
    ({"top_k": -1}, "Top-k"),
    ({"top_k": 2**40}, "Top-k"),
    ({"min_p": 1.5}, "Min-p"),
    ({"min_p": -0.1}, "Min-p"),
    ({"seed": -1}, "seed"),
    ({"seed": 2**32 - 1}, "seed"),  # llama.cpp's "random" value: not the seed asked for
    ({"seed": 2**64}, "seed"),
    ({"temperature": "1"}, "temperature"),  # what pickle may carry from a confused client
]


@pytest.mark.parametrize(("fields", "word"), BAD_SAMPLING)
def test_bad_sampling_is_refused_before_llama_cpp_sees_anything(
    fields: dict[str, Any], word: str
) -> None:
    runtime = FakeRuntime(script("<|channel|>", "final", "<|message|>", "x", "<|return|>"))
    events = list(Generator(runtime).generate(ask(sampling=SamplingSettings(**fields)), bool))
    assert len(events) == 1
    (error,) = events
    assert isinstance(error, EngineError) and error.request_id == 7 and not error.fatal
    assert isinstance(error.message, Sentence)  # translatable
    assert word in error.message
    assert runtime.evaluated == [] and runtime.sampled_with == []


@pytest.mark.parametrize("max_tokens", [0, -5, 2.5, True])
def test_a_token_limit_below_one_is_refused(max_tokens: Any) -> None:
    problem = request_problem(ask(max_tokens=max_tokens))
    assert problem is not None and "token limit" in problem


def test_the_edges_of_every_range_are_accepted() -> None:
    for sampling in (
        SamplingSettings(temperature=0.0, top_p=1.0, top_k=0, min_p=0.0, seed=0),
        SamplingSettings(temperature=2.0, top_p=1e-9, top_k=2**31 - 1, min_p=1.0, seed=SEED_MAX),
    ):
        assert request_problem(ask(sampling=sampling, max_tokens=1)) is None
    runtime = FakeRuntime(script("<|channel|>", "final", "<|message|>", "x", "<|return|>"))
    request = ask(sampling=SamplingSettings(temperature=0.0), max_tokens=1)
    assert isinstance(list(Generator(runtime).generate(request, bool))[-1], Done)


@pytest.mark.parametrize(
    ("fields", "word"),
    [
        ({"n_threads": 100_000}, "threads"),
        ({"n_threads": -1}, "threads"),
        ({"n_ctx": 0}, "context"),
        ({"n_batch": -4}, "context"),
        ({"n_ctx": 2**40}, "context"),
    ],
)
def test_load_settings_llama_cpp_cannot_take_are_refused(fields: dict[str, Any], word: str) -> None:
    settings = replace(LoadSettings(model_path=__file__), **fields)  # type: ignore[arg-type]
    problem = load_problem(settings)
    assert isinstance(problem, Sentence) and word in problem


def test_plain_load_settings_pass() -> None:
    assert load_problem(LoadSettings(model_path=__file__)) is None  # type: ignore[arg-type]
    assert load_problem(LoadSettings(model_path=__file__, n_threads=MAX_THREADS)) is None  # type: ignore[arg-type]


# --- threads -------------------------------------------------------------------------


def test_threads_beyond_the_machine_are_clamped_with_a_sentence() -> None:
    threads, note = threads_to_use(100_000, physical_cores=8, logical_cpus=16)
    assert threads == 16
    assert note == "100,000 threads were asked for; this computer runs 16 at once, so 16 are used."
    assert isinstance(note, Sentence)
    assert threads_to_use(12, 8, 16) == (12, None)
    assert threads_to_use(None, 8, 16) == (8, None)
    assert threads_to_use(3, 4, 0) == (3, None)
    assert threads_to_use(9, 4, 0)[0] == 4  # logical processors unknown: physical cores
    assert threads_to_use(10_000, 1024, 2048)[0] == MAX_THREADS


def test_the_plan_uses_the_clamped_threads_and_says_so() -> None:
    machine = Machine((CPU,), 64 * GIB, 64 * GIB, physical_cores=4, logical_cpus=8)
    plan = plan_load(FP, machine, Overrides(threads=100_000))
    assert isinstance(plan, LoadPlan)
    assert plan.n_threads == 8
    assert plan.threads_note is not None and plan.threads_note in plan.explanation
    assert "8 threads" in plan.explanation
    usual = plan_load(FP, machine, Overrides(threads=6))
    assert isinstance(usual, LoadPlan)
    assert usual.n_threads == 6 and usual.threads_note is None


def test_the_engine_process_refuses_absurd_load_settings_and_keeps_serving(
    tiny_gguf: Any,
) -> None:
    from app.core.engine.client import EngineClient, EngineFailure
    from app.core.engine.protocol import LoadSettings

    with EngineClient() as client:
        with pytest.raises(EngineFailure, match="threads"):
            client.load(LoadSettings(model_path=tiny_gguf, n_threads=100_000))
        assert client.running  # refused in words, not by a crash
        client.load(LoadSettings(model_path=tiny_gguf, n_ctx=1024, n_threads=2))
