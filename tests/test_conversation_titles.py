"""The first question names a conversation that files started, whatever the language
was and whatever the person called it (defect: the translated "New chat" was the marker)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.ui import appearance
from app.ui.main_window import MainWindow
from tests.fixtures import make_documents as make
from tests.fixtures.window_turns import show_with_model


def set_language(language: str) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.apply_language(app, language)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> Iterator[MainWindow]:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    show_with_model(qtbot, window, tiny_gguf)
    yield window
    window.close()
    set_language("en")


def attach_and_ask(qtbot: QtBot, window: MainWindow, tmp_path: Path, question: str) -> int:
    window.attach_files([make.write_csv(tmp_path / "trains.csv")])
    qtbot.waitUntil(
        lambda: [c.state for c in window.attachments.chips.values()] == ["ready"], timeout=60_000
    )
    assert window.conversation_id is not None
    return window.conversation_id


def send(qtbot: QtBot, window: MainWindow, text: str) -> None:
    window.composer.setPlainText(text)
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.generating, timeout=180_000)


def test_the_first_question_names_it_after_a_language_switch(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    set_language("de")
    conversation = attach_and_ask(qtbot, window, tmp_path, "")
    assert window.conversations.item(0).text() == "Neuer Chat"
    set_language("en")
    send(qtbot, window, "when does the first train leave")
    assert window.store.get_conversation(conversation).title == "when does the first train leave"


def test_a_conversation_the_person_named_new_chat_keeps_its_name(
    qtbot: QtBot, tmp_path: Path, window: MainWindow
) -> None:
    conversation = attach_and_ask(qtbot, window, tmp_path, "")
    window.rename_conversation(conversation, "New chat")
    send(qtbot, window, "when does the first train leave")
    assert window.store.get_conversation(conversation).title == "New chat"
