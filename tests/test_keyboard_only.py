"""The window worked with the keyboard alone: send, stop, regenerate, copy, switch chats.

Only key presses reach the window (QTest key clicks, never a mouse click and never a
slot called directly), on the tiny model with answers that go on until stopped; the
regenerated answer is written word for word instead, so that Copy has known words to copy.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui import focus_ring
from app.ui.main_window import MainWindow
from tests.fixtures.long_answers import endless_turn
from tests.fixtures.scripted_answer import scripted_turn

#: Tab presses allowed to reach a control: more would mean it is not reachable in practice.
MAX_TABS = 80
CTRL = Qt.KeyboardModifier.ControlModifier
#: The regenerated answer, written word for word: what Copy must put on the clipboard.
SCRIPTED = "The lighthouse stands on the rock."


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    QTest.keyClick(focused(), key, modifier)


def tab_to(target: QWidget, backwards: bool = True) -> None:
    """Tab (Shift+Tab) through the window until ``target`` has the focus."""
    modifier = Qt.KeyboardModifier.ShiftModifier if backwards else Qt.KeyboardModifier.NoModifier
    for _ in range(MAX_TABS):
        if focused() is target:
            return
        press(Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab, modifier)
    raise AssertionError(f"{target!r} cannot be reached with the Tab key")


def ask_and_stop(qtbot: QtBot, window: MainWindow, question: str) -> None:
    """Type ``question``, Enter; once the answer is under way, Escape stops it."""
    QTest.keyClicks(window.composer, question)
    press(Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.generating, timeout=30_000)
    answers = len(window.chat.bubbles)
    qtbot.waitUntil(lambda: len(window.chat.bubbles) >= max(answers, 2), timeout=30_000)
    bubble = window.chat.bubbles[-1]
    qtbot.waitUntil(lambda: len(bubble._analysis + bubble._final) > 20, timeout=60_000)
    press(Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.generating, timeout=30_000)


def test_send_stop_copy_regenerate_and_switch_with_the_keyboard_alone(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path, tiny_gguf: Path
) -> None:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json",
                        turn_extra=endless_turn())  # fmt: skip
    qtbot.addWidget(window)
    ring = focus_ring.install(qapp)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    window.load_model(tiny_gguf)
    qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
    try:
        window.composer.setFocus()
        qtbot.waitUntil(lambda: window.composer.hasFocus())
        ask_and_stop(qtbot, window, "first question")
        first = window.conversation_id
        assert window.store.thread(first or 0)[-1].status == "cancelled"

        # Regenerate (Ctrl+R): this time an answer that ends by itself, with known words.
        window.turn_extra = scripted_turn(SCRIPTED)
        window.composer.setFocus()
        press(Qt.Key.Key_R, CTRL)
        qtbot.waitUntil(lambda: window.generating, timeout=30_000)
        qtbot.waitUntil(lambda: not window.generating, timeout=120_000)
        answer = window.chat.bubbles[-1]
        assert answer.branch_label.text() == "2/2"
        assert window.store.thread(first or 0)[-1].status == "complete"

        # Copy: the answer's own button, reached with Shift+Tab from the composer; the
        # answer's words arrive on the clipboard, not its reasoning and not nothing.
        QGuiApplication.clipboard().setText("not copied yet")
        window.composer.setFocus()
        qtbot.waitUntil(lambda: window.composer.hasFocus())
        tab_to(answer.copy_button)
        assert ring.target is answer.copy_button and ring.ring.isVisible()  # seen where it is
        press(Qt.Key.Key_Space)
        assert QGuiApplication.clipboard().text() == SCRIPTED == answer.text()
        window.turn_extra = endless_turn()

        # A new chat (Ctrl+N), then back to the first one from the list.
        press(Qt.Key.Key_N, CTRL)
        qtbot.waitUntil(lambda: window.conversation_id is None)
        window.composer.setFocus()
        ask_and_stop(qtbot, window, "second question")
        second = window.conversation_id
        assert second not in (None, first)
        press(Qt.Key.Key_F, CTRL)
        assert focused() is window.search
        tab_to(window.conversations, backwards=False)
        for _ in range(window.conversations.count()):
            if window.conversation_id == first:
                break
            press(Qt.Key.Key_Down)
            press(Qt.Key.Key_Return)
        assert window.conversation_id == first
        assert [b.text() for b in window.chat.bubbles if b.role == "user"] == ["first question"]
    finally:
        window.close()
