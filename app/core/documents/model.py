"""What extraction produces: text in parts that remember their page or line span.

Plain frozen dataclasses of builtins: they cross the process boundary of the
extraction sandbox as JSON (never pickle: the child parses hostile files, and
unpickling what a compromised child sends would run its code in ours).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Final, Literal

from app.core.quantity import Number, count
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence
from app.core.sentence import from_json as sentence_from_json
from app.core.sentence import to_json as sentence_to_json

# "page": PDF page numbers (1-based). "line": line numbers in the file (text,
# Markdown, code, CSV). "paragraph": paragraphs of the extracted text, counted
# from 1 (DOCX and HTML, whose files have no lines a reader would count).
Unit = Literal["page", "line", "paragraph"]
Kind = Literal["pdf", "docx", "markdown", "text", "code", "html", "csv"]

KINDS: Final[tuple[str, ...]] = ("pdf", "docx", "markdown", "text", "code", "html", "csv")


class ExtractionError(Exception):
    """A file could not be read as a document; str() is one sentence for people."""


@dataclass(frozen=True, slots=True)
class Part:
    """A stretch of text and where it came from: pages or lines ``start``..``end``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ExtractedDocument:
    name: str
    kind: Kind
    unit: Unit
    parts: tuple[Part, ...]
    pages: int | None = None  # PDFs only
    notes: tuple[str, ...] = field(default=())  # e.g. "Page 3 has no text layer."
    sha256: str = ""  # of the file's bytes: the same file attached twice is stored once
    size: int = 0  # bytes

    @property
    def text(self) -> str:
        return "\n\n".join(part.text for part in self.parts if part.text)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["notes"] = [sentence_to_json(note) for note in self.notes]  # still translatable
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ExtractedDocument:
        kind, unit = data["kind"], data["unit"]
        if kind not in KINDS or unit not in ("page", "line", "paragraph"):
            raise ValueError(f"unknown kind or unit: {kind!r}, {unit!r}")
        parts = tuple(Part(str(p["text"]), int(p["start"]), int(p["end"])) for p in data["parts"])
        pages = data.get("pages")
        return cls(
            name=str(data["name"]),
            kind=kind,
            unit=unit,
            parts=parts,
            pages=None if pages is None else int(pages),
            notes=tuple(sentence_from_json(n) for n in data.get("notes", ())),
            sha256=str(data.get("sha256", "")),
            size=int(data.get("size", 0)),
        )


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one file may cost. The defaults suit a laptop; tests pass smaller ones."""

    max_input_bytes: int = 128 * 1024 * 1024
    max_output_chars: int = 16 * 1024 * 1024
    max_seconds: float = 60.0
    # Memory of the extraction process. Where POSIX RLIMIT_AS works (Linux) it
    # caps the address space, so an allocation past it fails; everywhere the
    # parent also kills the process once its resident memory passes this.
    # Python, pdfium and lxml need about 150 MiB of address space before
    # reading anything.
    max_memory_bytes: int = 1024 * 1024 * 1024
    limit_address_space: bool = True  # False: the parent's watch alone (as on macOS)
    # DOCX is a zip: what its parts may expand to, in all and relative to their size.
    max_unzipped_bytes: int = 256 * 1024 * 1024
    max_zip_ratio: int = 100
    max_zip_entries: int = 5000
    max_pdf_pages: int = 5000


def too_much_text(name: str, limits: Limits) -> Sentence:
    """The refusal of a file whose text passes ``limits.max_output_chars``."""
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "%1 holds more than %2 characters of text, more than Lokal takes from one file.",
        ),
        name,
        count(limits.max_output_chars),
    )


def describe_size(size: int) -> str:
    """1536 -> '1.5 KB', in the 1024-based units most file managers show."""
    if size < 1024:
        return Sentence(QT_TRANSLATE_NOOP("core", "%1 bytes"), count(size))
    value = float(size)
    for unit in ("KB", "MB", "GB", "TB"):
        value /= 1024
        if value < 1024 or unit == "TB":
            return Number(value, 0 if round(value, 1) == round(value) else 1, f" {unit}")
    raise AssertionError("unreachable")
