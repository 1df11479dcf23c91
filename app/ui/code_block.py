"""A code block inside an answer: monospaced, highlighted, one click to copy.

The highlighter knows the shapes most languages share (comments, strings,
numbers, keywords) rather than every grammar: it never executes or loads
anything, and it cannot be wrong in a way that hides text.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.icons import icon

_KEYWORD_TEXT = """
and as assert async await break case catch class const continue def default del do elif
else enum except export extends false False final finally fn for from func function go if
impl import in interface is lambda let loop match mod module mut new nil None not null or
package pass private protected pub public raise return self static struct super switch this
throw trait true True try type typeof use var void while with yield select where insert
update delete create table into values echo fi then esac done local
"""
KEYWORDS = frozenset(_KEYWORD_TEXT.split())
_HASH_COMMENT_LANGUAGES = frozenset(
    {"python", "py", "bash", "sh", "shell", "zsh", "ruby", "rb", "yaml", "yml", "toml", "r"}
)
_RULES_WORD = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
_NUMBER = re.compile(r"\b(0x[0-9a-fA-F]+|\d+(\.\d+)?([eE][+-]?\d+)?)\b")
_STRING = re.compile(r"\"(\\.|[^\"\\])*\"|'(\\.|[^'\\])*'|`(\\.|[^`\\])*`")


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Weight.Bold)
    fmt.setFontItalic(italic)
    return fmt


def _dark_palette() -> bool:
    return QGuiApplication.palette().color(QPalette.ColorRole.Base).lightness() < 128


class CodeHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, language: str) -> None:
        super().__init__(document)
        self.language = language
        dark = _dark_palette()
        self.keyword = _format("#c792ea" if dark else "#7c1fa2", bold=True)
        self.string = _format("#c3e88d" if dark else "#2e7d32")
        self.number = _format("#f78c6c" if dark else "#b34700")
        self.comment = _format("#8a94a6" if dark else "#6a737d", italic=True)
        self.comment_start = re.compile(
            r"#.*$" if language in _HASH_COMMENT_LANGUAGES else r"//.*$|--\s.*$"
        )

    def highlightBlock(self, text: str) -> None:
        for match in _RULES_WORD.finditer(text):
            if match.group(0) in KEYWORDS:
                self.setFormat(match.start(), match.end() - match.start(), self.keyword)
        for match in _NUMBER.finditer(text):
            self.setFormat(match.start(), match.end() - match.start(), self.number)
        strings = [(m.start(), m.end()) for m in _STRING.finditer(text)]
        for start, end in strings:
            self.setFormat(start, end - start, self.string)
        for match in self.comment_start.finditer(text):
            # A comment marker inside a string is part of the string.
            if not any(start <= match.start() < end for start, end in strings):
                self.setFormat(match.start(), len(text) - match.start(), self.comment)
                break


class CodeBlock(QFrame):
    COPIED_MS = 1500

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codeBlock")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.language_label = QLabel()
        self.language_label.setTextFormat(Qt.TextFormat.PlainText)  # the model wrote it
        self.language_label.setObjectName("codeLanguage")
        self.language_label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.copy_button = QPushButton()
        self.copy_button.setFlat(True)
        self.copy_button.setIcon(icon("copy"))
        self.copy_button.clicked.connect(self.copy)
        header = QHBoxLayout()
        header.setContentsMargins(6, 2, 2, 0)
        header.addWidget(self.language_label, 1)
        header.addWidget(self.copy_button)
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setFrameShape(QFrame.Shape.NoFrame)
        self.editor.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.editor.setTabChangesFocus(True)
        self.editor.installEventFilter(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(self.editor)
        self._highlighter: CodeHighlighter | None = None
        self._language: str | None = None
        self._text = ""
        self._shown = ""
        self.retranslate()

    def retranslate(self) -> None:
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setAccessibleName(self.tr("Copy code to the clipboard"))
        self.copy_button.setToolTip(self.tr("Copies this code alone, without the text around it"))
        self.editor.setAccessibleName(self.tr("Code"))
        self.editor.setAccessibleDescription(
            self.tr("A code block of the answer, read-only; its text can be selected")
        )
        self.language_label.setText(self._language or self.tr("code"))

    def changeEvent(self, event: QEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.LanguageChange:
            self.retranslate()
        elif kind == QEvent.Type.PaletteChange and self._highlighter is not None:
            # The colours suit a light or a dark background: chosen again for the new one.
            self._highlighter.setDocument(None)
            self._highlighter = CodeHighlighter(self.editor.document(), self._language or "")
        super().changeEvent(event)

    def set_code(self, text: str, language: str, shown: str | None = None) -> None:
        """``text`` is what Copy copies; ``shown`` what the screen shows (a cut of it)."""
        if language != self._language:
            self._language = language
            self.language_label.setText(language or self.tr("code"))
            self._highlighter = CodeHighlighter(self.editor.document(), language)
        self._text = text
        shown = text if shown is None else shown
        if shown == self._shown:
            return
        if shown.startswith(self._shown) and self._shown:
            # Streaming: append the new part, so the highlighter only sees new lines.
            cursor = self.editor.textCursor()
            cursor.movePosition(cursor.MoveOperation.End)
            cursor.insertText(shown[len(self._shown) :])
        else:
            self.editor.setPlainText(shown)
        self._shown = shown
        self._fit()

    def text(self) -> str:
        return self._text

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self._text)
        self.copy_button.setText(self.tr("Copied"))
        QTimer.singleShot(self.COPIED_MS, self.retranslate)

    def _fit(self) -> None:
        lines = max(1, self.editor.document().blockCount())
        line_height = self.editor.fontMetrics().lineSpacing()
        scrollbar = self.editor.horizontalScrollBar().sizeHint().height()
        self.editor.setFixedHeight(lines * line_height + scrollbar + 12)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.editor and event.type() == QEvent.Type.FontChange:
            self._fit()
        return False
