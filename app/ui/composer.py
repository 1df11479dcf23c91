"""Where people type: Enter sends, Shift+Enter starts a new line."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

MAX_LINES = 8


class Composer(QPlainTextEdit):
    submitted = Signal(str)
    files_pasted = Signal(list)  # list[Path]: files pasted or dropped become attachments

    def insertFromMimeData(self, source: QMimeData) -> None:
        # Whatever route the paste took (Ctrl+V, the context menu, a drop), local
        # files are attached rather than pasted as their names.
        paths = [Path(url.toLocalFile()) for url in source.urls() if url.isLocalFile()]
        if paths:
            self.files_pasted.emit(paths)
            return
        super().insertFromMimeData(source)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.retranslate()
        self.setTabChangesFocus(True)  # Tab moves on to the next control: keyboard users
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def retranslate(self) -> None:
        self.setPlaceholderText(self.tr("Ask anything — Enter sends, Shift+Enter adds a line"))
        self.setAccessibleName(self.tr("Message"))
        self.setAccessibleDescription(
            self.tr("Your message to the model: Enter sends it, Shift+Enter adds a line")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _fit(self) -> None:
        """One line to begin with, growing with the text up to MAX_LINES."""
        lines = max(1, min(self.document().size().height(), MAX_LINES))
        margins = self.contentsMargins().top() + self.contentsMargins().bottom()
        height = int(
            lines * self.fontMetrics().lineSpacing() + 2 * self.document().documentMargin()
        )
        self.setFixedHeight(height + margins + 4)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        if enter and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.submit()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        text = self.toPlainText().strip()
        if text and self.isEnabled():
            self.clear()
            self.submitted.emit(text)
