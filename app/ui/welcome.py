"""What a person sees before there is a model: what Lokal is and the one thing to do next."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


class WelcomePage(QWidget):
    open_model = Signal()
    download_model = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        self.heading.setStyleSheet("font-size: 22pt; font-weight: 600;")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.download_button = QPushButton()
        self.download_button.setDefault(True)
        self.download_button.clicked.connect(self.download_model)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_model)
        # The one thing to do next stands out in the accent colour; the other is quiet.
        # palette(...) colours follow a theme switch (appearance._restyle).
        self.download_button.setStyleSheet(
            "QPushButton { background: palette(highlight); color: palette(highlighted-text);"
            " border: none; border-radius: 8px; padding: 8px 16px; }"
            "QPushButton:focus { border: 2px solid palette(text); }"
        )
        self.open_button.setStyleSheet(
            "QPushButton { background: palette(base); color: palette(text);"
            " border: 1px solid palette(mid); border-radius: 8px; padding: 8px 16px; }"
            "QPushButton:focus { border: 2px solid palette(highlight); }"
        )
        self.privacy = QLabel()
        self.privacy.setWordWrap(True)
        self.privacy.setStyleSheet("color: palette(placeholder-text);")
        # A column of fixed width, centred: word-wrapped labels given an
        # alignment of their own in a layout get too little height in Qt.
        column = QWidget()
        column.setFixedWidth(560)
        inner = QVBoxLayout(column)
        inner.setSpacing(14)
        inner.addWidget(self.heading)
        inner.addWidget(self.body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        inner.addLayout(buttons)
        inner.addWidget(self.privacy)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Welcome to Lokal"))
        self.body.setText(
            self.tr(
                "Lokal answers with OpenAI's gpt-oss model, running on this computer. "
                "To begin, download gpt-oss-20b once (about 12 GB; Lokal checks that it "
                "fits this computer first, and the download resumes if interrupted), or "
                "open a GGUF file you already have."
            )
        )
        self.download_button.setText(self.tr("Download gpt-oss-20b…"))
        self.download_button.setAccessibleName(self.tr("Download the model"))
        self.download_button.setAccessibleDescription(
            self.tr("Downloads gpt-oss-20b from the Hugging Face Hub, once")
        )
        self.open_button.setText(self.tr("Open a GGUF file…"))
        self.open_button.setAccessibleName(self.tr("Open a model file"))
        self.open_button.setAccessibleDescription(
            self.tr("Loads a GGUF model file that is already on this computer")
        )
        self.privacy.setText(
            self.tr(
                "Nothing you type or attach leaves this computer. Conversations are kept "
                "in Lokal's folder until you delete them."
            )
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
