"""The question asked when a conversation no longer fits the model's context."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def ask_overflow_choice(parent: QWidget | None, sentence: str, has_documents: bool) -> str | None:
    """The person's choice (an app.core.chat.overflow choice), or None to go back and edit."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Information)
    box.setWindowTitle(QCoreApplication.translate("OverflowDialog", "The conversation is too long"))
    box.setText(sentence)
    box.setInformativeText(
        QCoreApplication.translate(
            "OverflowDialog", "Lokal remembers your choice for this conversation."
        )
    )
    choices: dict[object, str] = {}
    summary = box.addButton(
        QCoreApplication.translate("OverflowDialog", "New conversation with a summary"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    choices[summary] = "summary"
    drop = box.addButton(
        QCoreApplication.translate("OverflowDialog", "Leave out the oldest turns"),
        QMessageBox.ButtonRole.AcceptRole,
    )
    choices[drop] = "drop_oldest"
    if has_documents:
        documents = box.addButton(
            QCoreApplication.translate("OverflowDialog", "Documents as retrieval only"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        choices[documents] = "retrieval_only"
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(summary)
    box.exec()
    return choices.get(box.clickedButton())
