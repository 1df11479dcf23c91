"""Which model answers: the one loaded on this computer, or a model on a connected server.

One list for both, chosen per conversation: opening a conversation chooses what
last answered it. The badge beside the list says who sees the conversation.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from app.core.connections.store import Connection, get_key, load_connections
from app.core.engine.remote.client import RemoteTarget, recorded_choice
from app.ui.icons import icon
from app.ui.text import fill

LOCAL = ""


class ServerPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = QComboBox()
        self.choice.currentIndexChanged.connect(self._changed)
        self.badge_icon = QLabel()
        self.badge = QLabel()
        self.badge.setObjectName("serverBadge")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.choice)
        layout.addWidget(self.badge_icon)
        layout.addWidget(self.badge)
        self._connections: dict[str, Connection] = {}
        self.reload()

    def reload(self) -> None:
        """Read the connections again (after the Models window changed them)."""
        current = self.source()
        self._connections = {c.name: c for c in load_connections()}
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItem(self.tr("This computer"), LOCAL)
        for connection in self._connections.values():
            for model in connection.models:
                self.choice.addItem(f"{connection.name}: {model}", f"{connection.name}:{model}")
        self.choice.blockSignals(False)
        self.choose(current)
        self.setVisible(bool(self._connections))
        self.retranslate()

    def retranslate(self) -> None:
        self.choice.setItemText(0, self.tr("This computer"))
        self.choice.setAccessibleName(self.tr("Which model answers"))
        self.choice.setToolTip(
            self.tr(
                "This computer's model or a server's; the badge beside it says who sees the chat"
            )
        )
        server = self.server()
        # An icon from the set, not an emoji (a box where no emoji font is installed).
        name = "lock" if server is None else "remote"
        self.badge_icon.setPixmap(icon(name).pixmap(QSize(16, 16), self.devicePixelRatioF()))
        if server is None:
            self.badge.setText(self.tr("stays on this computer"))
            self.badge.setToolTip(self.tr("No other computer sees this conversation."))
        else:
            self.badge.setText(fill(self.tr("%1 sees this conversation"), server))
            self.badge.setToolTip(
                fill(
                    self.tr(
                        "Questions, earlier answers and quoted documents of this conversation "
                        "are sent to %1."
                    ),
                    server,
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.LanguageChange, QEvent.Type.PaletteChange):
            self.retranslate()  # words in the language, the icon in the colours of now
        super().changeEvent(event)

    def source(self) -> str:
        """``CONNECTION:MODEL``, or "" for this computer."""
        return str(self.choice.currentData() or LOCAL)

    def server(self) -> str | None:
        source = self.source()
        return source.split(":", 1)[0] if source else None

    def choose(self, source: str | None) -> None:
        """Choose ``CONNECTION:MODEL`` (or this computer for None, "" or one not listed)."""
        index = self.choice.findData(source or LOCAL)
        self.choice.setCurrentIndex(max(index, 0))

    def choose_recorded(self, model_source: str | None) -> None:
        """Choose what an answer recorded as its model (``remote:CONNECTION:MODEL``)."""
        self.choose(recorded_choice(model_source))

    def target(self) -> RemoteTarget | None:
        source = self.source()
        if not source:
            return None
        name, model = source.split(":", 1)
        connection = self._connections.get(name)
        if connection is None:
            return None
        return connection.target(model, get_key(name))

    def _changed(self, _index: int) -> None:
        self.retranslate()
        self.changed.emit()
