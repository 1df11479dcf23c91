"""An answer's browser citations (``【3†L5-L9】``) as links to the passages they cite.

The label of each link is the document's name and where in it ("ledger.pdf,
page 57"), in the window's language; a click shows the passage (a PDF opens at
its page, as under Sources). Links carry a token made for this answer alone, so
a link the model writes itself in Lokal's form leads nowhere: like every other
address that is not http(s), it is refused.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QWidget

from app.core.store.document_records import Citation
from app.core.tools.browser_citations import CitationMark, link_citations
from app.ui.sources_view import UrlOpener, citation_label, show_citation

SCHEME = "lokal-cite"


class CitedLinks:
    """What one answer cites, and the links that lead there."""

    def __init__(self, opener: UrlOpener | None = None) -> None:
        self._cited: dict[tuple[int, int, int], Citation] = {}
        self._order: list[Citation] = []
        self._token = secrets.token_hex(8)
        self._opener = opener or _open_url

    def set(self, cited: Mapping[tuple[int, int, int], Citation]) -> None:
        self._cited = dict(cited)
        self._order = list(cited.values())

    @property
    def citations(self) -> list[Citation]:
        return list(self._order)

    def markdown(self, answer: str) -> str:
        """The answer with its known citations as links (labels in the window's language)."""
        if not self._cited:
            return answer
        return link_citations(answer, self._link)

    def _link(self, mark: CitationMark) -> tuple[str, str] | None:
        citation = self._cited.get(mark.key)
        if citation is None:
            return None
        return citation_label(citation), f"{SCHEME}:{self._token}/{self._order.index(citation)}"

    def citation_of(self, url: QUrl) -> Citation | None:
        """The citation a clicked link of this answer leads to; None for any other link."""
        if url.scheme() != SCHEME:
            return None
        token, _, index = url.path().partition("/")
        if token != self._token or not index.isdigit() or int(index) >= len(self._order):
            return None
        return self._order[int(index)]

    def open(self, url: QUrl, parent: QWidget) -> bool:
        citation = self.citation_of(url)
        if citation is None:
            return False
        show_citation(citation, self._opener, parent)
        return True


def _open_url(url: QUrl) -> bool:
    return QDesktopServices.openUrl(url)
