"""The browser tool over a conversation's documents: the 300-page PDF, in gpt-oss's format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from app.core.chat.tool_set import ToolSet
from app.core.documents.ingest import ingest_file
from app.core.engine.conversation import build_conversation
from app.core.engine.protocol import GenerateRequest
from app.core.harmony import Message, render_text
from app.core.store import ChatStore
from app.core.store.documents import DocumentStore
from app.core.tools.browser_tool import DocumentBrowser
from tests.fixtures import make_documents as make


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("browser")
    database = folder / "lokal.db"
    with ChatStore(database) as chat:
        conversation = chat.create_conversation().id
        attached = ingest_file(
            make.write_long_pdf(folder / "ledger.pdf"), DocumentStore(chat), conversation
        )
        assert attached.pages == 300
    return database, conversation


def call(browser: DocumentBrowser, name: str, **arguments: object) -> str:
    result = browser.call(name, json.dumps(arguments), None)
    assert not result.is_error, result.error
    return result.text


@pytest.mark.parametrize("page", [1, 57, 123, 300])
def test_search_open_find_return_the_right_page(ledger: tuple[Path, int], page: int) -> None:
    browser = DocumentBrowser(*ledger)
    code = make.long_pdf_code(page)
    found = call(browser, "search", query=f"registry code {code}", topn=5)
    assert found.startswith("[0] Search results for")
    assert "**viewing lines [0 - " in found
    first = re.search(r"L\d+: # 【0†ledger\.pdf, page (\d+)[^】]*†documents】", found)
    assert first is not None and int(first[1]) == page
    opened = call(browser, "open", id=0)
    assert opened.startswith(f"[1] ledger.pdf, page {page} (doc:")
    assert code in opened
    found_in_page = call(browser, "find", pattern=code)
    assert found_in_page.startswith(
        f"[2] Find results for text: `{code}` in `ledger.pdf, page {page}`"
    )
    match = re.search(r"# 【0†match at L(\d+)】", found_in_page)
    assert match is not None
    line = int(match[1])
    assert code in call(browser, "open", cursor=1, loc=line, num_lines=1)


def test_open_by_name_and_scroll(ledger: tuple[Path, int]) -> None:
    browser = DocumentBrowser(*ledger)
    text = call(browser, "open", id="ledger.pdf#page=42")
    assert text.startswith("[0] ledger.pdf, page 42")
    assert make.long_pdf_code(42) in text
    scrolled = call(browser, "open", loc=3, num_lines=2)
    assert "**viewing lines [3 - 4]" in scrolled


def test_nothing_to_open_is_an_error_result(ledger: tuple[Path, int]) -> None:
    browser = DocumentBrowser(*ledger)
    result = browser.call("open", json.dumps({"id": 7}), None)
    assert result.is_error and result.error and "nothing to open" in result.error


def test_a_conversation_without_documents_says_so(tmp_path: Path) -> None:
    with ChatStore(tmp_path / "empty.db") as chat:
        conversation = chat.create_conversation().id
    result = DocumentBrowser(tmp_path / "empty.db", conversation).call(
        "search", '{"query": "x"}', None
    )
    assert result.is_error and result.error == "This conversation has no documents to search."


def test_builtin_tools_render_in_the_system_message_and_functions_in_the_developer(
    ledger: tuple[Path, int],
) -> None:
    from app.core.harmony import ToolSpec
    from app.core.tools.python_tool import PythonTool

    tools = ToolSet(builtins={"browser": DocumentBrowser(*ledger), "python": PythonTool()})
    request = GenerateRequest(
        request_id=0,
        messages=(Message("user", "hi"),),
        tools=(ToolSpec("time_now", "The time.", {"type": "object", "properties": {}}),),
        builtin_tools=tools.namespaces(),
        conversation_date="2026-01-01",
    )
    text = render_text(build_conversation(request), for_completion=True)
    system, developer = text.split("<|start|>developer<|message|>")
    assert "# Tools\n\n## browser\n\n// Tool for browsing." in system
    assert "namespace browser {\n\n// Searches for information" in system
    assert "## python\n\nUse this tool to execute Python code" in system
    assert "namespace python" not in system  # no functions: description only, as harmony does
    assert "namespace functions {" in developer and "type time_now = (_: {\n}) => any;" in developer
    assert "Calls to these tools must go to the commentary channel: 'functions'." in system
    resolved = tools.resolve("browser.search", '{"query": "x"}')
    assert resolved is not None and (resolved.server, resolved.tool) == ("browser", "search")
    assert tools.resolve("browser.delete", "{}") is None
    python = tools.resolve("python", "print(1)")
    assert python is not None and python.server == "python"
