"""The model manager: the catalog and the models on this computer, whether each fits,
downloads with progress, import, delete, the default model, the token and offline mode.

Downloads belong to the DownloadManager the main window owns, so they go on while
this dialog is closed, and a reopened dialog shows them where they are.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import network_guard, settings
from app.core.engine.protocol import SystemReport
from app.core.models import token as tokens
from app.core.models.catalog import CatalogEntry, CatalogError, load_catalog
from app.core.models.download import Event, Failed, Installed, Progress, gigabytes
from app.core.models.fit import FitVerdict, verdict_for_entry, verdict_for_files
from app.core.models.installed import (
    InstalledModel,
    ModelError,
    delete_model,
    import_gguf,
    list_incomplete,
    list_installed,
)
from app.core.models.offline import set_offline_mode
from app.core.paths import models_dir
from app.ui.download_worker import DownloadManager
from app.ui.model_row import ModelRow, RowState, capability_text


class ModelManagerDialog(QDialog):
    default_model_changed = Signal(str)  # an installed model's name; "" when none is left
    offline_mode_changed = Signal(bool)

    def __init__(
        self,
        downloads: DownloadManager,
        parent: QWidget | None = None,
        *,
        report: SystemReport | None = None,
        settings_path: Path | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Models")
        self.resize(760, 640)
        self.downloads = downloads
        self.root = downloads.root or models_dir()
        self.settings_path = settings_path
        self.report = report or downloads.system_report
        self.rows: dict[str, ModelRow] = {}
        self.messages: dict[str, str] = {}
        self._build()
        downloads.progress.connect(self._on_progress)
        downloads.finished.connect(self._on_finished)
        downloads.models_changed.connect(self.refresh)
        self.refresh()
        if self.report is None:
            downloads.probe_system().done.connect(self._on_report)

    # --- layout -------------------------------------------------------------

    def _build(self) -> None:
        column = QVBoxLayout(self)
        intro = QLabel(
            f"Models are kept in {self.root}. Downloads are checked against the Hugging Face "
            "Hub's checksums and continue where they stopped."
        )
        intro.setWordWrap(True)
        intro.setStyleSheet("color: palette(placeholder-text);")
        column.addWidget(intro)
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list_widget)
        column.addWidget(scroll, 1)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        column.addWidget(self.notice)

        bottom = QHBoxLayout()
        self.import_button = QPushButton("Import GGUF file…")
        self.import_button.clicked.connect(self.choose_import)
        self.token_button = QPushButton("Hugging Face token…")
        self.token_button.clicked.connect(self.ask_token)
        self.offline_box = QCheckBox("Offline mode (no network connections at all)")
        self.offline_box.setChecked(network_guard.is_offline())
        self.offline_box.toggled.connect(self.set_offline)
        close = QPushButton("Close")
        close.clicked.connect(self.accept)
        for widget in (self.import_button, self.token_button, self.offline_box):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(close)
        column.addLayout(bottom)

    # --- state --------------------------------------------------------------

    def _settings(self) -> settings.Settings:
        return settings.load(self.settings_path)[0]

    def _states(self) -> list[RowState]:
        try:
            catalog = load_catalog()
        except CatalogError as exc:
            catalog = ()
            self.notice.setText(str(exc))
        installed = {m.name: m for m in list_installed(self.root)}
        incomplete = {d.name: d for d in list_incomplete(self.root)}
        default = self._settings().default_model
        states = []
        for entry in catalog:
            states.append(
                RowState(
                    entry.name,
                    entry.label,
                    entry.summary,
                    entry=entry,
                    installed=installed.pop(entry.name, None),
                    incomplete=incomplete.get(entry.name),
                )
            )
        for model in installed.values():
            states.append(RowState(model.name, model.label, "", installed=model))
        for state in states:
            state.downloading = self.downloads.is_active(state.name)
            state.progress = self.downloads.latest.get(state.name)
            state.is_default = default is not None and default in (
                state.name,
                str(state.installed.path) if state.installed else None,
            )
            state.message = self.messages.get(state.name, "")
            state.verdict = self._verdict(state)
        return states

    def _verdict(self, state: RowState) -> FitVerdict | None:
        if self.report is None:
            return None
        if state.installed is not None:
            return verdict_for_files(state.installed.files, self.report)
        assert state.entry is not None
        return verdict_for_entry(state.entry, self.report)

    def refresh(self) -> None:
        for row in self.rows.values():
            row.setParent(None)
            row.deleteLater()
        self.rows.clear()
        for state in self._states():
            row = ModelRow(state)
            row.action.connect(self._on_action)
            self.list_layout.addWidget(row)
            self.rows[state.name] = row

    def _on_report(self, report: SystemReport) -> None:
        self.report = report
        self.refresh()

    def _on_progress(self, name: str, progress: Progress) -> None:
        row = self.rows.get(name)
        if row is not None:
            row.state.downloading, row.state.progress = True, progress
            row.update_state(row.state)

    def _on_finished(self, name: str, event: Event) -> None:
        if isinstance(event, Failed):
            hint = " Press Resume to continue." if event.resumable else ""
            self.messages[name] = event.message + hint
        else:
            self.messages.pop(name, None)
        if isinstance(event, Installed):
            self.notice.setText(f"{event.installed.label} is installed.")
            if self._settings().default_model is None:
                self.make_default(event.installed.name)

    # --- actions ------------------------------------------------------------

    def _on_action(self, action: str, name: str) -> None:
        row = self.rows[name]
        state = row.state
        if action in ("download", "resume") and state.entry is not None:
            self.download(state.entry, state)
        elif action == "pause":
            self.downloads.pause(name)
        elif action == "cancel":
            self.cancel(state)
        elif action == "default":
            self.make_default(name)
        elif action == "folder" and state.installed is not None:
            model = state.installed
            folder = model.path.parent if model.source == "import" else model.folder
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
        elif action == "delete" and state.installed is not None:
            self.delete(state.installed)

    def download(self, entry: CatalogEntry, state: RowState) -> None:
        if network_guard.is_offline():
            answer = QMessageBox.question(
                self,
                "Offline mode is on",
                "Lokal is in offline mode, so it opens no network connections. "
                f"Turn offline mode off and download {entry.label}?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
            self.offline_box.setChecked(False)
        verdict = state.verdict
        if verdict is not None and verdict.fits is False:
            answer = QMessageBox.question(
                self,
                "It will not fit",
                f"{verdict.sentence}\n\nDownload {entry.label} anyway?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.messages.pop(entry.name, None)
        self.downloads.start(entry)
        self.refresh()

    def cancel(self, state: RowState) -> None:
        if self.downloads.is_active(state.name):
            self.downloads.cancel(state.name)
            return
        answer = QMessageBox.question(
            self,
            "Cancel the download",
            f"Delete what was downloaded of {state.label} so far?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._delete_quietly(state.name)

    def delete(self, model: InstalledModel) -> None:
        if model.source == "import":
            text = f"Remove {model.label} from Lokal? The file stays at {model.path}."
        else:
            text = f"Delete {model.label}? This frees {gigabytes(model.frees)}."
        answer = QMessageBox.question(self, "Delete model", text)
        if answer != QMessageBox.StandardButton.Yes:
            return
        freed = self._delete_quietly(model.name)
        if freed is not None:
            self.notice.setText(f"{model.label} is deleted; {gigabytes(freed)} freed.")
        default = self._settings().default_model
        if default in (model.name, str(model.path)):
            settings.update(self.settings_path, default_model=None)
            self.default_model_changed.emit("")

    def _delete_quietly(self, name: str) -> int | None:
        try:
            freed = delete_model(name, self.root)
        except (ModelError, OSError) as exc:
            QMessageBox.warning(self, "Delete model", str(exc))
            return None
        self.messages.pop(name, None)
        self.refresh()
        return freed

    def make_default(self, name: str) -> None:
        settings.update(self.settings_path, default_model=name)
        self.refresh()
        self.default_model_changed.emit(name)

    def choose_import(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Import a GGUF model", str(Path.home()), "GGUF models (*.gguf)"
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> InstalledModel | None:
        try:
            model = import_gguf(path, self.root)
        except ModelError as exc:
            QMessageBox.warning(self, "Import GGUF file", str(exc))
            return None
        self.notice.setText(f"Imported {model.label}: {capability_text(model)}.")
        self.refresh()
        return model

    def ask_token(self) -> None:
        value, ok = QInputDialog.getText(
            self,
            "Hugging Face token",
            "A token is needed only for gated or private models. It is kept in the "
            "system keyring, never in a file.",
            QLineEdit.EchoMode.Password,
        )
        if ok and value.strip():
            reason = tokens.set_token(value)
            self.notice.setText(reason or "The token is stored in the system keyring.")

    def set_offline(self, offline: bool) -> None:
        set_offline_mode(offline, self.settings_path)
        self.offline_mode_changed.emit(offline)

    def active_downloads(self) -> list[str]:
        return self.downloads.active_names()


__all__ = ["DownloadManager", "ModelManagerDialog"]
