"""The Models window's section for servers: add, remove and test connections.

A test reaches the network, so it runs on the thread pool; its sentence comes back
through a signal to a slot of this panel, on the GUI thread.
"""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QEvent, QObject, QRunnable, Qt, QThreadPool, Signal, Slot
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
    marked_hosts,
    normalise_url,
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
        # A test's result is a sentence: wrapped to the list's width, never cut off.
        self.list.setWordWrap(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.name = QLineEdit()
        self.url = QLineEdit()
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_file = QLineEdit()
        self.ca_button = QPushButton()
        self.ca_button.clicked.connect(self._choose_ca)
        self.local = QCheckBox()
        self.hosts = QLineEdit()
        self.hosts_label = QLabel()
        self.hosts_label.setBuddy(self.hosts)
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
        grid.addWidget(self.hosts_label, 6, 0)
        grid.addWidget(self.hosts, 6, 1, 1, 3)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.test_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid.addLayout(buttons, 7, 0, 1, 4)
        grid.addWidget(self.result, 8, 0, 1, 4)
        # A chosen server's settings fill the form: changed and saved, they replace it.
        self.list.currentItemChanged.connect(self._fill)
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
        self.hosts_label.setText(self.tr("Also allowed &offline:"))
        self.hosts.setPlaceholderText(
            self.tr("other names or addresses of the server, or its proxy; separated by commas")
        )
        self.hosts.setToolTip(
            self.tr(
                "In offline mode Lokal reaches only the hosts named here and the server's own "
                "address, and only when it is marked as on this network; a redirect to any "
                "other host is refused."
            )
        )
        self.add_button.setText(self.tr("Add or save server"))
        self.remove_button.setText(self.tr("Remove"))
        self.test_button.setText(self.tr("Test"))
        self.list.setAccessibleDescription(
            self.tr("Choose a server to fill the form below with its settings")
        )
        self.name.setToolTip(self.tr("How the server is called in Lokal's list of models"))
        self.ca_button.setToolTip(
            self.tr("Choose the certificate authority file that signed the server's certificate")
        )
        self.local.setToolTip(
            self.tr("Marks the server as part of this network, so that offline mode reaches it")
        )
        self.add_button.setToolTip(
            self.tr("Saves the form as a new server, or as the settings of the server of that name")
        )
        self.remove_button.setToolTip(self.tr("Forgets the chosen server and its key"))
        self.test_button.setToolTip(
            self.tr("Connects to the chosen server and shows which models it offers")
        )
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
            if connection.extra_hosts:
                text += "  " + fill(
                    self.tr("(offline also: %1)"), ", ".join(connection.extra_hosts)
                )
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

    @Slot(QListWidgetItem, QListWidgetItem)
    def _fill(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        if current is None:
            return
        try:
            connection = find_connection(str(current.data(256)))
        except ConnectionProblem:
            return
        self.name.setText(connection.name)
        self.url.setText(connection.base_url)
        self.ca_file.setText(connection.ca_file or "")
        self.local.setChecked(connection.on_this_network)
        self.hosts.setText(", ".join(connection.extra_hosts))
        self.key.clear()  # an empty field keeps the stored key

    def add(self) -> None:
        name = self.name.text().strip()
        try:
            hosts = marked_hosts(self.url.text(), self.local.isChecked(), [self.hosts.text()])
            connection = Connection(
                name, self.url.text(), self.ca_file.text().strip() or None, local_hosts=hosts
            )
            earlier = next((c for c in load_connections() if c.name == name), None)
            if earlier is not None and earlier.base_url == normalise_url(connection.base_url):
                # The same server: what its last test found still holds.
                connection = dataclasses.replace(
                    connection, flavor=earlier.flavor, models=earlier.models
                )
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
