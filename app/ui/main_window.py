"""The main window: conversations on the left, the chat on the right.

The GUI thread reads and writes the store for small, indexed operations only
(listing conversations, adding the question); everything slow — loading a
model, generating — happens in the inference worker's thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QThread, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.turn import TurnUpdate
from app.core.store import ChatStore
from app.ui.chat_view import ChatView, Stats
from app.ui.composer import Composer
from app.ui.inference_worker import InferenceWorker

EFFORTS = (("Low", "low"), ("Medium", "medium"), ("High", "high"))


class MainWindow(QMainWindow):
    request_load = Signal(object)  # a model's Path, to the worker's thread
    request_answer = Signal(int, int, str)  # conversation, question, effort
    request_shutdown = Signal()

    def __init__(self, database: Path | str) -> None:
        super().__init__()
        self.setWindowTitle("Lokal")
        self.resize(1100, 720)
        self.store = ChatStore(database)
        self.store.mark_interrupted_on_startup()
        self.conversation_id: int | None = None
        self.generating = False
        self._build()
        self._start_worker(database)
        self.refresh_conversations()

    # --- layout -------------------------------------------------------------

    def _build(self) -> None:
        self.new_button = QPushButton("&New chat")
        self.new_button.clicked.connect(self.new_conversation)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search all chats")
        self.search.setAccessibleName("Search all conversations")
        self.search.textChanged.connect(self.refresh_conversations)
        self.conversations = QListWidget()
        self.conversations.setAccessibleName("Conversations")
        self.conversations.itemActivated.connect(self._open_item)
        self.conversations.itemClicked.connect(self._open_item)
        sidebar = QWidget()
        side = QVBoxLayout(sidebar)
        for widget in (self.new_button, self.search, self.conversations):
            side.addWidget(widget)

        self.model_label = QLabel(
            "No model yet. Choose “Open model…” and pick a GGUF file, "
            "for example gpt-oss-20b-mxfp4.gguf."
        )
        self.model_label.setWordWrap(True)
        self.open_model_button = QPushButton("&Open model…")
        self.open_model_button.clicked.connect(self.choose_model)
        self.effort = QComboBox()
        self.effort.setAccessibleName("Reasoning effort")
        for label, value in EFFORTS:
            self.effort.addItem(f"Reasoning: {label}", value)
        self.effort.setCurrentIndex(1)
        top = QHBoxLayout()
        top.addWidget(self.model_label, 1)
        top.addWidget(self.effort)
        top.addWidget(self.open_model_button)

        self.chat = ChatView()
        self.composer = Composer()
        self.composer.submitted.connect(self.send)
        self.send_button = QPushButton("Send")
        self.send_button.clicked.connect(self.composer.submit)
        self.stop_button = QPushButton("&Stop")
        self.stop_button.clicked.connect(self.stop)
        self.stop_button.hide()
        bottom = QHBoxLayout()
        bottom.addWidget(self.composer, 1)
        bottom.addWidget(self.send_button)
        bottom.addWidget(self.stop_button)

        main = QWidget()
        column = QVBoxLayout(main)
        column.addLayout(top)
        column.addWidget(self.chat, 1)
        column.addLayout(bottom)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(sidebar)
        splitter.addWidget(main)
        splitter.setSizes([260, 840])
        self.setCentralWidget(splitter)

        for text, keys, slot in (
            ("Stop", QKeySequence(Qt.Key.Key_Escape), self.stop),
            ("New chat", QKeySequence(QKeySequence.StandardKey.New), self.new_conversation),
        ):
            action = QAction(text, self)
            action.setShortcut(keys)
            action.triggered.connect(slot)
            self.addAction(action)

    def _start_worker(self, database: Path | str) -> None:
        self.thread_ = QThread(self)
        self.worker = InferenceWorker(database)
        self.worker.moveToThread(self.thread_)
        self.request_load.connect(self.worker.load_model)
        self.request_answer.connect(self.worker.answer)
        self.worker.model_state.connect(self._model_state)
        self.worker.turn_update.connect(self._turn_update)
        self.worker.turn_failed.connect(self._turn_failed)
        self.request_shutdown.connect(self.worker.shutdown)
        self.thread_.start()

    # --- model --------------------------------------------------------------

    def choose_model(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open a model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
        )
        if name:
            self.load_model(Path(name))

    def load_model(self, path: Path) -> None:
        self.request_load.emit(path)

    def _model_state(self, state: str, detail: str) -> None:
        prefix = {"loading": "⏳ ", "ready": "● ", "failed": "⚠ "}.get(state, "")
        self.model_label.setText(prefix + detail)
        self.model_ready = state == "ready"

    # --- conversations ------------------------------------------------------

    def refresh_conversations(self) -> None:
        self.conversations.clear()
        query = self.search.text().strip()
        if query:
            for hit in self.store.search(query, limit=50):
                snippet = "".join(f"«{t}»" if matched else t for t, matched in hit.parts())
                item = QListWidgetItem(f"{hit.title}\n{snippet}")
                item.setData(Qt.ItemDataRole.UserRole, hit.conversation_id)
                self.conversations.addItem(item)
            return
        for conversation in self.store.list_conversations():
            item = QListWidgetItem(conversation.title)
            item.setData(Qt.ItemDataRole.UserRole, conversation.id)
            self.conversations.addItem(item)

    def new_conversation(self) -> None:
        self.conversation_id = None
        self.chat.clear()
        self.composer.setFocus()

    def _open_item(self, item: QListWidgetItem) -> None:
        self.open_conversation(int(item.data(Qt.ItemDataRole.UserRole)))

    def open_conversation(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        self.chat.clear()
        for message in self.store.thread(conversation_id):
            bubble = self.chat.add_message(message.role, message.analysis, message.content)
            if message.role == "assistant":
                bubble.set_stats(
                    Stats(
                        message.tokens_per_second,
                        message.time_to_first_token_s,
                        message.analysis_tokens or 0,
                        message.final_tokens or 0,
                        message.status,
                    )
                )

    # --- a turn -------------------------------------------------------------

    def send(self, text: str) -> None:
        if self.generating:
            return
        if self.conversation_id is None:
            title = text.splitlines()[0][:60]
            self.conversation_id = self.store.create_conversation(title).id
            self.refresh_conversations()
        thread = self.store.thread(self.conversation_id)
        parent = thread[-1].id if thread else None
        question = self.store.add_user_message(self.conversation_id, text, parent)
        self.chat.add_message("user", final=text)
        self.chat.add_message("assistant")
        self._set_generating(True)
        self.request_answer.emit(self.conversation_id, question.id, self.effort.currentData())

    def stop(self) -> None:
        if self.generating:
            self.worker.stop()

    def _turn_update(self, update: TurnUpdate) -> None:
        self.chat.stream_into_last(update.analysis, update.final)
        if update.finished:
            self.chat.flush()
            stats = update.stats
            self.chat.bubbles[-1].set_stats(
                Stats(
                    stats.tokens_per_second if stats else None,
                    stats.time_to_first_token_s if stats else None,
                    (stats.analysis_tokens or 0) if stats else 0,
                    (stats.final_tokens or 0) if stats else 0,
                    update.error or update.status,
                )
            )
            self._set_generating(False)

    def _turn_failed(self, message: str) -> None:
        self.chat.bubbles[-1].set_text("", f"*{message}*")
        self._set_generating(False)

    def _set_generating(self, generating: bool) -> None:
        self.generating = generating
        self.send_button.setVisible(not generating)
        self.stop_button.setVisible(generating)

    def closeEvent(self, event: object) -> None:
        self.worker.stop()
        self.request_shutdown.emit()  # runs in the worker's thread once the turn has ended
        self.thread_.wait(10_000)
        self.store.close()
        super().closeEvent(event)  # type: ignore[arg-type]
