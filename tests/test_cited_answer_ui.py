"""The browser's citations in a shown answer: links naming document and page, opening it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QTextDocument
from pytestqt.qtbot import QtBot

from app.core.documents.ingest import ingest_file
from app.core.store import ChatStore
from app.core.store.documents import DocumentStore
from app.ui.main_window import MainWindow
from app.ui.sources_view import PassageDialog
from tests.fixtures import make_documents as make
from tests.test_browser_citations import PAGE, browsed_answer

ANSWER = (
    "The code is on the page 【1†L0-L2】, as the search showed 【0†L1】; "
    "not 【9†L3】. A fake: [evil](lokal-cite:0123456789abcdef/0)."
)


def anchors(document: QTextDocument) -> list[tuple[str, str]]:
    found = []
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            if fragment.charFormat().isAnchor():
                found.append((fragment.text(), fragment.charFormat().anchorHref()))
            it += 1
        block = block.next()
    return found


@pytest.fixture
def browsed(tmp_path: Path) -> tuple[Path, int, Path]:
    database = tmp_path / "lokal.db"
    pdf = make.write_long_pdf(tmp_path / "ledger.pdf")
    with ChatStore(database) as store:
        conversation = store.create_conversation("Ledger").id
        ingest_file(pdf, DocumentStore(store), conversation)
    browsed_answer(database, conversation, ANSWER)
    return database, conversation, pdf


def test_citations_show_as_links_to_document_and_page_and_open_it(
    qtbot: QtBot, tmp_path: Path, browsed: tuple[Path, int, Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    database, conversation, pdf = browsed
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    window = MainWindow(database, tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    window.open_conversation(conversation)
    bubble = window.chat.bubbles[-1]
    (view,) = bubble.answer.prose_views()
    links = anchors(view.document())
    label = f"ledger.pdf, page {PAGE}"
    assert [text for text, _ in links] == [label, label, "evil"]
    shown = view.toPlainText()
    assert "【9†L3】" in shown  # a cursor the browser never showed stays as written
    assert "【1†L0-L2】" not in shown and "【0†L1】" not in shown
    assert bubble.text() == ANSWER  # Copy gives the answer as written
    view.anchorClicked.emit(QUrl(links[0][1]))
    (url,) = opened
    assert url.toLocalFile() == str(pdf) and url.fragment() == f"page={PAGE}"
    # A link the model wrote in Lokal's form leads nowhere.
    assert bubble.cited.citation_of(QUrl(links[2][1])) is None
    assert not bubble.open_internal_link(QUrl(links[2][1]))
    window.close()


def test_a_citation_without_its_file_shows_the_passage(
    qtbot: QtBot, tmp_path: Path, browsed: tuple[Path, int, Path]
) -> None:
    database, conversation, pdf = browsed
    pdf.unlink()  # moved away: the passage itself is shown
    window = MainWindow(database, tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    window.open_conversation(conversation)
    bubble = window.chat.bubbles[-1]
    (view,) = bubble.answer.prose_views()
    href = anchors(view.document())[1][1]
    view.anchorClicked.emit(QUrl(href))
    (dialog,) = bubble.findChildren(PassageDialog)
    assert make.long_pdf_code(PAGE) in dialog.text.toPlainText()
    assert dialog.label.text() == f"ledger.pdf, page {PAGE}"
    dialog.close()
    window.close()
