"""gpt-oss's ``browser`` tool, pointed at the conversation's attached documents.

``search`` runs the documents' FTS5 retrieval and lists numbered results,
``open`` shows a document's page (or lines) with numbered lines under a
cursor, ``find`` looks for text inside an opened page: the display format the
model was trained with (``[cursor] title``, ``L<n>:`` lines, ``【id†title】``
links), so its citations ``【cursor†L3-L5】`` name a document and page. It
never touches the network: every "URL" is a document of this conversation.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from app.core.documents.context import retrieve
from app.core.harmony import ToolNamespace, ToolSpec
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence
from app.core.store import ChatStore
from app.core.store.document_records import Passage
from app.core.store.documents import DocumentStore
from app.core.tools.host import CancelSignal
from app.core.tools.results import ToolResult, capped

NO_DOCUMENTS = QT_TRANSLATE_NOOP("core", "This conversation has no documents to search.")
NOT_FOUND = QT_TRANSLATE_NOOP("core", "The browser found nothing to open for “%1”.")
BAD_BROWSER_CALL = QT_TRANSLATE_NOOP("core", "The browser cannot do “%1”.")

VIEW_LINES = 50
WRAP = 160
RESULT_CHARS = 12_000

DESCRIPTION = (
    "Tool for browsing.\n"
    "The `cursor` appears in brackets before each browsing display: `[{cursor}]`.\n"
    "Cite information from the tool using the following format:\n"
    "`【{cursor}†L{line_start}(-L{line_end})?】`, for example: `【6†L9-L11】` or `【8†L3】`.\n"
    "Do not quote more than 10 words directly from the tool output.\n"
    "sources=documents (default: documents)"
)
# The functions exactly as gpt-oss was trained to see them (openai/harmony's browser config).
TOOLS = (
    ToolSpec(
        "search",
        "Searches for information related to `query` and displays `topn` results.",
        {
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "topn": {"type": "number", "default": 10},
                "source": {"type": "string"},
            },
            "required": ["query"],
        },
    ),
    ToolSpec(
        "open",
        "Opens the link `id` from the page indicated by `cursor` starting at line number `loc`,"
        " showing `num_lines` lines.\nValid link ids are displayed with the formatting:"
        " `【{id}†.*】`.\nIf `cursor` is not provided, the most recent page is implied.\nIf `id`"
        " is a string, it is treated as a fully qualified URL associated with `source`.\nIf"
        " `loc` is not provided, the viewport will be positioned at the beginning of the"
        " document or centered on the most relevant passage, if available.\nUse this function"
        " without `id` to scroll to a new location of an opened page.",
        {
            "type": "object",
            "properties": {
                "id": {"type": ["number", "string"], "default": -1},
                "cursor": {"type": "number", "default": -1},
                "loc": {"type": "number", "default": -1},
                "num_lines": {"type": "number", "default": -1},
                "view_source": {"type": "boolean", "default": False},
                "source": {"type": "string"},
            },
        },
    ),
    ToolSpec(
        "find",
        "Finds exact matches of `pattern` in the current page, or the page given by `cursor`.",
        {
            "type": "object",
            "properties": {
                "pattern": {"type": "string"},
                "cursor": {"type": "number", "default": -1},
            },
            "required": ["pattern"],
        },
    ),
)


@dataclass(frozen=True)
class Link:
    document_id: int
    start: int  # the page (or first line) to open
    loc: int = 0  # the line of the opened page to show first


@dataclass
class Page:
    title: str
    url: str
    lines: list[str]
    links: dict[int, Link] = field(default_factory=dict)
    document: str | None = None  # the document's name, for citations
    location: str | None = None  # "page 57", "lines 10–24"


class DocumentBrowser:
    """One turn's browsing session over one conversation's documents."""

    def __init__(self, database: Path | str, conversation_id: int) -> None:
        self.database = database
        self.conversation_id = conversation_id
        self.pages: list[Page] = []
        self.namespace = ToolNamespace("browser", DESCRIPTION, TOOLS)

    def call(self, name: str, arguments: str, cancel: CancelSignal | None) -> ToolResult:
        try:
            args = json.loads(arguments or "{}")
            if not isinstance(args, dict):
                raise ValueError
        except ValueError:
            return ToolResult.failure(Sentence(BAD_BROWSER_CALL, arguments[:80]))
        with ChatStore(self.database) as chat:
            store = DocumentStore(chat)
            if name == "search":
                page = self._search(store, str(args.get("query", "")), _int(args.get("topn"), 10))
                return self._show(page, 0, VIEW_LINES)
            if name == "open":
                return self._open(store, args)
            if name == "find":
                return self._find(str(args.get("pattern", "")), _int(args.get("cursor"), -1))
        return ToolResult.failure(Sentence(BAD_BROWSER_CALL, name))

    # --- actions -----------------------------------------------------------------------

    def _search(self, store: DocumentStore, query: str, topn: int) -> Page | Sentence:
        if not store.attached(self.conversation_id):
            return Sentence(NO_DOCUMENTS)
        found = retrieve(store, self.conversation_id, query, max(1, min(topn, 20)))
        lines: list[str] = []
        links: dict[int, Link] = {}
        for number, passage in enumerate(found):
            links[number] = Link(passage.document_id, passage.start)
            lines.append(f"# 【{number}†{passage.name}, {passage.location()}†documents】")
            lines.extend(_wrap(" ".join(passage.text.split())[:400] + "…"))
            lines.append("")
        if not found:
            lines.append("No results.")
        return Page(f"Search results for “{query}”", f"search:{query}", lines, links)

    def _open(self, store: DocumentStore, args: dict[str, Any]) -> ToolResult:
        cursor = _int(args.get("cursor"), -1)
        loc = _int(args.get("loc"), -1)
        num_lines = _int(args.get("num_lines"), -1)
        target = args.get("id", -1)
        if target in (-1, None, ""):
            if not self.pages:
                return ToolResult.failure(Sentence(NOT_FOUND, "-1"))
            current = self._page(cursor)
            return self._show(current, max(loc, 0), num_lines, self.pages.index(current))
        link = self._link(store, target, cursor)
        if link is None:
            return ToolResult.failure(Sentence(NOT_FOUND, str(target)))
        page = self._document_page(store, link)
        if page is None:
            return ToolResult.failure(Sentence(NOT_FOUND, str(target)))
        return self._show(page, loc if loc >= 0 else link.loc, num_lines)

    def _find(self, pattern: str, cursor: int) -> ToolResult:
        if not self.pages or not pattern:
            return ToolResult.failure(Sentence(NOT_FOUND, pattern))
        page = self._page(cursor)
        needle = pattern.lower()
        lines: list[str] = []
        links: dict[int, Link] = {}
        origin = self._origin(page)
        for number, line in enumerate(page.lines):
            if needle in line.lower():
                n = len(lines) // 3
                if origin is not None:
                    links[n] = Link(origin[0], origin[1], number)
                lines.append(f"# 【{n}†match at L{number}】")
                lines.append(line)
                lines.append("")
        if not lines:
            lines.append(f"No matches for `{pattern}`.")
        # The address says which page was searched, as gpt-oss's own browser writes it.
        url = f"{page.url}/find?pattern={quote(pattern)}"
        found = Page(f"Find results for text: `{pattern}` in `{page.title}`", url, lines, links)
        return self._show(found, 0, VIEW_LINES)

    # --- pages ---------------------------------------------------------------------------

    def _page(self, cursor: int) -> Page:
        if 0 <= cursor < len(self.pages):
            return self.pages[cursor]
        return self.pages[-1]

    def _origin(self, page: Page) -> tuple[int, int] | None:
        match = re.fullmatch(r"doc:(\d+)/(\d+)", page.url)
        return (int(match[1]), int(match[2])) if match else None

    def _link(self, store: DocumentStore, target: Any, cursor: int) -> Link | None:
        if isinstance(target, int | float) and not isinstance(target, bool):
            if not self.pages:
                return None
            return self._page(cursor).links.get(int(target))
        if isinstance(target, str):
            name, _, rest = target.partition("#")
            number = re.search(r"\d+", rest)
            for document in store.attached(self.conversation_id):
                if document.name == name or target == f"doc:{document.document_id}":
                    return Link(document.document_id, int(number[0]) if number else 1)
        return None

    def _document_page(self, store: DocumentStore, link: Link) -> Page | None:
        chosen = page_passages(store.passages(self.conversation_id, link.document_id), link.start)
        if not chosen:
            return None
        first: Passage = chosen[0]
        location = f"page {link.start}" if first.unit == "page" else first.location()
        lines = [line for p in chosen for line in wrap_text(p.text)]
        return Page(
            f"{first.name}, {location}",
            f"doc:{first.document_id}/{link.start}",
            lines,
            document=first.name,
            location=location,
        )

    def _show(
        self, page: Page | Sentence, start: int, num_lines: int, cursor: int | None = None
    ) -> ToolResult:
        if isinstance(page, Sentence):
            return ToolResult.failure(page)
        if cursor is None:
            self.pages.append(page)
            cursor = len(self.pages) - 1
        count = num_lines if num_lines > 0 else VIEW_LINES
        start = min(max(start, 0), max(len(page.lines) - 1, 0))
        end = min(start + count, len(page.lines)) - 1
        shown = [f"L{n}: {page.lines[n]}" for n in range(start, end + 1)]
        text = (
            f"[{cursor}] {page.title} ({page.url})\n"
            f"**viewing lines [{start} - {max(end, start)}] of {max(len(page.lines) - 1, 0)}**\n\n"
            + "\n".join(shown)
        )
        text, truncated = capped(text, RESULT_CHARS)
        return ToolResult(text, False, None, 0.0, truncated)


def _int(value: Any, default: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return default
    return int(value)


def _wrap(text: str) -> list[str]:
    return [text[n : n + WRAP] for n in range(0, len(text), WRAP)] or [""]


def wrap_text(text: str) -> list[str]:
    """A passage's lines as an opened page shows them (L0, L1, …)."""
    return [piece for line in text.splitlines() for piece in _wrap(line)]


def page_passages(passages: Sequence[Passage], start: int) -> list[Passage]:
    """The passages an opened page at ``start`` shows: those holding it, else the next."""
    return [p for p in passages if p.start <= start <= p.end] or [
        p for p in passages if p.start >= start
    ][:1]
