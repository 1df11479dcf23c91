"""Under an answer: the document passages it was given, and a way to look at each.

A click on a PDF source opens the file in the system's viewer at that page
(a file URL with #page=N, which most PDF viewers honour); anything else, or a
file that has moved, shows the passage itself in a dialog. Nothing opens
without a click. Passage text is shown as plain text, never as HTML.

Where a passage sits ("page 4", "lines 10–24") is said here, in the window's
language; the store's own ``label()`` stays English for the prompt and the CLI.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.store.document_records import Citation
from app.ui.button_descriptions import describe_standard_buttons
from app.ui.flow_layout import FlowLayout
from app.ui.plain_text import plain_tooltip
from app.ui.text import fill

_PREVIEW_CHARS = 300
_BUTTON_WIDTH = 360  # pixels of a source's label; longer ones are cut in the middle

UrlOpener = Callable[[QUrl], bool]


def location_text(unit: str, start: int, end: int, heading: str | None = None) -> str:
    """'page 4', 'pages 4–5', 'lines 10–24', 'section “Budget”', translated."""
    translate = QCoreApplication.translate
    if unit == "paragraph" and heading:
        return fill(translate("SourcesView", "section “%1”"), heading)
    if end > start:
        ranges = {
            "page": translate("SourcesView", "pages %1–%2"),
            "line": translate("SourcesView", "lines %1–%2"),
            "paragraph": translate("SourcesView", "paragraphs %1–%2"),
        }
        return fill(ranges[unit], start, end)
    single = {
        "page": translate("SourcesView", "page %1"),
        "line": translate("SourcesView", "line %1"),
        "paragraph": translate("SourcesView", "paragraph %1"),
    }
    return fill(single[unit], start)


def citation_label(citation: Citation) -> str:
    """'guide.pdf, page 18': the file and where in it, as the window shows it."""
    first = citation.first
    if len(citation.passages) == 1:
        where = location_text(first.unit, first.start, first.end, first.heading)
    else:
        start = min(p.start for p in citation.passages)
        end = max(p.end for p in citation.passages)
        where = location_text(first.unit, start, end)
    return f"{first.name}, {where}"


def citation_url(citation: Citation) -> QUrl | None:
    """The file to open for a citation (PDFs at their page), or None if it is not there."""
    path = citation.first.path
    if not path or not Path(path).is_file():
        return None
    url = QUrl.fromLocalFile(path)
    page = citation.first.page
    if page is not None:
        url.setFragment(f"page={page}")
    return url


class PassageDialog(QDialog):
    """The text the model was given for one citation, with a button to open the file."""

    def __init__(
        self, citation: Citation, opener: UrlOpener, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.citation = citation
        self.resize(640, 420)
        self.text = QPlainTextEdit(citation.text)
        self.text.setReadOnly(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        describe_standard_buttons(buttons)
        buttons.rejected.connect(self.reject)
        url = citation_url(citation)
        self.open_button: QPushButton | None = None
        if url is not None:
            plain = QUrl.fromLocalFile(url.toLocalFile())  # the whole file, not a page
            self.open_button = buttons.addButton("", QDialogButtonBox.ButtonRole.ActionRole)
            self.open_button.clicked.connect(lambda: opener(plain))
        layout = QVBoxLayout(self)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        self.retranslate()

    def retranslate(self) -> None:
        label = citation_label(self.citation)
        self.setWindowTitle(f"[{self.citation.number}] {label}")
        self.label.setText(label)
        self.text.setAccessibleName(self.tr("Passage text"))
        if self.open_button is not None:
            self.open_button.setText(self.tr("&Open file"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SourcesView(QWidget):
    """'Sources:' and one button per citation, numbered as the answer cites them."""

    def __init__(
        self,
        citations: Sequence[Citation] = (),
        parent: QWidget | None = None,
        *,
        opener: UrlOpener = QDesktopServices.openUrl,
    ) -> None:
        super().__init__(parent)
        self._opener = opener
        self.buttons: list[QPushButton] = []
        self._citations: list[Citation] = []
        self.dialog: PassageDialog | None = None
        # Sources flow onto more lines as the answer's width fills, like words.
        self._row = FlowLayout(self)
        self._title = QLabel()
        self.set_sources(citations)

    def retranslate(self) -> None:
        self._title.setText(self.tr("Sources:"))
        for button, citation in zip(self.buttons, self._citations, strict=True):
            label = citation_label(citation)
            text = f"[{citation.number}] {label}"
            # A long file name is cut in the middle: a button wider than the chat would
            # push the answer's buttons off the screen.
            metrics = button.fontMetrics()
            button.setText(metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, _BUTTON_WIDTH))
            button.setAccessibleName(fill(self.tr("Source %1: %2"), citation.number, label))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_sources(self, citations: Sequence[Citation]) -> None:
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self._title:
                widget.deleteLater()
        self.buttons = []
        self._citations = list(citations)
        self._row.addWidget(self._title)
        for citation in citations:
            button = QPushButton()
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            preview = citation.text[:_PREVIEW_CHARS] + ("…" if len(citation.text) > 300 else "")
            button.setToolTip(plain_tooltip(preview))
            button.clicked.connect(lambda _=False, c=citation: self.open_citation(c))
            self._row.addWidget(button)
            self.buttons.append(button)
        self.retranslate()
        self.setVisible(bool(citations))

    def open_citation(self, citation: Citation) -> None:
        """What a click does: the PDF at its page, else the passage in a dialog."""
        self.dialog = show_citation(citation, self._opener, self) or self.dialog


def show_citation(citation: Citation, opener: UrlOpener, parent: QWidget) -> PassageDialog | None:
    """A PDF opens at the cited page; anything else shows the passage in a dialog."""
    url = citation_url(citation)
    if url is not None and citation.first.page is not None and opener(url):
        return None
    dialog = PassageDialog(citation, opener, parent)
    dialog.open()
    return dialog
