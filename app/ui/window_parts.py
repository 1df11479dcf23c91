"""What the main window is made of, declared once for the modules that act on it.

MainWindow (main_window.py) builds these; its behaviour lives in modules named for
what they do (window_model.py, conversation_actions.py, turn_actions.py), each a
class in MainWindow's bases that reads and changes these parts.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QThread, QTimer, Signal
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QWidget,
)

from app.core import settings as user_settings
from app.core.chat.controller import ChatController
from app.core.chat.model_control import ModelController
from app.core.engine.service import EngineService
from app.core.store import ChatStore
from app.core.tools import ToolHost
from app.ui.attacher import DocumentAttacher
from app.ui.attachments import AttachmentBar
from app.ui.banners import EditBanner, UndoBar
from app.ui.chat_view import ChatView
from app.ui.composer import Composer
from app.ui.composer_box import ComposerBox
from app.ui.download_worker import DownloadManager
from app.ui.gui_post import GuiPost
from app.ui.model_bar import ModelBar
from app.ui.overflow_guard import OverflowGuard
from app.ui.prompt_progress import PromptProgress
from app.ui.search_worker import SearchWorker
from app.ui.server_panel import ServerPanel
from app.ui.server_picker import ServerPicker
from app.ui.sidebar import ConversationSidebar
from app.ui.store_worker import StoreWorker
from app.ui.tools_menu import ToolsButton
from app.ui.welcome import WelcomePage


class WindowParts(QMainWindow):
    request_delete = Signal(int)
    request_export = Signal(int, str, int)  # conversation, file, leaf
    request_search = Signal(int, str, int)  # request number, query, a conversation to leave out
    request_shutdown = Signal()
    search_shown = Signal()  # the hits of the newest query are in the list

    settings_file: Path | None
    settings: user_settings.Settings
    turn_extra: dict[str, Any]
    store: ChatStore
    overflow: OverflowGuard
    conversation_id: int | None
    leaf_id: int | None  # the last message of the branch on screen
    editing_id: int | None  # the question being edited, if any
    model_path: Path | None
    _ready_path: Path | None  # the model that last became ready
    _search_number: int
    _turn_shown: bool  # the turn under way is on screen (not deleted, not left)
    _drawn_busy: bool | None  # what the Send/Stop buttons show
    _answering_server: str | None
    closed: bool
    service: EngineService
    post: GuiPost
    tool_host: ToolHost | None
    controller: ChatController
    models: ModelController
    server_panel: ServerPanel
    downloads: DownloadManager
    attacher: DocumentAttacher
    store_thread: QThread
    store_worker: StoreWorker
    search_thread: QThread
    search_worker: SearchWorker

    sidebar: ConversationSidebar
    search: QLineEdit
    conversations: QListWidget
    header: QWidget  # the strip above the chat; holds the model bar (the picker's slot)
    model_bar: ModelBar
    server_picker: ServerPicker
    chat: ChatView
    welcome: WelcomePage
    pages: QStackedWidget
    undo_bar: UndoBar
    undo_button: QPushButton
    undo_timer: QTimer
    edit_banner: EditBanner
    prompt_progress: PromptProgress
    attachments: AttachmentBar
    composer: Composer
    composer_box: ComposerBox
    send_button: QToolButton
    stop_button: QToolButton
    tools_button: ToolsButton

    # Defined by a later module in MainWindow's bases, called by an earlier one.
    _show_problem: Callable[[str], None]
    _mark_left_out: Callable[[], None]
    cancel_edit: Callable[[], None]
    new_conversation: Callable[[], None]
    open_conversation: Callable[..., None]
    refresh_conversations: Callable[[], None]
