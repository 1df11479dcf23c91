"""The composer's Tools button: which tools this conversation lets the model use.

Off by default for every conversation; the choice is remembered per
conversation while the window is open (a new conversation starts with none).
The tools a conversation always allows (stored with it) are listed at the end,
each with a way to be asked again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QToolButton, QWidget

from app.core.presets import Preset
from app.core.tools import ToolHost
from app.ui.icons import icon
from app.ui.text import fill


class ToolsButton(QToolButton):
    changed = Signal()
    preset_chosen = Signal(object)  # the preset's name, or None

    def __init__(
        self,
        host: ToolHost | None,
        presets: Sequence[Preset] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.host = host
        self.presets = list(presets)
        self._preset: dict[int | None, str | None] = {}
        self._chosen: dict[int | None, set[str]] = {}
        self._conversation: int | None = None
        # The conversation's "always allow" keys ("server/tool"), read as the menu opens.
        self._read_allowed: Callable[[int], frozenset[str]] | None = None
        self._forget_allowed: Callable[[int, str], None] | None = None
        self.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.setIcon(icon("tools"))
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setAutoRaise(True)
        self.menu_ = QMenu(self)
        self.setMenu(self.menu_)
        self.menu_.aboutToShow.connect(self._fill)
        self.retranslate()

    def retranslate(self) -> None:
        count = len(self.selected())
        text = fill(self.tr("Tools: %1"), str(count)) if count else self.tr("Tools")
        preset = self.preset()
        self.setText(f"{text} · {preset.name}" if preset else text)
        self.setAccessibleName(self.tr("Choose the tools the model may use in this conversation"))
        self.setToolTip(
            self.tr("Tools let the model run code or look things up; it uses only those ticked")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_conversation(self, conversation_id: int | None) -> None:
        if conversation_id is not None and self._conversation is None:
            # A new conversation got its id: it keeps what was chosen before it had one
            # (its tools, its preset, each whether or not the other was chosen).
            if None in self._chosen:
                self._chosen[conversation_id] = self._chosen.pop(None)
            if None in self._preset:
                self._preset[conversation_id] = self._preset.pop(None)
        self._conversation = conversation_id
        self.retranslate()

    def use_permissions(
        self, read: Callable[[int], frozenset[str]], forget: Callable[[int, str], None]
    ) -> None:
        """Where the conversation's "always allow" choices are read and given up."""
        self._read_allowed, self._forget_allowed = read, forget

    def always_allowed(self) -> frozenset[str]:
        if self._read_allowed is None or self._conversation is None:
            return frozenset()
        return self._read_allowed(self._conversation)

    def preset(self) -> Preset | None:
        name = self._preset.get(self._conversation)
        return next((p for p in self.presets if p.name == name), None)

    def set_preset(self, conversation_id: int | None, name: str | None) -> None:
        """The stored choice of a conversation being opened."""
        self._preset[conversation_id] = name
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
        if self.presets:
            presets = self.menu_.addMenu(self.tr("Preset"))
            current = self._preset.get(self._conversation)
            for preset_name, label in [
                (None, self.tr("None")),
                *((p.name, p.name) for p in self.presets),
            ]:
                action = QAction(label, presets)
                action.setCheckable(True)
                action.setChecked(preset_name == current)
                action.triggered.connect(lambda _=False, n=preset_name: self._choose(n))
                presets.addAction(action)
            self.menu_.addSeparator()
        for name, label in entries:
            action = QAction(label, self.menu_)
            action.setCheckable(True)
            action.setChecked(name in chosen)
            action.toggled.connect(lambda on, n=name: self._toggle(n, on))
            self.menu_.addAction(action)
        allowed = sorted(self.always_allowed())
        if allowed:
            self.menu_.addSeparator()
            heading = self.menu_.addAction(self.tr("Allowed without asking in this conversation:"))
            heading.setEnabled(False)
            for key in allowed:
                server, _, tool = key.partition("/")
                action = QAction(
                    fill(self.tr("Ask again before “%1 › %2”"), server, tool), self.menu_
                )
                action.triggered.connect(lambda _=False, k=key: self._forget(k))
                self.menu_.addAction(action)

    def _forget(self, key: str) -> None:
        if self._forget_allowed is not None and self._conversation is not None:
            self._forget_allowed(self._conversation, key)

    def _choose(self, name: str | None) -> None:
        self._preset[self._conversation] = name
        self.retranslate()
        self.preset_chosen.emit(name)
        self.changed.emit()

    def _toggle(self, name: str, on: bool) -> None:
        chosen = self._chosen.setdefault(self._conversation, set())
        if on:
            chosen.add(name)
        else:
            chosen.discard(name)
        self.retranslate()
        self.changed.emit()
