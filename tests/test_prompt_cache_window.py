"""The window's prompt caches: written for each conversation, gone with it, sized in Settings."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.engine.prompt_cache import CacheFolder
from app.core.paths import data_dir, prompt_cache_dir
from app.ui.main_window import MainWindow
from app.ui.settings_dialog import SettingsDialog
from tests.fixtures.window_turns import ask, loaded_window


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> Iterator[MainWindow]:
    with loaded_window(
        qtbot, data_dir() / "lokal.db", tmp_path / "settings.json", tiny_gguf, max_tokens=16
    ) as window:
        yield window


def test_an_answered_conversation_has_a_cache_that_goes_with_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    folder = CacheFolder(prompt_cache_dir())
    ask(qtbot, window, "keep this one " * 40)
    kept = window.conversation_id
    window.new_conversation()
    ask(qtbot, window, "confidential merger terms " * 40)
    gone = window.conversation_id
    assert kept is not None and gone is not None
    qtbot.waitUntil(lambda: bool(folder.files_of(kept) and folder.files_of(gone)), timeout=30_000)
    (cache_file,) = folder.files_of(gone)
    needle = cache_file.read_bytes()[2000:2400]  # tokens of the question, as stored

    window.delete_conversation(gone)
    window.undo_timer.timeout.emit()  # the undo time runs out
    qtbot.waitUntil(lambda: not folder.files_of(gone), timeout=10_000)
    assert folder.files_of(kept)
    for path in data_dir().rglob("*"):
        if path.is_file():
            assert needle not in path.read_bytes(), path


def test_the_budget_is_a_setting(qtbot: QtBot, window: MainWindow) -> None:
    assert window._options().prompt_cache_bytes == 2_000_000_000  # 2 GB by default
    dialog = SettingsDialog(window.settings, offline_now=False)
    qtbot.addWidget(dialog)
    assert dialog.prompt_cache.value() == 2000
    dialog.prompt_cache.setValue(500)
    window.apply_settings(dialog.values())
    assert window.settings.prompt_cache_mb == 500
    assert window._options().prompt_cache_bytes == 500_000_000
    dialog.prompt_cache.setValue(0)
    assert dialog.prompt_cache.text() == dialog.tr("Off")
    window.apply_settings(dialog.values())
    assert window._options().prompt_cache_bytes == 0
