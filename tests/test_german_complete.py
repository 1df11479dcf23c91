"""In German, every window and dialog shows German: a text the English run shows
unchanged is untranslated, unless it is a name (Lokal, GGUF, a model's name)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui import appearance
from app.ui.chat_view import MessageBubble
from app.ui.main_window import MainWindow
from tests.fixtures.window_turns import show_with_model
from tests.ui_tour import shown_widgets, tour, visible_texts

#: Texts that read the same in German: names, units and words German uses too.
SAME_IN_GERMAN = {
    "Lokal", "GGUF", "OK", "Hugging Face", "MCP", "Status", "Version", "Tools", "Server",
    "Token", "Tokens", "Start", "Stop", "Details", "Name", "Port", "Name:", "Port:", "URL",
    "URL:", "Top-p", "Top-p:", "Markdown", "JSON", "Chat", "Text", "System", "API", "Threads",
    "Threads:",
    "Deutsch", "English",  # each language is offered in its own name
    "Code", "python",  # a code block's language, as the model wrote it
    "Engine", "Qt",  # About: German says "Engine" too; Qt is a name
}  # fmt: skip
#: Model, file and server names, addresses, key names and figures with units.
NAMES = re.compile(
    r"gpt-oss|\.gguf|https?://|127\.0\.0\.1|localhost|^[\d\s.,:/%+×·–-]*(GB|MB|KB|s|k|ms)?$"
    r"|^(Ctrl|Alt|Shift|Esc|F\d)"
    r"|^Lokal \d|PySide6|^/|^[A-Z]:\\"  # About: versions and the data folder's path
)
QUESTION = "12 + 30 = ?"  # no letters: the conversation's own text is the same in both runs


def texts_everywhere(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, language: str) -> set[str]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.apply_language(app, language)
    window = MainWindow(tmp_path / f"{language}.db", tmp_path / f"{language}.json",
                        turn_extra={"max_tokens": 8})  # fmt: skip
    show_with_model(qtbot, window, tiny_gguf)
    window.composer.setPlainText(QUESTION)
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.generating, timeout=60_000)
    found: set[str] = set()

    def collect(name: str, top: QWidget) -> None:
        for widget in shown_widgets(top):
            if widget.objectName() in ("answerText", "reasoning"):
                continue  # the model's own words
            texts = visible_texts(widget)
            if isinstance(widget, MessageBubble) and widget.accessibleDescription():
                texts.remove(widget.accessibleDescription())  # the message itself
            found.update(texts)

    try:
        tour(qtbot, window, collect)
    finally:
        window.close()
    return found


def untranslated(english: set[str], german: set[str]) -> list[str]:
    return sorted(
        text for text in german & english
        if re.search(r"[A-Za-z]{2}", text) and text.replace("&", "") not in SAME_IN_GERMAN
        and not NAMES.search(text)
    )  # fmt: skip


@pytest.fixture
def back_to_english() -> Iterator[None]:
    yield
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.apply_language(app, "en")


@pytest.mark.usefixtures("back_to_english")
def test_every_window_and_dialog_is_german_in_german(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    english = texts_everywhere(qtbot, tmp_path, tiny_gguf, "en")
    german = texts_everywhere(qtbot, tmp_path, tiny_gguf, "de")
    assert len(english) > 100  # the tour saw the windows
    missing = untranslated(english, german)
    assert missing == [], "\n".join(missing)


def test_the_comparison_finds_an_english_text() -> None:
    english = {"Send", "Lokal", "gpt-oss-20b", "12 GB", "Copy this message"}
    german = {"Senden", "Lokal", "gpt-oss-20b", "12 GB", "Copy this message"}
    assert untranslated(english, german) == ["Copy this message"]
