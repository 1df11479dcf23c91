"""The window never wedges: regression tests for ways a turn or a load used to break it.

Each test drives the real window with the tiny model, as a person would, and
checks what they would see (and what is stored).
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core.engine.client import EngineClient
from app.core.store import ChatStore
from app.core.store.documents import DocumentStore
from app.ui.main_window import MainWindow
from tests.fixtures.long_answers import endless_turn
from tests.slow_load_engine import engine_main_that_loads_slowly

SHORT = {"max_tokens": 24}
TURN_MS = 60_000


def open_window(qtbot: QtBot, tmp_path: Path, **extra: Any) -> MainWindow:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json", turn_extra=extra)
    qtbot.addWidget(window)
    window.show()
    return window


@pytest.fixture
def endless(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, tmp_path, **endless_turn())
    window.load_model(tiny_gguf)
    qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
    yield window
    window.close()


@pytest.fixture
def short(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> Iterator[MainWindow]:
    window = open_window(qtbot, tmp_path, **SHORT)
    window.load_model(tiny_gguf)
    qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
    yield window
    window.close()


def send(window: MainWindow, text: str) -> None:
    window.composer.setPlainText(text)
    window.composer.submit()


def test_deleting_the_open_conversation_while_it_answers_leaves_the_window_usable(
    qtbot: QtBot, endless: MainWindow
) -> None:
    window = endless
    send(window, "tell me a long story")
    qtbot.waitUntil(lambda: len(window.chat.bubbles) == 2, timeout=TURN_MS)
    bubble = window.chat.bubbles[-1]
    qtbot.waitUntil(lambda: bool(bubble._analysis), timeout=TURN_MS)
    deleted = window.conversation_id
    window.delete_conversation(deleted)
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    assert window.send_button.isVisible() and not window.stop_button.isVisible()
    window.undo_delete()  # it comes back, and opens
    assert window.conversation_id == deleted
    assert window.store.thread(deleted)[-1].status == "cancelled"


def test_quitting_while_a_model_loads_ends_at_once_and_cleanly(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    defaults = EngineClient.__init__.__kwdefaults__
    assert defaults is not None
    monkeypatch.setitem(defaults, "process_main", engine_main_that_loads_slowly)
    before = set(multiprocessing.active_children())
    window = open_window(qtbot, tmp_path)
    window.load_model(tiny_gguf)
    bar = window.model_bar.load_progress
    qtbot.waitUntil(lambda: bar.value() > 0, timeout=30_000)
    window.close()  # a Qt warning (a thread destroyed while it runs) fails this test
    # The engine is gone when close() returns: the load was stopped, not waited for.
    assert [p for p in multiprocessing.active_children() if p not in before] == []
    assert not window.model_ready
    assert user_default_model(tmp_path) is None  # the load never finished


def user_default_model(folder: Path) -> str | None:
    from app.core import settings as user_settings

    return user_settings.load(folder / "settings.json")[0].default_model


def test_a_bad_model_file_keeps_the_model_in_use(
    qtbot: QtBot, short: MainWindow, tmp_path: Path, tiny_gguf: Path
) -> None:
    window = short
    bad = tmp_path / "notes.gguf"
    bad.write_text("just some notes, not a model")
    window.load_model(bad)
    qtbot.waitUntil(
        lambda: (
            "not a GGUF file" in window.statusBar().currentMessage()
            or window.model_bar.state == "failed"
        ),
        timeout=30_000,
    )
    assert window.model_ready and window.model_path == tiny_gguf
    assert window.pages.currentWidget() is window.chat  # not the welcome page
    assert "not a GGUF file" in window.statusBar().currentMessage()
    send(window, "still there?")
    assert window.generating
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    assert window.conversation_id is not None
    assert window.store.thread(window.conversation_id)[-1].status == "complete"


def test_stop_while_the_question_is_saved_stops_this_question(
    qtbot: QtBot, endless: MainWindow
) -> None:
    window = endless
    send(window, "first")
    qtbot.waitUntil(lambda: len(window.chat.bubbles) == 2, timeout=TURN_MS)
    window.stop()
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    send(window, "second")
    window.stop()  # at once: the question is still on its way to the disk
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    assert window.conversation_id is not None
    thread = window.store.thread(window.conversation_id)
    last = thread[-1]
    assert (last.role, last.content) == ("user", "second") or last.status == "cancelled"


def test_a_turn_that_fails_on_the_store_is_marked_and_shows_its_error(
    qtbot: QtBot, short: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = short
    real = ChatStore.finish_assistant_message
    failures = [sqlite3.OperationalError("database is locked")]

    def busy_once(self: ChatStore, *args: Any, **kwargs: Any) -> Any:
        if failures:
            raise failures.pop()
        return real(self, *args, **kwargs)

    monkeypatch.setattr(ChatStore, "finish_assistant_message", busy_once)
    send(window, "hello")
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    assert window.conversation_id is not None
    answer = window.store.thread(window.conversation_id)[-1]
    assert answer.role == "assistant" and answer.status == "error"
    shown = window.chat.bubbles[-1]
    assert "database is locked" in shown.stats.text() + shown._final
    # Nothing streamed is left waiting to be drawn over the error.
    assert not window.chat._render_timer.isActive()


def test_sending_while_a_document_is_read_does_not_answer_without_it(
    qtbot: QtBot, short: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.ui import attacher

    window = short
    release = threading.Event()
    real_ingest = attacher.ingest_file

    def slow_ingest(*args: Any, **kwargs: Any) -> Any:
        release.wait(60)  # the extraction worker's thread waits for the test
        return real_ingest(*args, **kwargs)

    monkeypatch.setattr(attacher, "ingest_file", slow_ingest)
    document = tmp_path / "notes.txt"
    document.write_text("The harbour opens at six.\n")
    window.attach_files([document])
    send(window, "when does the harbour open?")
    try:
        assert not window.generating  # not answered without the document
        assert window.composer.toPlainText() == "when does the harbour open?"
        assert "still being read" in window.statusBar().currentMessage()
    finally:
        release.set()
    chips = window.attachments.chips
    qtbot.waitUntil(lambda: all(c.state == "ready" for c in chips.values()), timeout=30_000)
    window.composer.submit()
    assert window.generating
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    answer = window.chat.bubbles[-1].message_id
    assert answer is not None
    assert DocumentStore(window.store).sources(answer)  # the answer was given the document


def test_reading_a_long_prompt_shows_progress_and_the_context_at_once(
    qtbot: QtBot, short: MainWindow
) -> None:
    window = short
    seen: list[tuple[str, bool, int]] = []

    def look(*_args: object) -> None:
        seen.append(
            (
                window.prompt_progress.label.text(),
                window.prompt_progress.isVisible(),
                window.model_bar.context.value(),
            )
        )

    window.controller.subscribe(look)
    send(window, " ".join(f"word{i}" for i in range(1500)))
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    reading = [entry for entry in seen if entry[1]]
    assert reading, "no prompt progress was shown"
    assert reading[0][0].startswith("Reading the conversation: 0 of ")
    assert any("left" in text for text, _shown, _used in reading)
    assert reading[0][2] > 1500  # the meter counts the prompt before a word is written
    assert not window.prompt_progress.isVisible()


class Hold:
    """A job that keeps the engine busy (as an API request would) until released."""

    kind = "test"

    def __init__(self) -> None:
        self.release = threading.Event()
        self.started = threading.Event()

    def run(self, context: object) -> None:
        self.started.set()
        self.release.wait(60)


def test_stop_before_the_question_could_be_saved_gives_it_back(
    qtbot: QtBot, short: MainWindow
) -> None:
    window = short
    send(window, "first")
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    shown = len(window.chat.bubbles)
    hold = Hold()
    window.service.submit(hold)
    assert hold.started.wait(60)
    try:
        send(window, "never mind")
        window.stop()
        qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    finally:
        hold.release.set()
    assert len(window.chat.bubbles) == shown  # neither the question nor an empty answer
    assert window.composer.toPlainText() == "never mind"
    assert window.conversation_id is not None
    assert [m.content for m in window.store.thread(window.conversation_id)][-2] == "first"


def test_deleting_a_new_conversation_before_the_window_knows_it_is_safe(
    qtbot: QtBot, short: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found by the random sessions: the conversation a first question starts is listed in
    the store before the window hears of it; deleting it then left the window on it."""
    from app.core.chat.turn_job import TurnJob

    window = short
    real_save = TurnJob._save
    saved: list[int] = []
    go_on, was_saved = threading.Event(), threading.Event()

    def save_then_wait(store: ChatStore, question: Any) -> Any:
        result = real_save(store, question)
        saved.append(result.conversation_id)
        was_saved.set()
        go_on.wait(60)  # the engine's thread waits while the window deletes it
        return result

    monkeypatch.setattr(TurnJob, "_save", staticmethod(save_then_wait))
    window.new_conversation()
    send(window, "a first question")
    try:
        assert was_saved.wait(60)
        window.delete_conversation(saved[0])
    finally:
        go_on.set()
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    assert window.conversation_id != saved[0]
    assert [b.message_id for b in window.chat.bubbles if b.message_id is None] == []
    window.undo_bar.carry_out()
    monkeypatch.setattr(TurnJob, "_save", staticmethod(real_save))
    send(window, "and now?")
    assert window.generating
    qtbot.waitUntil(lambda: not window.generating, timeout=TURN_MS)
    assert window.controller.state.phase.value == "done"
