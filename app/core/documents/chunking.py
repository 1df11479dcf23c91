"""Cutting extracted text into passages small enough to retrieve and cite.

A chunk never spans two PDF pages, so a cited page is exact. Inside a part,
cuts fall between lines; only a single line longer than a chunk (minified code,
a page without line breaks) is cut between words. Chunks do not overlap, so a
document's text is stored once: joining its chunks gives it back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from app.core.documents.model import ExtractedDocument, Part

# About 300 tokens: big enough to hold a fact with its context, small enough
# that a dozen fit beside a question in a modest context window.
CHUNK_CHARS = 1200
_HEADING = re.compile(r"^(#{1,6}) +(\S.*)$")
# Kinds whose "#" lines are headings (in code, "#" starts a comment).
_HEADED_KINDS = frozenset({"markdown", "docx", "html"})


@dataclass(frozen=True, slots=True)
class Chunk:
    ordinal: int
    text: str
    start: int  # page or line (see the document's unit)
    end: int
    heading: str | None = None


def chunk_document(document: ExtractedDocument, size: int = CHUNK_CHARS) -> list[Chunk]:
    chunks: list[Chunk] = []
    headed = document.kind in _HEADED_KINDS
    heading: str | None = None  # the last heading seen so far
    for part in document.parts:
        for text, first, last in _split(part, size, headed):
            label = (_opening_heading(text) or heading) if headed else None
            if document.unit == "page":
                first, last = part.start, part.end
            chunks.append(Chunk(len(chunks), text, first, last, label))
            if headed:
                heading = _last_heading(text) or heading
    return chunks


def _split(part: Part, size: int, headed: bool) -> Iterator[tuple[str, int, int]]:
    """(text, first line, last line) of each piece of a part, lines counted from part.start.

    Where the text has headings, a heading starts a new piece unless the piece
    so far is short: a passage then belongs to one section and is cited by it.
    """
    if len(part.text) <= size * 3 // 2:
        yield part.text, part.start, max(part.end, part.start)
        return
    piece: list[str] = []
    length = first = last = 0
    for index, line in enumerate(part.text.split("\n")):
        for fragment in _fragments(line, size):
            full = length + len(fragment) > size
            section = headed and length > size // 4 and _HEADING.match(fragment) is not None
            if piece and (full or section):
                yield "\n".join(piece), part.start + first, part.start + last
                piece, length, first = [], 0, index
            piece.append(fragment)
            length += len(fragment) + 1
            last = index
    if piece:
        yield "\n".join(piece), part.start + first, part.start + last


def _fragments(line: str, size: int) -> Iterator[str]:
    """The line itself, or pieces of it cut at spaces when it is longer than a chunk."""
    while len(line) > size:
        cut = line.rfind(" ", size // 2, size)
        cut = cut if cut > 0 else size
        yield line[:cut]
        line = line[cut:].lstrip(" ")
    yield line


def _opening_heading(text: str) -> str | None:
    for line in text.split("\n"):
        if line.strip():
            match = _HEADING.match(line)
            return match.group(2).strip() if match else None
    return None


def _last_heading(text: str) -> str | None:
    found = None
    for line in text.split("\n"):
        match = _HEADING.match(line)
        if match:
            found = match.group(2).strip()
    return found
