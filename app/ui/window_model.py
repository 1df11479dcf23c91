"""The window's model and settings: loading, the Models window, downloads, saving settings."""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
)

from app.core import settings as user_settings
from app.core.chat.model_control import ModelState
from app.core.engine.load_plan_types import Overrides
from app.core.models.download import Installed
from app.core.models.installed import model_path
from app.core.models.offline import apply_offline_mode, offline_wanted
from app.core.store import context_used
from app.ui import appearance
from app.ui.chat_view import PAGE
from app.ui.download_resume import DownloadResumer
from app.ui.model_manager import ModelManagerDialog
from app.ui.settings_dialog import SettingsDialog
from app.ui.text import fill, translated
from app.ui.window_parts import WindowParts


class ModelActions(WindowParts):
    """A part of MainWindow's behaviour (see window_parts.py)."""

    # --- model --------------------------------------------------------------

    def choose_model(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Open a model"),
            str(Path.home()),
            self.tr("GGUF models (*.gguf);;All files (*)"),
        )
        if name:
            self.load_model(Path(name))

    def load_model(self, path: Path) -> None:
        overrides = Overrides(n_ctx=self.settings.context_length, threads=self.settings.threads)
        self.models.load(path, overrides)

    @property
    def model_ready(self) -> bool:
        return self.models.state.ready

    @property
    def n_ctx(self) -> int:
        return self.models.state.n_ctx

    @property
    def generating(self) -> bool:
        return self.controller.busy

    def _model_changed(self, state: ModelState) -> None:
        if self.closed:
            return
        became_ready = state.ready and state.path != self._ready_path
        if state.ready:
            self._ready_path = state.path
        self.model_path = state.path if state.phase != "none" else self.model_path
        self.model_bar.set_state(state.phase, state.detail)
        if state.phase == "loading":
            self.model_bar.set_load_progress(state.progress)
        if state.backend:
            self.model_bar.status.setToolTip(translated(state.backend))
        if state.problem:
            self._show_problem(translated(state.problem))
        if became_ready and state.path is not None:
            self._save_settings(default_model=str(state.path))
        self._update_context()
        self._update_page()

    def _update_page(self) -> None:
        show_welcome = (
            self.conversation_id is None
            and not self.model_ready
            and self.model_bar.state != "loading"
        )
        self.pages.setCurrentWidget(self.welcome if show_welcome else self.chat)
        if self.model_ready or self.server_picker.target() is not None:
            hint = self.tr("Ask anything below. The answer is written on this computer.")
        elif self.model_bar.state == "loading":
            hint = self.tr("The model is loading. You can write your question meanwhile.")
        else:
            hint = self.tr(
                "No model is loaded. Choose one at the top, or download one in File → Models…"
            )
        self.chat.empty_hint.setText(hint)

    def _update_context(self) -> None:
        used = 0
        if self.conversation_id:
            # The last answer's numbers are enough: read the last page, never the whole thread.
            ids = self.store.thread_ids(self.conversation_id, self.leaf_id)
            used = context_used(self.store.messages(ids[-PAGE:]))
        self.model_bar.set_context(used, self.n_ctx)

    def open_model_manager(self) -> None:
        dialog = ModelManagerDialog(
            self.downloads, self, settings_path=self.settings_file, models=self.models
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.default_model_changed.connect(self._default_model_changed)
        dialog.load_requested.connect(self.load_model)
        dialog.offline_mode_changed.connect(self._reload_settings)
        dialog.connections_changed.connect(self.server_picker.reload)
        dialog.open()

    def _reload_settings(self) -> None:
        """Take what another window saved (the model manager writes the file itself)."""
        self.settings, _ignored = user_settings.load(self.settings_file)

    def _default_model_changed(self, name: str) -> None:
        if self.closed:
            return
        self._reload_settings()
        if name and not self.generating:
            self.load_model(model_path(name))

    def _download_finished(self, name: str, event: object) -> None:
        if self.closed:
            return
        message = getattr(event, "message", None)
        if message:
            self.statusBar().showMessage(translated(message), 15_000)
        if isinstance(event, Installed) and event.installed.problem is None:
            self.statusBar().showMessage(
                fill(self.tr("%1 is installed."), event.installed.label), 15_000
            )
            self._reload_settings()
            if self.settings.default_model is None:  # the first model: use it
                self._save_settings(default_model=name)
                self._default_model_changed(name)

    def _resume_downloads(self) -> None:
        message = DownloadResumer(self.downloads, self).resume()
        if message:
            self.statusBar().showMessage(message)

    # --- settings -----------------------------------------------------------

    def open_settings(self) -> None:
        self._reload_settings()
        # The same rule the network guard follows, so the box shows what is in force.
        dialog = SettingsDialog(
            self.settings, offline_wanted(self.settings), self, tool_host=self.tool_host
        )
        if dialog.exec() == SettingsDialog.DialogCode.Accepted:
            self.apply_settings(dialog.values())

    def apply_settings(self, new: user_settings.Settings) -> None:
        """Save what differs from the current settings and put it into effect."""
        old = self.settings
        changed = {
            f.name: getattr(new, f.name)
            for f in fields(new)
            if getattr(new, f.name) != getattr(old, f.name)
        }
        if changed:
            self._save_settings(**changed)
        # Offline mode takes effect now, not at the next start.
        apply_offline_mode(self.settings)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            if new.theme != old.theme:
                appearance.apply_theme(app, new.theme)
            if new.language != old.language:
                appearance.apply_language(app, new.language)
        reload = (new.context_length, new.threads) != (old.context_length, old.threads)
        if reload and self.model_path is not None and not self.generating:
            self.load_model(self.model_path)

    def _save_settings(self, **changes: Any) -> None:
        """Save only these values: whatever another window saved meanwhile stays."""
        try:
            self.settings = user_settings.update(self.settings_file, **changes)
        except OSError as exc:
            self.settings = replace(self.settings, **changes)
            self._show_problem(
                fill(self.tr("Settings could not be saved: %1"), exc.strerror or exc)
            )

    def _remember_effort(self, effort: str) -> None:
        if effort != self.settings.reasoning_effort:
            self._save_settings(reasoning_effort=effort)
