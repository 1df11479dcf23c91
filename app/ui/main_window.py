"""The main window: conversations on the left, the chat on the right.

The GUI thread reads and writes the store for small, indexed operations only
(listing conversations, one thread); everything slow — saving a question and
answering it, loading a model, deleting for real, exporting — happens in
another thread. Turns and loads are the chat and model controllers' (Qt-free,
app/core/chat): the window sends them intents and draws their state, which
reaches it on the GUI thread (GuiPost).
"""

from __future__ import annotations

from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt, QThread, Signal, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.core import settings as user_settings
from app.core.chat.controller import ChatController, Phase, TurnState
from app.core.chat.model_control import ModelController, ModelState
from app.core.chat.turn_job import Question, TurnOptions
from app.core.engine.load_plan_types import Overrides
from app.core.engine.service import EngineService
from app.core.models.download import Installed
from app.core.models.installed import model_path
from app.core.models.offline import apply_offline_mode, offline_wanted
from app.core.paths import data_dir
from app.core.presets import FILE_NAME as PRESETS_FILE
from app.core.presets import answer_markdown, load_presets
from app.core.store import ChatStore, SearchHit, context_used
from app.core.store.documents import DocumentStore
from app.core.tools import ToolHost
from app.ui import appearance
from app.ui.attacher import DocumentAttacher
from app.ui.attachments import AttachmentBar, install_file_drop
from app.ui.banners import EditBanner, UndoBar
from app.ui.chat_view import PAGE, ChatView, MessageBubble
from app.ui.composer import Composer
from app.ui.download_resume import DownloadResumer
from app.ui.download_worker import DownloadManager
from app.ui.gui_post import GuiPost
from app.ui.model_bar import ModelBar
from app.ui.model_manager import ModelManagerDialog
from app.ui.overflow_guard import OverflowGuard
from app.ui.prompt_progress import PromptProgress
from app.ui.search_worker import SearchWorker
from app.ui.server_panel import ServerPanel
from app.ui.server_picker import ServerPicker
from app.ui.settings_dialog import SettingsDialog
from app.ui.sidebar import ConversationSidebar
from app.ui.store_worker import StoreWorker
from app.ui.text import fill, translated
from app.ui.tool_blocks import ToolView
from app.ui.tools_menu import ToolsButton
from app.ui.turn_paint import drop_unsaved, end_without_answer, paint_finished_answer
from app.ui.welcome import WelcomePage
from app.ui.window_menus import WindowMenus


class MainWindow(QMainWindow):
    request_delete = Signal(int)
    request_export = Signal(int, str, int)  # conversation, file, leaf
    request_search = Signal(int, str, int)  # request number, query, a conversation to leave out
    request_shutdown = Signal()
    search_shown = Signal()  # the hits of the newest query are in the list

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
        self.send_button = QPushButton()
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button = QPushButton()
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.composer, 1)
        self.tools_button = ToolsButton(self.tool_host, load_presets(data_dir() / PRESETS_FILE))
        self.tools_button.preset_chosen.connect(self._preset_chosen)
        bottom.addWidget(self.tools_button)
        bottom.addWidget(self.send_button)
        bottom.addWidget(self.stop_button)

        main = QWidget()
        column = QVBoxLayout(main)
        column.addWidget(self.model_bar)
        column.addWidget(self.undo_bar)
        column.addWidget(self.pages, 1)
        column.addWidget(self.prompt_progress)
        column.addWidget(self.attachments)
        column.addWidget(self.edit_banner)
        column.addLayout(bottom)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.sidebar)
        splitter.addWidget(main)
        splitter.setSizes([260, 840])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)

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
        self.send_button.setText(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send the message"))
        self.stop_button.setText(self.tr("&Stop"))
        self.stop_button.setAccessibleName(self.tr("Stop answering"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _start_workers(self, database: Path | str) -> None:
        self.downloads = DownloadManager(self)
        self.downloads.finished.connect(self._download_finished)
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
            self.model_bar.status.setToolTip(state.backend)
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

    def _update_context(self) -> None:
        used = 0
        if self.conversation_id:
            # The last answer's numbers are enough: read the last page, never the whole thread.
            ids = self.store.thread_ids(self.conversation_id, self.leaf_id)
            used = context_used(self.store.messages(ids[-PAGE:]))
        self.model_bar.set_context(used, self.n_ctx)

    def open_model_manager(self) -> None:
        dialog = ModelManagerDialog(self.downloads, self, settings_path=self.settings_file)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.default_model_changed.connect(self._default_model_changed)
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

    # --- conversations ------------------------------------------------------

    def refresh_conversations(self) -> None:
        hidden = self.pending_delete[0] if self.pending_delete else None
        query = self.sidebar.query()
        if query:
            self._search_number += 1
            self.search_worker.expect(self._search_number)
            self.request_search.emit(self._search_number, query, -1 if hidden is None else hidden)
            return
        self._search_number += 1  # an answer still on its way is for an older query
        conversations = [c for c in self.store.list_conversations() if c.id != hidden]
        self.sidebar.show_conversations(conversations, self.conversation_id)

    def _show_hits(self, number: int, hits: list[SearchHit]) -> None:
        if number == self._search_number and not self.closed:
            self.sidebar.show_hits(hits)
            self.search_shown.emit()

    def new_conversation(self) -> None:
        if self.generating:
            return
        self.conversation_id = self.leaf_id = None
        self.attacher.set_conversation(None)
        self.tools_button.set_conversation(None)
        self.cancel_edit()
        self.chat.clear()
        self._update_context()
        self._update_page()
        self.composer.setFocus()

    def _open_from_sidebar(self, conversation_id: int, message_id: int) -> None:
        self.open_conversation(
            conversation_id, self.store.newest_leaf(message_id) if message_id else None
        )

    def open_conversation(self, conversation_id: int, leaf_id: int | None = None) -> None:
        if self.generating:
            self.statusBar().showMessage(
                self.tr("Stop the answer first to switch conversations."), 5000
            )
            return
        self.conversation_id = conversation_id
        self.sidebar.mark_current(conversation_id)
        self.attacher.set_conversation(conversation_id)
        self.tools_button.set_conversation(conversation_id)
        self.tools_button.set_preset(conversation_id, self.store.preset(conversation_id))
        self.cancel_edit()
        self._show_branch(leaf_id)
        self._update_page()

    def _show_branch(self, leaf_id: int | None) -> None:
        """Show the thread ending at ``leaf_id`` (default: the newest), a page at a time."""
        assert self.conversation_id is not None
        ids = self.store.thread_ids(self.conversation_id, leaf_id)
        page = self.store.messages(ids[-PAGE:])
        self.chat.show_thread(
            page,
            self.store.branch_positions(self.conversation_id),
            earlier=ids[:-PAGE],
            load=self.store.messages,
        )
        self.leaf_id = ids[-1] if ids else None
        self.model_bar.set_context(context_used(page), self.n_ctx)
        answers = [m for m in page if m.role == "assistant"]
        if answers:  # the conversation goes on with what answered it last
            self.server_picker.choose_recorded(answers[-1].model_file_hash)
        self._mark_left_out()

    def _ensure_conversation(self) -> int:
        """Files attached before anything was asked start the conversation."""
        if self.conversation_id is None:
            created = self.store.create_conversation(self.tr("New chat"), auto_title=True)
            self.conversation_id = created.id
            self.leaf_id = None
            self.refresh_conversations()
            self._update_page()
        return self.conversation_id

    def attach_files(self, paths: list[Path]) -> None:
        """Files given on the command line or by the desktop ("Open with Lokal")."""
        self.attacher.attach_paths(paths)

    def _decorate(self, bubble: MessageBubble) -> None:
        """Under each stored answer, the document passages it was given."""
        if bubble.role == "assistant" and bubble.message_id is not None:
            bubble.set_sources(DocumentStore(self.store).sources(bubble.message_id))

    def switch_branch(self, sibling_id: int) -> None:
        if self.conversation_id is not None and not self.generating:
            self.open_conversation(self.conversation_id, self.store.newest_leaf(sibling_id))

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        self.store.rename_conversation(conversation_id, title)
        self.refresh_conversations()

    def _rename_current(self) -> None:
        if self.conversation_id is not None:
            self.sidebar.ask_rename(self.conversation_id)

    def delete_conversation(self, conversation_id: int | None) -> None:
        """Hidden at once, deleted for real after UNDO_SECONDS unless undone."""
        if conversation_id is None:
            return
        self.controller.conversation_deleted(conversation_id)
        if conversation_id == self.conversation_id:
            self._turn_shown = False  # its turn ends by itself, off screen
        self.undo_bar.hold(conversation_id, self.store.get_conversation(conversation_id).title)
        if conversation_id == self.conversation_id:
            self.conversation_id = self.leaf_id = None
            self.chat.clear()
            self._update_context()
            self._update_page()
        self.refresh_conversations()

    @property
    def pending_delete(self) -> tuple[int, str] | None:
        return self.undo_bar.pending

    def undo_delete(self) -> None:
        self.undo_bar.undo()

    @Slot(int)
    def _undone(self, conversation_id: int) -> None:
        self.refresh_conversations()
        self.open_conversation(conversation_id)

    def _delete_for_real(self) -> None:
        self.undo_bar.carry_out()

    def export_conversation(self, conversation_id: int | None) -> None:
        if conversation_id is None:
            self.statusBar().showMessage(self.tr("Open a conversation to export it."), 5000)
            return
        title = self.store.get_conversation(conversation_id).title
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "chat"
        name, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export conversation"),
            str(Path.home() / f"{safe[:60]}.md"),
            self.tr("Markdown (*.md);;JSON, every branch and setting (*.json)"),
        )
        if not name:
            return
        if not Path(name).suffix:
            name += ".json" if "json" in chosen.lower() else ".md"
        leaf = self.leaf_id if conversation_id == self.conversation_id else None
        self.request_export.emit(conversation_id, name, leaf or 0)

    # --- a turn -------------------------------------------------------------

    def _preset_chosen(self, name: str | None) -> None:
        if self.conversation_id is not None:
            self.store.set_preset(self.conversation_id, name)

    def _options(self) -> TurnOptions:
        remote = self.server_picker.target()
        self._answering_server = remote.connection if remote else None
        options = TurnOptions(
            effort=self.model_bar.effort_value(),
            temperature=self.settings.temperature,
            top_p=self.settings.top_p,
            instructions=self.settings.instructions,
            tools=self.tools_button.selected(),
            prompt_cache_bytes=self.settings.prompt_cache_bytes,
            overflow=self.overflow.choice(self.conversation_id),
            extra=self.turn_extra,
            remote=remote,
        )
        preset = self.tools_button.preset()
        return preset.apply(options) if preset else options

    @property
    def can_answer(self) -> bool:
        """A model is loaded here, or a server's model is chosen."""
        return self.model_ready or self.server_picker.target() is not None

    def send(self, text: str) -> None:
        if self.generating:
            return
        # While a model loads, the question waits for it (the engine runs one job at a time).
        if not self.can_answer and self.models.state.phase != "loading":
            self.composer.setPlainText(text)  # nothing typed is lost
            self._show_problem(self.tr("Load a model first: File → Open model…"))
            return
        if any(chip.state == "reading" for chip in self.attachments.chips.values()):
            # Answering now would leave the document out without a word.
            self.composer.setPlainText(text)
            self._show_problem(
                self.tr("A document is still being read: send again once it is ready.")
            )
            return
        if self.editing_id is not None:
            parent = self.store.get_message(self.editing_id).parent_id
            self.cancel_edit()
        else:
            parent = self.leaf_id
        title = text.splitlines()[0][:60]  # the question's, not a summary's put before it
        # Longer than the context (overflow_guard.py): ask before sending, or use the choice.
        plan = self.overflow.before_send(self.conversation_id, parent, text, self.n_ctx)
        if plan.cancelled:
            self.composer.setPlainText(text)  # nothing typed is lost
            return
        if plan.summary is not None:  # carried on in a new conversation
            self.new_conversation()
            parent, text = None, f"{plan.summary}\n\n{text}"
        # An edit shows its new branch once the question is saved; otherwise the question
        # shows at once and gets its id then.
        is_edit = parent != self.leaf_id
        question = Question(
            conversation_id=self.conversation_id,
            text=text,
            parent_id=parent,
            title=title,
            options=self._options(),
        )
        if not is_edit:
            self.pages.setCurrentWidget(self.chat)
            self.chat.add_message("user", final=text)
        self._turn_shown = True
        self.controller.ask(question, is_edit=is_edit)

    def regenerate(self, answer_id: int) -> None:
        if self.generating or self.conversation_id is None or not self.can_answer:
            return
        question_id = self.store.get_message(answer_id).parent_id
        if question_id is None:
            return
        self._show_branch(question_id)
        self.chat.add_message("assistant")
        self._turn_shown = True
        self.controller.regenerate(self.conversation_id, question_id, self._options())

    def regenerate_last(self) -> None:
        last = self.chat.bubbles[-1] if self.chat.bubbles else None
        if last is not None and last.role == "assistant" and last.message_id is not None:
            self.regenerate(last.message_id)

    def edit_question(self, question_id: int) -> None:
        if self.generating:
            return
        self.editing_id = question_id
        self.composer.setPlainText(self.store.get_message(question_id).content)
        self.edit_banner.show()
        self.composer.setFocus()

    def cancel_edit(self) -> None:
        if self.editing_id is not None:
            self.composer.clear()
        self.editing_id = None
        self.edit_banner.hide()

    def stop(self) -> None:
        if self.editing_id is not None and not self.generating:
            self.cancel_edit()
        else:
            self.controller.stop()

    def _turn_changed(self, state: TurnState, change: str) -> None:
        """Draw the turn as the controller tells it (on the GUI thread)."""
        if self.closed:
            return
        shown = self._turn_shown
        if change == "question saved" and shown and self._deleted(state.conversation_id):
            # The question started a conversation that was deleted before the window knew it.
            self._turn_shown = shown = False
            self.controller.conversation_deleted(state.conversation_id or 0)
            drop_unsaved(self.chat, "user")  # it went with its conversation
        if change == "question saved" and shown:
            self._question_saved(state)
        elif change == "question not saved":
            if shown and not state.is_edit:
                drop_unsaved(self.chat, "user")
            self.composer.setPlainText(state.unsaved_text or "")  # nothing typed is lost
            self._show_problem(translated(state.error or ""))
        elif change == "progress" and shown:
            self.chat.stream_into_last(state.analysis, state.final)
        elif change == "tool" and shown and self.chat.bubbles:
            # The reasoning up to the call: its last words may not have been shown yet.
            self.chat.stream_into_last(state.analysis, state.final)
            self.chat.flush()
            views = [ToolView.of_step(step) for step in state.tool_steps]
            card = self.chat.bubbles[-1].set_tools(views, state.pending_call)
            if card is not None:
                card.decided.connect(self.controller.approve)
        elif change == "finished":
            self._turn_shown = False
            if shown and state.answer_id is not None:
                self._answer_finished(state)
            elif shown:
                end_without_answer(self.chat, self.composer, state)
                if state.phase is Phase.FAILED and state.error:
                    self._show_problem(translated(state.error))
        reading = state.prompt if shown and state.busy else None
        if reading is not None or self.prompt_progress.isVisibleTo(self):
            self.prompt_progress.show_reading(reading)
        if shown and state.prompt_tokens and state.busy:
            # The meter follows the prompt as soon as the engine knows its length.
            self.model_bar.set_context(state.prompt_tokens, self.n_ctx)
        if state.busy != self._drawn_busy or change == "finished":
            self._set_generating(state.busy)  # last: the finished answer has its id by now

    def _deleted(self, conversation_id: int | None) -> bool:
        if conversation_id is None:
            return False
        if self.pending_delete is not None and self.pending_delete[0] == conversation_id:
            return True
        try:
            self.store.get_conversation(conversation_id)
        except KeyError:
            return True
        return False

    def _question_saved(self, state: TurnState) -> None:
        assert state.conversation_id is not None and state.question_id is not None
        if self.conversation_id != state.conversation_id:  # the question started one
            self.conversation_id = state.conversation_id
            self.attacher.set_conversation(state.conversation_id)
            self.tools_button.set_conversation(state.conversation_id)
            if (preset := self.tools_button.preset()) is not None:
                self.store.set_preset(state.conversation_id, preset.name)
        if state.is_edit:
            self._show_branch(state.question_id)
        elif self.chat.bubbles:
            self.chat.bubbles[-1].message_id = state.question_id
        self.leaf_id = state.question_id
        self.chat.add_message("assistant")
        self.refresh_conversations()

    def _answer_finished(self, state: TurnState) -> None:
        if paint_finished_answer(self.chat, state, server=self._answering_server):
            preset = self.tools_button.preset()
            if preset is not None and preset.answer_schema and state.final:
                # A preset's JSON answer reads as a table or a code block.
                self.chat.bubbles[-1].set_text(state.analysis, answer_markdown(state.final))
            self.leaf_id = state.answer_id
            self._refresh_branches()
            self._update_context()
            self._mark_left_out()

    def _mark_left_out(self) -> None:
        """Fade the turns a conversation that outgrew the context no longer gives the model."""
        self.overflow.mark_left_out(
            self.chat, self.conversation_id, self.leaf_id, self.n_ctx, self.settings.instructions
        )

    def _refresh_branches(self) -> None:
        if self.conversation_id is None:
            return
        positions = self.store.branch_positions(self.conversation_id)
        for bubble in self.chat.bubbles:
            if bubble.message_id is not None:
                bubble.set_branch(positions.get(bubble.message_id))

    def _set_generating(self, generating: bool) -> None:
        self._drawn_busy = generating
        self.send_button.setVisible(not generating)
        self.stop_button.setVisible(generating)
        self.chat.set_actions_enabled(not generating)

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
        QMessageBox.about(
            self,
            self.tr("About Lokal"),
            self.tr(
                "Lokal runs OpenAI's open-weight gpt-oss models on this computer. "
                "Your conversations and documents never leave it."
            ),
        )

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
