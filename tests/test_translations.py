"""German is complete, compiled, and switches live; placeholders survive translation."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.resources import resource
from app.ui import appearance
from app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
TS = resource("translations", "lokal_de.ts")


def qt_tool(name: str) -> str:
    """A PySide6 tool beside the running interpreter: a virtual environment's scripts are
    there whether or not it is activated (on PATH)."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or name


def messages(ts: Path) -> list[ET.Element]:
    return list(ET.parse(ts).getroot().iter("message"))


def translated_sources() -> list[str]:
    """The window's modules, and core modules whose sentences it shows (app/core/sentence.py)."""
    window = (ROOT / "app" / "ui").glob("*.py")
    core = (
        p for p in (ROOT / "app" / "core").rglob("*.py") if "QT_TRANSLATE_NOOP(" in p.read_text()
    )
    return sorted(str(p) for p in (*window, *core) if p.name != "sentence.py")


def test_every_string_in_the_window_is_translated(tmp_path: Path) -> None:
    fresh = tmp_path / "lokal_de.ts"
    shutil.copy(TS, fresh)
    sources = translated_sources()
    subprocess.run(
        [qt_tool("pyside6-lupdate"), *sources, "-ts", str(fresh), "-no-obsolete"],
        check=True, capture_output=True,
    )  # fmt: skip
    unfinished = [
        m.findtext("source")
        for m in messages(fresh)
        if m.find("translation") is not None and m.find("translation").get("type")  # type: ignore[union-attr]
    ]
    assert unfinished == [], "translate these in resources/translations/lokal_de.ts"


def test_placeholders_survive_translation() -> None:
    for message in messages(TS):
        source, translation = message.findtext("source") or "", message.findtext("translation")
        assert sorted(re.findall(r"%\d", source)) == sorted(re.findall(r"%\d", translation or ""))


def test_the_compiled_file_matches_the_translations(tmp_path: Path) -> None:
    compiled = tmp_path / "lokal_de.qm"
    subprocess.run(
        [qt_tool("pyside6-lrelease"), str(TS), "-qm", str(compiled)],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == resource("translations", "lokal_de.qm").read_bytes(), (
        "run pyside6-lrelease (see resources/translations/README.md)"
    )


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    return window


def test_language_switches_while_the_window_is_open(qtbot: QtBot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        assert appearance.apply_language(app, "de") == "de"
        qtbot.waitUntil(lambda: window.file_menu.title() == "&Datei")
        assert window.send_button.text() == "Senden"
        assert window.model_bar.effort.currentText() == "Denken: mittel"
        assert window.welcome.heading.text() == "Willkommen bei Lokal"
    finally:
        appearance.apply_language(app, "en")
    qtbot.waitUntil(lambda: window.file_menu.title() == "&File")
    assert window.send_button.text() == "Send"
