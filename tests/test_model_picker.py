"""The header's model picker in the real window with the tiny model: what it shows, what it
lists (installed, opened files, servers' models), and choosing by keyboard alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from app.core.connections.store import Connection, add_connection
from app.core.engine import model_setup
from app.core.models.installed import import_gguf
from app.core.models.known import known_models
from app.ui.main_window import MainWindow
from app.ui.model_manager import ModelManagerDialog
from app.ui.model_picker import DETAIL, KIND, SUMMARY, TARGET, ModelPicker


def new_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    return window


def ready(picker: ModelPicker) -> bool:
    return picker.models.state.phase == "ready"


def entries_of(picker: ModelPicker) -> list[tuple[str, str]]:
    """(kind, label) of each line of the open list."""
    items = [picker.popup.list.item(i) for i in range(picker.popup.list.count())]
    return [(str(i.data(KIND)), i.text()) for i in items]


def press(qtbot: QtBot, widget: object, key: Qt.Key) -> None:
    qtbot.keyClick(widget, key)  # type: ignore[arg-type]


def test_an_opened_file_shows_in_the_button_the_list_and_the_models_window(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mine = tmp_path / "mine" / "my-model.gguf"
    mine.parent.mkdir()
    shutil.copy(tiny_gguf, mine)
    window = new_window(qtbot, tmp_path)
    picker = window.model_picker
    try:
        assert picker.button.text() == "Choose a model"
        assert picker.button.accessibleName() == "Model: No model loaded"
        monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a: (str(mine), ""))
        picker.open_popup()
        assert entries_of(picker)[-2:] == [
            ("action", "Open a GGUF file…"),
            ("action", "Manage models…"),
        ]
        press(qtbot, picker.popup.list, Qt.Key.Key_Up)
        press(qtbot, picker.popup.list, Qt.Key.Key_Up)  # from "Open a GGUF file…" up: stays there
        assert picker.popup.list.currentItem().data(TARGET) == "open"
        press(qtbot, picker.popup.list, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: ready(picker), timeout=30_000)
        assert picker.button.text() == "my-model.gguf · Ready"
        assert picker.button.accessibleName() == "Model: my-model.gguf, Ready"
        assert picker.button.toolTip() == picker.button.accessibleDescription() != ""
        # Remembered: in the list of known models, the picker and the Models window.
        assert [(k.source, k.path) for k in known_models()] == [("file", mine.resolve())]
        picker.open_popup()
        assert ("header", "Recently opened") in entries_of(picker)
        assert ("local", "my-model.gguf") in entries_of(picker)
        current = picker.popup.list.currentItem()
        assert current.data(TARGET) == mine.resolve()  # the list opens on the model in use
        assert "Ready" in current.data(Qt.ItemDataRole.AccessibleTextRole)
        press(qtbot, picker.popup.list, Qt.Key.Key_Escape)
        assert not picker.popup.isVisible()
        dialog = ModelManagerDialog(window.downloads, window)
        qtbot.addWidget(dialog)
        assert str(mine.resolve()) in dialog.rows
    finally:
        window.close()


def test_choosing_an_installed_model_by_keyboard_loads_it(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    model = import_gguf(tiny_gguf)
    window = new_window(qtbot, tmp_path)
    picker = window.model_picker
    try:
        picker.button.setFocus()
        press(qtbot, picker.button, Qt.Key.Key_Space)
        qtbot.waitUntil(picker.popup.isVisible)
        assert entries_of(picker)[:2] == [("header", "On this computer"), ("local", model.label)]
        item = picker.popup.list.currentItem()
        assert item.data(TARGET) == model.path
        assert "Fits" in item.data(Qt.ItemDataRole.AccessibleTextRole)  # the plan's line
        assert picker.popup.detail.text()  # and its full explanation beside the list
        press(qtbot, picker.popup.list, Qt.Key.Key_Return)
        assert not picker.popup.isVisible()
        qtbot.waitUntil(lambda: ready(picker), timeout=30_000)
        assert picker.button.text() == f"{model.label} · Ready"
        assert known_models()[0].source == "import" and len(known_models()) == 1
    finally:
        window.close()


def test_a_servers_model_is_listed_and_chosen_for_the_conversation(
    qtbot: QtBot, tmp_path: Path
) -> None:
    add_connection(Connection("team", "http://127.0.0.1:9/v1", models=("gpt-oss-120b",)))
    window = new_window(qtbot, tmp_path)
    picker = window.model_picker
    try:
        picker.open_popup()
        assert ("header", "On servers") in entries_of(picker)
        row = [t for _k, t in entries_of(picker)].index("gpt-oss-120b")
        picker.popup.list.setCurrentRow(row)
        press(qtbot, picker.popup.list, Qt.Key.Key_Return)
        assert window.server_picker.source() == "team:gpt-oss-120b"
        assert window.server_picker.target() is not None and window.can_answer
        assert picker.button.text() == "gpt-oss-120b · on team"
        assert "team" in picker.button.accessibleDescription()
    finally:
        window.close()


def test_the_list_shows_the_verdict_and_memory_taken_now_only_adds_a_note(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = import_gguf(tiny_gguf)
    window = new_window(qtbot, tmp_path)
    picker = window.model_picker
    gib = 1 << 30
    summaries = []
    try:
        for free in (20 * gib, gib // 2):  # then another program takes nearly all of it
            monkeypatch.setattr(model_setup, "memory_status", lambda f=free: (23 * gib, f))
            picker.open_popup()
            item = picker.popup.list.currentItem()
            assert item.data(TARGET) == model.path
            summaries.append(item.data(SUMMARY))
            details = item.data(DETAIL)
            press(qtbot, picker.popup.list, Qt.Key.Key_Escape)
        assert summaries == [
            "Fits (processor only)",
            "Fits (processor only) · close other programs first",
        ]
        assert "close other programs first" in details
    finally:
        window.close()
