"""While the engine reads a long prompt (documents on a CPU take a while): how far it is."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from app.core.chat.controller import PromptReading
from app.ui.locale_format import integer
from app.ui.text import fill


class PromptProgress(QWidget):
    """ "Reading the conversation: N of M tokens", a bar and the time left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel()
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(8)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.bar, 1)
        self._reading: PromptReading | None = None
        self.hide()

    def show_reading(self, reading: PromptReading | None) -> None:
        self._reading = reading
        if reading is None or reading.total <= 0:
            self.hide()
            return
        self.bar.setRange(0, reading.total)
        self.bar.setValue(min(reading.evaluated, reading.total))
        self._retranslate()
        self.show()

    def _retranslate(self) -> None:
        reading = self._reading
        if reading is None:
            return
        text = fill(
            self.tr("Reading the conversation: %1 of %2 tokens"),
            integer(reading.evaluated),
            integer(reading.total),
        )
        if reading.eta_s is not None:
            text += " · " + fill(self.tr("about %1 s left"), integer(round(max(reading.eta_s, 1))))
        self.label.setText(text)
        self.bar.setAccessibleName(text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)
