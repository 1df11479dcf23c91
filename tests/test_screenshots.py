"""packaging/screenshots.py: the scripted answer comes out of a real engine run word for word,
and the captions say what was scripted and what was measured."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from pytestqt.qtbot import QtBot

from app.core.grammar import GrammarError
from app.ui.main_window import MainWindow

SCRIPT = Path(__file__).resolve().parent.parent / "packaging" / "screenshots.py"


@pytest.fixture(scope="module")
def shots() -> ModuleType:
    spec = importlib.util.spec_from_file_location("lokal_screenshots", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


def test_a_literal_keeps_quotes_backslashes_and_lines(shots: ModuleType) -> None:
    text = 'say "hi"\\n\nnext\tline: äöü €'
    assert shots.literal(text) == '"say \\"hi\\"\\\\n\\nnext\\tline: äöü €"'
    script = shots.Script("q", "why", text)
    assert shots.literal(text) in shots.scripted_grammar(script)


def test_the_tool_call_grammar_calls_the_tool_the_harmony_way(shots: ModuleType) -> None:
    grammar = shots.scripted_tool_call(shots.TOOL_QUESTION, shots.TIME_TOOL, shots.TIME_ARGUMENTS)
    assert '"commentary to=functions.time_get_current_time " <|constrain|> "json"' in grammar
    assert shots.literal(shots.TIME_ARGUMENTS) in grammar
    with pytest.raises(GrammarError):  # checked here, not first by llama.cpp (a crash)
        shots.scripted_tool_call(shots.TOOL_QUESTION, 'x" <|return|> "', "{}")


def test_the_window_writes_the_scripted_answer_through_the_engine(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, shots: ModuleType
) -> None:
    script = shots.MAIN["de"]  # German: multi-byte characters through byte tokens
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    try:
        window.load_model(tiny_gguf)
        qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
        window.turn_extra = shots.scripted_turn(script)
        window.send(script.question)
        qtbot.waitUntil(lambda: bool(shots._answers(tmp_path / "lokal.db")), timeout=120_000)
        qtbot.waitUntil(lambda: not window.generating, timeout=30_000)
    finally:
        window.close()
    (answer,) = shots._answers(tmp_path / "lokal.db")
    assert answer["text"] == script.answer
    stats = answer["stats"]
    assert stats["completion_tokens"] > 0 and stats["tokens_per_second"] > 0


def test_captions_name_every_picture_and_the_measured_numbers(
    shots: ModuleType, tmp_path: Path, tiny_gguf: Path
) -> None:
    stats = {"tokens_per_second": 123.45, "time_to_first_token_s": 0.5, "completion_tokens": 7}
    facts = [
        {
            "scene": "main-light-en",
            "files": ["main-light-en.png", "reasoning-light-en.png"],
            "stats": stats,
        },
        {"scene": "models-light-en", "files": ["models-light-en.png"]},
    ]
    text = shots.write_captions(tmp_path, tiny_gguf, True, facts).read_text(encoding="utf-8")
    assert "`main-light-en.png`" in text and "`models-light-en.png`" in text
    assert "123.5 tokens/s" in text and "first token after 0.50 s" in text
    assert "scripted" in text and "not gpt-oss-20b's" in text
    lines = text.splitlines()
    main = lines.index(next(line for line in lines if "`main-light-en.png`" in line))
    assert "123.5 tokens/s" in lines[main + 1]  # the numbers under the picture that shows them
    assert "`reasoning-light-en.png`" in lines[main + 2] and "same run" in lines[main + 2]
    assert set(shots.CAPTIONS) >= {"main-light-en.png", "main-dark-de.png", "models-light-en.png"}


def test_every_picture_a_scene_takes_has_a_caption(shots: ModuleType) -> None:
    assert set(shots.SCENE_FILES) == {scene.name for scene in shots.SCENES}
    taken = {name for names in shots.SCENE_FILES.values() for name in names}
    assert taken == set(shots.CAPTIONS)
    for scene in shots.SCENES:  # each picture is in its scene's theme and language
        for name in shots.SCENE_FILES[scene.name]:
            assert name.endswith(f"-{scene.theme}-{scene.language}.png")


def test_a_popup_is_drawn_into_the_picture_where_it_stands(qtbot: QtBot, shots: ModuleType) -> None:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QFrame, QWidget

    window = QWidget()
    qtbot.addWidget(window)
    window.resize(300, 200)
    window.show()
    qtbot.waitExposed(window)
    popup = QFrame(window, Qt.WindowType.Popup)
    palette = popup.palette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#ff0000"))
    popup.setPalette(palette)
    popup.setAutoFillBackground(True)
    popup.resize(40, 30)
    popup.move(window.mapToGlobal(QPoint(100, 50)))
    popup.show()
    qtbot.waitExposed(popup)
    image = shots.grab_with_popups(window, popup).toImage()
    assert image.pixelColor(120, 65) == QColor("#ff0000")  # inside the popup
    assert image.pixelColor(20, 20) != QColor("#ff0000")  # the window around it
    assert window.grab().toImage().pixelColor(120, 65) != QColor("#ff0000")  # left out alone
    popup.close()


def test_the_docs_show_only_pictures_the_script_takes(shots: ModuleType) -> None:
    import re

    root = SCRIPT.parent.parent
    for doc in (root / "README.md", root / "docs" / "design.md"):
        pictures = re.findall(r"\]\(([^)\s]+\.png)\)", doc.read_text(encoding="utf-8"))
        assert pictures, doc
        for picture in pictures:
            path = (doc.parent / picture).resolve()
            assert path.parent == root / "docs" / "screenshots", (doc.name, picture)
            assert path.name in shots.CAPTIONS and path.is_file(), (doc.name, picture)
