"""A screen reader finds a name and a description for every control in every window
(QAccessible tree). The description says what the control does or is for: one that only
repeats the name (a tooltip that is the button's text again) adds nothing and fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QAccessible, QAccessibleInterface
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.ui import chat_view
from app.ui.main_window import MainWindow
from tests.fixtures.window_turns import show_with_model
from tests.ui_tour import tour

Role = QAccessible.Role
#: Roles a person operates: each needs a name a screen reader can say.
INTERACTIVE = {
    Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText,
    Role.List, Role.Tree, Role.Table, Role.SpinBox, Role.Slider, Role.ButtonMenu,
    Role.ButtonDropDown, Role.PageTab, Role.ScrollBar,
}  # fmt: skip
#: Controls that also need a description (Qt's falls back to the tooltip): what happens.
DESCRIBED = {
    Role.PushButton, Role.CheckBox, Role.RadioButton, Role.ComboBox, Role.EditableText,
    Role.List, Role.Tree, Role.Table, Role.SpinBox, Role.Slider, Role.ButtonMenu,
    Role.ButtonDropDown,
}  # fmt: skip


def nameless(interface: QAccessibleInterface, where: str, found: list[str], depth: int = 0) -> None:
    """Each shown control under ``interface`` without a name, or without a description."""
    if not interface.isValid() or depth > 60:
        return
    state = interface.state()
    if state.invisible:
        return
    role = interface.role()
    if role in INTERACTIVE and role != Role.ScrollBar:
        name = interface.text(QAccessible.Text.Name).strip()
        widget = interface.object()
        what = f"{where}: {role.name} {type(widget).__name__} {widget.objectName()!r}"
        if not name:
            found.append(what)
        elif role in DESCRIBED:
            description = interface.text(QAccessible.Text.Description).strip()
            if not description or description == name:
                found.append(f"{what} {name!r}: no description")
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None:
            nameless(child, where, found, depth + 1)


#: Controls as widgets, for those a window keeps hidden until they are needed.
CONTROLS = (
    QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox, QComboBox,
    QLineEdit, QPlainTextEdit, QTextEdit,
)  # fmt: skip


def qt_own(widget: QWidget) -> bool:
    """Parts Qt builds into its widgets (a field's clear button, a combo box's popup)."""
    parent = widget.parentWidget()
    container = parent.metaObject().className() if parent is not None else ""
    return (
        widget.objectName().startswith("qt_")
        or isinstance(widget, QScrollBar)
        or isinstance(parent, QLineEdit | QComboBox)
        or container == "QComboBoxPrivateContainer"
    )


def undescribed_hidden(top: QWidget, where: str) -> list[str]:
    """Controls ``top`` keeps hidden until needed (Undo, Show all, a welcome's buttons):
    each needs its description before it shows, as the walk cannot see them now."""
    found = []
    for widget in top.findChildren(QWidget):
        if not isinstance(widget, CONTROLS) or widget.isVisibleTo(top) or qt_own(widget):
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or interface.role() not in DESCRIBED:
            continue  # read-only text is StaticText, as when shown
        name = interface.text(QAccessible.Text.Name).strip()
        description = interface.text(QAccessible.Text.Description).strip()
        if not description or description == name:
            kind = f"{type(widget).__name__} {widget.objectName()!r} {name!r}"
            found.append(f"{where}: hidden {kind} in {type(widget.parentWidget()).__name__}")
    return found


def nameless_in(top: QWidget, where: str) -> list[str]:
    found: list[str] = []
    interface = QAccessible.queryAccessibleInterface(top)
    assert interface is not None
    nameless(interface, where, found)
    return found


def test_every_control_of_every_window_has_an_accessible_name_and_description(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json",
                        turn_extra={"max_tokens": 8})  # fmt: skip
    show_with_model(qtbot, window, tiny_gguf)
    window.composer.setPlainText("a question")
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.generating, timeout=60_000)
    found: list[str] = []
    seen: set[str] = set()

    def check(name: str, top: QWidget) -> None:
        seen.add(name)
        found.extend(nameless_in(top, name))
        found.extend(undescribed_hidden(top, name))

    try:
        tour(qtbot, window, check)
    finally:
        window.close()
    assert {"main window", "open_model_manager", "open_settings"} <= seen
    assert sorted(set(found)) == [], "\n".join(sorted(set(found)))


def test_a_nameless_button_is_found(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    QPushButton(holder)  # an icon-only button nobody named
    named = QPushButton("Send", holder)
    named.move(0, 40)
    holder.show()
    assert len(nameless_in(holder, "test")) == 2  # and "Send" says nothing more than its name


def test_a_control_whose_description_repeats_its_name_is_found(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    repeated = QPushButton("Attach files", holder)
    repeated.setToolTip("Attach files")  # the tooltip is the description: nothing added
    described = QPushButton("Send", holder)
    described.setToolTip("Sends the message to the model")
    described.move(0, 40)
    field = QLineEdit(holder)
    field.setAccessibleName("Message")
    field.setAccessibleDescription("Your message: Enter sends it")
    field.move(0, 80)
    holder.show()
    assert nameless_in(holder, "test") == [
        "test: Button QPushButton '' 'Attach files': no description"
    ]


def test_each_message_is_named_and_a_complete_answer_is_announced_once(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr(chat_view, "announce_answer", lambda widget, text: said.append(text))
    bubble = chat_view.MessageBubble("assistant", 3)
    qtbot.addWidget(bubble)
    bubble.streaming = True
    for final in ("The", "The lighthouse", "The lighthouse stands on the rock."):
        bubble.set_text("", final)
    assert said == []  # not token by token
    bubble.end_streaming()
    bubble.end_streaming()
    assert said == ["The lighthouse stands on the rock."]
    assert bubble.accessibleName() == "Assistant: The lighthouse stands on the rock."
    question = chat_view.MessageBubble("user", 2)
    qtbot.addWidget(question)
    question.set_text("", "How tall is it?")
    assert question.accessibleName() == "You: How tall is it?"
    assert bubble.accessibleDescription() == "The lighthouse stands on the rock."
    interface = QAccessible.queryAccessibleInterface(bubble)
    assert interface is not None and interface.role() == QAccessible.Role.Section
    assert interface.text(QAccessible.Text.Name) == bubble.accessibleName()


def test_a_hidden_control_without_a_description_is_found(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    undo = QPushButton("Undo", holder)
    undo.hide()  # shown only after a deletion: the walk over shown controls misses it
    retry = QPushButton("Retry", holder)
    retry.setToolTip("Asks the model for this answer once more")
    retry.hide()
    field = QLineEdit(holder)
    field.setAccessibleName("Search")
    field.setAccessibleDescription("Finds conversations")
    field.setClearButtonEnabled(True)  # Qt's own clear button, hidden while empty
    holder.show()
    assert nameless_in(holder, "test") == []
    assert undescribed_hidden(holder, "test") == ["test: hidden QPushButton '' 'Undo' in QWidget"]
