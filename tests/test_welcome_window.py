"""The first-run window: opening a GGUF file checks it and says what it is, or why not."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot

from app.ui.welcome_window import WelcomeWindow, human_size


def test_a_valid_model_is_described(qtbot: QtBot, tiny_gguf: Path) -> None:
    window = WelcomeWindow()
    qtbot.addWidget(window)
    window.check_model(tiny_gguf)
    qtbot.waitUntil(lambda: window.open_button.isEnabled(), timeout=5000)
    text = window.status.text()
    assert "gpt-oss" in text and "harmony chat" in text and "reasoning effort" in text


def test_a_file_that_is_not_a_model_is_refused_with_a_reason(qtbot: QtBot, tmp_path: Path) -> None:
    notes = tmp_path / "notes.gguf"
    notes.write_text("just some notes, not a model")
    window = WelcomeWindow()
    qtbot.addWidget(window)
    window.check_model(notes)
    qtbot.waitUntil(lambda: window.open_button.isEnabled(), timeout=5000)
    assert "cannot be used" in window.status.text()
    assert "GGUF" in window.status.text()


def test_sizes_read_like_a_file_manager() -> None:
    assert human_size(12_101_927_392) == "12.1 GB"
    assert human_size(196_928) == "196.9 kB"
    assert human_size(12) == "12 bytes"
