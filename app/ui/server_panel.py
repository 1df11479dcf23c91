"""The window's Local server switch: the OpenAI-compatible server on the window's engine.

Off by default. On, it listens on 127.0.0.1 (the port from the settings),
shows the base URL and the key (with Copy), counts the requests served, and
tells when the engine is busy answering an API request. Everything here runs
on the GUI thread: the server's counters are read by a timer, never pushed
from the server's thread.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from app.core.engine.service import EngineService
from app.core.server.api_key import ApiKeyError, server_key
from app.core.server.embedded import EmbeddedServer
from app.ui.text import fill, translated

POLL_MS = 500


class ServerPanel(QDialog):
    """A small window of its own (Chat ▸ Local server…); the switch lives here."""

    switched = Signal(bool)  # the person turned it on or off (the window saves it)
    busy_changed = Signal(bool)  # an API request holds the engine, or no longer

    def __init__(
        self,
        service: EngineService,
        database: Path | str,
        port: Callable[[], int],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._database = Path(database) if str(database) != ":memory:" else None
        self._port = port
        self.server: EmbeddedServer | None = None
        self._busy = False
        self.switch = QCheckBox()
        self.switch.toggled.connect(self._toggled)
        self.url = QLineEdit()
        self.url.setReadOnly(True)
        self.key = QLineEdit()
        self.key.setReadOnly(True)
        self.copy_button = QPushButton()
        self.copy_button.clicked.connect(self.copy_key)
        self.served = QLabel()
        self.busy = QLabel()
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.url_label, self.key_label = QLabel(), QLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.switch)
        for label, field, button in (
            (self.url_label, self.url, None),
            (self.key_label, self.key, self.copy_button),
        ):
            row = QHBoxLayout()
            row.addWidget(label)
            row.addWidget(field, 1)
            if button is not None:
                row.addWidget(button)
            layout.addLayout(row)
        layout.addWidget(self.served)
        layout.addWidget(self.busy)
        layout.addWidget(self.problem)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.refresh)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Local server"))
        self.switch.setText(self.tr("Answer OpenAI-compatible API requests on this computer"))
        self.url_label.setText(self.tr("Base URL:"))
        self.key_label.setText(self.tr("Key:"))
        # Labels beside read-only fields are not their buddies: named for screen readers.
        self.url.setAccessibleName(self.tr("Base URL of the local server"))
        self.key.setAccessibleName(self.tr("Key for the local server"))
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy the key"))
        self.copy_button.setToolTip(
            self.tr("Puts the key on the clipboard, to paste into a program")
        )
        self.switch.setToolTip(
            self.tr("Programs on this computer can then use the loaded model, as with OpenAI's API")
        )
        self.url.setAccessibleDescription(self.tr("The address to give such programs"))
        self.key.setAccessibleDescription(self.tr("The key such programs send with each request"))
        self.busy.setText(self.tr("Busy answering an API request"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def running(self) -> bool:
        return self.server is not None

    def set_on(self, on: bool) -> None:
        """Switch the server as the settings say (without telling the window to save)."""
        self.switch.blockSignals(True)
        self.switch.setChecked(on)
        self.switch.blockSignals(False)
        self._apply(on)

    @Slot(bool)
    def _toggled(self, on: bool) -> None:
        self._apply(on)
        self.switched.emit(self.running)

    def _apply(self, on: bool) -> None:
        self.problem.clear()
        if on and self.server is None:
            self._start()
        elif not on and self.server is not None:
            self.stop()
        self.refresh()

    def _start(self) -> None:
        try:
            key = server_key()
        except ApiKeyError as exc:
            self._refuse(translated(exc.args[0]) if exc.args else str(exc))
            return
        server = EmbeddedServer(
            self._service, api_key=key, port=self._port(), database=self._database
        )
        try:
            server.start()
        except OSError as exc:
            self._refuse(
                fill(
                    self.tr("The server could not listen on port %1 (%2)."),
                    str(self._port()),
                    exc.strerror or type(exc).__name__,
                )
            )
            return
        self.server = server
        self.url.setText(server.base_url or "")
        self.key.setText(key)
        # The whole key on show, not its last part (it is copied and compared by eye).
        margin = 2 * self.key.style().pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth) + 12
        self.key.setMinimumWidth(self.key.fontMetrics().horizontalAdvance(key) + margin)
        self.timer.start()

    def _refuse(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.switch.blockSignals(True)
        self.switch.setChecked(False)
        self.switch.blockSignals(False)

    def stop(self) -> None:
        server, self.server = self.server, None
        if server is not None:
            server.stop()
        self.timer.stop()
        self.url.clear()
        self.key.clear()
        self._set_busy(False)
        self.refresh()

    @Slot()
    def copy_key(self) -> None:
        if self.key.text():
            QGuiApplication.clipboard().setText(self.key.text())

    @Slot()
    def refresh(self) -> None:
        served = self.server.stats.served if self.server is not None else 0
        self.served.setText(fill(self.tr("Requests served: %1"), str(served)))
        for widget in (self.url, self.key, self.copy_button, self.served):
            widget.setEnabled(self.server is not None)
        self._set_busy(self.server is not None and self._service.status.running == "request")

    def _set_busy(self, busy: bool) -> None:
        self.busy.setVisible(busy)
        if busy != self._busy:
            self._busy = busy
            self.busy_changed.emit(busy)
