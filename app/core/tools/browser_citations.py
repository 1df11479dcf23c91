"""The browser's citations in an answer, ``【cursor†L5】`` or ``【cursor†L5-L9】``, and the
document passages they point at.

gpt-oss cites what the browser showed it by the page's cursor and its line
numbers (the format of openai/gpt-oss's ``simple_browser``). What each cursor
showed is read back from the turn's stored browser results, whose first line
is ``[cursor] title (address)``: an opened document page (``doc:ID/START``),
a search over the documents (``search:…``) or a find in an opened page
(``doc:ID/START/find?pattern=…``). A citation whose cursor or lines lead to no
passage of this conversation stays as the model wrote it.

The answer is hostile text: ``link_citations`` builds Markdown links whose
label is escaped and whose address is Lokal's own (``href``); every other
character of the answer is left as it was.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from app.core.store import ChatStore, StoredMessage
from app.core.store.document_records import Citation, Passage
from app.core.store.documents import DocumentStore
from app.core.tools.browser_tool import page_passages, wrap_text

CITATION = re.compile(r"【(\d{1,6})†L(\d{1,7})(?:-L(\d{1,7}))?】")
_HEADER = re.compile(r"\[(\d+)\] .* \((doc:(\d+)/(\d+)(?:/find\?[^)\s]*)?|search:.*)\)")
_SHOWN_LINE = re.compile(r"L(\d+): (.*)")
_RESULT = re.compile(r"# 【\d+†(.*)†documents】")
_MATCH = re.compile(r"# 【\d+†match at L(\d+)】")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# Every ASCII punctuation character may be escaped with a backslash in CommonMark.
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@dataclass(frozen=True)
class CitationMark:
    """One citation as written in the answer: where, and what it names."""

    start: int  # its place in the text
    end: int
    cursor: int
    first_line: int
    last_line: int

    @property
    def key(self) -> tuple[int, int, int]:
        return (self.cursor, self.first_line, self.last_line)


def find_citations(text: str) -> list[CitationMark]:
    """The browser citations in ``text``, in order."""
    marks = []
    for match in CITATION.finditer(text):
        first = int(match[2])
        last = int(match[3]) if match[3] else first
        marks.append(CitationMark(match.start(), match.end(), int(match[1]), first, last))
    return marks


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown inline text: no link, emphasis, code or line break."""
    return _PUNCTUATION.sub(r"\\\1", " ".join(text.split()))


def link_citations(markdown: str, link: Callable[[CitationMark], tuple[str, str] | None]) -> str:
    """``markdown`` with each citation that ``link`` knows as ``[label](href)``.

    ``link`` gives the label (escaped here) and the address, or None to leave the
    citation as written. Citations inside fenced code stay as they are.
    """
    out: list[str] = []
    for text, is_code in _fenced_parts(markdown):
        if is_code:
            out.append(text)
            continue
        last = 0
        for mark in find_citations(text):
            target = link(mark)
            if target is None:
                continue
            label, href = target
            out.append(text[last : mark.start])
            out.append(f"[{escape_markdown(label)}]({href})")
            last = mark.end
        out.append(text[last:])
    return "".join(out)


def _fenced_parts(markdown: str) -> Iterator[tuple[str, bool]]:
    """The text in pieces, each inside a fenced code block or not."""
    piece: list[str] = []
    fence: str | None = None
    for line in markdown.splitlines(keepends=True):
        opened = _FENCE.match(line)
        if fence is None and opened:
            yield "".join(piece), False
            piece, fence = [line], opened[1]
        elif fence is not None and opened and opened[1].startswith(fence[0] * len(fence)):
            piece.append(line)
            yield "".join(piece), True
            piece, fence = [], None
        else:
            piece.append(line)
    yield "".join(piece), fence is not None


# --- what each cursor showed ---------------------------------------------------------


@dataclass(frozen=True)
class _View:
    """A page the browser showed under one cursor: the passage behind each line."""

    lines: dict[int, Passage]

    def passages(self, first: int, last: int) -> tuple[Passage, ...]:
        found: dict[int, Passage] = {}
        for number in range(first, min(last, first + 500) + 1):
            passage = self.lines.get(number)
            if passage is not None:
                found.setdefault(passage.chunk_id, passage)
        return tuple(found.values())


class _Documents:
    """The conversation's passages, read once each."""

    def __init__(self, store: DocumentStore, conversation_id: int) -> None:
        self.store = store
        self.conversation_id = conversation_id
        self._passages: dict[int, list[Passage]] = {}
        self._attached = store.attached(conversation_id)

    def passages(self, document_id: int) -> list[Passage]:
        if document_id not in self._passages:
            known = {d.document_id for d in self._attached}
            self._passages[document_id] = (
                self.store.passages(self.conversation_id, document_id)
                if document_id in known
                else []
            )
        return self._passages[document_id]

    def page(self, document_id: int, start: int) -> dict[int, Passage]:
        """Line → passage of the document page the browser opens at ``start``."""
        lines: dict[int, Passage] = {}
        for passage in page_passages(self.passages(document_id), start):
            for _line in wrap_text(passage.text):
                lines[len(lines)] = passage
        return lines

    def by_label(self, label: str, snippet: str) -> Passage | None:
        """The passage a search result names as "name, location" and begins to quote."""
        candidates = []
        for document in self._attached:
            if label.startswith(document.name + ", "):
                where = label[len(document.name) + 2 :]
                candidates += [
                    p for p in self.passages(document.document_id) if p.location() == where
                ]
        # A page may hold several passages: the one whose text the result shows.
        quoted = snippet.rstrip("…")[:200]
        for passage in candidates:
            if " ".join(passage.text.split()).startswith(quoted):
                return passage
        return candidates[0] if candidates else None


def _view(result: str, documents: _Documents) -> tuple[int, _View] | None:
    head, _, rest = result.partition("\n")
    header = _HEADER.fullmatch(head)
    if header is None:
        return None
    cursor, address = int(header[1]), header[2]
    if header[3] is not None and "/find?" not in address:  # an opened document page
        return cursor, _View(documents.page(int(header[3]), int(header[4])))
    shown = {int(m[1]): m[2] for line in rest.splitlines() if (m := _SHOWN_LINE.fullmatch(line))}
    origin = documents.page(int(header[3]), int(header[4])) if header[3] is not None else {}
    numbers = sorted(shown)
    lines: dict[int, Passage] = {}
    current: Passage | None = None
    for index, number in enumerate(numbers):
        text = shown[number]
        if (result_line := _RESULT.fullmatch(text)) is not None:
            # The result's quote follows on the next lines, wrapped, up to an empty one.
            quote = []
            for later in numbers[index + 1 :]:
                if not shown[later] or _RESULT.fullmatch(shown[later]):
                    break
                quote.append(shown[later])
            current = documents.by_label(result_line[1], "".join(quote))
        elif (match_line := _MATCH.fullmatch(text)) is not None:
            current = origin.get(int(match_line[1]))
        if current is not None:
            lines[number] = current
    return cursor, _View(lines)


def _turn_results(store: ChatStore, answer: StoredMessage) -> list[StoredMessage]:
    """The browser results of the turn that ended in ``answer``, oldest first."""
    results: list[StoredMessage] = []
    parent = answer.parent_id
    while parent is not None:
        message = store.get_message(parent)
        if message.role == "user":
            break
        if message.role == "tool" and (message.author or "").startswith("browser"):
            results.append(message)
        parent = message.parent_id
    return results[::-1]


def cited_sources(store: ChatStore, answer_id: int) -> dict[tuple[int, int, int], Citation]:
    """Each citation of the answer that leads to passages: its key → those passages,
    numbered in the order the answer first cites them."""
    answer = store.get_message(answer_id)
    marks = find_citations(answer.content)
    if not marks:
        return {}
    results = _turn_results(store, answer)
    if not results:
        return {}
    documents = _Documents(DocumentStore(store), answer.conversation_id)
    views: dict[int, _View] = {}
    for result in results:
        shown = _view(result.content, documents) if result.status == "complete" else None
        if shown is not None:
            views[shown[0]] = shown[1]
    cited: dict[tuple[int, int, int], Citation] = {}
    for mark in marks:
        view = views.get(mark.cursor)
        if view is None or mark.key in cited:
            continue
        passages = view.passages(mark.first_line, mark.last_line)
        if passages:
            cited[mark.key] = Citation(len(cited) + 1, passages)
    return cited
