"""The chat controller's state machine, with a scripted engine behind a real EngineService."""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import cast

import pytest

from app.core.chat.controller import TRANSITIONS, ChatController, Phase, TurnState
from app.core.chat.turn_job import Question, TurnOptions
from app.core.engine.client import EngineClient
from app.core.engine.protocol import Delta, Done, Event, GenerateRequest, PromptProgress
from app.core.engine.service import EngineService, JobContext
from app.core.store import ChatStore

WAIT = 60.0  # a bound on waits that normally end at once, never a measurement


class ScriptedClient:
    """Reads a 300-token prompt in three steps, then writes until told to stop or done."""

    def __init__(self, words: int = 5, endless: bool = False) -> None:
        self.model = None
        self.loaded_settings = None
        self.words = words
        self.endless = endless
        self.requests: list[int] = []
        self._ids = 0
        self._cancelled_up_to = 0
        self.release_prompt = threading.Event()
        self.release_prompt.set()

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        self._ids += 1
        rid = self._ids
        self.requests.append(rid)
        yield PromptProgress(rid, 0, 300, 320)
        self.release_prompt.wait(WAIT)
        for done in (100, 200, 300):
            yield PromptProgress(rid, done, 300, 320)
        written = 0
        while self.endless or written < self.words:
            if self._cancelled_up_to >= rid:
                yield Done(rid, "cancelled", 320, 300, written, 0, written, None, None, None, ())
                return
            written += 1
            yield Delta(rid, "final", "word ")
        yield Done(rid, "stop", 320, 300, written, 0, written, 0.1, 10.0, 100.0, ())

    def cancel(self, request_id: int | None = None) -> None:
        self._cancelled_up_to = max(self._cancelled_up_to, request_id or self._ids)

    def close(self, timeout: float = 5.0) -> None:
        pass

    def kill(self) -> None:
        pass


class Harness:
    """A controller whose posted callables run when the test drains them (its 'GUI thread')."""

    def __init__(self, tmp_path: Path, client: ScriptedClient) -> None:
        self.database = tmp_path / "lokal.db"
        self.store = ChatStore(self.database)
        self.service = EngineService(cast(EngineClient, client))
        self.posted: queue.SimpleQueue[Callable[[], None]] = queue.SimpleQueue()
        self.controller = ChatController(self.service, self.database, self.posted.put)
        self.seen: list[tuple[Phase, str]] = []
        self.controller.subscribe(self._heard)

    def _heard(self, state: TurnState, change: str) -> None:
        if self.seen:
            previous = self.seen[-1][0]
            assert state.phase is previous or state.phase in TRANSITIONS[previous]
        self.seen.append((state.phase, change))

    def until(self, done: Callable[[], bool]) -> None:
        while not done():
            self.posted.get(timeout=WAIT)()

    def ask(self, text: str, conversation_id: int | None = None) -> bool:
        question = Question(conversation_id, text, None, text, None, TurnOptions())
        return self.controller.ask(question)

    def close(self) -> None:
        self.service.close(WAIT)
        self.store.close()


@pytest.fixture
def harness(tmp_path: Path) -> Iterator[Harness]:
    harness = Harness(tmp_path, ScriptedClient())
    yield harness
    harness.close()


def test_a_turn_goes_through_every_phase_in_order(harness: Harness) -> None:
    assert harness.ask("hello")
    assert harness.controller.state.phase is Phase.SAVING  # at once, before any thread ran
    assert not harness.ask("a second question while the first is under way")
    harness.until(lambda: not harness.controller.busy)
    phases = [phase for phase, _change in harness.seen]
    assert phases[0] is Phase.SAVING and phases[-1] is Phase.DONE
    assert Phase.READING_PROMPT in phases and Phase.GENERATING in phases
    assert phases.index(Phase.READING_PROMPT) < phases.index(Phase.GENERATING)
    state = harness.controller.state
    assert state.final == "word " * 5 and state.conversation_id is not None
    answer = harness.store.get_message(state.answer_id or 0)
    assert answer.status == "complete" and answer.content == state.final


def test_prompt_progress_and_length_are_known_while_the_prompt_is_read(
    tmp_path: Path,
) -> None:
    client = ScriptedClient()
    client.release_prompt.clear()
    harness = Harness(tmp_path, client)
    try:
        harness.ask("a long document's question")
        harness.until(lambda: harness.controller.state.prompt is not None)
        state = harness.controller.state
        assert state.phase is Phase.READING_PROMPT
        assert state.prompt is not None and (state.prompt.evaluated, state.prompt.total) == (0, 300)
        assert state.prompt_tokens == 320  # the context meter can show it now
        client.release_prompt.set()
        harness.until(lambda: (p := harness.controller.state.prompt) is not None and p.evaluated)
        reading = harness.controller.state.prompt
        assert reading is not None and reading.eta_s is not None
        harness.until(lambda: not harness.controller.busy)
        assert harness.controller.state.prompt is None
    finally:
        harness.close()


class Gate:
    kind = "test"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()

    def run(self, context: JobContext) -> None:
        self.started.set()
        self.release.wait(WAIT)


def test_stop_while_the_question_waits_cancels_this_turn_only(harness: Harness) -> None:
    gate = Gate()
    other = harness.service.submit(gate)  # e.g. an API request holding the engine
    assert gate.started.wait(WAIT)
    assert harness.ask("first")
    harness.controller.stop()
    assert harness.controller.state.phase is Phase.STOPPING
    harness.until(lambda: not harness.controller.busy)
    assert harness.controller.state.phase is Phase.CANCELLED
    assert not other.token.cancelled  # the job that ran meanwhile was not touched
    gate.release.set()
    assert harness.ask("second")
    harness.until(lambda: not harness.controller.busy)
    assert harness.controller.state.phase is Phase.DONE


def test_deleting_the_conversation_ends_its_turn_and_send_works_again(tmp_path: Path) -> None:
    harness = Harness(tmp_path, ScriptedClient(endless=True))
    try:
        harness.ask("go on forever")
        harness.until(lambda: harness.controller.state.phase is Phase.GENERATING)
        conversation = harness.controller.state.conversation_id
        assert conversation is not None
        harness.controller.conversation_deleted(conversation)
        harness.store.delete_conversation(conversation)
        harness.until(lambda: not harness.controller.busy)
        assert harness.controller.state.phase is Phase.CANCELLED
        assert harness.ask("a new question")
    finally:
        harness.close()


def test_a_store_failure_ends_the_turn_failed_and_the_answer_not_streaming(
    harness: Harness, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = ChatStore.finish_assistant_message
    failures = iter([sqlite3.OperationalError("database is locked")])

    def flaky(self: ChatStore, *args: object, **kwargs: object) -> object:
        error = next(failures, None)
        if error is not None:
            raise error
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ChatStore, "finish_assistant_message", flaky)
    harness.ask("hello")
    harness.until(lambda: not harness.controller.busy)
    state = harness.controller.state
    assert state.phase is Phase.FAILED and state.error and "locked" in state.error
    assert state.answer_id is not None
    assert harness.store.get_message(state.answer_id).status == "error"
