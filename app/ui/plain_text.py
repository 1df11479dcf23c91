"""Text from outside Lokal (documents, model output, titles, file names), shown as it is.

Qt reads a tooltip, a label or a message box as HTML as soon as its text merely
looks like HTML (Qt::mightBeRichText), and HTML may load files: a passage
holding ``<img src="/etc/hostname">`` would make hovering read that file.
Labels get Qt.PlainText; tooltips, which have no such switch, get the text
escaped inside markup of our own; message boxes are built with PlainText.
"""

from __future__ import annotations

import html

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget


def plain_tooltip(text: str) -> str:
    """``text`` for setToolTip(), shown as it is: left alone when Qt would show it as
    text anyway, else escaped inside markup of ours."""
    if not QtGui.Qt.mightBeRichText(text):
        return text
    return f"<p style='white-space:pre-wrap'>{html.escape(text, quote=False)}</p>"


def plain_label(label: QLabel) -> QLabel:
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def plain_message_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box


def ask(parent: QWidget | None, title: str, text: str) -> bool:
    """A Yes/No question whose text (a model's or a file's name in it) is plain text."""
    box = plain_message_box(
        parent,
        QMessageBox.Icon.Question,
        title,
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    return box.exec() == QMessageBox.StandardButton.Yes


def warn(parent: QWidget | None, title: str, text: str) -> None:
    plain_message_box(parent, QMessageBox.Icon.Warning, title, text).exec()
