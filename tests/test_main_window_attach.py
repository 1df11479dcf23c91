"""Files dropped on the real window (chat, composer, chips) or pasted attach; no model needed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow
from tests.fixtures import make_documents as make

ACTIONS = Qt.DropAction.CopyAction
BUTTONS, KEYS = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def file_urls(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    mime.setText("\n".join(str(path) for path in paths))  # as file managers also offer
    return mime


def drop_on(target: QWidget, mime: QMimeData, point: QPoint | None = None) -> bool:
    """Drag ``mime`` onto ``target`` and drop it there; True if the drop was taken."""
    at = point or target.rect().center()
    enter = QDragEnterEvent(at, ACTIONS, mime, BUTTONS, KEYS)
    QApplication.sendEvent(target, enter)
    dropped = QDropEvent(QPointF(at), ACTIONS, mime, BUTTONS, KEYS)
    QApplication.sendEvent(target, dropped)
    return enter.isAccepted() and dropped.isAccepted()


def drop_through_window(window: MainWindow, over: QWidget, mime: QMimeData) -> bool:
    """Drop as the platform delivers it: to the top-level window at a point, where Qt
    picks the widget under it that accepts drops (or its nearest parent that does)."""
    handle = window.windowHandle()
    assert handle is not None
    at = over.mapTo(window, over.rect().center())
    enter = QDragEnterEvent(at, ACTIONS, mime, BUTTONS, KEYS)
    QApplication.sendEvent(handle, enter)
    QApplication.sendEvent(handle, QDragMoveEvent(at, ACTIONS, mime, BUTTONS, KEYS))
    dropped = QDropEvent(QPointF(at), ACTIONS, mime, BUTTONS, KEYS)
    QApplication.sendEvent(handle, dropped)
    return enter.isAccepted() and dropped.isAccepted()


def chip_names(window: MainWindow) -> list[str]:
    return sorted(chip.name for chip in window.attachments.chips.values())


def wait_ready(qtbot: QtBot, window: MainWindow, names: list[str]) -> None:
    def ready() -> None:
        assert chip_names(window) == sorted(names)
        assert all(c.state == "ready" for c in window.attachments.chips.values())

    qtbot.waitUntil(ready, timeout=60_000)


def test_files_dropped_on_the_chat_and_the_composer_attach(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    assert not window.model_ready and window.conversation_id is None
    trains = make.write_csv(tmp_path / "trains.csv")
    assert drop_on(window.chat.viewport(), file_urls(trains))
    wait_ready(qtbot, window, ["trains.csv"])
    assert window.conversation_id is not None  # attaching started the conversation

    tides = make.write_html(tmp_path / "tides.html")
    assert drop_on(window.composer.viewport(), file_urls(tides))
    wait_ready(qtbot, window, ["tides.html", "trains.csv"])
    assert window.composer.toPlainText() == ""  # the names were not typed in


def test_pasting_copied_files_into_the_composer_attaches_them(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    report = make.write_docx(tmp_path / "report.docx")
    clipboard = QGuiApplication.clipboard()
    clipboard.setMimeData(file_urls(report))
    try:
        window.composer.setFocus()
        window.composer.paste()
        wait_ready(qtbot, window, ["report.docx"])
        assert window.composer.toPlainText() == ""
    finally:
        # The clipboard owns that QMimeData now; left there, it is freed a second time
        # when the interpreter exits (a segmentation fault after the last test).
        clipboard.clear()


def test_drops_reach_the_widget_under_the_pointer_through_the_window(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    # Before a model or a conversation, the welcome page stands where the chat goes.
    assert window.pages.currentWidget() is window.welcome
    trains = make.write_csv(tmp_path / "trains.csv")
    assert drop_through_window(window, window.welcome, file_urls(trains))
    wait_ready(qtbot, window, ["trains.csv"])
    assert window.pages.currentWidget() is window.chat

    tides = make.write_html(tmp_path / "tides.html")
    assert drop_through_window(window, window.chat.viewport(), file_urls(tides))
    wait_ready(qtbot, window, ["tides.html", "trains.csv"])

    # On a chip: the drop goes up to the strip of chips, which takes it.
    chip = next(iter(window.attachments.chips.values()))
    report = make.write_docx(tmp_path / "report.docx")
    assert drop_through_window(window, chip, file_urls(report))
    wait_ready(qtbot, window, ["report.docx", "tides.html", "trains.csv"])
    more = make.write_csv(tmp_path / "more.csv", "ferry,leaves\nGull Island,07:40\n")
    assert drop_on(window.attachments, file_urls(more))
    wait_ready(qtbot, window, ["more.csv", "report.docx", "tides.html", "trains.csv"])
