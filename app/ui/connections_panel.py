"""The Models window's section for servers: add, remove and test connections.

A test reaches the network, so it runs on the thread pool; its sentence comes back
through a signal to a slot of this panel, on the GUI thread.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

from PySide6.QtCore import QEvent, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

from app.core.connections.probe import ProbeResult, probe
from app.core.connections.store import (
    Connection,
    ConnectionProblem,
    add_connection,
    find_connection,
    get_key,
    load_connections,
    remove_connection,
    set_key,
    update_connection,
)
from app.core.sentence import message_of
from app.ui.text import fill, translated


class _ProbeSignals(QObject):
    done = Signal(str, object)  # connection name, ProbeResult


class _ProbeTask(QRunnable):
    def __init__(self, connection: Connection, signals: _ProbeSignals) -> None:
        super().__init__()
        self.connection = connection
        self.signals = signals

    def run(self) -> None:
        target = self.connection.target("", get_key(self.connection.name))
        self.signals.done.emit(self.connection.name, probe(target))


class ConnectionsPanel(QGroupBox):
    changed = Signal()  # connections added, removed or tested (their models may differ)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._results: dict[str, str] = {}
        self.list = QListWidget()
        self.list.setMaximumHeight(110)
        self.name = QLineEdit()
        self.url = QLineEdit()
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_file = QLineEdit()
        self.ca_button = QPushButton()
        self.ca_button.clicked.connect(self._choose_ca)
        self.local = QCheckBox()
        self.add_button = QPushButton()
        self.add_button.clicked.connect(self.add)
        self.remove_button = QPushButton()
        self.remove_button.clicked.connect(self.remove)
        self.test_button = QPushButton()
        self.test_button.clicked.connect(self.test)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self._labels = [QLabel() for _ in range(4)]
        grid = QGridLayout(self)
        grid.addWidget(self.list, 0, 0, 1, 4)
        for row, (label, field) in enumerate(
            zip(self._labels, (self.name, self.url, self.key, self.ca_file), strict=True), 1
        ):
            label.setBuddy(field)
            grid.addWidget(label, row, 0)
            grid.addWidget(field, row, 1, 1, 2 if field is self.ca_file else 3)
        grid.addWidget(self.ca_button, 4, 3)
        grid.addWidget(self.local, 5, 0, 1, 4)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.test_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 6, 0, 1, 4)
        grid.addWidget(self.result, 7, 0, 1, 4)
        self.retranslate()
        self.refresh()

    def retranslate(self) -> None:
        self.setTitle(self.tr("Servers (a team's vLLM, llama-server, Ollama or Lokal)"))
        for label, text in zip(
            self._labels,
            (self.tr("&Name:"), self.tr("&Address:"), self.tr("API &key:"), self.tr("&CA file:")),
            strict=True,
        ):
            label.setText(text)
        self.url.setPlaceholderText("https://gpu-server:8000/v1")
        self.key.setPlaceholderText(self.tr("optional; kept in the keyring only"))
        self.ca_file.setPlaceholderText(self.tr("optional; for a server with its own certificate"))
        self.ca_button.setText(self.tr("Choose…"))
        self.local.setText(
            self.tr("On this network: offline mode may still send conversations to it")
        )
        self.add_button.setText(self.tr("Add server"))
        self.remove_button.setText(self.tr("Remove"))
        self.test_button.setText(self.tr("Test"))
        self.refresh()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def refresh(self) -> None:
        self.list.clear()
        for connection in load_connections():
            text = f"{connection.name} — {connection.base_url}"
            if connection.on_this_network:
                text += "  " + self.tr("(on this network)")
            if connection.name in self._results:
                text += "\n" + translated(self._results[connection.name])
            item = QListWidgetItem(text)
            item.setData(256, connection.name)
            self.list.addItem(item)

    def _selected(self) -> str | None:
        item = self.list.currentItem()
        return str(item.data(256)) if item is not None else None

    def _choose_ca(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("The server's CA certificate"), "", self.tr("Certificates (*.pem *.crt)")
        )
        if name:
            self.ca_file.setText(name)

    def add(self) -> None:
        host = (urlsplit(self.url.text().strip()).hostname or "").lower()
        connection = Connection(
            self.name.text().strip(),
            self.url.text(),
            self.ca_file.text().strip() or None,
            local_hosts=(host,) if self.local.isChecked() and host else (),
        )
        try:
            add_connection(connection)
            if self.key.text().strip():
                set_key(connection.name, self.key.text())
        except ConnectionProblem as exc:
            self.result.setText(translated(message_of(exc)))
            return
        finally:
            self.key.clear()  # never left in the widget
        self.result.setText(fill(self.tr("Added %1; testing it…"), connection.name))
        self.refresh()
        self.changed.emit()
        self._start_test(find_connection(connection.name))

    def remove(self) -> None:
        name = self._selected()
        if name is None:
            return
        try:
            remove_connection(name)
        except ConnectionProblem as exc:
            self.result.setText(translated(message_of(exc)))
            return
        self._results.pop(name, None)
        self.refresh()
        self.changed.emit()

    def test(self) -> None:
        name = self._selected()
        if name is None:
            return
        try:
            self._start_test(find_connection(name))
        except ConnectionProblem as exc:
            self.result.setText(translated(message_of(exc)))

    def _start_test(self, connection: Connection) -> None:
        self.result.setText(fill(self.tr("Testing %1…"), connection.name))
        # Unparented and held by the task: a window closed during a test outlives it safely
        # (the connection to this panel's slot goes with the panel).
        signals = _ProbeSignals()
        signals.done.connect(self._tested)
        QThreadPool.globalInstance().start(_ProbeTask(connection, signals))

    @Slot(str, object)
    def _tested(self, name: str, result: ProbeResult) -> None:
        self._results[name] = result.sentence
        self.result.setText(translated(result.sentence))
        if result.ok:
            try:
                found = dataclasses.replace(
                    find_connection(name), flavor=result.flavor, models=result.models
                )
            except ConnectionProblem:
                return  # removed while it was tested
            update_connection(found)
            self.changed.emit()
        self.refresh()
