"""DOCX text with its headings (as Markdown ``#``), lists and tables, in reading order.

A DOCX file is a zip archive, so before python-docx inflates anything we read
the archive's directory and refuse a zip bomb: too many parts, too many bytes
once unpacked, or a part that claims to expand far more than text does.
Python's zipfile stops inflating at the size a part declares, so a part that
lies about its size cannot get past these checks either.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

from app.core.documents.model import (
    ExtractedDocument,
    ExtractionError,
    Limits,
    Part,
    describe_size,
    too_much_text,
)
from app.core.documents.text import clean_text
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

if TYPE_CHECKING:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted DOCX and old .doc files
_SMALL_PART = 1024 * 1024  # small parts may compress well (repetitive XML) without harm
_HEADING = re.compile(r"^Heading (\d)$")


def check_zip(data: bytes, name: str, limits: Limits) -> None:
    """Refuse archives that would cost too much to open; raise ExtractionError."""
    if data.startswith(_OLE_MAGIC):
        raise ExtractionError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core",
                    "%1 is password-protected or in the old Word .doc format; "
                    "save it as an unprotected .docx to attach it.",
                ),
                name,
            )
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ExtractionError(_damaged(name)) from None
    if len(entries) > limits.max_zip_entries:
        raise ExtractionError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "%1 holds %2 parts, far more than a document."),
                name,
                f"{len(entries):,}",
            )
        )
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > limits.max_unzipped_bytes:
        raise ExtractionError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "%1 would unpack to %2, more than the %3 Lokal allows (a zip bomb?)."
                ),
                name,
                describe_size(unpacked),
                describe_size(limits.max_unzipped_bytes),
            )
        )
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _SMALL_PART and ratio > limits.max_zip_ratio:
            raise ExtractionError(
                Sentence(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "%1 contains a part that expands %2 times, which no real "
                        "document does (a zip bomb?).",
                    ),
                    name,
                    f"{ratio:,.0f}",
                )
            )
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise ExtractionError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "%1 is a zip archive but not a Word document."), name
            )
        )


def extract_docx(data: bytes, name: str, limits: Limits) -> ExtractedDocument:
    check_zip(data, name, limits)
    # Imported here: lxml and python-docx load only in the process that needs them.
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception:  # python-docx raises many kinds on damaged files
        raise ExtractionError(_damaged(name)) from None
    lines: list[str] = []
    size = 0
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            new = [_paragraph_line(block)]
        elif isinstance(block, Table):
            new = _table_lines(block)
        else:
            continue
        for line in new:
            line = clean_text(line).replace("\n", " ").strip()
            if line:
                lines.append(line)
                size += len(line) + 1
        if size > limits.max_output_chars:
            raise ExtractionError(too_much_text(name, limits))
    if not lines:
        raise ExtractionError(Sentence(QT_TRANSLATE_NOOP("core", "%1 has no text in it."), name))
    part = Part(text="\n".join(lines), start=1, end=len(lines))
    return ExtractedDocument(name, "docx", "paragraph", (part,))


def _damaged(name: str) -> Sentence:
    return Sentence(QT_TRANSLATE_NOOP("core", "%1 is damaged or not really a Word document."), name)


def _paragraph_line(paragraph: Paragraph) -> str:
    text = paragraph.text
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style == "Title":
        return f"# {text}"
    heading = _HEADING.match(style)
    if heading and text.strip():
        return "#" * int(heading.group(1)) + " " + text
    if style.startswith("List Bullet"):
        return f"- {text}"
    if style.startswith("List Number"):
        return f"1. {text}"
    return text


def _table_lines(table: Table) -> list[str]:
    lines = []
    for row in table.rows:
        cells = [cell.text.replace("\n", " ").replace("|", "\\|").strip() for cell in row.cells]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
