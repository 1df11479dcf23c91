"""The browser's citations in an answer lead to the document and page the browser showed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.documents.ingest import ingest_file
from app.core.store import ChatStore
from app.core.store.documents import DocumentStore
from app.core.tools.browser_citations import (
    cited_sources,
    escape_markdown,
    find_citations,
    link_citations,
)
from app.core.tools.browser_tool import DocumentBrowser
from tests.fixtures import make_documents as make

PAGE = 123


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("citations")
    database = folder / "lokal.db"
    with ChatStore(database) as chat:
        conversation = chat.create_conversation().id
        ingest_file(make.write_long_pdf(folder / "ledger.pdf"), DocumentStore(chat), conversation)
    return database, conversation


def browsed_answer(database: Path, conversation: int, answer: str) -> int:
    """A turn as run_turn stores it: question, calls with their results, the answer."""
    browser = DocumentBrowser(database, conversation)
    code = make.long_pdf_code(PAGE)
    calls = [
        ("search", {"query": f"registry code {code}", "topn": 3}),  # cursor 0
        ("open", {"id": 0}),  # cursor 1: the page
        ("find", {"pattern": code}),  # cursor 2
        ("open", {"id": 999}),  # fails: no cursor
    ]
    with ChatStore(database) as store:
        parent = store.add_user_message(conversation, f"Where is {code}?").id
        for name, arguments in calls:
            call = store.start_assistant_message(conversation, parent, "low", None, None)
            store.finish_assistant_message(call.id, "complete")
            result = browser.call(name, json.dumps(arguments), None)
            meta = {"server": "browser", "tool": name, "arguments": json.dumps(arguments)}
            parent = store.add_tool_message(
                conversation, call.id, f"browser.{name}", result.text, meta
            ).id
        final = store.start_assistant_message(conversation, parent, "low", None, None)
        store.finish_assistant_message(final.id, "complete", content=answer)
    return final.id


def test_citations_are_found_with_cursor_and_lines() -> None:
    text = "A 【1†L0-L2】 b 【12†L7】 c 【x†L1】 【3†source】 【4†L5-L】"
    assert [m.key for m in find_citations(text)] == [(1, 0, 2), (12, 7, 7)]
    first = find_citations(text)[0]
    assert text[first.start : first.end] == "【1†L0-L2】"


def test_each_cursor_leads_to_the_page_it_showed(ledger: tuple[Path, int]) -> None:
    database, conversation = ledger
    answer = "Page 【1†L0-L2】, result 【0†L1】, match 【2†L1】, unknown 【9†L3】, failed 【3†L0】."
    answer_id = browsed_answer(database, conversation, answer)
    with ChatStore(database) as store:
        cited = cited_sources(store, answer_id)
    assert set(cited) == {(1, 0, 2), (0, 1, 1), (2, 1, 1)}  # cursors 9 and 3 showed nothing
    for citation in cited.values():
        passage = citation.first
        assert passage.name == "ledger.pdf" and passage.start <= PAGE <= passage.end
    # The search result and the find match are the passage that holds the code searched for.
    assert make.long_pdf_code(PAGE) in cited[(0, 1, 1)].text
    assert make.long_pdf_code(PAGE) in cited[(2, 1, 1)].text
    assert [c.number for c in cited.values()] == [1, 2, 3]  # in the order first cited


def test_a_citation_to_lines_the_page_does_not_have_stays_plain(
    ledger: tuple[Path, int],
) -> None:
    database, conversation = ledger
    answer_id = browsed_answer(database, conversation, "Far away 【1†L90000】.")
    with ChatStore(database) as store:
        assert cited_sources(store, answer_id) == {}


def test_links_replace_known_citations_only_and_never_inside_code() -> None:
    text = "See 【1†L0-L2】 and 【9†L3】.\n\n```\nx = '【1†L0-L2】'\n```\nAgain 【1†L0-L2】"
    known = {(1, 0, 2): ("a*b](javascript:x) `c`, page 4", "lokal-cite:n/0")}
    linked = link_citations(text, lambda mark: known.get(mark.key))
    label = escape_markdown("a*b](javascript:x) `c`, page 4")
    assert linked == (
        f"See [{label}](lokal-cite:n/0) and 【9†L3】.\n\n```\nx = '【1†L0-L2】'\n```\n"
        f"Again [{label}](lokal-cite:n/0)"
    )
    assert "\\]\\(javascript" in label and "\\*" in label and "\\`" in label
    assert escape_markdown("two\nlines") == "two lines"
