"""The question asked when a conversation no longer fits the model's context.

The choices are stacked, one full-width button each: side by side (as a message box
lays them out) three long German choices did not fit a small screen and were cut.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


def ask_overflow_choice(parent: QWidget | None, sentence: str, has_documents: bool) -> str | None:
    """The person's choice (an app.core.chat.overflow choice), or None to go back and edit."""
    translate = QCoreApplication.translate
    box = QDialog(parent)
    box.setWindowTitle(translate("OverflowDialog", "The conversation is too long"))
    layout = QVBoxLayout(box)
    text = QLabel(sentence)
    text.setWordWrap(True)
    text.setTextFormat(Qt.TextFormat.PlainText)
    layout.addWidget(text)
    note = QLabel(translate("OverflowDialog", "Lokal remembers your choice for this conversation."))
    note.setWordWrap(True)
    layout.addWidget(note)
    options = [
        ("summary", translate("OverflowDialog", "New conversation with a summary"),
         translate("OverflowDialog", "Goes on in a new conversation that begins with a summary "
                   "of this one")),
        ("drop_oldest", translate("OverflowDialog", "Leave out the oldest turns"),
         translate("OverflowDialog", "The model no longer reads the first turns of this "
                   "conversation; they stay in the window")),
    ]  # fmt: skip
    if has_documents:
        options.append(
            ("retrieval_only", translate("OverflowDialog", "Documents as retrieval only"),
             translate("OverflowDialog", "The model reads only the passages of the attached "
                       "documents that match, and not the oldest turns"))
        )  # fmt: skip
    chosen: list[str] = []

    def choose(choice: str) -> None:
        chosen.append(choice)
        box.accept()

    for index, (choice, label, description) in enumerate(options):
        button = QPushButton(label)
        button.setToolTip(description)
        button.setAutoDefault(index == 0)
        button.setDefault(index == 0)
        button.clicked.connect(lambda _checked=False, c=choice: choose(c))
        layout.addWidget(button)
    cancel = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    cancel.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleDescription(
        translate("OverflowDialog", "Goes back to the message, to shorten it")
    )
    cancel.rejected.connect(box.reject)
    layout.addWidget(cancel)
    box.setMinimumWidth(420)
    box.exec()
    return chosen[0] if chosen else None
