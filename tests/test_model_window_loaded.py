"""The Models window says which model is loaded or loading, as the header's picker does, and
offers Load now only for the others. In the real window with the tiny model."""

from __future__ import annotations

import shutil
from pathlib import Path

from pytestqt.qtbot import QtBot

from app.core.models.installed import import_gguf
from app.ui.main_window import MainWindow
from app.ui.model_manager import ModelManagerDialog
from app.ui.model_row import ModelRow


def offers_load(row: ModelRow) -> bool:
    return row.button("load").isVisibleTo(row)


def loaded_words(row: ModelRow) -> str:
    return row.loaded.text() if row.loaded.isVisibleTo(row) else ""


def test_the_row_of_the_loaded_model_says_so_and_offers_no_load_now(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    other_file = tmp_path / "other" / "other-tiny.gguf"
    other_file.parent.mkdir()
    shutil.copy(tiny_gguf, other_file)
    first, other = import_gguf(tiny_gguf), import_gguf(other_file)
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    try:
        window.open_model_manager()
        dialog = window.findChild(ModelManagerDialog)
        assert dialog is not None
        rows = dialog.rows
        assert offers_load(rows[first.name]) and offers_load(rows[other.name])
        assert loaded_words(rows[first.name]) == loaded_words(rows[other.name]) == ""

        window.load_model(first.path)
        # The load is under way at once: the row says so and does not offer it again.
        assert loaded_words(rows[first.name]).startswith("Loading")
        assert not offers_load(rows[first.name]) and offers_load(rows[other.name])
        qtbot.waitUntil(lambda: window.models.state.ready, timeout=30_000)
        assert loaded_words(rows[first.name]) == "Loaded"
        assert not offers_load(rows[first.name])
        assert loaded_words(rows[other.name]) == "" and offers_load(rows[other.name])

        window.load_model(other.path)
        qtbot.waitUntil(
            lambda: window.models.state.ready and window.models.state.path == other.path,
            timeout=30_000,
        )
        assert loaded_words(rows[other.name]) == "Loaded" and not offers_load(rows[other.name])
        assert loaded_words(rows[first.name]) == "" and offers_load(rows[first.name])

        # A window opened while a model is loaded knows it from the start.
        dialog.close()
        window.open_model_manager()
        reopened = [d for d in window.findChildren(ModelManagerDialog) if d.isVisible()]
        assert len(reopened) == 1
        assert loaded_words(reopened[0].rows[other.name]) == "Loaded"
        assert offers_load(reopened[0].rows[first.name])
    finally:
        window.close()
