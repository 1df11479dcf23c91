"""Pseudo-localisation: every text 40 % longer and accented, and nothing is cut off.

German runs about a third longer than English; a translation built from the German
file's sources, each made longer and accented ("[Ŝéñð ~~~]"), shows where a label or a
button is too narrow for its text, in every window the tour opens (tests/ui_tour.py).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTranslator
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from app.core.resources import resource
from app.ui import appearance
from app.ui.main_window import MainWindow
from tests.ui_tour import shown_widgets, tour

ACCENTED = dict(zip("aceinorsuyACEINORSUY", "àçéîñøŕšüýÀÇÉÎÑØŔŠÜÝ", strict=True))
#: Placeholders, mnemonics, markup and entities stay as they are.
PROTECTED = re.compile(r"%\d|&&|&[a-zA-Z]+;|<[^>]*>|&")
GROWTH = 1.4
#: The size a person's window opens at on a small laptop screen.
WINDOW_SIZE = (960, 700)


def pseudo(text: str) -> str:
    parts, last = [], 0
    for match in PROTECTED.finditer(text):
        parts.append("".join(ACCENTED.get(c, c) for c in text[last : match.start()]))
        parts.append(match.group())
        last = match.end()
    parts.append("".join(ACCENTED.get(c, c) for c in text[last:]))
    padding = "~" * max(int(len(text) * (GROWTH - 1)) - 2, 1)
    return f"[{''.join(parts)} {padding}]"


def pseudo_qm(folder: Path) -> Path:
    tree = ET.parse(resource("translations", "lokal_de.ts"))
    for message in tree.getroot().iter("message"):
        translation = message.find("translation")
        assert translation is not None
        translation.text = pseudo(message.findtext("source") or "")
        translation.attrib.pop("type", None)
    ts = folder / "lokal_pseudo.ts"
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    qm = folder / "lokal_pseudo.qm"
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    subprocess.run([lrelease or "pyside6-lrelease", str(ts), "-qm", str(qm)], check=True,
                   capture_output=True)  # fmt: skip
    return qm


@pytest.fixture
def pseudo_language(qapp: QApplication, tmp_path: Path) -> Iterator[None]:
    appearance.apply_language(qapp, "en")
    translator = QTranslator(qapp)
    assert translator.load(str(pseudo_qm(tmp_path)))
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)


def plain(text: str) -> str:
    if "<" not in text:
        return text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    document = QTextDocument()
    document.setHtml(text)
    return document.toPlainText()


def cut_off(widget: QWidget) -> str | None:
    """Why ``widget``'s text does not fit it, or None."""
    if isinstance(widget, QLabel):
        if widget.wordWrap() or not widget.text() or widget.pixmap() is not None:
            return None
        lines = plain(widget.text()).splitlines() or [""]
        needed = max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
        available = widget.contentsRect().width() - 2 * widget.margin() - widget.indent()
    elif isinstance(widget, QAbstractButton):
        icon_only = (
            isinstance(widget, QToolButton)
            and widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
            and not widget.icon().isNull()
        )
        if not widget.text() or icon_only:  # an icon button's text is its tooltip
            return None
        needed, available = widget.sizeHint().width(), widget.width()
    else:
        return None
    if needed <= available:
        return None
    return f"{type(widget).__name__} {plain(widget.text())!r}: {needed} > {available} px"


def texts_cut_off(qtbot: QtBot, window: MainWindow) -> list[str]:
    found: list[str] = []

    def check(name: str, top: QWidget) -> None:
        for widget in shown_widgets(top):
            reason = cut_off(widget)
            if reason is not None:
                found.append(f"{name}: {reason}")

    tour(qtbot, window, check)
    return sorted(set(found))


@pytest.mark.usefixtures("pseudo_language")
def test_no_text_is_cut_off_in_a_longer_language(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json",
                        turn_extra={"max_tokens": 8})  # fmt: skip
    qtbot.addWidget(window)
    window.resize(*WINDOW_SIZE)
    window.show()
    window.load_model(tiny_gguf)
    qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
    window.composer.setPlainText("12 + 30 = ?")
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.generating, timeout=60_000)
    assert "~" in window.send_button.text()  # the pseudo translation is in use
    try:
        found = texts_cut_off(qtbot, window)
    finally:
        window.close()
    assert found == [], "\n".join(found)


def test_pseudo_text_is_longer_and_keeps_placeholders_and_mnemonics() -> None:
    text = pseudo("&Save %1 as <b>Markdown</b>")
    assert "%1" in text and "<b>" in text and "&Š" in text and len(text) >= 1.4 * 27
