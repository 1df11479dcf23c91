"""The model manager: the catalog and the models on this computer, whether each fits,
downloads with progress, import, delete, the default model, the token and offline mode.

Downloads belong to the DownloadManager the main window owns, so they go on while
this dialog is closed, and a reopened dialog shows them where they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.core import network_guard, settings
from app.core.chat.model_control import ModelController, ModelState
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
from app.core.models.known import forget_opened, known_models, opened_files
from app.core.models.offline import set_offline_mode
from app.core.paths import models_dir
from app.core.sentence import message_of
from app.ui.connections_panel import ConnectionsPanel
from app.ui.download_worker import DownloadManager
from app.ui.model_row import ModelRow, RowState, capability_text, verdict_text
from app.ui.plain_text import ask, warn
from app.ui.text import fill, translated

log = logging.getLogger("lokal.gui")


class ModelManagerDialog(QDialog):
    default_model_changed = Signal(str)  # an installed model's name; "" when none is left
    load_requested = Signal(object)  # the Path of a model to load now
    offline_mode_changed = Signal(bool)
    connections_changed = Signal()

    def __init__(
        self,
        downloads: DownloadManager,
        parent: QWidget | None = None,
        *,
        report: SystemReport | None = None,
        settings_path: Path | None = None,
        models: ModelController | None = None,
    ) -> None:
        """``models``, where given, is followed: the row of the model in use says so."""
        super().__init__(parent)
        # Tall enough for the catalog and the servers together, where the screen allows.
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry().height() - 60 if screen is not None else 640
        self.resize(800, max(640, min(880, room)))
        self.downloads = downloads
        self.root = downloads.root or models_dir()
        # The data folder of the list of opened files: the models folder's parent.
        self.data = self.root.parent
        self.settings_path = settings_path
        self.report = report or downloads.system_report
        self.rows: dict[str, ModelRow] = {}
        # Each model's last failure, as it came (a Sentence is translated when shown), and
        # whether Resume continues it.
        self.messages: dict[str, tuple[str, bool]] = {}
        # The notice is kept as a way to say it, so a language change says it again.
        self._notice_text: Callable[[], str] = str
        self.model_state = models.state if models is not None else ModelState()
        self._build()
        self.retranslate()
        downloads.progress.connect(self._on_progress)
        downloads.finished.connect(self._on_finished)
        downloads.models_changed.connect(self.refresh)
        self.refresh()
        if self.report is None:
            downloads.probe_system().done.connect(self._on_report)
        if models is not None:
            # The controller outlives this window: it stops calling it when the window goes.
            stop = models.subscribe(self._on_model)
            self.finished.connect(lambda _result: stop())
            self.destroyed.connect(lambda _object: stop())

    # --- layout -------------------------------------------------------------

    def _build(self) -> None:
        column = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.setStyleSheet("color: palette(placeholder-text);")
        column.addWidget(self.intro)
        self.list_widget = QWidget()
        self.list_layout = QVBoxLayout(self.list_widget)
        self.list_layout.setAlignment(Qt.AlignmentFlag.AlignTop)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.list_widget)
        column.addWidget(scroll, 1)
        self.connections = ConnectionsPanel()
        self.connections.changed.connect(self.connections_changed)
        column.addWidget(self.connections)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        column.addWidget(self.notice)

        bottom = QHBoxLayout()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.choose_import)
        self.token_button = QPushButton()
        self.token_button.clicked.connect(self.ask_token)
        self.offline_box = QCheckBox()
        self.offline_box.setChecked(network_guard.is_offline())
        self.offline_box.toggled.connect(self.set_offline)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.accept)
        for widget in (self.import_button, self.token_button, self.offline_box):
            bottom.addWidget(widget)
        bottom.addStretch(1)
        bottom.addWidget(self.close_button)
        column.addLayout(bottom)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Models"))
        self.intro.setText(
            fill(
                self.tr(
                    "Models are kept in %1. Downloads are checked against the Hugging Face "
                    "Hub's checksums and continue where they stopped."
                ),
                self.root,
            )
        )
        self.import_button.setText(self.tr("Import GGUF file…"))
        self.token_button.setText(self.tr("Hugging Face token…"))
        self.offline_box.setText(self.tr("Offline mode (no network connections at all)"))
        self.close_button.setText(self.tr("Close"))
        self.import_button.setToolTip(
            self.tr("Adds a GGUF file from this computer to the models Lokal knows")
        )
        self.token_button.setToolTip(
            self.tr("Keeps a Hugging Face access token for models that need a login")
        )
        self.offline_box.setToolTip(self.tr("No downloads and no connections to other computers"))
        self.close_button.setAccessibleDescription(self.tr("Closes this window"))
        self.notice.setText(self._notice_text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()  # the rows retranslate themselves
        super().changeEvent(event)

    def say(self, text: Callable[[], str]) -> None:
        """Show a notice under the list; ``text`` makes it in the current language."""
        self._notice_text = text
        self.notice.setText(text())

    # --- state --------------------------------------------------------------

    def _settings(self) -> settings.Settings:
        return settings.load(self.settings_path)[0]

    def _states(self) -> list[RowState]:
        try:
            catalog = load_catalog()
        except CatalogError as exc:
            catalog = ()
            problem = str(exc)
            self.say(lambda: problem)
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
        for known in known_models(self.root, self.data):
            if known.source == "file":
                states.append(RowState(known.key, known.label, "", opened=known.path))
        for state in states:
            state.downloading = self.downloads.is_active(state.name)
            state.progress = self.downloads.latest.get(state.name)
            state.is_default = default is not None and default in (
                state.name,
                str(state.path) if state.path is not None else None,
            )
            state.message, state.resumable = self.messages.get(state.name, ("", False))
            state.verdict = self._verdict(state)
            state.load_phase, state.load_progress = self._load_phase(state)
        return states

    def _load_phase(self, state: RowState) -> tuple[str, float]:
        """Whether this row's model is the one loaded or loading, as the header's picker says."""
        model = self.model_state
        if model.path is None or model.phase not in ("ready", "loading"):
            return "none", 0.0
        files = state.installed.files if state.installed is not None else (state.opened,)
        current = model.path.expanduser().resolve()
        if any(f is not None and f.expanduser().resolve() == current for f in files):
            return model.phase, model.progress
        return "none", 0.0

    def _verdict(self, state: RowState) -> FitVerdict | None:
        if self.report is None:
            return None
        if state.installed is not None:
            return verdict_for_files(state.installed.files, self.report)
        if state.opened is not None and not state.opened.is_file():
            return FitVerdict(None, "", "")  # the row says the file is gone; nothing to plan
        if state.opened is not None:
            return verdict_for_files(opened_files(state.opened), self.report)
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

    def _on_model(self, model: ModelState) -> None:
        self.model_state = model
        for row in self.rows.values():
            phase, progress = self._load_phase(row.state)
            if (phase, progress) != (row.state.load_phase, row.state.load_progress):
                row.state.load_phase, row.state.load_progress = phase, progress
                row.update_state(row.state)

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
            self.messages[name] = (event.message, event.resumable)
        else:
            self.messages.pop(name, None)
        if isinstance(event, Installed):
            label = event.installed.label
            self.say(lambda: fill(self.tr("%1 is installed."), label))
            if self._settings().default_model is None:
                self.make_default(event.installed.name)

    # --- actions ------------------------------------------------------------

    def _on_action(self, action: str, name: str) -> None:
        row = self.rows[name]
        state = row.state
        if action in ("download", "resume") and state.entry is not None:
            self.download(state.entry, state)
        elif action == "again" and state.entry is not None:
            self.download(state.entry, state, fresh=True)
        elif action == "load" and state.path is not None:
            self.load_requested.emit(state.path)
        elif action == "default" and state.opened is not None:
            self.make_default(str(state.opened))
        elif action == "folder" and state.opened is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(state.opened.parent)))
        elif action == "delete" and state.opened is not None:
            self.forget(state.opened)
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

    def download(self, entry: CatalogEntry, state: RowState, *, fresh: bool = False) -> None:
        if state.verdict is None and state.incomplete is None:
            return  # a new download waits for the fit verdict (its button is disabled until then)
        if network_guard.is_offline():
            yes = ask(
                self,
                self.tr("Offline mode is on"),
                fill(
                    self.tr(
                        "Lokal is in offline mode, so it opens no network connections. "
                        "Turn offline mode off and download %1?"
                    ),
                    entry.label,
                ),
            )
            if not yes:
                return
            self.offline_box.setChecked(False)
        verdict = state.verdict
        if verdict is not None and verdict.fits is False:
            yes = ask(
                self,
                self.tr("It will not fit"),
                verdict_text(verdict, entry.label)
                + "\n\n"
                + fill(self.tr("Download %1 anyway?"), entry.label),
            )
            if not yes:
                return
        self.messages.pop(entry.name, None)
        self.downloads.start(entry, fresh=fresh)
        self.refresh()

    def cancel(self, state: RowState) -> None:
        if self.downloads.is_active(state.name):
            text = self.tr("Stop downloading %1 and delete what was downloaded so far?")
        else:
            text = self.tr("Delete what was downloaded of %1 so far?")
        yes = ask(self, self.tr("Cancel the download"), fill(text, state.label))
        if not yes:
            return
        # Asked again: the download may have ended while the question was open, and an
        # installed model is deleted only with Delete.
        if self.downloads.is_active(state.name):
            self.downloads.cancel(state.name)  # its thread removes the parts and sidecars
        elif any(d.name == state.name for d in list_incomplete(self.root)):
            self._delete_quietly(state.name)

    def delete(self, model: InstalledModel) -> None:
        if model.source == "import":
            text = fill(
                self.tr("Remove %1 from Lokal? The file stays at %2."), model.label, model.path
            )
        else:
            text = fill(self.tr("Delete %1? This frees %2."), model.label, gigabytes(model.frees))
        yes = ask(self, self.tr("Delete model"), text)
        if not yes:
            return
        freed = self._delete_quietly(model.name)
        if freed is not None and model.source == "import":
            self.say(
                lambda: fill(self.tr("%1 is removed from Lokal; its file stays."), model.label)
            )
        elif freed is not None:
            size = gigabytes(freed)
            self.say(lambda: fill(self.tr("%1 is deleted; %2 freed."), model.label, size))
        default = self._settings().default_model
        if default in (model.name, str(model.path)):
            settings.update(self.settings_path, default_model=None)
            self.default_model_changed.emit("")

    def forget(self, path: Path) -> None:
        """Take an opened file off Lokal's list; the file itself is never deleted."""
        text = fill(
            self.tr("Remove %1 from Lokal's list? The file stays at %2; Lokal never deletes it."),
            path.name,
            path,
        )
        if not ask(self, self.tr("Remove model"), text):
            return
        forget_opened(path, self.data)
        name = path.name
        self.say(lambda: fill(self.tr("%1 is removed from the list; the file stays."), name))
        default = self._settings().default_model
        if default == str(path):
            settings.update(self.settings_path, default_model=None)
            self.default_model_changed.emit("")
        self.refresh()

    def _delete_quietly(self, name: str) -> int | None:
        try:
            freed = delete_model(name, self.root)
        except (ModelError, OSError) as exc:
            warn(self, self.tr("Delete model"), translated(message_of(exc)))
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
            self, self.tr("Import a GGUF model"), str(Path.home()), self.tr("GGUF models (*.gguf)")
        )
        if path:
            self.import_file(Path(path))

    def import_file(self, path: Path) -> InstalledModel | None:
        try:
            model = import_gguf(path, self.root)
        except ModelError as exc:
            warn(self, self.tr("Import GGUF file"), translated(message_of(exc)))
            return None
        except Exception as exc:  # the default error path: a sentence, never a traceback
            log.exception("importing %s failed", path.name)
            warn(
                self,
                self.tr("Import GGUF file"),
                fill(self.tr("%1 could not be imported: %2"), path.name, str(exc)),
            )
            return None
        self.say(lambda: fill(self.tr("Imported %1: %2."), model.label, capability_text(model)))
        self.refresh()
        return model

    def ask_token(self) -> None:
        value, ok = QInputDialog.getText(
            self,
            self.tr("Hugging Face token"),
            self.tr(
                "A token is needed only for gated or private models. It is kept in the "
                "system keyring, never in a file."
            ),
            QLineEdit.EchoMode.Password,
        )
        if ok and value.strip():
            reason = tokens.set_token(value)
            if reason:
                self.say(lambda: translated(reason))
            else:
                self.say(lambda: self.tr("The token is stored in the system keyring."))

    def set_offline(self, offline: bool) -> None:
        set_offline_mode(offline, self.settings_path)
        self.offline_mode_changed.emit(offline)

    def active_downloads(self) -> list[str]:
        return self.downloads.active_names()


__all__ = ["DownloadManager", "ModelManagerDialog"]
