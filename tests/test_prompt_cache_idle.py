"""Saving a prompt cache never makes a waiting question wait: the engine loop, with an
injected slow save, in this process (the engine's loop on this thread, a client thread)."""

from __future__ import annotations

import json
import signal
import threading
from collections.abc import Callable, Iterator
from multiprocessing import Pipe, Value
from pathlib import Path
from typing import Any

import pytest

from app.core.engine.engine_process import engine_main
from app.core.engine.llama_runtime import LlamaRuntime
from app.core.engine.prompt_cache import MAGIC, CacheFolder, StateBuffers
from app.core.engine.protocol import (
    Done,
    GenerateRequest,
    Loaded,
    LoadRequest,
    LoadSettings,
    PromptCacheFlushRequest,
    PromptCacheRef,
    PromptCacheStats,
    SamplingSettings,
    ShutdownRequest,
)
from app.core.harmony import Message

FIRST = (Message(role="user", content="river stone lamp orbit " * 40),)
ANSWER = Message(role="assistant", content="cedar velvet", channel="final")


def turn(rid: int, conversation: int, folder: Path, messages: tuple[Message, ...]) -> Any:
    return GenerateRequest(
        request_id=rid,
        messages=messages,
        sampling=SamplingSettings(temperature=0.0),
        max_tokens=8,
        conversation_date="2026-01-01",
        prompt_cache=PromptCacheRef(conversation, folder, 10**9),
    )


class SlowSaves:
    """LlamaRuntime.sequence_state made slow: it waits for ``release`` (or gives up
    waiting after a while) and logs when it starts. The first evaluation waits until the
    client has sent its second question, so that question is surely queued."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, log: list[str]) -> None:
        self.release = threading.Event()
        self.second_sent = threading.Event()
        copy: Callable[..., Any] = LlamaRuntime.sequence_state
        evaluate: Callable[..., Any] = LlamaRuntime.evaluate
        first = [True]

        def slow_copy(runtime: LlamaRuntime, into: Any = None) -> Any:
            log.append("copy")
            self.release.wait(timeout=20)
            return copy(runtime) if into is None else copy(runtime, into)

        def held_evaluate(runtime: LlamaRuntime, tokens: Any, **kwargs: Any) -> Any:
            if first[0]:
                first[0] = False
                self.second_sent.wait(timeout=20)
            return evaluate(runtime, tokens, **kwargs)

        monkeypatch.setattr(LlamaRuntime, "sequence_state", slow_copy)
        monkeypatch.setattr(LlamaRuntime, "evaluate", held_evaluate)


@pytest.fixture
def engine_loop() -> Iterator[Callable[[Callable[[Any], None]], None]]:
    """Runs the engine's loop on this thread until the client (a function of the pipe's
    other end, on its own thread) is done."""
    old_sigint = signal.getsignal(signal.SIGINT)

    def run(client: Callable[[Any], None]) -> None:
        ours, theirs = Pipe()
        errors: list[BaseException] = []

        def guarded() -> None:
            try:
                client(ours)
            except BaseException as exc:  # reported on the test's thread
                errors.append(exc)
            finally:
                ours.send(ShutdownRequest())

        thread = threading.Thread(target=guarded, daemon=True)
        thread.start()
        engine_main(theirs, Value("q", 0))
        thread.join()
        if errors:
            raise errors[0]

    yield run
    signal.signal(signal.SIGINT, old_sigint)


def load(conn: Any, model: Path) -> None:
    conn.send(LoadRequest(LoadSettings(model_path=model, n_ctx=2048, n_threads=2)))
    while not isinstance(conn.recv(), Loaded):
        pass


def receive_until_done(conn: Any) -> Done:
    while True:
        event = conn.recv()
        if isinstance(event, Done):
            return event


def test_a_question_sent_right_after_an_answer_does_not_wait_for_its_save(
    tiny_gguf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine_loop: Callable[[Callable[[Any], None]], None],
) -> None:
    log: list[str] = []
    saves = SlowSaves(monkeypatch, log)
    stats: list[PromptCacheStats] = []
    second = (*FIRST, ANSWER, Message(role="user", content="and then?"))

    def client(conn: Any) -> None:
        load(conn, tiny_gguf)
        conn.send(turn(1, 1, tmp_path, FIRST))
        conn.send(turn(2, 1, tmp_path, second))  # while the first is still being answered
        saves.second_sent.set()
        receive_until_done(conn)
        log.append("first answered")
        done = receive_until_done(conn)
        log.append("second answered")
        assert done.prompt_tokens_evaluated < done.prompt_tokens // 2  # the first's KV reused
        saves.release.set()
        conn.send(PromptCacheFlushRequest())
        stats.append(conn.recv())

    engine_loop(client)
    # The first answer's save was never made: the second question of the same conversation
    # went first, and its own save (after it) holds everything the first would have.
    # The copy of the second's save may be logged just before the client logs the second
    # answer (two threads); one copy, after the first answer, is what shows the order.
    assert log[0] == "first answered" and log.count("copy") == 1
    assert sorted(log[1:]) == ["copy", "second answered"]
    assert stats[0].snapshot_seconds  # flushed: written
    assert len(CacheFolder(tmp_path).cache_files()) == 1


def test_a_save_still_pending_is_made_before_another_conversation_replaces_the_cache(
    tiny_gguf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine_loop: Callable[[Callable[[Any], None]], None],
) -> None:
    log: list[str] = []
    saves = SlowSaves(monkeypatch, log)
    saves.release.set()  # not slow here: only the order counts
    stats: list[PromptCacheStats] = []
    other = (Message(role="user", content="quartz harbor ember " * 30),)

    def client(conn: Any) -> None:
        load(conn, tiny_gguf)
        conn.send(turn(1, 1, tmp_path, FIRST))
        conn.send(turn(2, 2, tmp_path, other))
        saves.second_sent.set()
        answered.append(receive_until_done(conn))
        log.append("first answered")
        answered.append(receive_until_done(conn))
        log.append("second answered")
        conn.send(PromptCacheFlushRequest())
        stats.append(conn.recv())

    answered: list[Done] = []
    engine_loop(client)
    # Conversation 1's state was copied out before conversation 2's prompt replaced it,
    # and it holds conversation 1's prompt, not as many tokens as conversation 2's.
    assert log.count("copy") == 2
    assert stats[0].snapshot_seconds
    folder = CacheFolder(tmp_path)
    (first_file,) = folder.files_of(1)
    (second_file,) = folder.files_of(2)
    assert saved_tokens(first_file) == answered[0].prompt_tokens
    assert saved_tokens(second_file) == answered[1].prompt_tokens
    assert answered[0].prompt_tokens != answered[1].prompt_tokens


def saved_tokens(path: Path) -> int:
    """The token count in a prompt cache file's header (prompt_cache.py's layout)."""
    data = path.read_bytes()
    start = len(MAGIC) + 4
    length = int.from_bytes(data[len(MAGIC) : start], "little")
    return int(json.loads(data[start : start + length])["tokens"])


def test_the_buffer_for_the_next_copy_is_made_ready_after_a_write() -> None:
    buffers = StateBuffers()
    first = buffers.take(3 << 20)
    assert isinstance(first, bytearray)  # nothing ready yet: allocated by the copy
    buffers.ready(3 << 20, first)
    assert buffers.spare_bytes >= (3 << 20) * StateBuffers.HEADROOM
    ready = buffers.take(3 << 20)
    assert not isinstance(ready, bytearray) and buffers.spare_bytes == 0
    buffers.ready(3 << 20, ready)  # big enough: kept, not made anew
    assert buffers.take(3 << 20) is ready
    buffers.ready(3 << 20, ready)
    assert isinstance(buffers.take(64 << 20), bytearray)  # grown past it
    buffers.release()
    assert buffers.spare_bytes == 0


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_the_ready_buffer_is_given_back_after_the_engine_was_idle_a_while() -> None:
    clock = Clock()
    buffers = StateBuffers(clock=clock, idle_release_s=60.0)
    assert buffers.idle_wait() is None  # nothing to give back: wait for requests at will
    taken = buffers.take(3 << 20)
    clock.now += 500.0  # a long write: the buffer is lent, nothing is released meanwhile
    assert buffers.idle_wait() == 60.0
    assert not buffers.release_if_idle()
    buffers.ready(3 << 20, taken)
    assert buffers.spare_bytes > 0
    assert buffers.idle_wait() == 60.0  # counted from the write, not from the take
    clock.now += 59.0
    assert buffers.idle_wait() == pytest.approx(1.0)
    assert not buffers.release_if_idle() and buffers.spare_bytes > 0
    clock.now += 1.0
    assert buffers.release_if_idle()
    assert buffers.spare_bytes == 0 and buffers.idle_wait() is None
    again = buffers.take(3 << 20)  # the next copy still gets a buffer: its own
    assert isinstance(again, bytearray) and len(again) >= 3 << 20
    buffers.ready(3 << 20, again)
    assert buffers.spare_bytes > 0  # and the one after it a ready one again


def test_a_buffer_a_failed_copy_did_not_use_is_ready_again() -> None:
    clock = Clock()
    buffers = StateBuffers(clock=clock, idle_release_s=60.0)
    buffers.ready(3 << 20)
    ready = buffers.take(3 << 20)
    buffers.put_back(ready)
    assert buffers.take(3 << 20) is ready
    buffers.put_back(ready)
    clock.now += 60.0
    assert buffers.release_if_idle() and buffers.idle_wait() is None


def test_after_the_buffer_is_released_the_next_save_still_writes_a_cache_that_restores(
    tiny_gguf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    engine_loop: Callable[[Callable[[Any], None]], None],
) -> None:
    monkeypatch.setattr(StateBuffers, "IDLE_RELEASE_S", 0.05)  # idle "a while", in a test
    released = threading.Event()
    spare_before: list[int] = []
    taken: list[type] = []
    release_if_idle: Callable[[StateBuffers], bool] = StateBuffers.release_if_idle
    take: Callable[[StateBuffers, int], Any] = StateBuffers.take

    def watched_release(buffers: StateBuffers) -> bool:
        before = buffers.spare_bytes
        if release_if_idle(buffers):
            spare_before.append(before)
            released.set()
            return True
        return False

    def watched_take(buffers: StateBuffers, size: int) -> Any:
        buffer = take(buffers, size)
        taken.append(type(buffer))
        if len(taken) == 2:  # the save after the release has its buffer: prepare may run
            let_prepare.set()
        return buffer

    # The buffer made ready again when turn 2 starts is held back until turn 2's save has
    # taken its buffer, so that save surely finds none ready.
    let_prepare = threading.Event()
    prepared: list[int] = []
    preparation: Callable[[StateBuffers], Any] = StateBuffers.preparation

    def held_preparation(buffers: StateBuffers) -> Any:
        task = preparation(buffers)
        if task is None:
            return None

        def held() -> None:
            let_prepare.wait(timeout=30)
            task()
            prepared.append(buffers.spare_bytes)

        return held

    monkeypatch.setattr(StateBuffers, "release_if_idle", watched_release)
    monkeypatch.setattr(StateBuffers, "take", watched_take)
    monkeypatch.setattr(StateBuffers, "preparation", held_preparation)
    second = (*FIRST, ANSWER, Message(role="user", content="and then?"))
    third = (*second, ANSWER, Message(role="user", content="and after that?"))
    other = (Message(role="user", content="quartz harbor ember " * 30),)
    answered: list[Done] = []
    stats: list[PromptCacheStats] = []

    def client(conn: Any) -> None:
        load(conn, tiny_gguf)
        conn.send(turn(1, 1, tmp_path, FIRST))
        receive_until_done(conn)
        conn.send(PromptCacheFlushRequest())  # saved: the next copy's buffer is made ready
        conn.recv()
        assert released.wait(timeout=30)  # the engine, idle, gave it back
        conn.send(turn(2, 1, tmp_path, second))
        answered.append(receive_until_done(conn))
        conn.send(PromptCacheFlushRequest())  # saved without a ready buffer
        conn.recv()
        conn.send(turn(3, 2, tmp_path, other))  # another conversation replaces the KV cache
        receive_until_done(conn)
        conn.send(turn(4, 1, tmp_path, third))  # back: restored from the file of turn 2
        answered.append(receive_until_done(conn))
        conn.send(PromptCacheFlushRequest())
        stats.append(conn.recv())

    engine_loop(client)
    assert spare_before and spare_before[0] > 0  # a prepared buffer was given back
    assert taken[:2] == [bytearray, bytearray]  # the first save, and the first after idle
    assert prepared and prepared[0] > 0  # made ready again on the writer's thread
    (file,) = CacheFolder(tmp_path).files_of(1)
    assert stats[0].restore_seconds  # conversation 1's file was restored
    restored = answered[1].prompt_tokens - answered[1].prompt_tokens_evaluated
    assert restored >= answered[0].prompt_tokens > 0  # everything turn 2 saved was reused
    assert saved_tokens(file) == answered[1].prompt_tokens  # turn 4's save replaced it


def test_a_released_buffer_is_made_ready_again_once_a_turn_starts() -> None:
    clock = Clock()
    buffers = StateBuffers(clock=clock, idle_release_s=60.0)
    assert buffers.preparation() is None  # nothing copied yet: the first save allocates
    buffers.ready(3 << 20, buffers.take(3 << 20))
    assert buffers.preparation() is None  # one is ready
    clock.now += 60.0
    assert buffers.release_if_idle()
    prepare = buffers.preparation()
    assert prepare is not None
    assert buffers.preparation() is None  # already on its way
    prepare()
    assert buffers.spare_bytes >= (3 << 20) * StateBuffers.HEADROOM
    assert not isinstance(buffers.take(3 << 20), bytearray)
