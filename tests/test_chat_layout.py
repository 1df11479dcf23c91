"""Nothing widens the chat beyond the window, and a very long line is shown cut
(with "Show all", copied whole), so opening any conversation stays quick."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from app.core.store import ChatStore
from app.core.store.document_records import Citation, Passage
from app.ui.chat_view import ChatView, MessageBubble, Stats
from app.ui.long_text import LINE_LIMIT, TEXT_LIMIT, breakable, cut_for_screen
from app.ui.main_window import MainWindow

URL = "https://example.com/" + "a1b2c3d4" * 700  # one word of 5,620 characters
ERROR = "The engine failed: " + "E" * 600


def pdf_passage(page: int, name: str) -> Passage:
    return Passage(page, 1, page, name, None, "pdf", "page", page, page, None, "text")


def long_sources() -> list[Citation]:
    name = "a-report-with-a-very-long-file-name-" + "x" * 120 + ".pdf"
    return [Citation(n, (pdf_passage(n, name),)) for n in (1, 2, 3)]


def settle() -> None:
    """Run the posted layout requests; each pass may post the next (page, then scroll area)."""
    for _ in range(5):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def inside(bubble: MessageBubble, view: ChatView) -> bool:
    """The bubble's Copy button lies within the chat's visible width."""
    button = bubble.copy_button
    right = button.mapTo(view.viewport(), button.rect().topRight()).x()
    return 0 <= right <= view.viewport().width()


def test_long_words_errors_and_sources_stay_within_the_chat(qtbot: QtBot) -> None:
    frame = QWidget()
    QVBoxLayout(frame).addWidget(view := ChatView())
    qtbot.addWidget(frame)
    frame.resize(700, 600)
    frame.show()
    qtbot.waitExposed(frame)
    question = view.add_message("user", final=URL, message_id=1)
    code = "```python\nprint('" + "x" * 2000 + "')\n```"
    answer = view.add_message("assistant", final=f"See {URL} for more.\n\n{code}", message_id=2)
    answer.set_stats(Stats(status=ERROR))
    answer.set_sources(long_sources())
    answer.end_streaming()
    failed = view.add_message("assistant", final="", message_id=3)
    failed.set_stats(Stats(status="error", error=ERROR))  # the error block under it
    settle()
    page = view.widget()
    assert page is not None
    assert view.horizontalScrollBar().maximum() == 0
    assert page.width() <= view.viewport().width()
    assert inside(question, view) and inside(answer, view) and inside(failed, view)
    sources = answer.sources
    assert sources is not None
    assert all(b.width() <= view.viewport().width() for b in sources.buttons)
    rows = {b.y() for b in sources.buttons}
    assert len(rows) > 1  # the row of sources flowed onto more lines


def a_history_with_one_long_line(path: Path, chars: int) -> tuple[int, str]:
    line = ("word " * (chars // 10)) + "x" * (chars // 2)
    with ChatStore(path) as store:
        conversation = store.create_conversation("long line")
        question = store.add_user_message(conversation.id, "all on one line")
        answer = store.start_assistant_message(conversation.id, question.id, "low", None, None)
        store.finish_assistant_message(answer.id, "complete", content=line)
    return conversation.id, line


def test_a_very_long_line_is_cut_on_screen_and_copied_whole(qtbot: QtBot, tmp_path: Path) -> None:
    conversation, line = a_history_with_one_long_line(tmp_path / "lokal.db", 60_000)
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    try:
        window.open_conversation(conversation)
        bubble = window.chat.bubbles[-1]
        shown = "".join(view.toPlainText() for view in bubble.answer.prose_views())
        assert len(shown) <= LINE_LIMIT + 10  # laid out: a screen's worth, not 60,000
        assert bubble.show_all_button.isVisibleTo(bubble)
        assert "57,000" in bubble.show_all_button.text()
        bubble.copy_button.click()
        assert QGuiApplication.clipboard().text() == line  # copied whole
        bubble.show_whole()
        assert not bubble.show_all_button.isVisibleTo(bubble)
        assert bubble.answer.prose_views()[0].toPlainText() == line.strip()
    finally:
        window.close()


def test_cut_for_screen() -> None:
    short = cut_for_screen("short\nlines")
    assert short.text == "short\nlines" and short.hidden == 0
    one = cut_for_screen("a" * (LINE_LIMIT + 500))
    assert one.text == "a" * LINE_LIMIT + " …" and one.hidden == 500
    many = cut_for_screen(("b" * 99 + "\n") * 1000)
    assert len(many.text) <= TEXT_LIMIT + 10 and many.hidden > 60_000
    assert many.text.endswith("…")
    code = "```\n" + "c" * 10_000 + "\n```"
    assert cut_for_screen(code).text.startswith("```\n" + "c" * 100)


def test_breakable_lets_a_label_wrap_a_long_word() -> None:
    assert breakable("short words stay") == "short words stay"
    broken = breakable("E" * 45)
    assert broken.replace("\u200b", "") == "E" * 45 and broken.count("\u200b") == 2
