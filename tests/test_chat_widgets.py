"""The composer's keys and the answer bubble's reasoning section."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.ui.chat_view import ChatView, MessageBubble
from app.ui.composer import Composer


def test_enter_sends_and_shift_enter_breaks_the_line(qtbot: QtBot) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    sent: list[str] = []
    composer.submitted.connect(sent.append)
    qtbot.keyClicks(composer, "first line")
    qtbot.keyClick(composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(composer, "second")
    assert sent == []
    qtbot.keyClick(composer, Qt.Key.Key_Return)
    assert sent == ["first line\nsecond"]
    assert composer.toPlainText() == ""


def test_blank_text_is_not_sent(qtbot: QtBot) -> None:
    composer = Composer()
    qtbot.addWidget(composer)
    sent: list[str] = []
    composer.submitted.connect(sent.append)
    qtbot.keyClicks(composer, "   ")
    qtbot.keyClick(composer, Qt.Key.Key_Return)
    assert sent == []


def test_reasoning_is_open_while_thinking_and_folds_when_the_answer_starts(
    qtbot: QtBot,
) -> None:
    bubble = MessageBubble("assistant")
    qtbot.addWidget(bubble)
    bubble.show()
    bubble.set_text("Let me think", "")
    assert bubble.reasoning_toggle.isVisible() and bubble.reasoning.isVisible()
    bubble.set_text("Let me think about it", "The answer")
    assert not bubble.reasoning.isVisible()
    assert bubble.answer.toPlainText().strip() == "The answer"
    bubble.reasoning_toggle.click()  # a person opens it again
    assert bubble.reasoning.isVisible()
    bubble.set_text("Let me think about it", "The answer, longer")
    assert bubble.reasoning.isVisible()  # their choice stands


def test_streaming_renders_the_last_bubble_at_a_bounded_rate(qtbot: QtBot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.show()
    view.add_message("user", final="hi")
    bubble = view.add_message("assistant")
    renders = []
    original = bubble.set_text

    def counting(analysis: str, final: str) -> None:
        renders.append(final)
        original(analysis, final)

    bubble.set_text = counting  # type: ignore[method-assign]
    text = ""
    for i in range(300):
        text += f"word{i} "
        view.stream_into_last("", text)
    view.flush()
    assert renders[-1] == text
    assert len(renders) <= 3  # 300 deltas, one or two renders
