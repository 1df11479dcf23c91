"""Regenerate, edit, branches, delete with undo, export, settings, keyboard and accessibility."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLineEdit, QListWidget, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.core import settings as user_settings
from app.core.store import ChatStore
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog
from tests.fixtures.window_turns import ask, loaded_window

SHORT_ANSWER = 24  # tokens


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> Iterator[MainWindow]:
    with loaded_window(
        qtbot, tmp_path / "lokal.db", tmp_path / "settings.json", tiny_gguf, SHORT_ANSWER
    ) as window:
        yield window


def test_regenerate_makes_a_second_version_and_the_arrows_switch(
    qtbot: QtBot, window: MainWindow
) -> None:
    ask(qtbot, window, "first question")
    first_answer = window.chat.bubbles[-1].message_id
    assert first_answer is not None
    window.chat.bubbles[-1].action_button.click()  # Regenerate
    qtbot.waitUntil(lambda: not window.generating, timeout=60_000)
    answer = window.chat.bubbles[-1]
    assert answer.message_id != first_answer
    assert answer.branch_label.text() == "2/2" and answer.previous_branch.isEnabled()
    answer.previous_branch.click()
    assert window.chat.bubbles[-1].message_id == first_answer
    assert window.chat.bubbles[-1].branch_label.text() == "1/2"
    assert window.conversation_id is not None
    stored = window.store.thread(window.conversation_id, first_answer)
    assert [m.role for m in stored] == ["user", "assistant"]


def test_edit_and_resend_keeps_the_old_question(qtbot: QtBot, window: MainWindow) -> None:
    ask(qtbot, window, "what is a lighthouse")
    ask(qtbot, window, "and a harbour")
    second_question = window.chat.bubbles[2]
    window.edit_question(second_question.message_id or 0)
    assert window.composer.toPlainText() == "and a harbour" and window.edit_banner.isVisibleTo(
        window
    )
    window.composer.setPlainText("and a harbour wall")
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.generating, timeout=60_000)
    texts = [b.text() for b in window.chat.bubbles if b.role == "user"]
    assert texts == ["what is a lighthouse", "and a harbour wall"]
    assert window.chat.bubbles[2].branch_label.text() == "2/2"
    window.chat.bubbles[2].previous_branch.click()
    texts = [b.text() for b in window.chat.bubbles if b.role == "user"]
    assert texts == ["what is a lighthouse", "and a harbour"]
    # A new question goes under the branch on screen, not under the newest one.
    ask(qtbot, window, "follow-up on the old branch")
    assert window.conversation_id is not None and window.leaf_id is not None
    path = window.store.thread(window.conversation_id, window.leaf_id)
    assert [m.content for m in path if m.role == "user"] == [
        "what is a lighthouse", "and a harbour", "follow-up on the old branch",
    ]  # fmt: skip


def test_delete_can_be_undone_and_otherwise_deletes_for_real(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    ask(qtbot, window, "secret contract terms")
    conversation = window.conversation_id
    assert conversation is not None
    window.delete_conversation(conversation)
    assert window.conversations.count() == 0 and window.undo_bar.isVisibleTo(window)
    window.undo_button.click()
    assert window.conversations.count() == 1 and window.conversation_id == conversation
    window.delete_conversation(conversation)
    window.undo_timer.timeout.emit()  # the undo time runs out
    qtbot.waitUntil(lambda: not window.store.list_conversations(), timeout=10_000)
    with pytest.raises(KeyError):
        window.store.get_conversation(conversation)


def test_export_writes_markdown_and_json_that_imports_back(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    ask(qtbot, window, "export me please")
    conversation = window.conversation_id
    assert conversation is not None
    markdown, as_json = tmp_path / "chat.md", tmp_path / "chat.json"
    window.request_export.emit(conversation, str(markdown), window.leaf_id or 0)
    window.request_export.emit(conversation, str(as_json), 0)
    qtbot.waitUntil(lambda: markdown.exists() and as_json.exists(), timeout=10_000)
    assert "export me please" in markdown.read_text()
    copy = ChatStore(":memory:")
    imported = copy.import_conversation(json.loads(as_json.read_text()))
    assert [m.content for m in copy.thread(imported.id)] == [
        m.content for m in window.store.thread(conversation)
    ]


def test_export_to_an_unwritable_place_says_so(qtbot: QtBot, window: MainWindow) -> None:
    ask(qtbot, window, "q")
    assert window.conversation_id is not None
    # Waited for on the window, not on the worker's signal: qtbot.waitSignal's handler would
    # run in the worker's thread and stop its timer there (a Qt warning).
    window.request_export.emit(window.conversation_id, "/proc/no/such/dir/chat.md", 0)
    status = window.statusBar()
    qtbot.waitUntil(lambda: "could not be written" in status.currentMessage(), timeout=10_000)
    message = status.currentMessage()
    assert "chat.md could not be written" in message and "Traceback" not in message


def test_settings_are_saved_and_used(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    dialog = SettingsDialog(window.settings, offline_now=False)
    qtbot.addWidget(dialog)
    dialog.instructions.setPlainText("Answer briefly.")
    dialog.temperature.setValue(0.4)
    dialog.theme.setCurrentIndex(dialog.theme.findData("dark"))
    chosen = dialog.values()
    assert chosen.offline_mode is None  # untouched: stays automatic
    window.apply_settings(chosen)
    saved, _ = user_settings.load(tmp_path / "settings.json")
    assert saved.instructions == "Answer briefly." and saved.temperature == 0.4
    assert saved.theme == "dark" and saved.default_model is not None  # the model loaded
    options = window._options()
    assert options.instructions == "Answer briefly." and options.temperature == 0.4


def test_every_control_has_a_name_and_the_menus_have_shortcuts(window: MainWindow) -> None:
    kinds = (QAbstractButton, QComboBox, QLineEdit, QListWidget, QPlainTextEdit)
    unnamed = [
        f"{type(w).__name__} {w.objectName()}"
        for kind in kinds
        for w in window.findChildren(kind)
        if w.isVisibleTo(window)
        and not w.accessibleName()
        and not (isinstance(w, QAbstractButton) and w.text().strip("&"))
    ]
    assert unnamed == []
    for name in ("new", "open_model", "export", "settings", "quit", "find", "stop", "regenerate"):
        assert not window.actions_[name].shortcut().isEmpty(), name


def test_without_a_model_the_welcome_page_shows_and_nothing_typed_is_lost(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = MainWindow(tmp_path / "other.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    try:
        assert window.pages.currentWidget() is window.welcome
        window.composer.setPlainText("my long question")
        window.composer.submit()
        assert window.composer.toPlainText() == "my long question"
        assert "Load a model first" in window.statusBar().currentMessage()
    finally:
        window.close()


def test_a_conversation_is_renamed_from_the_window(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    ask(qtbot, window, "quarterly figures")
    conversation = window.conversation_id
    assert conversation is not None
    asked: list[str] = []

    def answer_dialog(*_args: object, text: str = "", **_kw: object) -> tuple[str, bool]:
        asked.append(text)
        return "  Q3 budget  ", True

    monkeypatch.setattr("app.ui.sidebar.QInputDialog.getText", answer_dialog)
    window.actions_["rename"].trigger()  # F2
    assert asked == ["quarterly figures"]  # the dialog starts from the current name
    assert window.store.get_conversation(conversation).title == "Q3 budget"
    assert window.conversations.item(0).text().split("\n")[0] == "Q3 budget"


def test_loading_shows_progress_then_ready_with_the_plan(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    states: list[str] = []
    progress: list[int] = []
    window.models.subscribe(
        lambda state: None if states[-1:] == [state.phase] else states.append(state.phase)
    )
    window.model_bar.load_progress.valueChanged.connect(progress.append)
    try:
        assert window.model_bar.state == "none"
        window.load_model(tiny_gguf)
        qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
        assert states == ["loading", "ready"]
        assert progress and progress[-1] == 1000  # llama.cpp's load callback reached the bar
        assert not window.model_bar.load_progress.isVisible()
        status = window.model_bar.status.text()
        assert status.startswith(tiny_gguf.name) and "●" not in status  # an icon, no glyph
    finally:
        window.close()


def test_the_context_meter_follows_the_conversation(qtbot: QtBot, window: MainWindow) -> None:
    meter = window.model_bar.context
    assert meter.isVisibleTo(window) and meter.value() == 0 and meter.maximum() == window.n_ctx
    ask(qtbot, window, "how full is the context")
    after_one = meter.value()
    assert after_one > 0 and f"/ {window.n_ctx / 1000:.1f}k" in meter.text()
    ask(qtbot, window, "and now")
    assert meter.value() > after_one
    window.new_conversation()
    assert meter.value() == 0


def test_the_open_conversation_is_highlighted_in_the_list(qtbot: QtBot, window: MainWindow) -> None:
    ask(qtbot, window, "first chat")
    first = window.conversation_id
    window.new_conversation()
    ask(qtbot, window, "second chat")
    assert first is not None
    window.open_conversation(first)  # e.g. from a link or at start, not by a click in the list
    assert window.sidebar.selected_id() == first


def test_search_runs_off_the_gui_thread_and_shows_only_the_newest_query(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ChatStore(tmp_path / "history.db")
    for title, text in (("Boats", "the lighthouse keeper"), ("Trains", "light rail timetable")):
        chat = store.create_conversation(title)
        store.add_user_message(chat.id, text)
    store.close()
    searched_on: list[str] = []
    original = ChatStore.search

    def recording(self: ChatStore, query: str, limit: int = 50) -> list[object]:
        searched_on.append(threading.current_thread().name)
        return original(self, query, limit=limit)  # type: ignore[return-value]

    monkeypatch.setattr(ChatStore, "search", recording)
    window = MainWindow(tmp_path / "history.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.search_shown, timeout=10_000):
            window.search.setText("light")  # two keystrokes before any answer comes back
            window.search.setText("lighthouse")
        assert window.conversations.count() == 1
        assert window.conversations.item(0).text().startswith("Boats")
        assert searched_on and threading.main_thread().name not in searched_on
        window.search.clear()  # back to the list of conversations at once
        assert window.conversations.count() == 2
    finally:
        window.close()


def test_the_question_is_saved_by_the_worker_not_the_gui_thread(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_on: list[str] = []
    original = ChatStore.add_user_message

    def recording(self: ChatStore, *args: object, **kwargs: object) -> object:
        saved_on.append(threading.current_thread().name)
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ChatStore, "add_user_message", recording)
    ask(qtbot, window, "saved off the GUI thread")
    assert saved_on and threading.main_thread().name not in saved_on
    assert window.conversation_id is not None
    question, answer = window.store.thread(window.conversation_id)
    assert question.content == "saved off the GUI thread" and answer.parent_id == question.id
    assert window.chat.bubbles[0].message_id == question.id  # the bubble got its id


def test_a_question_that_cannot_be_saved_comes_back_to_the_composer(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: ChatStore, *args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(ChatStore, "add_user_message", full_disk)
    window.composer.setPlainText("a long question I typed")
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.generating, timeout=10_000)
    assert window.composer.toPlainText() == "a long question I typed"
    assert window.chat.bubbles == [] or all(b.role != "user" for b in window.chat.bubbles)
    message = window.statusBar().currentMessage()
    assert "The question could not be saved" in message and "Traceback" not in message


def test_an_engine_crash_is_an_error_block_with_retry(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    import os
    import signal

    long_answer = {"max_tokens": 1_000_000, "ignore_end": True}
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json", turn_extra=long_answer)
    qtbot.addWidget(window)
    window.show()
    try:
        window.load_model(tiny_gguf)
        qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
        window.composer.setPlainText("crash, please")
        window.composer.submit()
        qtbot.waitUntil(
            lambda: (
                bool(window.chat.bubbles)
                and window.chat.bubbles[-1].role == "assistant"
                and window.generating
            ),
            timeout=30_000,
        )
        pid = window.service.engine_pid
        assert pid is not None
        os.kill(pid, signal.SIGSEGV)
        qtbot.waitUntil(lambda: not window.generating, timeout=30_000)
        answer = window.chat.bubbles[-1]
        block = answer.error_block
        assert block is not None and block.isVisible()
        assert block.message.text().startswith("The engine crashed (SIGSEGV)")
        assert "SIGSEGV" not in answer.stats.text()
        assert block.retry.isEnabled()
        block.retry.click()  # the engine is started again and answers again
        qtbot.waitUntil(
            lambda: (
                window.chat.bubbles[-1] is not answer
                and bool(window.chat.bubbles[-1].text() or window.chat.bubbles[-1]._analysis)
            ),
            timeout=60_000,
        )
        window.actions_["stop"].trigger()
        qtbot.waitUntil(lambda: not window.generating, timeout=30_000)
        again = window.chat.bubbles[-1]
        assert again is not answer and (not again.error_block or not again.error_block.isVisible())
    finally:
        window.close()


def test_a_model_that_crashed_the_engine_says_so_in_the_model_line(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOKAL_ENGINE_FAULT", "warm-up:SIGILL")
    window = MainWindow(
        tmp_path / "lokal.db", tmp_path / "settings.json", turn_extra={"max_tokens": SHORT_ANSWER}
    )
    qtbot.addWidget(window)
    try:
        window.load_model(tiny_gguf)
        qtbot.waitUntil(lambda: window.model_ready, timeout=60_000)
        status = window.model_bar.status.text()
        assert "crashed (SIGILL)" in status and "safe configuration" in status
        ask(qtbot, window, "still answers")
        assert window.chat.bubbles[-1].text() or window.chat.bubbles[-1].stats.text()
    finally:
        window.close()
