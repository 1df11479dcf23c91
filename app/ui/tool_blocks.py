"""Tool calls in the chat: the approval card, and a collapsible block per finished call.

Both are plain widgets inside the answer's bubble, between its reasoning and
its answer. The card takes the keyboard focus when it appears (Allow once is
the default button; Alt+A, Alt+W and Alt+D choose), and every part has an
accessible name, so a screen reader says which server and tool want to run
with which arguments before anything runs.
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.turn import Decision, ToolStep
from app.ui.locale_format import decimal
from app.ui.text import fill


@dataclass(frozen=True)
class ToolView:
    """What a block shows, from a live step or a stored tool message."""

    server: str
    tool: str
    arguments: str
    result: str
    state: str
    duration_s: float
    approved_by: str

    @staticmethod
    def of_step(step: ToolStep) -> ToolView:
        call = step.call
        arguments = call.pretty_arguments() if call else step.arguments
        return ToolView(
            call.server if call else "", call.tool if call else step.recipient, arguments,
            step.result, step.state, step.duration_s, step.approved_by,
        )  # fmt: skip

    @staticmethod
    def of_meta(meta: dict[str, Any], result: str) -> ToolView:
        arguments = str(meta.get("arguments", ""))
        with contextlib.suppress(ValueError):
            arguments = json.dumps(json.loads(arguments), indent=2, ensure_ascii=False)
        duration = meta.get("duration_s")
        return ToolView(
            str(meta.get("server", "")), str(meta.get("tool", "")), arguments, result,
            str(meta.get("state", "done")),
            float(duration) if isinstance(duration, int | float) else 0.0,
            str(meta.get("approved_by", "")),
        )  # fmt: skip


class FittedText(QPlainTextEdit):
    """Read-only text as tall as its lines (wrapped at the width it has), at most
    MAX_HEIGHT: three lines of arguments need no box with room for fifteen."""

    MAX_HEIGHT = 220

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit()

    def fit(self) -> None:
        # The plain text layout measures its document in lines, wrapped ones counted.
        lines = max(1.0, self.document().documentLayout().documentSize().height())
        margins = self.contentsMargins()
        text = lines * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin()
        height = int(text) + margins.top() + margins.bottom() + 2 * self.frameWidth() + 4
        self.setFixedHeight(min(self.MAX_HEIGHT, height))


def _text_box(text: str, name: str, description: str) -> QPlainTextEdit:
    box = FittedText(text)
    box.setReadOnly(True)
    box.setAccessibleName(name)
    box.setAccessibleDescription(description)
    box.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByKeyboard
        | Qt.TextInteractionFlag.TextSelectableByMouse
    )
    box.fit()
    return box


class ApprovalCard(QFrame):
    """Allow once / Always allow in this conversation / Deny, for one pending call."""

    decided = Signal(object)  # a Decision

    def __init__(self, step: ToolStep, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("approvalCard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.call_message_id = step.call_message_id
        view = ToolView.of_step(step)
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setText(
            fill(
                self.tr("The model wants to run “%1” of the tool server “%2” with:"),
                view.tool,
                view.server,
            )
        )
        self.arguments = _text_box(
            view.arguments,
            self.tr("Arguments of the tool call"),
            self.tr("What the model asks the tool to do, as the tool receives it"),
        )
        buttons = QHBoxLayout()
        self.allow = QPushButton(self.tr("&Allow once"))
        self.always = QPushButton(self.tr("Always allo&w in this conversation"))
        self.deny = QPushButton(self.tr("&Deny"))
        self.allow.setDefault(True)
        self.allow.setToolTip(self.tr("Runs the tool this one time"))
        self.always.setToolTip(self.tr("Runs this tool without asking again in this conversation"))
        self.deny.setToolTip(self.tr("The tool does not run; the model is told so"))
        for button, decision in (
            (self.allow, Decision.ALLOW_ONCE),
            (self.always, Decision.ALWAYS),
            (self.deny, Decision.DENY),
        ):
            button.clicked.connect(lambda _=False, d=decision: self._decide(d))
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addWidget(self.heading)
        layout.addWidget(self.arguments)
        layout.addLayout(buttons)
        self.setAccessibleName(self.tr("A tool call waits for your approval"))
        self.setAccessibleDescription(self.heading.text() + "\n" + view.arguments)

    def _decide(self, decision: Decision) -> None:
        for button in (self.allow, self.always, self.deny):
            button.setEnabled(False)
        self.decided.emit(decision)


class ToolBlock(QFrame):
    """One call: a header (tool, state, time, approved by) that opens to arguments and result."""

    def __init__(self, view: ToolView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("toolBlock")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setToolTip(self.tr("Shows or hides the call's arguments and result"))
        self.body = QWidget()
        inner = QVBoxLayout(self.body)
        inner.setContentsMargins(16, 0, 0, 0)
        self.arguments = _text_box(
            view.arguments,
            self.tr("Arguments of the tool call"),
            self.tr("What the model asks the tool to do, as the tool receives it"),
        )
        self.result = _text_box(
            view.result,
            self.tr("Result of the tool call"),
            self.tr("What the tool gave back to the model"),
        )
        inner.addWidget(self.arguments)
        inner.addWidget(self.result)
        layout.addWidget(self.toggle)
        layout.addWidget(self.body)
        self.body.hide()
        self.toggle.toggled.connect(self._open)
        self.update_view(view)

    def update_view(self, view: ToolView) -> None:
        states = {
            "waiting": self.tr("waiting for approval"), "running": self.tr("running"),
            "done": self.tr("done"), "failed": self.tr("failed"),
            "declined": self.tr("declined"), "stopped": self.tr("stopped"),
        }  # fmt: skip
        parts = [f"{view.server} › {view.tool}" if view.server else view.tool]
        parts.append(states.get(view.state, view.state))
        if view.duration_s:
            parts.append(fill(self.tr("%1 s"), decimal(view.duration_s, 2)))
        if view.approved_by:
            parts.append(fill(self.tr("approved by %1"), view.approved_by))
        self.toggle.setText(" · ".join(parts))
        self.toggle.setAccessibleName(fill(self.tr("Tool call: %1"), self.toggle.text()))
        self.arguments.setPlainText(view.arguments)
        self.result.setPlainText(view.result)

    def _open(self, shown: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.body.setVisible(shown)
