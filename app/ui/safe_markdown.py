"""Showing untrusted Markdown (model answers, document text) without letting it act.

Model output and documents are hostile input. This view:
- renders Markdown with raw HTML switched off, so `<img>`, `<script>` or
  `<a href>` written as HTML stay visible text;
- never loads a resource: every image or stylesheet request gets nothing back,
  whether it names http:, file:, data: or qrc:;
- never follows a link by itself: a click asks `confirm_link` with the full
  URL, and only http(s) links can be opened at all. The dialogs show the link
  as plain text, its host in punycode and hidden characters made visible.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QUrl
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QMouseEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextOption,
)
from PySide6.QtWidgets import QMessageBox, QTextBrowser, QWidget

from app.ui.link_text import link_text
from app.ui.plain_text import plain_message_box
from app.ui.text import fill

OPENABLE_SCHEMES = frozenset({"http", "https"})
CODE_BACKGROUND = QColor(127, 127, 127, 40)  # translucent: readable in light and dark themes
# GitHub dialect (tables, fenced code, task lists) with raw HTML off.
MARKDOWN_FEATURES = (
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub
    | QTextDocument.MarkdownFeature.MarkdownNoHTML
)


def link_shown(parent: QWidget, url: QUrl) -> str:
    """The link as the dialogs show it (see link_text.py); the words written, if Qt
    could not parse them."""
    return link_text(url, getattr(parent, "clicked_anchor", ""))


def tell_not_opened(parent: QWidget, url: QUrl) -> None:
    text = fill(
        QCoreApplication.translate(
            "SafeMarkdownView",
            "Lokal only opens web links (http and https). This one was not opened:\n\n%1",
        ),
        link_shown(parent, url),
    )
    box = plain_message_box(
        parent,
        QMessageBox.Icon.Information,
        QCoreApplication.translate("SafeMarkdownView", "Link not opened"),
        text,
    )
    box.exec()


def ask_before_opening(parent: QWidget, url: QUrl) -> bool:
    text = fill(
        QCoreApplication.translate(
            "SafeMarkdownView", "This link leads outside Lokal:\n\n%1\n\nOpen it in your browser?"
        ),
        link_shown(parent, url),
    )
    box = plain_message_box(
        parent,
        QMessageBox.Icon.Question,
        QCoreApplication.translate("SafeMarkdownView", "Open link?"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
    )
    return box.exec() == QMessageBox.StandardButton.Yes


def safe_document(markdown: str, parent: QObject | None = None) -> QTextDocument:
    """A document for `markdown` in which every image became its alt text.

    Parsed into a document no view has laid out yet, so Qt never decodes an
    image (a data: URL would otherwise be decoded without asking anyone).
    """
    document = QTextDocument(parent)
    document.setMarkdown(markdown, MARKDOWN_FEATURES)
    images: list[tuple[int, int, str]] = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().hasProperty(QTextFormat.Property.BlockCodeFence):
            code = QTextBlockFormat(block.blockFormat())
            code.setBackground(CODE_BACKGROUND)
            QTextCursor(block).setBlockFormat(code)
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat():
                alt = fmt.toImageFormat().property(QTextFormat.Property.ImageAltText)
                images.append((fragment.position(), fragment.length(), str(alt or "image")))
            it += 1
        block = block.next()
    for position, length, alt in reversed(images):
        cursor = QTextCursor(document)
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.insertText(f"[image: {alt}]", QTextCharFormat())
    return document


class SafeMarkdownView(QTextBrowser):
    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        confirm_link: Callable[[QWidget, QUrl], bool] = ask_before_opening,
        refuse_link: Callable[[QWidget, QUrl], None] = tell_not_opened,
        open_url: Callable[[QUrl], object] = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self._confirm_link = confirm_link
        self._refuse_link = refuse_link
        self._open_url = open_url
        self.blocked_resources: list[str] = []
        self._source: str | None = None  # the Markdown shown, if set_markdown showed it
        # The link as written under the last press: Qt hands an unparsable one over empty.
        self.clicked_anchor = ""
        self.setOpenLinks(False)
        # Long words and URLs wrap anywhere instead of running past the edge.
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._link_clicked)

    def set_markdown(self, text: str) -> None:
        self._source = text
        self.setDocument(safe_document(text, parent=self))

    def changeEvent(self, event: QEvent) -> None:
        # Qt gives links the palette's link colour as the Markdown is read, so a theme
        # switch needs the text read again (the blue for a light page is dim on a dark one).
        if event.type() == QEvent.Type.PaletteChange and self._source is not None:
            SafeMarkdownView.set_markdown(self, self._source)
        super().changeEvent(event)

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        # Returning None tells Qt there is nothing; it then draws no image at all.
        self.blocked_resources.append(url.toString() if isinstance(url, QUrl) else str(url))
        return None

    def _opened_inside(self, url: QUrl) -> bool:
        """A link of Lokal's own (a citation of this answer), opened by the widget that
        made it: the first one above this view with ``open_internal_link``."""
        owner = self.parent()
        while owner is not None:
            opener = getattr(owner, "open_internal_link", None)
            if callable(opener):
                return bool(opener(url))
            owner = owner.parent()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.clicked_anchor = self.anchorAt(event.position().toPoint())
        super().mousePressEvent(event)

    def _link_clicked(self, url: QUrl) -> None:
        if self._opened_inside(url):
            return
        if not url.isValid() or url.scheme().lower() not in OPENABLE_SCHEMES:
            self._refuse_link(self, url)
            return
        if self._confirm_link(self, url):
            self._open_url(url)
