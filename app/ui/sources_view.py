"""Under an answer: the document passages it was given, and a way to look at each.

A click on a PDF source opens the file in the system's viewer at that page
(a file URL with #page=N, which most PDF viewers honour); anything else, or a
file that has moved, shows the passage itself in a dialog. Nothing opens
without a click. Passage text is shown as plain text, never as HTML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.store.document_records import Citation

_PREVIEW_CHARS = 300

UrlOpener = Callable[[QUrl], bool]


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
        self.setWindowTitle(f"[{citation.number}] {citation.label()}")
        self.resize(640, 420)
        self.text = QPlainTextEdit(citation.text)
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Passage text")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        url = citation_url(citation)
        self.open_button: QPushButton | None = None
        if url is not None:
            plain = QUrl.fromLocalFile(url.toLocalFile())  # the whole file, not a page
            self.open_button = buttons.addButton(
                "&Open file", QDialogButtonBox.ButtonRole.ActionRole
            )
            self.open_button.clicked.connect(lambda: opener(plain))
        layout = QVBoxLayout(self)
        label = QLabel(citation.label())
        label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)


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
        self.dialog: PassageDialog | None = None
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._title = QLabel("Sources:")
        self.set_sources(citations)

    def set_sources(self, citations: Sequence[Citation]) -> None:
        while self._row.count():
            item = self._row.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self._title:
                widget.deleteLater()
        self.buttons = []
        self._row.addWidget(self._title)
        for citation in citations:
            button = QPushButton(f"[{citation.number}] {citation.label()}")
            button.setFlat(True)
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.setAccessibleName(f"Source {citation.number}: {citation.label()}")
            preview = citation.text[:_PREVIEW_CHARS] + ("…" if len(citation.text) > 300 else "")
            button.setToolTip(preview)
            button.clicked.connect(lambda _=False, c=citation: self.open_citation(c))
            self._row.addWidget(button)
            self.buttons.append(button)
        self._row.addStretch(1)
        self.setVisible(bool(citations))

    def open_citation(self, citation: Citation) -> None:
        """What a click does: the PDF at its page, else the passage in a dialog."""
        url = citation_url(citation)
        if url is not None and citation.first.page is not None and self._opener(url):
            return
        self.dialog = PassageDialog(citation, self._opener, self)
        self.dialog.open()
