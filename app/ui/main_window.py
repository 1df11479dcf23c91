"""The main window: conversations on the left, the chat on the right.

The GUI thread reads and writes the store for small, indexed operations only
(listing conversations, one thread); everything slow — saving a question and
answering it, loading a model, deleting for real, exporting — happens in
another thread. Turns and loads are the chat and model controllers' (Qt-free,
app/core/chat): the window sends them intents and draws their state, which
reaches it on the GUI thread (GuiPost).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QThread, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QStackedWidget

from app.core import settings as user_settings
from app.core.chat.controller import ChatController
from app.core.chat.model_control import ModelController
from app.core.engine.service import EngineService
from app.core.models.installed import model_path
from app.core.paths import data_dir
from app.core.presets import FILE_NAME as PRESETS_FILE
from app.core.presets import load_presets
from app.core.store import ChatStore
from app.core.tools import ToolHost
from app.ui import window_layout
from app.ui.about_dialog import show_about
from app.ui.attacher import DocumentAttacher
from app.ui.attachments import AttachmentBar, install_file_drop
from app.ui.banners import EditBanner, UndoBar
from app.ui.chat_view import ChatView
from app.ui.composer import Composer
from app.ui.composer_box import ComposerBox
from app.ui.download_worker import DownloadManager
from app.ui.gui_post import GuiPost
from app.ui.model_bar import ModelBar
from app.ui.model_picker import ModelPicker
from app.ui.overflow_guard import OverflowGuard
from app.ui.prompt_progress import PromptProgress
from app.ui.search_worker import SearchWorker
from app.ui.server_panel import ServerPanel
from app.ui.server_picker import ServerPicker
from app.ui.sidebar import ConversationSidebar
from app.ui.store_worker import StoreWorker
from app.ui.text import fill, translated
from app.ui.tools_menu import ToolsButton
from app.ui.turn_actions import TurnActions
from app.ui.welcome import WelcomePage
from app.ui.window_menus import WindowMenus


class MainWindow(TurnActions):
    def __init__(
        self,
        database: Path | str,
        settings_file: Path | str | None = None,
        turn_extra: dict[str, Any] | None = None,
        service: EngineService | None = None,  # None: the window starts and owns one
    ) -> None:
        super().__init__()
        self.resize(1100, 720)
        self.settings_file = Path(settings_file) if settings_file is not None else None
        self.settings, ignored = user_settings.load(self.settings_file)
        self.turn_extra = dict(turn_extra or {})  # tests: e.g. {"ignore_end": True}
        self.store = ChatStore(database)
        self.overflow = OverflowGuard(self, self.store)  # conversations longer than the context
        self.store.mark_interrupted_on_startup()
        self.conversation_id: int | None = None
        self.leaf_id: int | None = None  # the last message of the branch on screen
        self.editing_id: int | None = None  # the question being edited, if any
        self.model_path: Path | None = None
        self._ready_path: Path | None = None  # the model that last became ready
        self._search_number = 0
        self._turn_shown = False  # the turn under way is on screen (not deleted, not left)
        self._drawn_busy: bool | None = None  # what the Send/Stop buttons show
        self.closed = False
        self._owns_service = service is None
        self.service = service if service is not None else EngineService()
        self.post = GuiPost(self)
        self.tool_host = _tool_host()
        self.controller = ChatController(
            self.service, database, self.post, tool_host=self.tool_host
        )
        self.controller.subscribe(self._turn_changed)
        self.models = ModelController(self.service, self.post)
        self.models.subscribe(self._model_changed)
        self._build()
        self.server_panel = ServerPanel(
            self.service, database, lambda: self.settings.server_port, self
        )
        self.server_panel.switched.connect(self._server_switched)
        self.server_panel.busy_changed.connect(self._server_busy)
        self._build_menus()
        self._start_workers(database)
        self.retranslate()
        self.refresh_conversations()
        self._update_page()
        if ignored:
            self.statusBar().showMessage(
                fill(
                    self.tr("Some settings were unreadable and were reset: %1"), ", ".join(ignored)
                )
            )
        if self.settings.default_model:
            default = model_path(self.settings.default_model)
            if default.is_file():
                self.load_model(default)
        self._resume_downloads()
        if self.settings.local_server:
            self.server_panel.set_on(True)

    # --- layout -------------------------------------------------------------

    def _build(self) -> None:
        self.sidebar = ConversationSidebar()
        self.sidebar.new_requested.connect(self.new_conversation)
        self.sidebar.open_requested.connect(self._open_from_sidebar)
        self.sidebar.search_changed.connect(lambda _text: self.refresh_conversations())
        self.sidebar.rename_requested.connect(self.rename_conversation)
        self.sidebar.delete_requested.connect(self.delete_conversation)
        self.sidebar.export_requested.connect(self.export_conversation)
        self.search = self.sidebar.search
        self.conversations = self.sidebar.list

        self.model_bar = ModelBar()
        self.model_bar.open_model.connect(self.choose_model)
        self.model_bar.set_effort(self.settings.reasoning_effort)
        self.model_bar.effort_changed.connect(self._remember_effort)
        # A model on a team's server, or this computer's: chosen per conversation.
        self.server_picker = ServerPicker()
        self.model_bar.add_before_effort(self.server_picker)
        self._answering_server: str | None = None

        self.chat = ChatView()
        self.chat.regenerate.connect(self.regenerate)
        self.chat.edit.connect(self.edit_question)
        self.chat.switch_branch.connect(self.switch_branch)
        self.chat.bubble_built.connect(self._decorate)
        self.welcome = WelcomePage()
        self.welcome.open_model.connect(self.choose_model)
        self.welcome.download_model.connect(self.open_model_manager)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.welcome)
        self.pages.addWidget(self.chat)

        self.undo_bar = UndoBar()
        self.undo_bar.delete_now.connect(self.request_delete)
        self.undo_bar.undone.connect(self._undone)
        self.undo_button, self.undo_timer = self.undo_bar.button, self.undo_bar.timer
        self.edit_banner = EditBanner()
        self.edit_banner.button.clicked.connect(self.cancel_edit)

        self.prompt_progress = PromptProgress()
        self.attachments = AttachmentBar()
        self.composer = Composer()
        self.composer.submitted.connect(self.send)
        self.composer_box = ComposerBox(self.composer, self.attachments)
        self.send_button = self.composer_box.send_button
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button = self.composer_box.stop_button
        self.stop_button.clicked.connect(self.stop)
        self.tools_button = ToolsButton(self.tool_host, load_presets(data_dir() / PRESETS_FILE))
        self.tools_button.preset_chosen.connect(self._preset_chosen)
        self.tools_button.use_permissions(
            self.store.always_allowed_tools, self.store.forget_allowed_tool
        )
        self.composer_box.add_control(self.tools_button)
        # The effort is chosen where the question is written; the model bar keeps its logic.
        self.composer_box.add_control(self.model_bar.effort)
        self.setCentralWidget(window_layout.arrange(self))

    def _build_menus(self) -> None:
        self.menus = WindowMenus(
            self,
            {
                "new": self.new_conversation,
                "open_model": self.choose_model,
                "models": self.open_model_manager,
                "attach": self.attachments.choose_files,
                "export": lambda: self.export_conversation(self.conversation_id),
                "settings": self.open_settings,
                "server": self.open_server_panel,
                "quit": self.close,
                "find": self._focus_search,
                "stop": self.stop,
                "regenerate": self.regenerate_last,
                "rename": self._rename_current,
                "delete": lambda: self.delete_conversation(self.conversation_id),
                "about": self.about,
            },
        )
        self.actions_ = self.menus.actions
        self.file_menu = self.menus.file_menu

    def retranslate(self) -> None:
        self.setWindowTitle("Lokal")
        self.menus.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _start_workers(self, database: Path | str) -> None:
        self.downloads = DownloadManager(self)
        self.downloads.finished.connect(self._download_finished)
        self.model_picker = ModelPicker(self.models, self.server_picker, self.downloads)
        self.model_picker.load_requested.connect(self.load_model)
        self.model_picker.open_file_requested.connect(self.choose_model)
        self.model_picker.manage_requested.connect(self.open_model_manager)
        self.model_bar.use_picker(self.model_picker)
        self.server_picker.choice.hide()  # the picker lists the servers' models
        self.attacher = DocumentAttacher(
            self.attachments, database, self._ensure_conversation, parent=self
        )
        self.attacher.notice.connect(self._show_notice)
        install_file_drop(self.chat, self.attacher.attach_paths)
        install_file_drop(self.welcome, self.attacher.attach_paths)  # in the chat's place
        install_file_drop(self.composer, self.attacher.attach_paths)
        self.composer.files_pasted.connect(self.attacher.attach_paths)

        self.store_thread = QThread(self)
        self.store_worker = StoreWorker(database)
        self.store_worker.moveToThread(self.store_thread)
        self.request_delete.connect(self.store_worker.delete_conversation)
        self.request_export.connect(self.store_worker.export_conversation)
        self.store_worker.exported.connect(self._exported)
        self.store_worker.failed.connect(self._show_problem)
        self.request_shutdown.connect(self.store_worker.shutdown)
        self.store_thread.start()

        self.search_thread = QThread(self)
        self.search_worker = SearchWorker(database)
        self.search_worker.moveToThread(self.search_thread)
        self.request_search.connect(self.search_worker.search)
        self.search_worker.found.connect(self._show_hits)
        self.request_shutdown.connect(self.search_worker.shutdown)
        self.search_thread.start()

    # --- small things -------------------------------------------------------

    def _focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot(str)
    def _show_problem(self, message: str) -> None:
        self.statusBar().showMessage(message, 10_000)

    @Slot(object)
    def _show_notice(self, text: str) -> None:
        self.statusBar().showMessage(translated(text), 10_000)

    @Slot(str)
    def _exported(self, path: str) -> None:
        self.statusBar().showMessage(fill(self.tr("Saved %1"), path), 8000)

    def open_server_panel(self) -> None:
        self.server_panel.show()
        self.server_panel.raise_()
        self.server_panel.activateWindow()

    @Slot(bool)
    def _server_switched(self, on: bool) -> None:
        self._save_settings(local_server=on)

    @Slot(bool)
    def _server_busy(self, busy: bool) -> None:
        if busy:
            self.statusBar().showMessage(self.tr("Busy answering an API request"))
        else:
            self.statusBar().clearMessage()

    def about(self) -> None:
        show_about(self, self.downloads)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.closed:
            return
        self.closed = True
        self._delete_for_real()  # a pending delete is carried out, not forgotten
        self.server_panel.stop()  # no new API requests; one under way is cancelled below
        self.controller.close()
        if self.tool_host is not None:
            self.tool_host.close()  # the tool servers stop with the window
        if self._owns_service:  # a load or answer under way is cancelled, not waited for
            self.service.close(timeout=5)
        else:
            self.models.cancel()
        self.downloads.shutdown()  # paused, to resume on the next start
        self.attacher.close()
        self.request_shutdown.emit()  # runs in the workers' threads once their work ends
        self.store_thread.wait(30_000)
        self.search_thread.wait(10_000)
        self.store.close()
        super().closeEvent(event)


def _tool_host() -> ToolHost | None:
    """The MCP servers of mcp.json in the data folder (they start only when a turn needs them)."""
    from app.core.tools.config import FILE_NAME, ConfigError

    try:
        return ToolHost(data_dir() / FILE_NAME)
    except ConfigError:
        return ToolHost()  # an unreadable file: no servers (the Tools page says why)
