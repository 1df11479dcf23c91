"""Prompt batches of at least 64 rows: the cut, and the generation loop keeping to it."""

from __future__ import annotations

from app.core.engine.generation import Generator
from app.core.engine.prompt_batches import TILE_ROWS, batch_rows, prompt_calls, prompt_pieces
from app.core.engine.protocol import Done, GenerateRequest
from app.core.harmony import Message
from tests.fake_runtime import FakeRuntime, script


def test_pieces_cover_the_prompt_in_batches_of_at_least_the_tile_rows() -> None:
    for batch_size in (16, 64, 100, 127, 128, 512, 2048):
        least = batch_rows(batch_size)
        for n in range(1, 3 * batch_size + 2):
            pieces = prompt_pieces(n, batch_size)
            assert sum(pieces) == n
            assert all(0 < p <= batch_size for p in pieces), (batch_size, n, pieces)
            if len(pieces) > 1 and batch_size >= 2 * least:
                assert min(pieces) >= least, (batch_size, n, pieces)


def test_a_short_tail_borrows_rows_instead_of_being_padded() -> None:
    assert prompt_pieces(512 + 10, 512) == [512 - 54, 64]
    assert prompt_pieces(1024 + 63, 512) == [512, 512 - 1, 64]
    assert prompt_pieces(512 + 64, 512) == [512, 64]
    assert prompt_pieces(40, 512) == [40]  # the only batch: filled up with filler rows


def conversation(*texts: str) -> GenerateRequest:
    messages = []
    for i, text in enumerate(texts):
        if i % 2:
            messages.append(Message(role="assistant", content=text, channel="final"))
        else:
            messages.append(Message(role="user", content=text))
    return GenerateRequest(
        request_id=len(texts), messages=tuple(messages), conversation_date="2026-01-01"
    )


def test_every_prompt_batch_has_at_least_the_tile_rows_and_answers_are_evaluated_anew() -> None:
    """A follow-up of a few tokens is evaluated in a batch of 64 rows (filler after it);
    tokens the model generated, which were evaluated one at a time, are not reused even
    where the next prompt repeats them."""
    answer = script("<|channel|>", "final", "<|message|>", "Hi there", "<|return|>")
    runtime = FakeRuntime(answer + answer + answer)
    generator = Generator(runtime)
    first = conversation("a question " * 60)
    list(generator.generate(first, lambda: False))
    prompt_batches = len(runtime.evaluated)
    generated = len(generator.cached) - generator.prompt_length
    assert generated > 0 and generator.reusable == generator.prompt_length

    second = conversation("a question " * 60, "Hi there", "ok")
    prompt1, prompt2 = generator.prompt_tokens(first), generator.prompt_tokens(second)
    assert prompt2[: len(prompt1) + 3] == generator.cached[: len(prompt1) + 3]  # repeats them
    done = list(generator.generate(second, lambda: False))[-1]
    assert isinstance(done, Done)
    assert done.prompt_tokens_evaluated == len(prompt2) - len(prompt1) < TILE_ROWS
    prompt_rows = [rows for rows in runtime.rows[prompt_batches:] if rows > 1]
    assert prompt_rows == [TILE_ROWS]  # the few new tokens, and filler rows after them
    assert [rows for rows in runtime.rows[:prompt_batches] if rows > 1] == [512, len(prompt1) - 512]
    assert runtime.cache == generator.cached


def test_calls_hold_whole_batches_and_a_short_one_only_at_their_end() -> None:
    for batch_size, ubatch in ((4096, 512), (2048, 512), (512, 512), (1000, 300)):
        for n in range(1, 9000, 37):
            calls = prompt_calls(n, batch_size, ubatch)
            assert sum(calls) == n and all(0 < c <= batch_size for c in calls)
            # llama.cpp's cut of each call gives exactly prompt_pieces' batches.
            cut = [min(ubatch, c - i) for c in calls for i in range(0, c, ubatch)]
            assert cut == prompt_pieces(n, ubatch), (batch_size, ubatch, n)
    assert prompt_calls(3300, 4096, 512) == [3300]  # one call: a cancel stops it midway
