"""A preset's JSON Schema on the tiny model: the engine's grammar makes the answer valid
JSON of that schema, and the window shows it as a table or a code block."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from PySide6.QtGui import QTextTable
from pytestqt.qtbot import QtBot

from app.core.chat.controller import Phase
from app.core.chat.turn_job import Question, TurnOptions
from app.core.engine.service import EngineService
from app.core.paths import data_dir
from app.core.presets import FILE_NAME, Preset, save_presets
from app.ui.main_window import MainWindow
from tests.fixtures.controller_driver import WAIT, ControllerDriver, loaded_service
from tests.fixtures.window_turns import show_with_model

# Flat rows: shown as a table.
ROWS = {
    "type": "object",
    "properties": {
        "rows": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "maxLength": 6},
                    "count": {"type": "integer", "enum": [1, 2, 3, 5, 8]},
                },
                "required": ["name", "count"],
                "additionalProperties": False,
            },
            "minItems": 1,
            "maxItems": 3,
        }
    },
    "required": ["rows"],
    "additionalProperties": False,
}
# Nested: shown as a code block.
NESTED = {
    "type": "object",
    "properties": {
        "verdict": {"enum": ["yes", "no"]},
        "pages": {
            "type": "array",
            "items": {"enum": [1, 57, 123, 300]},
            "minItems": 1,
            "maxItems": 3,
        },
        "source": {
            "type": "object",
            "properties": {"file": {"enum": ["a.pdf", "b.pdf"]}},
            "required": ["file"],
            "additionalProperties": False,
        },
    },
    "required": ["verdict", "pages", "source"],
    "additionalProperties": False,
}
# The random weights never reach the final channel by themselves. This grammar only leads
# them there (one word of reasoning, then the final channel's header) and would let the
# answer be any text: the JSON comes from the engine's schema grammar alone.
TO_THE_FINAL_CHANNEL = (
    'root ::= <|channel|> "analysis" <|message|> [a-z]{1,8} <|end|>'
    ' <|start|> "assistant" <|channel|> "final" <|message|> text\n'
    "text ::= [a-z ]{0,400}\n"
)


@pytest.fixture(scope="module")
def service(tiny_gguf: Path) -> Iterator[EngineService]:
    with loaded_service(tiny_gguf) as engine:
        yield engine


def answer_under(service: EngineService, database: Path, preset: Preset, text: str) -> str:
    driver = ControllerDriver(service, database, host=None)
    options = TurnOptions(temperature=1.0, extra={"completion_grammar": TO_THE_FINAL_CHANNEL})
    question = Question(None, text, None, text, preset.apply(options))
    assert driver.controller.ask(question)
    driver.until(lambda: not driver.controller.busy)
    state = driver.controller.state
    assert state.phase is Phase.DONE, state.error
    return state.final


@pytest.mark.parametrize("schema", [ROWS, NESTED], ids=["rows", "nested"])
def test_the_answer_under_a_preset_validates_against_its_schema(
    service: EngineService, tmp_path: Path, schema: dict[str, Any]
) -> None:
    preset = Preset("Schema", answer_schema=schema)
    for text in ("Extract it", "Tabulate the pages", "What is in the file?"):
        final = answer_under(service, tmp_path / "lokal.db", preset, text)
        jsonschema.validate(json.loads(final), schema)  # every random answer is valid
    # Without the preset the same grammar lets the model write plain words, not JSON.
    plain = answer_under(service, tmp_path / "lokal.db", Preset("None"), "Extract it")
    with pytest.raises(ValueError):
        json.loads(plain)


def window_with_presets(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> MainWindow:
    save_presets(
        data_dir() / FILE_NAME,
        [Preset("Rows", answer_schema=ROWS), Preset("Nested", answer_schema=NESTED)],
    )
    window = MainWindow(
        tmp_path / "lokal.db", tmp_path / "settings.json",
        turn_extra={"completion_grammar": TO_THE_FINAL_CHANNEL},
    )  # fmt: skip
    show_with_model(qtbot, window, tiny_gguf)
    return window


def choose_preset(window: MainWindow, name: str) -> None:
    window.tools_button.menu_.aboutToShow.emit()
    (presets,) = [a.menu() for a in window.tools_button.menu_.actions() if a.menu()]
    (action,) = [a for a in presets.actions() if a.text() == name]
    action.trigger()
    assert window.tools_button.preset() is not None


def ask(qtbot: QtBot, window: MainWindow, text: str) -> str:
    window.composer.setPlainText(text)
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=int(WAIT * 1000))
    assert window.controller.state.phase is Phase.DONE, window.controller.state.error
    return window.controller.state.final


def test_a_schema_answer_shows_as_a_table_or_a_code_block_and_again_when_reopened(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    window = window_with_presets(qtbot, tmp_path, tiny_gguf)
    try:
        choose_preset(window, "Rows")
        rows = json.loads(ask(qtbot, window, "Tabulate it"))["rows"]
        bubble = window.chat.bubbles[-1]
        assert bubble.answer.markdown().startswith("| name | count |\n|---|---|\n")
        assert not bubble.answer.code_blocks()
        (view,) = bubble.answer.prose_views()
        (table,) = view.document().rootFrame().childFrames()
        assert isinstance(table, QTextTable)  # header and a row per object
        assert (table.rows(), table.columns()) == (len(rows) + 1, 2)
        rows_conversation = window.conversation_id

        window.new_conversation()
        choose_preset(window, "Nested")
        nested = json.loads(ask(qtbot, window, "Give details"))
        bubble = window.chat.bubbles[-1]
        (code,) = bubble.answer.code_blocks()
        assert json.loads(code.editor.toPlainText()) == nested

        assert rows_conversation is not None
        window.open_conversation(rows_conversation)  # the stored answer, shown again
        assert window.chat.bubbles[-1].answer.markdown().startswith("| name | count |")
    finally:
        window.close()
