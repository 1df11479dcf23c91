"""The designed window (docs/design.md): the reading column, question bubbles, action rows
shown on hover or focus, the reasoning's duration, the composer box, the grouped sidebar
and the empty states."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, QPointF, Qt
from PySide6.QtGui import QEnterEvent
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.core.store import Conversation
from app.ui.chat_view import COLUMN_WIDTH, ChatView, MessageBubble, Stats, thought_for
from app.ui.main_window import MainWindow
from app.ui.sidebar import GROUP_ROLE, ConversationSidebar, group_of


def settle() -> None:
    for _ in range(5):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def shown_view(qtbot: QtBot, width: int = 1400) -> ChatView:
    frame = QWidget()
    QVBoxLayout(frame).addWidget(view := ChatView())
    qtbot.addWidget(frame)
    frame.resize(width, 800)
    frame.show()
    qtbot.waitExposed(frame)
    frame.activateWindow()
    qtbot.waitUntil(frame.isActiveWindow)  # focus, for the keyboard's part
    _frames.append(frame)
    return view


_frames: list[QWidget] = []  # the test's frames live until the end of the module


def test_the_column_is_centred_and_questions_sit_right_in_a_narrow_bubble(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    question = view.add_message("user", final="A short question?", message_id=1)
    answer = view.add_message("assistant", final="An answer. " * 60, message_id=2)
    settle()
    left = answer.mapTo(view.viewport(), answer.rect().topLeft()).x()
    right = view.viewport().width() - (left + answer.width())
    assert answer.width() <= COLUMN_WIDTH
    assert abs(left - right) <= 2  # centred in a wide window
    # The question's text hugs its words at the column's right; the answer fills the column.
    text = question.answer.geometry()
    assert text.width() < question.width() / 2
    assert question.width() - text.right() < 40
    assert answer.answer.width() > COLUMN_WIDTH * 0.9


def hover(bubble: MessageBubble, inside: bool) -> None:
    if inside:
        point = QPointF(5, 5)
        QApplication.sendEvent(bubble, QEnterEvent(point, point, bubble.mapToGlobal(point)))
    else:
        QApplication.sendEvent(bubble, QEvent(QEvent.Type.Leave))


def test_actions_show_on_hover_or_focus_and_the_newest_answer_keeps_them(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    question = view.add_message("user", final="Why?", message_id=1)
    answer = view.add_message("assistant", final="Because.", message_id=2)
    settle()  # a bubble added to a shown page is shown with the next events
    assert answer.actions_revealed()  # the newest answer's actions stay in sight
    assert not question.actions_revealed()
    hover(question, True)
    assert question.actions_revealed()
    hover(question, False)
    assert not question.actions_revealed()
    # The keyboard reaches hidden actions too, and they show while focused.
    question.copy_button.setFocus(Qt.FocusReason.TabFocusReason)
    assert question.copy_button.hasFocus() and question.actions_revealed()
    question.action_button.setFocus(Qt.FocusReason.TabFocusReason)
    assert question.actions_revealed()
    answer.copy_button.setFocus(Qt.FocusReason.TabFocusReason)
    assert not question.actions_revealed()
    later = view.add_message("user", final="And?", message_id=3)
    view.add_message("assistant", final="So.", message_id=4)
    assert not answer.actions_revealed() or answer.copy_button.hasFocus()
    assert not later.actions_revealed()


def test_tab_walks_every_action_of_a_message(qtbot: QtBot) -> None:
    view = shown_view(qtbot)
    view.add_message("user", final="Why?", message_id=1)
    answer = view.add_message("assistant", final="Because.", message_id=2)
    settle()  # a bubble added to a shown page is shown with the next events
    answer.copy_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(answer.copy_button, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is answer.action_button  # Regenerate comes next


def test_the_reasoning_says_how_long_it_took(qtbot: QtBot) -> None:
    bubble = MessageBubble("assistant", 1)
    qtbot.addWidget(bubble)
    bubble.set_text("Let me think.", "Done.")
    assert bubble.reasoning_toggle.text() == "Reasoning"  # nothing known yet
    bubble.set_stats(Stats(tokens_per_second=10.0, analysis_tokens=120, final_tokens=5))
    assert bubble.reasoning_toggle.text() == f"Thought for {QLocale().toString(12)} s"
    assert thought_for(2.44) == f"Thought for {QLocale().toString(2.4, 'f', 1)} s"
    assert thought_for(0.01) == f"Thought for {QLocale().toString(0.1, 'f', 1)} s"  # never 0


def test_the_duration_follows_the_locale(qtbot: QtBot) -> None:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    try:
        assert thought_for(2.44) == "Thought for 2,4 s"  # English words: no translator here
        assert thought_for(1234) == "Thought for 1.234 s"
    finally:
        QLocale.setDefault(before)


def test_while_the_reasoning_streams_it_says_thinking(qtbot: QtBot) -> None:
    view = shown_view(qtbot, 900)
    bubble = view.add_message("assistant")
    view.stream_into_last("Let me", "")
    view.flush()
    assert bubble.reasoning_toggle.text() == "Thinking…"
    view.stream_into_last("Let me think.", "The answer")
    view.flush()
    assert bubble.reasoning_toggle.text().startswith("Thought for ")


def test_conversations_are_grouped_by_their_last_change_in_local_time(qtbot: QtBot) -> None:
    today = date(2026, 3, 10)
    noon = datetime(2026, 3, 10, 12, 0).astimezone()
    assert group_of(noon, today) == "today"
    assert group_of(noon - timedelta(days=1), today) == "yesterday"
    assert group_of(noon - timedelta(days=6), today) == "week"
    assert group_of(noon - timedelta(days=7), today) == "older"
    # A UTC time is read in local time (the day it was for the person).
    assert group_of(noon.astimezone(UTC), today) == "today"

    sidebar = ConversationSidebar()
    qtbot.addWidget(sidebar)
    now = datetime.now().astimezone()

    def chat(number: int, days: int) -> Conversation:
        when = now - timedelta(days=days)
        return Conversation(number, f"Chat {number}", when, when)

    sidebar.show_conversations([chat(1, 0), chat(2, 0), chat(3, 1), chat(4, 3), chat(5, 40)], 1)
    headings = [sidebar.list.item(i).data(GROUP_ROLE) for i in range(sidebar.list.count())]
    assert headings == ["Today", None, "Yesterday", "Last 7 days", "Older"]
    assert sidebar.list.count() == 5  # headings are drawn above rows, not rows of their own
    layout = sidebar.layout()
    assert layout is not None and layout.itemAt(0).widget() is sidebar.search  # search on top


def test_empty_states_say_what_to_do(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> None:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    try:
        # No conversations: the list says how to start one.
        assert window.conversations.count() == 0
        assert "Write a question below" in window.sidebar.list.empty_text
        # No model: the chat points at the picker and the Models window.
        window.new_conversation()
        assert "No model is loaded" in window.chat.empty_hint.text()
        assert "Models" in window.chat.empty_hint.text()
        window.load_model(tiny_gguf)
        qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
        assert "Ask anything below" in window.chat.empty_hint.text()
        assert window.chat.empty_hint.isVisibleTo(window)
        # No search results: what to try instead.
        window.search.setText("no such words anywhere")
        qtbot.waitUntil(lambda: window.conversations.count() == 1)
        assert "Try other words" in window.conversations.item(0).text()
    finally:
        window.close()


def test_the_composer_box_holds_attach_tools_effort_and_send_or_stop(
    qtbot: QtBot, tmp_path: Path
) -> None:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    try:
        box = window.composer_box
        for part in (
            window.composer,
            window.attachments,
            box.attach_button,
            window.tools_button,
            window.model_bar.effort,
            window.send_button,
            window.stop_button,
        ):
            assert box.isAncestorOf(part), part
        # It grows with the text, up to a limit.
        one = window.composer.height()
        window.composer.setPlainText("line\n" * 3)
        three = window.composer.height()
        window.composer.setPlainText("line\n" * 40)
        assert one < three < window.composer.height() < 400
        for button in (box.attach_button, window.send_button, window.stop_button):
            assert button.accessibleName() and button.toolTip()
        # Tab reads the box in order.
        after: list[QWidget] = [window.composer]
        while len(after) < 5:
            widget = after[-1].nextInFocusChain()
            while not (
                widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isVisibleTo(window)
            ):
                widget = widget.nextInFocusChain()
            after.append(widget)
        assert after[1:] == [
            box.attach_button,
            window.tools_button,
            window.model_bar.effort,
            window.send_button,
        ]
    finally:
        window.close()
