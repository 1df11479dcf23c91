"""The two strips above and below the chat: "Deleted … Undo" and "Editing a question"."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from app.ui.text import fill

UNDO_SECONDS = 10


class _Strip(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # may hold a conversation's title
        self.button = QPushButton()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)
        self.hide()

    def retranslate(self) -> None:
        """Set the texts in the current language."""

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class UndoBar(_Strip):
    """A deleted conversation is hidden at once and deleted for real after UNDO_SECONDS,
    unless undone; a second deletion carries out the first at once."""

    delete_now = Signal(int)  # the conversation to delete for real
    undone = Signal(int)  # the conversation to show again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pending: tuple[int, str] | None = None  # the conversation and its title
        self.button.clicked.connect(self.undo)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.carry_out)
        self.retranslate()

    def hold(self, conversation_id: int, title: str) -> None:
        self.carry_out()  # an earlier pending one goes now
        self.pending = (conversation_id, title)
        self.retranslate()
        self.show()
        self.timer.start(UNDO_SECONDS * 1000)

    def undo(self) -> None:
        if self.pending is None:
            return
        conversation_id = self.pending[0]
        self.pending = None
        self.timer.stop()
        self.hide()
        self.undone.emit(conversation_id)

    def carry_out(self) -> None:
        self.timer.stop()
        self.hide()
        if self.pending is not None:
            conversation_id = self.pending[0]
            self.pending = None
            self.delete_now.emit(conversation_id)

    def retranslate(self) -> None:
        self.button.setText(self.tr("&Undo"))
        self.button.setAccessibleName(self.tr("Undo deleting the conversation"))
        self.button.setAccessibleDescription(self.tr("Brings the deleted conversation back"))
        if self.pending is not None:
            self.label.setText(fill(self.tr("Deleted “%1”."), self.pending[1]))


class EditBanner(_Strip):
    """Shown while a question is being edited; its button cancels the edit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retranslate()

    def retranslate(self) -> None:
        self.button.setText(self.tr("Cancel editing"))
        self.button.setAccessibleName(self.tr("Cancel editing"))
        self.button.setAccessibleDescription(
            self.tr("Leaves the question as it was and empties the message box")
        )
        self.label.setText(
            self.tr("Editing a question: sending makes a new version; the old one stays.")
        )
