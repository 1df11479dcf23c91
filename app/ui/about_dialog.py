"""Help → About Lokal: the version, the engine's build, every licence, and the data folder.

The engine's build (llama.cpp's commit, llama-cpp-python's version, the CPU kernels in
use) is what the engine process reported (app/core/engine/protocol.py: SystemReport);
this process never imports llama_cpp. When nobody has asked the engine yet, the
downloads manager's one probe is asked, and the line fills in when it answers.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, QTimer, QUrl, Slot, qVersion
from PySide6.QtGui import QDesktopServices, QFont, QGuiApplication, QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.core import about
from app.core.engine.protocol import SystemReport
from app.core.paths import data_dir
from app.core.resources import app_icon_path
from app.ui.button_descriptions import describe_standard_buttons
from app.ui.download_worker import DownloadManager
from app.ui.text import fill, translated

# Longest licence text shown (pypdfium2 ships dozens of files for what it bundles).
MAX_TEXT_CHARS = 2_000_000


class AboutDialog(QDialog):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        downloads: DownloadManager | None = None,
        report: SystemReport | None = None,
        folder: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.downloads = downloads
        self.report = report if report is not None else getattr(downloads, "system_report", None)
        self.folder = folder if folder is not None else data_dir()
        self.libraries = about.library_components(about.runtime_distributions())
        self.components = about.fixed_components(self.report, qVersion()) + self.libraries
        self._build()
        self._show_engine()
        if self.report is None and downloads is not None:
            self._ask_engine(downloads)

    # --- layout -------------------------------------------------------------

    def _build(self) -> None:
        self.setWindowTitle(self.tr("About Lokal"))
        self.setMinimumSize(640, 560)

        icon = QLabel()
        icon.setPixmap(QIcon(str(app_icon_path())).pixmap(64, 64))
        icon.setAccessibleName(self.tr("Lokal's icon"))
        self.title = QLabel(fill(self.tr("Lokal %1"), about.lokal_version()))
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setAccessibleName(fill(self.tr("Lokal, version %1"), about.lokal_version()))
        summary = QLabel(
            self.tr(
                "Lokal runs OpenAI's open-weight gpt-oss models on this computer. "
                "Your conversations and documents never leave it."
            )
        )
        summary.setWordWrap(True)
        heading = QVBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(summary)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addLayout(heading, 1)

        self.engine_label = _selectable("")
        self.engine_label.setWordWrap(True)
        self.kernels_label = _selectable("")
        self.qt_label = _selectable(fill(self.tr("%1 (PySide6 %2)"), qVersion(), _pyside()))
        self.folder_label = _selectable(str(self.folder))
        self.folder_label.setWordWrap(True)
        self.open_button = QPushButton(self.tr("&Open"))
        self.open_button.setAccessibleName(self.tr("Open the data folder"))
        self.open_button.setToolTip(self.tr("Show the folder in the file manager"))
        self.open_button.clicked.connect(self.open_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.open_button)
        form = QFormLayout()
        form.addRow(self.tr("Engine"), self.engine_label)
        form.addRow(self.tr("CPU kernels"), self.kernels_label)
        form.addRow(self.tr("Qt"), self.qt_label)
        form.addRow(self.tr("Data folder"), folder_row)
        for label, name in (
            (self.engine_label, self.tr("The engine's llama.cpp build")),
            (self.kernels_label, self.tr("The CPU kernels the engine uses")),
            (self.qt_label, self.tr("The Qt version")),
            (self.folder_label, self.tr("The data folder")),
        ):
            label.setAccessibleName(name)

        licences = QLabel(
            fill(
                self.tr(
                    "Lokal is free software under the %1 licence. The gpt-oss model weights "
                    "are published by OpenAI under the Apache-2.0 licence. The parts below "
                    "keep their own licences, as their installed packages declare them."
                ),
                about.lokal_licence(),
            )
        )
        licences.setWordWrap(True)
        self.table = QTreeWidget()
        self.table.setRootIsDecorated(False)
        self.table.setAlternatingRowColors(True)
        self.table.setHeaderLabels([self.tr("Component"), self.tr("Version"), self.tr("Licence")])
        self.table.setAccessibleName(self.tr("Licences"))
        self.table.setAccessibleDescription(
            self.tr("Each part of Lokal with its version and licence")
        )
        header = self.table.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self._fill_table()
        self.table.currentItemChanged.connect(self._selection_changed)
        self.table.itemActivated.connect(lambda _item, _column: self.show_licence())
        self.licence_button = QPushButton(self.tr("Show &licence text"))
        self.licence_button.setAccessibleName(self.tr("Show the chosen part's licence text"))
        self.licence_button.setToolTip(self.tr("Opens the licence of the part chosen in the list"))
        self.licence_button.clicked.connect(self.show_licence)

        self.notice = QLabel()
        self.notice.setAccessibleName(self.tr("Notice"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = self.buttons.addButton(
            self.tr("&Copy details"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.copy_button.setAccessibleName(self.tr("Copy version details for a bug report"))
        self.copy_button.setToolTip(
            self.tr("Puts the versions of Lokal, llama.cpp and this system on the clipboard")
        )
        self.copy_button.clicked.connect(self.copy_details)
        close = self.buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        describe_standard_buttons(self.buttons)
        self.buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.licence_button)
        bottom.addWidget(self.notice, 1)
        bottom.addWidget(self.buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(form)
        layout.addWidget(licences)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.select_row(0)
        close.setFocus()

    def _fill_table(self) -> None:
        self.table.clear()
        for component in self.components:
            version = component.version or "—"
            item = QTreeWidgetItem(
                [translated(component.name), version, component.licence or self.tr("not stated")]
            )
            self.table.addTopLevelItem(item)

    # --- the engine's build --------------------------------------------------

    def _ask_engine(self, downloads: DownloadManager) -> None:
        probe = downloads.probe_system()
        probe.done.connect(self._engine_answered)
        # The probe may have answered the manager before this dialog listened.
        probe.finished.connect(self._read_known_report)
        if probe.isFinished():
            QTimer.singleShot(0, self._read_known_report)

    @Slot(object)
    def _engine_answered(self, report: SystemReport) -> None:
        self.set_report(report)

    @Slot()
    def _read_known_report(self) -> None:
        if self.report is None and self.downloads is not None:
            known = self.downloads.system_report
            if known is not None:
                self.set_report(known)

    def set_report(self, report: SystemReport) -> None:
        self.report = report
        self.components = about.fixed_components(report, qVersion()) + self.libraries
        current = self.current_row()
        self._fill_table()
        self.select_row(max(current, 0))
        self._show_engine()

    def _show_engine(self) -> None:
        report = self.report
        if report is None:
            self.engine_label.setText(self.tr("Asking the engine…"))
            self.kernels_label.setText("—")
            return
        if not report.llama_cpp_python_version:
            self.engine_label.setText(self.tr("The engine could not be started on this computer."))
            self.kernels_label.setText("—")
            return
        build = about.llama_cpp_version(report)
        if build:
            text = fill(
                self.tr("llama.cpp %1, llama-cpp-python %2"),
                build,
                report.llama_cpp_python_version,
            )
        else:
            text = fill(self.tr("llama-cpp-python %1"), report.llama_cpp_python_version)
        self.engine_label.setText(text)
        self.kernels_label.setText(self._kernels(report.cpu_variant))

    def _kernels(self, variant: str) -> str:
        if variant == "native build":
            return self.tr("built for the computer that compiled llama.cpp (native build)")
        if variant == "chosen at run time":
            return self.tr("portable build, variant chosen at run time")
        if variant:
            return fill(self.tr("portable build, %1 variant"), variant)
        return self.tr("not reported")

    # --- actions ------------------------------------------------------------

    def details(self) -> str:
        return about.details_text(self.report, self.folder, qVersion(), _pyside())

    def copy_details(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.details())
        self.notice.setText(self.tr("Copied."))

    def open_folder(self) -> None:
        # Lokal makes it on first use anyway; if it cannot, the sentence below says so.
        with contextlib.suppress(OSError):
            self.folder.mkdir(parents=True, exist_ok=True)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder))):
            self.notice.setText(self.tr("The folder could not be opened."))

    def current_row(self) -> int:
        # By index, not currentItem(): no None crosses the binding (see pyproject.toml).
        return self.table.currentIndex().row()

    def select_row(self, row: int) -> None:
        self.table.setCurrentIndex(self.table.model().index(row, 0))

    def _selection_changed(self) -> None:
        self.licence_button.setEnabled(bool(self._current_texts()))

    def _current_texts(self) -> tuple[Path, ...]:
        row = self.current_row()
        return self.components[row].texts() if 0 <= row < len(self.components) else ()

    def show_licence(self) -> LicenceText | None:
        row = self.current_row()
        texts = self._current_texts()
        if not texts:
            return None
        viewer = LicenceText(translated(self.components[row].name), texts, self)
        viewer.open()
        return viewer


class LicenceText(QDialog):
    """One component's licence texts, read-only."""

    def __init__(self, name: str, texts: tuple[Path, ...], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(fill(self.tr("Licence: %1"), name))
        self.resize(720, 600)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.view.setFont(QFont("monospace"))
        self.view.setAccessibleName(fill(self.tr("Licence text of %1"), name))
        self.view.setPlainText(self._read(texts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName(self.tr("Close"))
        describe_standard_buttons(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def _read(self, texts: tuple[Path, ...]) -> str:
        parts = []
        for path in texts:
            try:
                text = path.read_text(encoding="utf-8", errors="replace")
            except OSError:
                text = self.tr("This file could not be read.")
            parts.append(f"==> {path.name} <==\n\n{text}" if len(texts) > 1 else text)
        return "\n\n".join(parts)[:MAX_TEXT_CHARS]


def show_about(parent: QWidget, downloads: DownloadManager | None = None) -> AboutDialog:
    """Open the About box (not modal: the chat stays usable behind it)."""
    dialog = AboutDialog(parent, downloads=downloads)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def _selectable(text: str) -> QLabel:
    label = QLabel(text)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # copyable
    return label


def _pyside() -> str:
    return str(PySide6.__version__)
