"""The window with tools: the model's (forced) call shows an approval card; Deny and Stop work."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.chat.controller import Phase
from app.core.grammar import forced_harmony_grammar, forced_tool_call_grammar
from app.core.paths import data_dir
from app.core.tools import ServerConfig, ToolsConfig
from app.core.tools.config import FILE_NAME, save_config
from app.ui.main_window import MainWindow
from tests.fixtures.window_turns import show_with_model

SERVER = Path(__file__).parent / "tool_servers" / "misbehaving.py"
TURN_MS = 60_000


# Tools that take no arguments: only "{}" fits, so the random model writes it at once
# (an open object schema lets it write keys for thousands of tokens).
NO_ARGUMENTS = {"type": "object", "properties": {}, "additionalProperties": False}


def window_calling(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, recipient: str, schema: dict[str, object]
) -> MainWindow:
    config = ToolsConfig((ServerConfig("bad", command=sys.executable, args=(str(SERVER),)),))
    save_config(data_dir() / FILE_NAME, config)
    grammars = (
        forced_tool_call_grammar(recipient, schema),
        forced_harmony_grammar(analysis_words=2, final_words=2),
    )
    window = MainWindow(
        tmp_path / "lokal.db", tmp_path / "settings.json",
        turn_extra={"completion_grammar": grammars},
    )  # fmt: skip
    show_with_model(qtbot, window, tiny_gguf)
    _choose_bad(window)
    assert window.tools_button.selected() == ("bad",)
    return window


@pytest.fixture
def echo_window(qtbot: QtBot, tmp_path: Path, tiny_gguf: Path) -> Iterator[MainWindow]:
    schema = {"type": "object", "properties": {"text": {"enum": ["hi"]}}, "required": ["text"]}
    window = window_calling(qtbot, tmp_path, tiny_gguf, "functions.bad_echo", schema)
    yield window
    window.close()


def test_the_card_appears_in_the_answer_and_deny_reaches_the_model(
    qtbot: QtBot, echo_window: MainWindow
) -> None:
    window = echo_window
    window.composer.setPlainText("say hi")
    window.composer.submit()
    qtbot.waitUntil(lambda: window.chat.bubbles[-1].card is not None, timeout=TURN_MS)
    card = window.chat.bubbles[-1].card
    assert card is not None
    assert "“echo”" in card.heading.text() and '"text": "hi"' in card.arguments.toPlainText()
    assert window.controller.state.phase is Phase.AWAITING_APPROVAL
    card.deny.click()
    qtbot.waitUntil(lambda: not window.controller.busy, timeout=TURN_MS)
    bubble = window.chat.bubbles[-1]
    assert bubble.card is None
    (block,) = bubble.tool_blocks
    assert "declined" in block.toggle.text()
    assert block.result.toPlainText() == "The user declined"
    assert window.controller.state.phase is Phase.DONE


def test_stop_while_a_tool_hangs_ends_the_turn_at_once(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    window = window_calling(qtbot, tmp_path, tiny_gguf, "functions.bad_hang", NO_ARGUMENTS)
    try:
        window.composer.setPlainText("hang")
        window.composer.submit()
        qtbot.waitUntil(lambda: window.chat.bubbles[-1].card is not None, timeout=TURN_MS)
        card = window.chat.bubbles[-1].card
        assert card is not None
        card.allow.click()
        qtbot.waitUntil(
            lambda: window.controller.state.phase is Phase.RUNNING_TOOL, timeout=TURN_MS
        )
        pressed = time.monotonic()
        window.stop_button.click()
        qtbot.waitUntil(lambda: not window.controller.busy, timeout=TURN_MS)
        print(
            f"window: Stop during a hanging tool took {(time.monotonic() - pressed) * 1000:.0f} ms"
        )
        assert window.controller.state.phase is Phase.CANCELLED
        assert window.send_button.isVisible()
    finally:
        window.close()


def _choose_bad(window: MainWindow) -> None:
    window.tools_button.menu_.aboutToShow.emit()
    for action in window.tools_button.menu_.actions():
        if "“bad”" in action.text():
            action.setChecked(True)


def test_always_allow_holds_in_a_reopened_window_and_can_be_taken_back(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    schema = {"type": "object", "properties": {"text": {"enum": ["hi"]}}, "required": ["text"]}
    window = window_calling(qtbot, tmp_path, tiny_gguf, "functions.bad_echo", schema)
    try:
        window.composer.setPlainText("say hi")
        window.composer.submit()
        qtbot.waitUntil(lambda: window.chat.bubbles[-1].card is not None, timeout=TURN_MS)
        card = window.chat.bubbles[-1].card
        assert card is not None
        card.always.click()
        qtbot.waitUntil(lambda: not window.controller.busy, timeout=TURN_MS)
        conversation = window.conversation_id
        assert conversation is not None
    finally:
        window.close()
    grammars = window.turn_extra["completion_grammar"]
    again = MainWindow(
        tmp_path / "lokal.db", tmp_path / "settings.json",
        turn_extra={"completion_grammar": grammars},
    )  # fmt: skip
    qtbot.addWidget(again)
    again.show()
    try:
        again.load_model(tiny_gguf)
        qtbot.waitUntil(lambda: again.model_ready, timeout=30_000)
        again.open_conversation(conversation)
        _choose_bad(again)
        labels = [a.text() for a in again.tools_button.menu_.actions()]
        assert "Ask again before “bad › echo”" in labels
        cards: list[object] = []
        again.controller.subscribe(lambda state, _c: cards.append(state.pending_call))
        again.composer.setPlainText("say hi again")
        again.composer.submit()
        qtbot.waitUntil(lambda: not again.controller.busy, timeout=TURN_MS)
        assert again.controller.state.phase is Phase.DONE
        assert not any(cards), "a card was shown for a tool this conversation always allows"
        (block,) = again.chat.bubbles[-1].tool_blocks
        assert again.chat.bubbles[-1].card is None
        assert "approved by you, for this conversation" in block.toggle.text()
        # "Ask again" takes the choice back: the store no longer holds it.
        again.tools_button.menu_.aboutToShow.emit()
        (forget,) = [
            a for a in again.tools_button.menu_.actions() if a.text().startswith("Ask again")
        ]
        forget.trigger()
        assert again.store.always_allowed_tools(conversation) == frozenset()
    finally:
        again.close()
