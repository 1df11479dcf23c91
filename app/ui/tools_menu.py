"""The composer's Tools button: which tools this conversation lets the model use.

Off by default for every conversation; the choice is remembered per
conversation while the window is open (a new conversation starts with none).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.core.tools import ToolHost
from app.ui.text import fill


class ToolsButton(QToolButton):
    changed = Signal()

    def __init__(self, host: ToolHost | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self._chosen: dict[int | None, set[str]] = {}
        self._conversation: int | None = None
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.menu_.aboutToShow.connect(self._fill)
        self.retranslate()

    def retranslate(self) -> None:
        count = len(self.selected())
        self.setText(fill(self.tr("Tools: %1"), str(count)) if count else self.tr("Tools"))
        self.setAccessibleName(self.tr("Choose the tools the model may use in this conversation"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_conversation(self, conversation_id: int | None) -> None:
        if conversation_id is not None and self._conversation is None and None in self._chosen:
            # A new conversation got its id: it keeps what was chosen before it had one.
            self._chosen[conversation_id] = self._chosen.pop(None)
        self._conversation = conversation_id
        self.retranslate()

    def selected(self) -> tuple[str, ...]:
        return tuple(sorted(self._chosen.get(self._conversation, set())))

    def _fill(self) -> None:
        self.menu_.clear()
        chosen = self._chosen.get(self._conversation, set())
        entries = [
            ("browser", self.tr("Browse the attached documents")),
            ("python", self.tr("Run Python code (no network)")),
        ]
        if self.host is not None:
            entries += [
                (s.name, fill(self.tr("Tool server “%1”"), s.name))
                for s in self.host.config.servers
                if s.enabled
            ]
        for name, label in entries:
            action = QAction(label, self.menu_)
            action.setCheckable(True)
            action.setChecked(name in chosen)
            action.toggled.connect(lambda on, n=name: self._toggle(n, on))
            self.menu_.addAction(action)

    def _toggle(self, name: str, on: bool) -> None:
        chosen = self._chosen.setdefault(self._conversation, set())
        if on:
            chosen.add(name)
        else:
            chosen.discard(name)
        self.retranslate()
        self.changed.emit()
