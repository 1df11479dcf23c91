"""The main window with the tiny model: send, stream, stop, find again."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from app.ui.sidebar import HTML_ROLE
from tests.fixtures.long_answers import endless_turn


def make_window(qtbot: QtBot, tmp_path: Path, model: Path, **extra: object) -> MainWindow:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json", turn_extra=extra)
    qtbot.addWidget(window)
    window.show()
    window.load_model(model)
    qtbot.waitUntil(lambda: window.model_bar.state == "ready", timeout=30_000)
    return window


def test_a_question_is_answered_stored_and_found(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    window = make_window(qtbot, tmp_path, tiny_gguf)
    try:
        window.composer.setPlainText("lighthouse keepers at night")
        window.composer.submit()
        assert window.generating and window.stop_button.isVisible()
        qtbot.waitUntil(lambda: not window.generating, timeout=180_000)
        assert len(window.chat.bubbles) == 2
        assert window.chat.bubbles[-1].stats.text()  # tokens/s and counts shown
        assert window.conversation_id is not None
        stored = window.store.thread(window.conversation_id)
        assert [m.role for m in stored] == ["user", "assistant"]
        assert stored[1].status == "complete"
        with qtbot.waitSignal(window.search_shown, timeout=10_000):
            window.search.setText("lighthouse")
        assert window.conversations.count() == 1
        assert "<b>lighthouse</b>" in window.conversations.item(0).data(HTML_ROLE)
    finally:
        window.close()


def test_stop_keeps_the_partial_answer(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> None:
    # Reasoning that goes on until the context is full: it ends because Stop is pressed.
    window = make_window(qtbot, tmp_path, tiny_gguf, **endless_turn())
    try:
        window.composer.setPlainText("tell me a long story")
        window.composer.submit()
        # The answer's bubble comes once the worker has saved the question.
        qtbot.waitUntil(lambda: len(window.chat.bubbles) == 2, timeout=30_000)
        bubble = window.chat.bubbles[-1]
        qtbot.waitUntil(lambda: len(bubble._analysis + bubble._final) > 200, timeout=60_000)
        window.stop_button.click()
        qtbot.waitUntil(lambda: not window.generating, timeout=30_000)
        assert window.conversation_id is not None
        answer = window.store.thread(window.conversation_id)[-1]
        assert answer.status == "cancelled"
        shown = window.chat.bubbles[-1]
        assert (answer.analysis, answer.content) == (shown._analysis, shown._final)
        assert len(answer.analysis + answer.content) > 200
        assert "stopped" in shown.stats.text()
    finally:
        window.close()


def test_a_file_that_is_not_a_model_is_refused_with_a_reason(qtbot: QtBot, tmp_path: Path) -> None:
    notes = tmp_path / "notes.gguf"
    notes.write_text("just some notes, not a model")
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    try:
        window.load_model(notes)
        qtbot.waitUntil(lambda: window.model_bar.state == "failed", timeout=10_000)
        assert "not a GGUF file" in window.model_bar.status.text()
        assert "Traceback" not in window.model_bar.status.text()
    finally:
        window.close()


def test_an_interrupted_answer_is_marked_when_the_app_starts(qtbot: QtBot, tmp_path: Path) -> None:
    from app.core.store import ChatStore

    store = ChatStore(tmp_path / "lokal.db")
    chat = store.create_conversation("crashed")
    question = store.add_user_message(chat.id, "q")
    answer = store.start_assistant_message(chat.id, question.id, "low", None, None)
    store.update_streaming(answer.id, "", "half an ans")
    store.close()
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    try:
        stored = window.store.get_message(answer.id)
        assert stored.status == "interrupted" and stored.content == "half an ans"
    finally:
        window.close()
