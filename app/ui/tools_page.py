"""Settings → Tools: the MCP servers of mcp.json, their state and tools, and importing a file;
and the folder of extra packages the python tool may import.

Starting a server can take seconds, so it happens on a worker thread; its
result comes back through a signal received on the GUI thread. Every change
(a server or a tool switched off, "never ask") is saved to mcp.json at once.
"""

from __future__ import annotations

import threading
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core.sentence import message_of
from app.core.tools import ServerState, ServerStatus, ToolHost
from app.core.tools.config import ConfigError, import_config
from app.ui.button_descriptions import describe_standard_buttons
from app.ui.text import fill, translated


class _Started(QObject):
    done = Signal(str)  # the server's name


class ToolsPage(QDialog):
    def __init__(self, host: ToolHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setWindowTitle(self.tr("Tools"))
        self.setMinimumSize(640, 480)
        self._started = _Started(self)
        self._started.done.connect(self._server_started)
        self._busy: set[str] = set()
        self._stopping: set[str] = set()  # servers being stopped off the GUI thread
        self.servers = QListWidget()
        self.servers.setAccessibleName(self.tr("Tool servers"))
        self.servers.setAccessibleDescription(
            self.tr("Choose a server to see its state and its tools below")
        )
        self.servers.currentRowChanged.connect(self._show_server)
        self.enabled = QCheckBox(self.tr("Use this server"))
        self.enabled.setToolTip(self.tr("Starts the server and offers its tools to the model"))
        self.enabled.toggled.connect(self._set_enabled)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.stderr = QPlainTextEdit()
        self.stderr.setReadOnly(True)
        self.stderr.setAccessibleName(self.tr("What the server wrote to its error output"))
        self.stderr.setAccessibleDescription(self.tr("Tells why a server did not start"))
        self.stderr.setMaximumHeight(100)
        self.tools = QTreeWidget()
        self.tools.setHeaderLabels([self.tr("Tool"), self.tr("On"), self.tr("Never ask")])
        self.tools.setAccessibleName(self.tr("Tools of this server"))
        self.tools.setAccessibleDescription(
            self.tr("Tick the tools the model may use, and those it may use without asking")
        )
        self.tools.itemChanged.connect(self._tool_changed)
        self.start = QPushButton(self.tr("&Start or restart"))
        self.start.setToolTip(
            self.tr("Starts the chosen server, or restarts it with its current settings")
        )
        self.start.clicked.connect(self._restart)
        self.import_button = QPushButton(self.tr("&Import another app's configuration…"))
        self.import_button.setToolTip(
            self.tr("Adds the tool servers of another app's configuration file (JSON)")
        )
        self.import_button.clicked.connect(self._import)
        self.note = QLabel(
            self.tr("Tool servers run programs on this computer. Add only servers you trust.")
        )
        self.note.setWordWrap(True)
        packages = self._packages_row()
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        describe_standard_buttons(close)
        close.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.start)
        row.addWidget(self.import_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.note, self.servers, self.enabled, self.state, self.stderr, self.tools):
            layout.addWidget(widget)
        layout.addLayout(row)
        layout.addWidget(self.python_heading)
        layout.addWidget(self.packages_label)
        layout.addLayout(packages)
        layout.addWidget(self.packages_note)
        layout.addWidget(close)
        self._filling = False
        self.refresh()

    def _packages_row(self) -> QHBoxLayout:
        """The python tool's extra packages: a folder it may import from, never write to."""
        self.packages = QLineEdit(self.host.config.python_packages or "")
        self.packages.setReadOnly(True)
        self.packages.setToolTip(self.host.config.python_packages or "")
        self.packages.setPlaceholderText(self.tr("None: the standard library only"))
        self.packages.setAccessibleName(self.tr("Extra packages folder for the Python tool"))
        self.browse_packages = QPushButton(self.tr("&Browse…"))
        self.browse_packages.setToolTip(
            self.tr("Choose a folder of Python packages the Python tool may import")
        )
        self.browse_packages.clicked.connect(self._browse_packages)
        self.clear_packages = QPushButton(self.tr("&No extra packages"))
        self.clear_packages.setToolTip(self.tr("The Python tool imports the standard library only"))
        self.clear_packages.clicked.connect(lambda: self.set_packages_folder(None))
        self.clear_packages.setEnabled(self.host.config.python_packages is not None)
        self.python_heading = QLabel(self.tr("Python tool"))
        bold = self.python_heading.font()
        bold.setBold(True)
        self.python_heading.setFont(bold)
        label = QLabel(self.tr("E&xtra packages folder:"))
        label.setBuddy(self.packages)
        self.packages_note = QLabel(
            self.tr(
                "The Python tool may import the packages in this folder (pure Python, for "
                "example installed with pip install --target). It cannot change them."
            )
        )
        self.packages_note.setWordWrap(True)
        self.packages_label = label
        row = QHBoxLayout()
        row.addWidget(self.packages, 1)
        row.addWidget(self.browse_packages)
        row.addWidget(self.clear_packages)
        return row

    def _browse_packages(self) -> None:
        start = self.host.config.python_packages or str(Path.home())
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Extra packages for the Python tool"), start
        )
        if folder:
            self.set_packages_folder(Path(folder))

    def set_packages_folder(self, folder: Path | None) -> None:
        """Saved at once; the next turn's python tool uses it."""
        value = str(folder) if folder is not None else None
        self.host.set_config(self.host.config.with_python_packages(value), restart=False)
        self.packages.setText(value or "")
        self.packages.setToolTip(value or "")
        self.clear_packages.setEnabled(value is not None)

    # --- drawing ---------------------------------------------------------------------

    def refresh(self) -> None:
        current = self._current_name()
        self.servers.clear()
        for status in self.host.statuses():
            item = QListWidgetItem(self._summary(status))
            item.setData(Qt.ItemDataRole.UserRole, status.name)
            self.servers.addItem(item)
            if status.name == current:
                self.servers.setCurrentItem(item)
        if self.servers.currentRow() < 0 and self.servers.count():
            self.servers.setCurrentRow(0)
        self._show_server(self.servers.currentRow())

    def _summary(self, status: ServerStatus) -> str:
        if status.name in self._stopping:
            state = self.tr("stopping")
        elif status.name in self._busy:
            state = self.tr("starting")
        elif not status.enabled:
            state = self.tr("off")
        elif status.state is ServerState.READY:
            state = fill(self.tr("ready with %1 tools"), str(len(status.tools)))
        elif status.state is ServerState.FAILED:
            state = fill(self.tr("failed: %1"), status.reason or "?")
        else:
            state = self.tr("not started (starts when a conversation needs it)")
        return f"{status.name} ({status.transport}): {state}"

    def _current_name(self) -> str | None:
        item = self.servers.currentItem()
        return None if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def _show_server(self, _row: int) -> None:
        name = self._current_name()
        self._filling = True
        try:
            self.tools.clear()
            has = name is not None
            for widget in (self.enabled, self.start, self.tools):
                widget.setEnabled(has)
            if name is None:
                self.state.clear()
                self.stderr.clear()
                return
            status = self.host.status(name)
            self.enabled.setChecked(status.enabled)
            self.state.setText(self._summary(status))
            self.stderr.setPlainText(status.stderr_tail)
            self.stderr.setVisible(bool(status.stderr_tail))
            for tool in status.tools:
                item = QTreeWidgetItem([tool.name, "", ""])
                item.setData(0, Qt.ItemDataRole.UserRole, tool.name)
                item.setToolTip(0, tool.description)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                on, never = Qt.CheckState.Checked, Qt.CheckState.Unchecked
                item.setCheckState(1, on if tool.enabled else Qt.CheckState.Unchecked)
                item.setCheckState(2, Qt.CheckState.Checked if tool.never_ask else never)
                self.tools.addTopLevelItem(item)
            # A tool's name is what a person looks for: never cut to "get_curre…".
            self.tools.resizeColumnToContents(0)
        finally:
            self._filling = False

    # --- changes ---------------------------------------------------------------------

    def _set_enabled(self, on: bool) -> None:
        name = self._current_name()
        config = self.host.config.get(name) if name else None
        if self._filling or config is None or config.enabled == on:
            return
        # The switch is saved at once; stopping a running server can take seconds (its
        # process is asked to end, then waited for), so that happens off the GUI thread.
        self.host.set_config(
            self.host.config.with_server(replace(config, enabled=on)), restart=False
        )
        if not on and name is not None and name not in self._stopping:
            self._stopping.add(name)
            done = self._started.done

            def stop() -> None:
                self.host.stop_server(name)
                done.emit(name)  # received on the GUI thread (queued)

            threading.Thread(target=stop, name=f"tools-stop-{name}", daemon=True).start()
        self.refresh()

    def _tool_changed(self, item: QTreeWidgetItem, column: int) -> None:
        name = self._current_name()
        config = self.host.config.get(name) if name else None
        if self._filling or config is None or column not in (1, 2):
            return
        tool = str(item.data(0, Qt.ItemDataRole.UserRole))
        checked = item.checkState(column) == Qt.CheckState.Checked
        if column == 1:
            off = set(config.disabled_tools)
            off.discard(tool) if checked else off.add(tool)
            config = replace(config, disabled_tools=frozenset(off))
        else:
            never = set(config.never_ask)
            never.add(tool) if checked else never.discard(tool)
            config = replace(config, never_ask=frozenset(never))
        self.host.set_config(self.host.config.with_server(config), restart=False)

    def _restart(self) -> None:
        name = self._current_name()
        if name is None or name in self._busy:
            return
        self._busy.add(name)
        self.refresh()
        done = self._started.done

        def start() -> None:
            self.host.restart(name)
            done.emit(name)  # received on the GUI thread (queued)

        threading.Thread(target=start, name=f"tools-start-{name}", daemon=True).start()

    @Slot(str)
    def _server_started(self, name: str) -> None:
        self._busy.discard(name)
        self._stopping.discard(name)
        self.refresh()

    def _import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Import tool servers"), str(Path.home()), self.tr("JSON files (*.json)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> list[str]:
        try:
            merged, added = import_config(self.host.config, path)
        except ConfigError as exc:
            self.state.setText(translated(message_of(exc)))
            return []
        self.host.set_config(merged)
        self.refresh()
        self.state.setText(
            fill(self.tr("Imported: %1"), ", ".join(added) or self.tr("nothing new"))
        )
        return added
