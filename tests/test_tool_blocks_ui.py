"""The approval card and tool blocks in the chat: shown, keyboard-usable, screen-reader named."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.chat.tool_set import ResolvedCall
from app.core.chat.turn import Decision, ToolStep
from app.core.store import ChatStore
from app.ui.chat_view import ChatView, MessageBubble
from app.ui.tool_blocks import FittedText, ToolBlock, ToolView


def waiting_step() -> ToolStep:
    call = ResolvedCall("functions.time_now", "time", "now", '{"tz":"Europe/Berlin","n":[1,2]}')
    return ToolStep(call.recipient, call.arguments, call, "waiting", call_message_id=7)


def test_the_card_shows_server_tool_and_complete_arguments_and_takes_the_keyboard(
    qtbot: QtBot,
) -> None:
    bubble = MessageBubble("assistant", None)
    qtbot.addWidget(bubble)
    bubble.show()
    qtbot.waitExposed(bubble)
    card = bubble.set_tools([ToolView.of_step(waiting_step())], waiting_step())
    assert card is not None
    assert "“now”" in card.heading.text() and "“time”" in card.heading.text()
    assert (
        card.arguments.toPlainText()
        == '{\n  "tz": "Europe/Berlin",\n  "n": [\n    1,\n    2\n  ]\n}'
    )
    assert card.accessibleName() and "Europe/Berlin" in card.accessibleDescription()
    qtbot.waitUntil(lambda: card.allow.hasFocus())
    with qtbot.waitSignal(card.decided) as decided:
        qtbot.keyClick(card.deny, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    assert decided.args == [Decision.DENY]
    assert bubble.set_tools([ToolView.of_step(waiting_step())], waiting_step()) is None  # same card


def test_enter_allows_once_and_the_card_goes_when_the_call_runs(qtbot: QtBot) -> None:
    bubble = MessageBubble("assistant", None)
    qtbot.addWidget(bubble)
    bubble.show()
    card = bubble.set_tools([], waiting_step())
    assert card is not None
    qtbot.waitUntil(lambda: card.allow.hasFocus())
    with qtbot.waitSignal(card.decided) as decided:
        qtbot.keyClick(card.allow, Qt.Key.Key_Space)
    assert decided.args == [Decision.ALLOW_ONCE]
    running = ToolStep(
        "functions.time_now", "{}", waiting_step().call, "running", call_message_id=7
    )
    bubble.set_tools([ToolView.of_step(running)], None)
    assert bubble.card is None
    (block,) = bubble.tool_blocks
    assert "time › now" in block.toggle.text() and "running" in block.toggle.text()


def test_a_block_opens_to_arguments_and_result(qtbot: QtBot) -> None:
    view = ToolView("time", "now", '{"tz": "UTC"}', "12:00", "done", 0.25, "you")
    block = ToolBlock(view)
    qtbot.addWidget(block)
    block.show()
    assert not block.body.isVisible()
    assert block.toggle.text() == "time › now · done · 0.25 s · approved by you"
    block.toggle.click()
    assert block.body.isVisible() and block.result.toPlainText() == "12:00"
    assert block.toggle.accessibleName().startswith("Tool call:")


def test_stored_tool_results_show_as_blocks_in_the_thread(qtbot: QtBot) -> None:
    store = ChatStore(":memory:")
    chat = store.create_conversation().id
    question = store.add_user_message(chat, "time?")
    call = store.start_assistant_message(chat, question.id, "low", None, None)
    store.finish_assistant_message(call.id, "complete", analysis="ask", finish_reason="tool_call")
    meta = {
        "server": "time",
        "tool": "now",
        "arguments": "{}",
        "state": "done",
        "approved_by": "you",
    }
    store.add_tool_message(chat, call.id, "functions.time_now", "12:00", meta)
    view = ChatView()
    qtbot.addWidget(view)
    thread = store.thread(chat)
    view.show_thread(thread, {})
    tool_bubble = view.bubbles[-1]
    assert tool_bubble.role == "tool" and tool_bubble.title.text() == "Tool"
    (block,) = tool_bubble.tool_blocks
    assert block.result.toPlainText() == "12:00" and "approved by you" in block.toggle.text()


def test_the_tools_button_keeps_tools_and_preset_per_conversation(qtbot: QtBot) -> None:
    from app.core.presets import EXTRACT_AS_JSON
    from app.ui.tools_menu import ToolsButton

    button = ToolsButton(None, [EXTRACT_AS_JSON])
    qtbot.addWidget(button)
    button.menu_.aboutToShow.emit()
    actions = {a.text(): a for a in button.menu_.actions()}
    actions["Run Python code (no network)"].setChecked(True)
    assert button.selected() == ("python",)
    preset_menu = next(a.menu() for a in button.menu_.actions() if a.menu() is not None)
    with qtbot.waitSignal(button.preset_chosen) as chosen:
        next(a for a in preset_menu.actions() if a.text() == "Extract as JSON").trigger()
    assert chosen.args == ["Extract as JSON"]
    assert button.preset() == EXTRACT_AS_JSON and "Extract as JSON" in button.text()
    button.set_conversation(5)  # the new conversation got its id: it keeps the choice
    assert button.selected() == ("python",) and button.preset() == EXTRACT_AS_JSON
    button.set_conversation(6)
    assert button.selected() == () and button.preset() is None


def test_the_arguments_box_is_as_tall_as_its_lines_and_no_taller_than_its_limit(
    qtbot: QtBot,
) -> None:
    bubble = MessageBubble("assistant", None)
    qtbot.addWidget(bubble)
    bubble.resize(700, 400)
    bubble.show()
    qtbot.waitExposed(bubble)
    card = bubble.set_tools([], waiting_step())
    assert card is not None
    box = card.arguments
    needed = 7 * box.fontMetrics().lineSpacing()  # the pretty-printed arguments' lines
    bar = box.verticalScrollBar()
    # Room for every line (nothing to scroll), and no more.
    qtbot.waitUntil(lambda: needed <= box.height() <= needed + 30 and bar.maximum() == 0)
    long_box = FittedText("\n".join(f"line {n}" for n in range(200)))
    long_box.setParent(bubble)
    long_box.fit()
    assert long_box.height() == FittedText.MAX_HEIGHT
