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
    assert bubble.answer.prose_views()[0].toPlainText().strip() == "The answer"
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


def test_code_blocks_are_their_own_copyable_widgets(qtbot: QtBot) -> None:
    from PySide6.QtGui import QGuiApplication

    bubble = MessageBubble("assistant", message_id=7)
    qtbot.addWidget(bubble)
    bubble.set_text("", "Try this:\n\n```python\nprint('hi')  # greet\n```\n\nThen run it.")
    [block] = bubble.answer.code_blocks()
    assert block.text() == "print('hi')  # greet"
    assert block.language_label.text() == "python"
    assert len(bubble.answer.prose_views()) == 2
    block.copy_button.click()
    assert QGuiApplication.clipboard().text() == "print('hi')  # greet"
    # Streaming more code grows the same widget rather than building a new one.
    bubble.set_text("", "Try this:\n\n```python\nprint('hi')  # greet\nprint('bye')")
    assert bubble.answer.code_blocks() == [block]
    assert block.text().endswith("print('bye')")


def test_code_is_highlighted_by_kind(qtbot: QtBot) -> None:
    from app.ui.code_block import CodeBlock

    block = CodeBlock()
    qtbot.addWidget(block)
    block.set_code('def f():\n    return "x"  # done', "python")
    highlighted = block.editor.document().findBlockByNumber(0).layout().formats()
    assert any(r.start == 0 and r.length == 3 for r in highlighted)  # "def"
    second = block.editor.document().findBlockByNumber(1).layout().formats()
    assert len(second) >= 3  # return, the string, the comment


def test_answer_actions_emit_the_message_ids(qtbot: QtBot) -> None:
    from app.core.store import Branch

    view = ChatView()
    qtbot.addWidget(view)
    question = view.add_message("user", final="q", message_id=1)
    answer = view.add_message("assistant", final="a", message_id=3)
    answer.set_branch(Branch(0, (3, 5)))
    events: list[tuple[str, int]] = []
    view.edit.connect(lambda i: events.append(("edit", i)))
    view.regenerate.connect(lambda i: events.append(("regenerate", i)))
    view.switch_branch.connect(lambda i: events.append(("branch", i)))
    question.action_button.click()
    answer.action_button.click()
    assert not answer.previous_branch.isEnabled()
    answer.next_branch.click()
    assert answer.branch_label.text() == "1/2"
    assert events == [("edit", 1), ("regenerate", 3), ("branch", 5)]
    view.set_actions_enabled(False)
    assert not answer.action_button.isEnabled() and not answer.next_branch.isEnabled()


def test_a_long_thread_builds_only_its_last_page(qtbot: QtBot) -> None:
    from app.core.store import ChatStore
    from app.ui.chat_view import PAGE

    store = ChatStore(":memory:")
    chat = store.create_conversation("long")
    parent = None
    for i in range(PAGE * 2 + 5):
        parent = store.add_user_message(chat.id, f"message {i}", parent).id
    view = ChatView()
    qtbot.addWidget(view)
    view.show_thread(store.thread(chat.id))
    assert len(view.bubbles) == PAGE and not view.earlier_button.isHidden()
    assert view.bubbles[-1].text() == f"message {PAGE * 2 + 4}"
    view.show_earlier()
    view.show_earlier()
    assert len(view.bubbles) == PAGE * 2 + 5
    assert view.bubbles[0].text() == "message 0"
    assert view.earlier_button.isHidden()


def test_streaming_reasoning_is_appended_then_formatted(qtbot: QtBot) -> None:
    bubble = MessageBubble("assistant")
    qtbot.addWidget(bubble)
    bubble.show()
    bubble.streaming = True
    bubble.set_text("Think **hard**", "")
    document = bubble.reasoning.document()
    bubble.set_text("Think **hard** about it", "")
    assert bubble.reasoning.document() is document  # appended, not parsed again
    assert bubble.reasoning.toPlainText() == "Think **hard** about it"
    bubble.end_streaming()
    assert bubble.reasoning.toPlainText().strip() == "Think hard about it"  # Markdown now


def test_the_view_follows_a_growing_answer_unless_the_reader_scrolled_up(qtbot: QtBot) -> None:
    view = ChatView()
    qtbot.addWidget(view)
    view.resize(500, 300)
    view.show()
    bar = view.verticalScrollBar()
    for i in range(4):
        view.add_message("user", final=f"question {i}\n\n" + "line\n\n" * 10)
    view.add_message("assistant")
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum())
    text = ""
    for i in range(5):
        text += f"paragraph {i}\n\n" * 8
        view.stream_into_last(text, "")
        view.flush()
        qtbot.waitUntil(lambda: bar.value() == bar.maximum())  # the end stays in sight
    bar.setValue(0)  # the reader scrolls up to read something earlier
    grown = bar.maximum()
    view.stream_into_last(text + "more\n\n" * 20, "")
    view.flush()
    qtbot.waitUntil(lambda: bar.maximum() > grown)
    assert bar.value() == 0


def test_a_failed_answer_shows_its_cause_and_retry(qtbot: QtBot) -> None:
    from app.ui.chat_view import Stats

    bubble = MessageBubble("assistant", message_id=11)
    qtbot.addWidget(bubble)
    bubble.show()
    retried: list[int] = []
    bubble.regenerate.connect(retried.append)
    cause = "The engine crashed (SIGSEGV): <b>llama.cpp</b> made an invalid memory access."
    bubble.set_stats(Stats(12.0, 0.5, 3, 4, "error", cause))
    block = bubble.error_block
    assert block is not None and block.isVisible()
    assert block.message.text() == cause  # as plain text: markup in a cause stays visible
    assert block.message.textFormat() == Qt.TextFormat.PlainText
    assert "SIGSEGV" not in bubble.stats.text()  # a cause, not a statistic
    block.retry.click()
    assert retried == [11]
    bubble.set_actions_enabled(False)  # while another answer streams
    assert not block.retry.isEnabled()
    bubble.set_stats(Stats(12.0, 0.5, 3, 4, "complete"))
    assert not block.isVisible()
