"""Saved prompt caches with the real (tiny, synthetic) model: restored turns equal cold ones."""

from __future__ import annotations

import random
from collections.abc import Iterator
from pathlib import Path
from typing import Literal

import pytest

from app.core.engine.client import EngineClient
from app.core.engine.generation import Generator
from app.core.engine.llama_runtime import LlamaRuntime
from app.core.engine.prompt_cache import CacheFolder, token_bytes
from app.core.engine.prompt_cache_turns import PromptCaches, prompt_caches_for
from app.core.engine.protocol import (
    Done,
    GenerateRequest,
    LoadSettings,
    PromptCacheRef,
    SamplingSettings,
)
from app.core.harmony import Message

GREEDY = SamplingSettings(temperature=0.0)
WORDS = ("river", "stone", "lamp", "orbit", "cedar", "velvet", "quartz", "harbor", "ember")


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def request(
    messages: tuple[Message, ...], ref: PromptCacheRef | None, max_tokens: int = 24
) -> GenerateRequest:
    return GenerateRequest(
        request_id=1,
        messages=messages,
        sampling=GREEDY,
        max_tokens=max_tokens,
        ignore_end=True,
        conversation_date="2026-01-01",
        prompt_cache=ref,
    )


class Engine:
    """A runtime, its generation loop and its prompt caches, as in the engine process."""

    def __init__(self, model: Path, flash_attention: Literal["auto", "on", "off"] = "auto") -> None:
        settings = LoadSettings(
            model_path=model, n_ctx=4096, n_threads=2, flash_attention=flash_attention
        )
        self.runtime = LlamaRuntime(settings)
        self.generator = Generator(
            self.runtime, batch_size=settings.n_batch, ubatch=self.runtime.n_ubatch
        )
        caches = prompt_caches_for(self.runtime, self.generator, settings)
        assert caches is not None
        self.caches: PromptCaches = caches

    def turn(self, req: GenerateRequest) -> tuple[list[int], Done]:
        """The tokens the KV cache holds after the turn, and its Done."""
        prepare = self.caches.preparer(req) if req.prompt_cache else None
        events = list(self.generator.generate(req, lambda: False, prepare=prepare))
        tokens = list(self.generator.cached)  # prompt and answer (saving cuts the answer off)
        self.caches.save(req)
        done = events[-1]
        assert isinstance(done, Done), done
        return tokens, done

    def forget_memory(self) -> None:
        """As after a restart: nothing in the KV cache."""
        self.runtime.clear_cache()
        self.generator.cached.clear()
        self.caches.owner = None

    def close(self) -> None:
        self.caches.writer.wait()
        self.runtime.close()


@pytest.fixture
def engines(tiny_gguf: Path) -> Iterator[tuple[Engine, Engine]]:
    first, second = Engine(tiny_gguf), Engine(tiny_gguf)
    yield first, second
    first.close()
    second.close()


def two_turns(seed: int, folder: Path) -> tuple[tuple[Message, ...], tuple[Message, ...]]:
    """A first question, and the second turn's messages after an answer."""
    rng = random.Random(seed)
    first = (Message(role="user", content=words(rng, rng.randint(20, 250))),)
    answer = Message(role="assistant", content=words(rng, 12), channel="final")
    second = (*first, answer, Message(role="user", content=words(rng, rng.randint(1, 40))))
    return first, second


def prompt_of_length(
    engine: Engine, prefix: tuple[Message, ...], target: int, rng: random.Random
) -> tuple[Message, ...]:
    """``prefix`` and a user message of random words whose prompt is ``target`` tokens long,
    or the nearest length above it."""
    text: list[str] = []
    while True:
        messages = (*prefix, Message(role="user", content=" ".join(text)))
        gap = target - len(engine.generator.prompt_tokens(request(messages, None)))
        if gap <= 0:
            return messages
        text.append(rng.choice(WORDS) if gap > 4 else rng.choice("abcdefghij"))


GRID = 512  # n_ubatch: a cold prompt is evaluated in batches of this many tokens from 0
NEAR_LINES = (-64, -63, -1, 0, 1, 63, 64)  # a 64-row batch is where the kernels change


@pytest.mark.timeout(900)  # 98 conversations of four turns each: minutes on a busy machine
def test_greedy_after_a_restore_equals_a_cold_evaluation(tiny_gguf: Path, tmp_path: Path) -> None:
    """One engine answers and saves; another (a restart) restores and continues; the same
    turn evaluated cold produces exactly the same tokens and, after them, bit for bit the
    same logits. So does the first engine continuing from its memory. Flash attention on
    (the CPU default), whose kernels change at 64-row batches (prompt_batches.py); both
    prompts end near the 512-token lines a cold evaluation is cut at."""
    writer, reader = Engine(tiny_gguf, "on"), Engine(tiny_gguf, "on")
    cases = [(k * GRID + a, b) for k in (1, 2) for a in NEAR_LINES for b in NEAR_LINES]
    random.Random(19).shuffle(cases)
    try:
        for seed, (first_length, second_offset) in enumerate(cases):
            rng = random.Random(seed)
            ref = PromptCacheRef(seed + 1, tmp_path, 10**9)
            first = prompt_of_length(reader, (), first_length, rng)
            answer = Message(role="assistant", content=words(rng, 8), channel="final")
            n1 = len(reader.generator.prompt_tokens(request(first, None)))
            second_length = (n1 // GRID + 1) * GRID + second_offset
            if second_length < n1 + 16:
                second_length += GRID
            second = prompt_of_length(reader, (*first, answer), second_length, rng)

            writer.forget_memory()
            writer.turn(request(first, ref))
            writer.caches.writer.wait()
            in_memory, memory_done = writer.turn(request(second, None))
            memory_logits = writer.runtime.last_logits().copy()

            reader.forget_memory()
            restored, restored_done = reader.turn(request(second, ref))
            restored_logits = reader.runtime.last_logits().copy()
            reader.forget_memory()
            cold, cold_done = reader.turn(request(second, None))
            cold_logits = reader.runtime.last_logits().copy()

            what = f"case {seed}: prompts of {n1} and {cold_done.prompt_tokens} tokens"
            assert restored_done.prompt_tokens_restored == n1, what
            assert restored_done.prompt_tokens_evaluated == cold_done.prompt_tokens - n1, what
            assert memory_done.prompt_tokens_evaluated < cold_done.prompt_tokens, what
            assert restored == cold, f"{what}: the restored turn differs from a cold one"
            assert in_memory == cold, f"{what}: the turn from memory differs from a cold one"
            assert restored_logits.tobytes() == cold_logits.tobytes(), what
            assert memory_logits.tobytes() == cold_logits.tobytes(), what
    finally:
        writer.close()
        reader.close()


def test_a_state_the_prompt_does_not_continue_is_not_restored(
    engines: tuple[Engine, Engine], tmp_path: Path
) -> None:
    """An edited earlier question: only a state the prompt goes on from is restored, so
    the prompt is evaluated normally."""
    writer, reader = engines
    ref = PromptCacheRef(1, tmp_path, 10**9)
    first, second = two_turns(3, tmp_path)
    writer.turn(request(second, ref))
    writer.caches.writer.wait()
    edited = (Message(role="user", content=first[0].content + " cedar"),)
    _restored, done = reader.turn(request(edited, ref))
    reader.forget_memory()
    _cold, cold_done = reader.turn(request(edited, None))
    assert done.prompt_tokens_restored == 0
    assert done.prompt_tokens_evaluated == cold_done.prompt_tokens_evaluated


def test_a_damaged_cache_falls_back_to_a_normal_evaluation(
    engines: tuple[Engine, Engine], tmp_path: Path
) -> None:
    writer, reader = engines
    ref = PromptCacheRef(1, tmp_path, 10**9)
    first = (Message(role="user", content="a question about lamps " * 20),)
    writer.turn(request(first, ref))
    writer.caches.writer.wait()
    path = CacheFolder(tmp_path).path_for(1, writer.caches.setup)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    second = (*first, Message(role="user", content="and more"))
    restored, done = reader.turn(request(second, ref))
    reader.forget_memory()
    cold, _ = reader.turn(request(second, None))
    assert done.prompt_tokens_restored == 0
    assert restored == cold


def test_a_state_from_another_context_size_is_not_used(tiny_gguf: Path, tmp_path: Path) -> None:
    ref = PromptCacheRef(1, tmp_path, 10**9)
    first = (Message(role="user", content="river stone " * 30),)
    writer = Engine(tiny_gguf)
    writer.turn(request(first, ref))
    writer.close()
    settings = LoadSettings(model_path=tiny_gguf, n_ctx=2048, n_threads=2)
    runtime = LlamaRuntime(settings)
    generator = Generator(runtime)
    caches = prompt_caches_for(runtime, generator, settings)
    assert caches is not None
    second = request((*first, Message(role="user", content="more")), ref)
    events = list(generator.generate(second, lambda: False, prepare=caches.preparer(second)))
    runtime.close()
    done = events[-1]
    assert isinstance(done, Done) and done.prompt_tokens_restored == 0


def conversation_turn(
    client: EngineClient, ref: PromptCacheRef, history: tuple[Message, ...]
) -> tuple[tuple[Message, ...], Done]:
    events = list(client.generate(request(history, ref, max_tokens=16)))
    done = events[-1]
    assert isinstance(done, Done), done
    answer = Message(role="assistant", content="lamp orbit", channel="final")
    return (*history, answer), done


def test_after_a_restart_only_new_tokens_are_evaluated_and_two_conversations_alternate(
    tiny_gguf: Path, tmp_path: Path
) -> None:
    settings = LoadSettings(model_path=tiny_gguf, n_ctx=4096, n_threads=2)
    a = PromptCacheRef(1, tmp_path, 10**9)
    b = PromptCacheRef(2, tmp_path, 10**9)
    long_a = (Message(role="user", content="cedar velvet " * 300),)
    long_b = (Message(role="user", content="quartz harbor " * 300),)
    with EngineClient() as client:
        client.load(settings)
        history_a, _ = conversation_turn(client, a, long_a)
        client.flush_prompt_caches()
    question = Message(role="user", content="and then?")
    with EngineClient() as client:  # a restart
        client.load(settings)
        history_a, done = conversation_turn(client, a, (*history_a, question))
        assert done.prompt_tokens_restored > 0
        assert done.prompt_tokens_evaluated < done.prompt_tokens // 10
        history_b, done = conversation_turn(client, b, long_b)
        assert done.prompt_tokens_restored == 0  # never saved before
        # Back and forth: each conversation finds its own state.
        history_a, done = conversation_turn(client, a, (*history_a, question))
        assert done.prompt_tokens_restored > 0
        assert done.prompt_tokens_evaluated < done.prompt_tokens // 10
        history_b, done = conversation_turn(client, b, (*history_b, question))
        assert done.prompt_tokens_restored > 0
        assert done.prompt_tokens_evaluated < done.prompt_tokens // 10
        stats = client.flush_prompt_caches()
    assert stats.saves == 4 and len(stats.write_seconds) == 4
    assert len(CacheFolder(tmp_path).cache_files()) == 2


def test_deleting_a_conversation_leaves_no_trace_of_its_cache_in_the_data_folder(
    tiny_gguf: Path, qtbot: object
) -> None:
    """The store worker deletes a conversation; nothing under the data folder still holds
    the tokens of its saved prompt cache."""
    from app.core.paths import data_dir, prompt_cache_dir
    from app.core.store import ChatStore
    from app.ui.store_worker import StoreWorker

    database = data_dir() / "lokal.db"
    database.parent.mkdir(parents=True, exist_ok=True)
    with ChatStore(database) as store:
        keep = store.create_conversation("keep").id
        gone = store.create_conversation("gone").id
    settings = LoadSettings(model_path=tiny_gguf, n_ctx=4096, n_threads=2)
    with EngineClient() as client:
        client.load(settings)
        for conversation, text in ((keep, "meadow signal " * 80), (gone, "violet ember " * 80)):
            ref = PromptCacheRef(conversation, prompt_cache_dir(), 10**9)
            conversation_turn(client, ref, (Message(role="user", content=text),))
        client.flush_prompt_caches()
    folder = CacheFolder(prompt_cache_dir())
    (gone_file,) = folder.files_of(gone)
    tokens = gone_file.read_bytes()
    # A run of the prompt's tokens from the middle of the file's token section.
    needle = tokens[4000:4400]
    assert len(needle) == 400
    worker = StoreWorker(database)
    worker.delete_conversation(gone)
    assert folder.files_of(gone) == []
    assert len(folder.files_of(keep)) == 1
    for path in data_dir().rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), path
    assert token_bytes([1]) != needle  # the needle is a real token run, not a constant


def test_a_budget_of_zero_restores_nothing_and_removes_what_was_saved(
    engines: tuple[Engine, Engine], tmp_path: Path
) -> None:
    writer, reader = engines
    first, second = two_turns(5, tmp_path)
    writer.turn(request(first, PromptCacheRef(1, tmp_path, 10**9)))
    writer.caches.writer.wait()
    assert CacheFolder(tmp_path).cache_files()
    _tokens, done = reader.turn(request(second, PromptCacheRef(1, tmp_path, 0)))
    reader.caches.writer.wait()
    assert done.prompt_tokens_restored == 0
    assert CacheFolder(tmp_path).cache_files() == []
