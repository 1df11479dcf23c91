"""An answer's body: Markdown prose and code blocks, each in its own widget.

Widgets are reused in place as the text grows, so streaming changes only the
last one or two of them.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtGui import QPalette, QTextCursor
from PySide6.QtWidgets import QApplication, QFrame, QSizePolicy, QVBoxLayout, QWidget

from app.core.chat.segments import Code, Prose, split_segments
from app.ui.code_block import CodeBlock
from app.ui.long_text import Shown, cut_for_screen
from app.ui.safe_markdown import SafeMarkdownView


class GrowingMarkdownView(SafeMarkdownView):
    """A Markdown view as tall as its text, so the page scrolls and not each bubble."""

    def __init__(self, parent: QWidget | None = None, *, dim: bool = False) -> None:
        super().__init__(parent)
        self._dim = dim  # text in the placeholder colour (the reasoning)
        self._follow_palette()
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFrameShape(QFrame.Shape.NoFrame)
        # The bubble's background shows through.
        self.viewport().setAutoFillBackground(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._markdown: str | None = None
        self._streamed: str | None = None

    def set_markdown(self, text: str) -> None:
        if text == self._markdown:
            return
        self._markdown = text
        self._streamed = None
        super().set_markdown(text)
        self._fit()

    def stream_plain(self, text: str) -> None:
        """Show growing text as plain text, appending only what is new.

        Parsing Markdown again costs time in proportion to the whole text; a
        long reasoning re-rendered ten times a second would stall the window.
        Once it is complete, set_markdown() shows it formatted.
        """
        if self._streamed is not None and text.startswith(self._streamed):
            cursor = QTextCursor(self.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(text[len(self._streamed) :])
        else:
            self.setPlainText(text)
        self._streamed = text
        self._markdown = self._source = None
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._follow_palette()  # a theme switch: dim text follows it
        super().changeEvent(event)  # may read the text again (a theme switch)
        if event.type() == QEvent.Type.PaletteChange:
            self._fit()

    def _follow_palette(self) -> None:
        """Dim text takes the placeholder colour of the application's palette of now."""
        if not self._dim:
            return
        colour = QApplication.palette().color(QPalette.ColorRole.PlaceholderText)
        if self.palette().color(QPalette.ColorRole.Text) != colour:
            palette = QPalette()  # only this role set: the others follow the parent's
            palette.setColor(QPalette.ColorRole.Text, colour)
            self.setPalette(palette)

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def _fit(self) -> None:
        self.document().setTextWidth(self.viewport().width())
        height = int(self.document().size().height()) + 6
        if height != self.height():
            self.setFixedHeight(height)

    def sizeHint(self) -> QSize:
        return QSize(400, self.height())


class MessageContent(QWidget):
    """An answer's segments; long ones are shown cut (long_text.py) until ``set_whole``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._parts: list[GrowingMarkdownView | CodeBlock] = []
        self._markdown = ""
        self._whole = False
        self.hidden = 0  # characters the screen leaves out

    def markdown(self) -> str:
        return self._markdown

    def code_blocks(self) -> list[CodeBlock]:
        return [part for part in self._parts if isinstance(part, CodeBlock)]

    def prose_views(self) -> list[GrowingMarkdownView]:
        return [part for part in self._parts if isinstance(part, GrowingMarkdownView)]

    def natural_width(self) -> int:
        """The width the text takes unwrapped (a code block: as wide as it may be)."""
        if self.code_blocks():
            return 1 << 20
        widest = 0
        for view in self.prose_views():
            document = view.document().clone()
            document.setTextWidth(-1)
            widest = max(widest, int(document.idealWidth()) + 8)
        return widest

    def set_whole(self, whole: bool) -> None:
        """Show every character, however long the lines (a person asked for it)."""
        if whole != self._whole:
            self._whole = whole
            markdown, self._markdown = self._markdown, ""
            self.set_markdown(markdown)

    def set_markdown(self, markdown: str) -> None:
        if markdown == self._markdown:
            return
        self._markdown = markdown
        segments = split_segments(markdown)
        self.hidden = 0
        for index, segment in enumerate(segments):
            wanted = CodeBlock if isinstance(segment, Code) else GrowingMarkdownView
            if index < len(self._parts) and not isinstance(self._parts[index], wanted):
                for stale in self._parts[index:]:
                    stale.deleteLater()
                del self._parts[index:]
            if index == len(self._parts):
                part = CodeBlock() if isinstance(segment, Code) else GrowingMarkdownView()
                self._layout.addWidget(part)
                self._parts.append(part)
            part = self._parts[index]
            shown = Shown(segment.text, 0) if self._whole else cut_for_screen(segment.text)
            self.hidden += shown.hidden
            if isinstance(segment, Code) and isinstance(part, CodeBlock):
                part.set_code(segment.text, segment.language, shown=shown.text)
            elif isinstance(segment, Prose) and isinstance(part, GrowingMarkdownView):
                part.set_markdown(shown.text)
        for stale in self._parts[len(segments) :]:
            stale.deleteLater()
        del self._parts[len(segments) :]
