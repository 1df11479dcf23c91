"""`lokal ask` refuses numbers llama.cpp cannot take, and clamps threads, saying what it used."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.test_cli import lokal


@pytest.mark.parametrize(
    ("option", "value", "sentence"),
    [
        ("--temperature", "-1", "The temperature must be a number of at least 0, not -1.0."),
        ("--temperature", "nan", "The temperature must be a number of at least 0, not nan."),
        ("--top-p", "5", "Top-p must be more than 0 and at most 1, not 5.0."),
        ("--top-p", "0", "Top-p must be more than 0 and at most 1, not 0.0."),
        ("--max-tokens", "-5", "The answer's token limit must be at least 1, not -5."),
        ("--seed", "-1", "The seed must be a whole number from 0 to 4,294,967,294, not -1."),
        ("--context", "0", "A context of 0 tokens is not possible; ask for at least 1."),
        ("--threads", "0", "At least one thread is needed (0 was asked for)."),
    ],
)
def test_a_value_llama_cpp_cannot_take_stops_at_the_command_line(
    tmp_path: Path, option: str, value: str, sentence: str
) -> None:
    result = lokal("ask", "--model", str(tmp_path / "any.gguf"), option, value, "hi")
    assert result.returncode == 2
    assert result.stderr.endswith(f"lokal ask: error: argument {option}: {sentence}\n")
    assert "Traceback" not in result.stderr


def test_a_hundred_thousand_threads_are_clamped_and_the_answer_comes(tiny_gguf: Path) -> None:
    result = lokal(
        "ask", "--model", str(tiny_gguf), "--json", "--max-tokens", "4", "--threads", "100000",
        "hi",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    most = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    assert (
        f"lokal: 100,000 threads were asked for; this computer runs {most} at once, "
        f"so {most} are used.\n"
    ) in result.stderr
    assert json.loads(result.stdout.splitlines()[-1])["event"] == "done"
