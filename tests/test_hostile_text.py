"""Text that crashed llama.cpp's pre-tokenizer reaches the engine and is answered.

A run of 26,000 characters without a break overflowed the engine's 8 MiB stack
(bench/tokenizer_limit.json); on a 1 MiB stack about 3,300 were enough. The
small-stack runs below show the same crash is gone for runs that still fit the
tiny model's context.
"""

from __future__ import annotations

import json
import math
import resource
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from app.core.engine.client import EngineClient
from app.core.engine.protocol import (
    Done,
    EngineError,
    GenerateRequest,
    LoadSettings,
    SamplingSettings,
)
from app.core.harmony import Message
from tests.test_cli import ROOT

MEGABYTE = 1_000_000
SMALL_STACK = 1024 * 1024


@pytest.fixture(scope="module")
def engine(tiny_gguf: Path) -> Iterator[EngineClient]:
    client = EngineClient()
    client.load(LoadSettings(model_path=tiny_gguf, n_ctx=8192, n_threads=2))
    yield client
    client.close()


def ask(text: str) -> GenerateRequest:
    return GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=text),),
        conversation_date="2026-01-01",
        sampling=SamplingSettings(temperature=0.0),
        max_tokens=8,
    )


@pytest.mark.parametrize("unit", ["a", "漢", "!", " "])
def test_a_megabyte_question_without_a_break_is_answered_not_crashed(
    engine: EngineClient, unit: str
) -> None:
    pid = engine.pid
    events = list(engine.generate(ask(unit * MEGABYTE)))
    last = events[-1]
    # A megabyte cannot fit the context: the answer is that sentence, from a live engine.
    assert isinstance(last, EngineError), last
    assert not last.fatal
    assert "context" in last.message
    assert isinstance(list(engine.generate(ask("hello")))[-1], Done)
    assert engine.pid == pid


def lokal_on_a_small_stack(*args: str) -> subprocess.CompletedProcess[str]:
    """`lokal` whose engine process (a child, so it inherits the limit) has a 1 MiB stack."""

    def small_stack() -> None:
        _soft, hard = resource.getrlimit(resource.RLIMIT_STACK)
        resource.setrlimit(resource.RLIMIT_STACK, (SMALL_STACK, hard))

    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=small_stack,
    )


def done_record(stdout: str) -> dict[str, object]:
    records = [json.loads(line) for line in stdout.splitlines()]
    assert records and records[-1]["event"] == "done", records[-3:]
    return records[-1]


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_a_long_run_is_answered_on_a_small_stack(tiny_gguf: Path) -> None:
    question = "a" * 6000  # twice what crashed a 1 MiB stack; fits the context
    result = lokal_on_a_small_stack(
        "ask", "--model", str(tiny_gguf), "--json", "--max-tokens", "8", question
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert done_record(result.stdout)["prompt_tokens"] > 6000


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX resource limits")
def test_a_megabyte_document_without_a_break_is_answered(tiny_gguf: Path, tmp_path: Path) -> None:
    """Document passages reach the engine as message text, through the same tokenizing."""
    document = tmp_path / "wall.txt"
    document.write_text(
        "Harbour notes about the wall.\n\n" + "z" * MEGABYTE + "\n\nMore harbour notes.\n",
        encoding="utf-8",
    )
    result = lokal_on_a_small_stack(
        "ask", "--model", str(tiny_gguf), "--json", "--max-tokens", "8",
        "--attach", str(document), "harbour wall notes",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    records = [json.loads(line) for line in result.stdout.splitlines()]
    done = next(r for r in records if r["event"] == "done")
    assert done["prompt_tokens"] > 500  # the wall's passage was in the prompt
    (sources,) = [r["sources"] for r in records if r["event"] == "sources"]
    assert any(s["start"] <= 3 <= s["end"] for s in sources)


def test_the_engine_process_refuses_a_nan_temperature_in_a_sentence(engine: EngineClient) -> None:
    pid = engine.pid
    request = replace(ask("hello"), sampling=SamplingSettings(temperature=math.nan, top_p=5.0))
    (error,) = list(engine.generate(request))
    assert isinstance(error, EngineError) and not error.fatal
    assert error.message == "The temperature must be a number of at least 0, not nan."
    assert isinstance(list(engine.generate(ask("hello")))[-1], Done)
    assert engine.pid == pid
