"""Dropping, pasting and attaching files in the window; chips; the sources under an answer."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeyEvent
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot

from app.core.store import ChatStore
from app.core.store.document_records import Citation, Passage
from app.core.store.documents import DocumentStore
from app.ui.attacher import DocumentAttacher
from app.ui.attachments import AttachmentBar, install_file_drop, local_paths
from app.ui.sources_view import SourcesView
from tests.fixtures import make_documents as make


def mime_with(paths: list[Path], text: str | None = None) -> QMimeData:
    mime = QMimeData()
    if paths:
        mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    if text is not None:
        mime.setText(text)
    return mime


def drop(widget: QPlainTextEdit, mime: QMimeData) -> bool:
    """Drag ``mime`` over the editor's viewport and drop it; True if the drop was taken."""
    target = widget.viewport()
    point = QPointF(10, 10)
    actions = Qt.DropAction.CopyAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(point.toPoint(), actions, mime, buttons, keys)
    QApplication.sendEvent(target, enter)
    dropped = QDropEvent(point, actions, mime, buttons, keys)
    QApplication.sendEvent(target, dropped)
    return enter.isAccepted() and dropped.isAccepted()


def test_dropped_files_and_folders_go_to_the_callback(qtbot: QtBot, tmp_path: Path) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    received: list[list[Path]] = []
    install_file_drop(editor, received.append)
    paths = [tmp_path / "a.pdf", tmp_path]
    assert drop(editor, mime_with(paths, text="file names as text"))
    assert received == [paths]
    assert editor.toPlainText() == ""  # the names were not typed into the message

    drop(editor, mime_with([], text="just words"))  # a text drop stays the editor's
    assert editor.toPlainText() == "just words" and len(received) == 1
    remote = QMimeData()
    remote.setUrls([QUrl("https://example.com/report.pdf")])
    assert local_paths(remote) == [] and received == [paths]


def test_pasting_copied_files_attaches_them(qtbot: QtBot, tmp_path: Path) -> None:
    editor = QPlainTextEdit()
    qtbot.addWidget(editor)
    received: list[list[Path]] = []
    install_file_drop(editor, received.append)
    clipboard = QGuiApplication.clipboard()
    clipboard.setMimeData(mime_with([tmp_path / "notes.md"], text=str(tmp_path / "notes.md")))
    paste = QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    QApplication.sendEvent(editor, paste)
    assert received == [[tmp_path / "notes.md"]] and editor.toPlainText() == ""

    clipboard.setText("plain words")
    QApplication.sendEvent(editor, QKeyEvent(paste))
    assert editor.toPlainText() == "plain words" and len(received) == 1


def test_chips_show_each_state_and_can_be_removed_by_keyboard(qtbot: QtBot) -> None:
    bar = AttachmentBar()
    qtbot.addWidget(bar)
    bar.show()
    reading = bar.add("a", "report.pdf")
    assert reading.state == "reading" and reading.detail.text() == "Reading…"
    bar.set_ready("a", 12345, 20)
    assert reading.detail.text() == "12,345 tokens · 20 pages"
    bar.add("b", "photo.txt")
    reason = "photo.txt is a JPEG image, not text. " * 4
    bar.set_failed("b", reason.strip())
    failed = bar.chips["b"]
    assert failed.state == "failed" and reason.strip() in failed.toolTip()
    assert failed.detail.text().endswith("…")  # the full reason is in the tooltip
    assert failed.remove_button.accessibleName() == "Remove photo.txt"

    removed: list[str] = []
    bar.remove_requested.connect(removed.append)
    failed.remove_button.setFocus()
    qtbot.keyClick(failed.remove_button, Qt.Key.Key_Space)
    assert removed == ["b"]
    focusable = [chip.remove_button.focusPolicy() for chip in bar.chips.values()]
    assert all(policy & Qt.FocusPolicy.TabFocus for policy in focusable)
    bar.remove("b")
    assert list(bar.chips) == ["a"]


@pytest.fixture
def attacher(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[DocumentAttacher, ChatStore]]:
    database = tmp_path / "lokal.db"
    chat = ChatStore(database)
    conversation = chat.create_conversation("docs")
    bar = AttachmentBar()
    qtbot.addWidget(bar)
    made: list[int] = []

    def ensure_conversation() -> int:
        made.append(conversation.id)
        return conversation.id

    attacher = DocumentAttacher(bar, database, ensure_conversation)
    yield attacher, chat
    attacher.close()
    assert made == [conversation.id]


def test_attaching_reads_off_the_gui_thread_and_stores_the_documents(
    qtbot: QtBot, tmp_path: Path, attacher: tuple[DocumentAttacher, ChatStore]
) -> None:
    widget, chat = attacher
    folder = tmp_path / "folder"
    folder.mkdir()
    make.write_csv(folder / "trains.csv")
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff" + os.urandom(100))  # not a document
    guide = make.write_long_pdf(tmp_path / "ledger.pdf")
    noise = tmp_path / "noise.txt"
    noise.write_bytes(os.urandom(3000))

    widget.attach_paths([guide, noise, folder])
    bar = widget.bar
    # Still reading when the call returns: the window never waits for a file.
    assert bar.chips[f"file:1:{guide}"].state == "reading"

    def settled() -> None:
        assert len(bar.chips) == 3
        assert all(chip.state != "reading" for chip in bar.chips.values())

    qtbot.waitUntil(settled, timeout=60_000)
    states = {chip.name: (chip.state, chip.detail.text()) for chip in bar.chips.values()}
    assert states["ledger.pdf"][0] == "ready" and "300 pages" in states["ledger.pdf"][1]
    assert states["trains.csv"][0] == "ready"
    assert states["noise.txt"] == ("failed", "noise.txt looks like a binary file, not text.")
    stored = DocumentStore(chat).attached(1)
    assert sorted(d.name for d in stored) == ["ledger.pdf", "trains.csv"]

    with qtbot.waitSignal(widget.changed, timeout=10_000):
        widget.remove(f"file:1:{guide}")
    assert [d.name for d in DocumentStore(chat).attached(1)] == ["trains.csv"]
    assert chat.db.execute("SELECT count(*) FROM documents").fetchone()[0] == 1


def test_opening_a_conversation_shows_its_documents(
    qtbot: QtBot, tmp_path: Path, attacher: tuple[DocumentAttacher, ChatStore]
) -> None:
    widget, _chat = attacher
    widget.attach_paths([make.write_csv(tmp_path / "trains.csv")])
    qtbot.waitUntil(lambda: all(c.state == "ready" for c in widget.bar.chips.values()))
    widget.set_conversation(None)
    assert widget.bar.chips == {}
    widget.set_conversation(1)
    qtbot.waitUntil(lambda: [c.name for c in widget.bar.chips.values()] == ["trains.csv"])
    chip = next(iter(widget.bar.chips.values()))
    assert chip.state == "ready" and chip.detail.text().endswith("tokens")


def passage(path: Path | None, unit: str, start: int, text: str) -> Passage:
    kind = "pdf" if unit == "page" else "markdown"
    name = path.name if path else "gone.md"
    return Passage(1, 1, 0, name, str(path) if path else None, kind, unit, start, start, None, text)


def test_a_pdf_source_opens_at_its_page_and_others_show_the_passage(
    qtbot: QtBot, tmp_path: Path
) -> None:
    pdf = make.write_town_guide(tmp_path / "guide.pdf")
    notes = tmp_path / "notes.md"
    notes.write_text("# Notes\nthe passage text\n", encoding="utf-8")
    opened: list[QUrl] = []
    citations = [
        Citation(1, (passage(pdf, "page", 18, "Bus 9 links the station…"),)),
        Citation(2, (passage(notes, "line", 2, "the passage text"),)),
        Citation(3, (passage(None, "line", 5, "text of a moved file"),)),
    ]
    view = SourcesView(citations, opener=lambda url: opened.append(url) or True)
    qtbot.addWidget(view)
    assert [b.text() for b in view.buttons] == [
        "[1] guide.pdf, page 18",
        "[2] notes.md, line 2",
        "[3] gone.md, line 5",
    ]
    assert view.buttons[0].accessibleName() == "Source 1: guide.pdf, page 18"
    assert opened == []  # nothing opens until a click

    qtbot.mouseClick(view.buttons[0], Qt.MouseButton.LeftButton)
    assert [url.toString() for url in opened] == [
        QUrl.fromLocalFile(str(pdf)).toString() + "#page=18"
    ]

    qtbot.mouseClick(view.buttons[1], Qt.MouseButton.LeftButton)
    assert view.dialog is not None and view.dialog.text.toPlainText() == "the passage text"
    assert view.dialog.open_button is not None and len(opened) == 1
    view.dialog.open_button.click()
    assert opened[-1] == QUrl.fromLocalFile(str(notes))

    qtbot.mouseClick(view.buttons[2], Qt.MouseButton.LeftButton)
    assert view.dialog.text.toPlainText() == "text of a moved file"
    assert view.dialog.open_button is None
    view.set_sources([])
    assert view.buttons == [] and not view.isVisible()


def test_a_removed_file_can_be_attached_again(
    qtbot: QtBot, tmp_path: Path, attacher: tuple[DocumentAttacher, ChatStore]
) -> None:
    widget, chat = attacher
    trains = make.write_csv(tmp_path / "trains.csv")
    key = f"file:1:{trains}"
    widget.attach_paths([trains])
    widget.remove(key)  # removed while it is still being read
    widget.attach_paths([trains])
    qtbot.waitUntil(lambda: widget.bar.chips[key].state == "ready", timeout=30_000)

    widget.remove(key)  # and removed once it was read
    qtbot.waitUntil(lambda: DocumentStore(chat).attached(1) == [], timeout=10_000)
    widget.attach_paths([trains])
    qtbot.waitUntil(lambda: widget.bar.chips[key].state == "ready", timeout=30_000)
    assert [d.name for d in DocumentStore(chat).attached(1)] == ["trains.csv"]
