"""What the document store hands out: attachments and passages, as frozen snapshots."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from app.core.store.records import from_text

# What the store needs of an extracted document and its chunks, said here so the store
# does not import app.core.documents, which sits above it (documents read and write
# through the store; see the layers contract in pyproject.toml).


class DocumentFacts(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def unit(self) -> str: ...
    @property
    def pages(self) -> int | None: ...
    @property
    def notes(self) -> Sequence[str]: ...
    @property
    def sha256(self) -> str: ...


class ChunkFacts(Protocol):
    @property
    def ordinal(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...  # a page or a line (see the document's unit)
    @property
    def end(self) -> int: ...
    @property
    def heading(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class AttachedDocument:
    """A document as attached to one conversation (the name and path it had there)."""

    document_id: int
    conversation_id: int
    name: str
    path: str | None
    kind: str
    unit: str  # "page", "line" or "paragraph"
    pages: int | None
    tokens: int
    chars: int
    notes: str
    attached_at: datetime

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> AttachedDocument:
        values = dict(row)
        values["attached_at"] = from_text(row["attached_at"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Passage:
    """One chunk of a document, with what is needed to cite it and open it."""

    chunk_id: int
    document_id: int
    ordinal: int
    name: str
    path: str | None
    kind: str
    unit: str
    start: int
    end: int
    heading: str | None
    text: str

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Passage:
        by_page = row["unit"] == "page"
        return cls(
            chunk_id=row["chunk_id"],
            document_id=row["document_id"],
            ordinal=row["ordinal"],
            name=row["name"],
            path=row["path"],
            kind=row["kind"],
            unit=row["unit"],
            start=row["page_start"] if by_page else row["line_start"],
            end=row["page_end"] if by_page else row["line_end"],
            heading=row["heading"],
            text=row["text"],
        )

    @property
    def page(self) -> int | None:
        """The page a PDF viewer should open at."""
        return self.start if self.unit == "page" else None

    def location(self) -> str:
        """'page 4', 'pages 4–5', 'lines 10–24', 'section “Budget”': where in the file."""
        if self.unit == "paragraph" and self.heading:
            return f"section “{self.heading}”"
        noun = {"page": "page", "line": "line", "paragraph": "paragraph"}[self.unit]
        if self.end > self.start:
            return f"{noun}s {self.start}–{self.end}"
        return f"{noun} {self.start}"

    def label(self) -> str:
        return f"{self.name}, {self.location()}"


@dataclass(frozen=True, slots=True)
class Citation:
    """What the model saw as [number]: one passage, or a whole document's passages."""

    number: int
    passages: tuple[Passage, ...]

    @property
    def first(self) -> Passage:
        return self.passages[0]

    def location(self) -> str:
        if len(self.passages) == 1:
            return self.first.location()
        start = min(p.start for p in self.passages)
        end = max(p.end for p in self.passages)
        noun = {"page": "page", "line": "line", "paragraph": "paragraph"}[self.first.unit]
        return f"{noun}s {start}–{end}" if end > start else f"{noun} {start}"

    def label(self) -> str:
        return f"{self.first.name}, {self.location()}"

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.passages)
