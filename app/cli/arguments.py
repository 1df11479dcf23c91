"""Command-line values checked as the engine checks them, so a bad one stops at argparse.

`--temperature nan` or `--max-tokens -5` used to reach llama.cpp, which checks
nothing; now argparse prints the engine's own sentence ("lokal ask: error:
argument --temperature: The temperature must be …") and exits with status 2.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from app.core.sentence import Sentence

T = TypeVar("T")


def checked(parse: Callable[[str], T], check: str) -> Callable[[str], T]:
    """An argparse type: ``parse`` the text, then refuse it if protocol's ``check`` objects."""

    def convert(text: str) -> T:
        value = parse(text)  # a ValueError becomes argparse's "invalid float value: 'x'"
        # Imported here: building the parser must stay cheap for the window's start.
        from app.core.engine import protocol

        problem: Sentence | None = getattr(protocol, check)(value)
        if problem is not None:
            raise argparse.ArgumentTypeError(str(problem))
        return value

    convert.__name__ = getattr(parse, "__name__", "value")
    return convert


temperature = checked(float, "temperature_problem")
top_p = checked(float, "top_p_problem")
seed = checked(int, "seed_problem")
max_tokens = checked(int, "max_tokens_problem")
context = checked(int, "context_problem")
threads = checked(int, "threads_problem")
