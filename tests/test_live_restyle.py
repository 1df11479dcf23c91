"""A theme or language switch while the window runs looks exactly like a fresh start in
that theme and language (defect: the chat pane kept the old palette, the effort box
read "Reasoning: mediur")."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSize
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.store import ChatStore
from app.ui import appearance
from app.ui.main_window import MainWindow

SIZE = QSize(1100, 720)
ANSWER = (
    "Here is **the plan**, in three steps:\n\n1. Read the file.\n2. Count the words.\n\n"
    "```python\ndef count(text):\n    return len(text.split())  # words\n```\n\n"
    "See [the docs](https://example.com/docs)."
)


@pytest.fixture
def app(qapp: QApplication) -> Iterator[QApplication]:
    yield qapp
    appearance.apply_theme(qapp, "system")
    appearance.apply_language(qapp, "en")


def a_conversation(path: Path) -> int:
    with ChatStore(path) as store:
        conversation = store.create_conversation("Counting words")
        question = store.add_user_message(conversation.id, "How do I count words in Python?")
        answer = store.start_assistant_message(conversation.id, question.id, "medium", None, None)
        store.finish_assistant_message(
            answer.id, "complete", analysis="The user wants code.", content=ANSWER
        )
        return conversation.id


def settle() -> None:
    for _ in range(5):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        QApplication.processEvents()


def start(qtbot: QtBot, window: MainWindow, conversation: int) -> None:
    qtbot.addWidget(window)
    window.resize(SIZE)
    window.show()
    qtbot.waitExposed(window)
    window.open_conversation(conversation)
    window.chat.bubbles[-1].reasoning_toggle.setChecked(True)  # dim text, in view too


def shot(window: MainWindow) -> QImage:
    settle()
    window.chat.verticalScrollBar().setValue(0)
    settle()
    return window.grab().toImage()


def differing_pixels(a: QImage, b: QImage) -> int:
    assert a.size() == b.size()
    a = a.convertToFormat(QImage.Format.Format_RGB32)
    b = b.convertToFormat(QImage.Format.Format_RGB32)
    if bytes(a.constBits()) == bytes(b.constBits()):
        return 0
    return sum(
        1 for y in range(a.height()) for x in range(0, a.width()) if a.pixel(x, y) != b.pixel(x, y)
    )


@pytest.mark.parametrize(
    ("before", "after"),
    [(("light", "en"), ("dark", "de")), (("dark", "de"), ("light", "en"))],
    ids=["light-en to dark-de", "dark-de to light-en"],
)
def test_a_live_switch_looks_like_a_fresh_start(
    qtbot: QtBot, app: QApplication, tmp_path: Path, before: tuple[str, str], after: tuple[str, str]
) -> None:
    database = tmp_path / "lokal.db"
    conversation = a_conversation(database)
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"theme": before[0], "language": before[1]}))
    appearance.apply_theme(app, before[0])
    appearance.apply_language(app, before[1])
    live = MainWindow(database, settings)
    start(qtbot, live, conversation)
    shot(live)
    live.apply_settings(replace(live.settings, theme=after[0], language=after[1]))
    switched = shot(live)
    live.close()

    fresh = MainWindow(database, settings)  # its settings file now says ``after``
    start(qtbot, fresh, conversation)
    started = shot(fresh)
    fresh.close()
    folder = Path(os.environ.get("LOKAL_SHOTS", tmp_path))
    name = f"{after[0]}-{after[1]}"
    switched.save(str(folder / f"switched-{name}.png"))
    started.save(str(folder / f"started-{name}.png"))
    assert differing_pixels(switched, started) == 0
