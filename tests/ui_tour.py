"""Every window and dialog of Lokal opened in turn, for tests that look at all of them.

``tour`` shows the main window (with a conversation, an approval card and a
failed answer in it), its menus, then every window it opens: each zero-argument
``open_*`` method and ``about`` of the main window, and recursively of each window
so opened (Settings → Tools), plus the overflow question. A window that blocks
(``exec``) is visited while it is open. New windows and dialogs are found without
being named here, so they are walked as soon as the main window can open them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QStackedWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.core.chat.overflow import too_long_sentence
from app.core.chat.tool_set import ResolvedCall
from app.core.chat.turn import ToolStep
from app.core.engine.crash import describe_exit
from app.ui.chat_view import MessageBubble
from app.ui.overflow_dialog import ask_overflow_choice
from app.ui.text import translated
from app.ui.tool_blocks import ToolView

Visit = Callable[[str, QWidget], None]
#: Methods that would leave the app or need a person's file choice.
NOT_OPENERS = {
    "open_conversation",
    "open_folder",  # About's data folder: the file manager, not a window of ours
}


def shown_widgets(top: QWidget) -> Iterator[QWidget]:
    """``top`` and every widget in it that is shown."""
    yield top
    for widget in top.findChildren(QWidget):
        if widget.isVisibleTo(top) and not widget.window().isHidden():
            yield widget


def visible_texts(widget: QWidget) -> list[str]:
    """What a person (or a screen reader) gets from ``widget``: texts, tooltips, names."""
    texts = [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
    if widget.isWindow():
        texts.append(widget.windowTitle())
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    elif isinstance(widget, QLineEdit | QPlainTextEdit | QTextEdit):
        texts.append(widget.placeholderText())
    elif isinstance(widget, QComboBox):
        texts.extend(widget.itemText(n) for n in range(widget.count()))
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QTabWidget):
        texts.extend(widget.tabText(n) for n in range(widget.count()))
    elif isinstance(widget, QProgressBar) and widget.isTextVisible():
        texts.append(widget.text())
    elif isinstance(widget, QMenu):
        texts.append(widget.title())
    for action in widget.actions():
        texts.extend((action.text(), action.toolTip()))
    return [t for t in texts if t]


def _menus(window: QWidget) -> list[QMenu]:
    menus = window.findChildren(QMenu)
    for menu in menus:
        menu.aboutToShow.emit()  # menus filled when opened (Tools)
    return menus


def _openers(owner: QWidget) -> list[Callable[[], object]]:
    found = []
    for name in sorted(dir(type(owner))):
        if not (name.startswith("open_") or name == "about") or name in NOT_OPENERS:
            continue
        method = getattr(owner, name)
        # Lokal's own openers; Qt's (QMessageBox.about) are not windows of ours.
        if not callable(method) or not (getattr(method, "__module__", None) or "").startswith(
            "app."
        ):
            continue
        required = [
            p for p in inspect.signature(method).parameters.values()
            if p.default is inspect.Parameter.empty
            and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)
        ]  # fmt: skip
        if not required:
            found.append(method)
    return found


def _pages(top: QWidget, name: str, visit: Visit) -> None:
    """Every page of the tabs and stacks in ``top``, each shown once."""
    for stack in top.findChildren(QTabWidget) + top.findChildren(QStackedWidget):
        if not stack.isVisibleTo(top) or isinstance(stack.parent(), QTabWidget):
            continue
        current = stack.currentIndex()
        for index in range(stack.count()):
            stack.setCurrentIndex(index)
            visit(f"{name} page {index}", top)
        stack.setCurrentIndex(current)


def open_and_visit(qtbot: QtBot, name: str, opener: Callable[[], object], visit: Visit) -> None:
    """Call ``opener``; visit what it opened (a modal dialog while it is open), then close it."""
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}
    seen: set[int] = set()  # ids: a closed static dialog is deleted under its Python object
    done = [False]

    def visit_modal() -> None:
        if done[0]:
            return
        modal = QApplication.activeModalWidget()
        if modal is None or id(modal) in before or id(modal) in seen:
            QTimer.singleShot(20, visit_modal)  # exec() has not shown it yet
            return
        seen.add(id(modal))
        try:
            _visit_window(qtbot, name, modal, visit)
        finally:
            close_modal(modal)

    def close_modal(modal: QWidget) -> None:
        # Until exec() returns: a dialog shown by exec() but closed before its event loop
        # began would leave that loop running. done(), not close(): a static dialog
        # (QMessageBox.about) deletes itself on close while exec() still runs.
        if done[0]:
            return
        if isinstance(modal, QDialog):
            modal.done(QDialog.DialogCode.Rejected.value)
        else:
            modal.close()
        QTimer.singleShot(20, lambda: close_modal(modal))

    QTimer.singleShot(0, visit_modal)
    opener()
    done[0] = True
    for widget in QApplication.topLevelWidgets():
        if widget.isVisible() and id(widget) not in before and id(widget) not in seen:
            if isinstance(widget, QMenu):
                continue
            seen.add(id(widget))
            qtbot.waitExposed(widget)
            _visit_window(qtbot, name, widget, visit)
            widget.close()


def _visit_window(qtbot: QtBot, name: str, top: QWidget, visit: Visit) -> None:
    visit(name, top)
    _pages(top, name, visit)
    if isinstance(top, QDialog) or top.isWindow():
        for opener in _openers(top):
            open_and_visit(qtbot, f"{name} › {opener.__name__}", opener, visit)


def _approval_card(window: QWidget) -> QWidget:
    """A question waiting for the person's approval, as the chat shows it."""
    call = ResolvedCall("functions.time_now", "time", "now", '{"tz":"Europe/Berlin"}')
    step = ToolStep(call.recipient, call.arguments, call, "waiting", call_message_id=7)
    bubble = MessageBubble("assistant", 8)
    bubble.set_tools([ToolView.of_step(step)], step)
    bubble.set_text("", "```python\nprint(42)\n```")  # a code block, with its Copy button
    bubble.end_streaming()
    bubble.resize(window.width() // 2, 400)
    bubble.show()
    return bubble


def tour(qtbot: QtBot, window: QWidget, visit: Visit) -> None:
    """Visit ``window`` and every window and dialog it opens."""
    visit("main window", window)
    for menu in _menus(window):
        visit("menu " + menu.title(), menu)
    card = _approval_card(window)
    qtbot.addWidget(card)
    qtbot.waitExposed(card)
    visit("approval card", card)
    for bubble in window.findChildren(MessageBubble):
        bubble.show_error(describe_exit(-9))
    visit("failed answer", window)
    for opener in _openers(window):
        open_and_visit(qtbot, opener.__name__, opener, visit)
    sentence = translated(too_long_sentence(9000, 8192))
    open_and_visit(
        qtbot, "overflow question", lambda: ask_overflow_choice(window, sentence, True), visit
    )
