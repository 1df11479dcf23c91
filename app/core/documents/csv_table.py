"""CSV and TSV files as Markdown tables, in row groups that each repeat the header.

A retrieved passage of rows means little without its column names, so every
part starts with the header; parts are sized to fit one chunk (see
chunking.CHUNK_CHARS), and their spans are the rows' line numbers in the file.
"""

from __future__ import annotations

import csv
import io

from app.core.documents.chunking import CHUNK_CHARS
from app.core.documents.model import ExtractedDocument, ExtractionError, Limits, Part, too_much_text
from app.core.documents.text import clean_text
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

_DELIMITERS = ",;\t|"


def extract_csv(text: str, name: str, limits: Limits) -> ExtractedDocument:
    dialect = _dialect(text[:16384], name)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    parts: list[Part] = []
    try:
        header = next(reader, None)
        if header is None:
            raise ExtractionError(Sentence(QT_TRANSLATE_NOOP("core", "%1 is empty."), name))
        head = _row(header) + "\n" + "|" + " --- |" * len(header)
        rows: list[str] = []
        first_line = reader.line_num + 1
        last_line = reader.line_num
        size = 0
        for record in reader:
            if not any(cell.strip() for cell in record):
                continue
            row = _row(record)
            if rows and len(head) + sum(map(len, rows)) + len(row) > CHUNK_CHARS:
                parts.append(Part("\n".join([head, *rows]), first_line, last_line))
                rows, first_line = [], last_line + 1
            rows.append(row)
            last_line = reader.line_num
            size += len(row) + 1
            if size > limits.max_output_chars:
                raise ExtractionError(too_much_text(name, limits))
    except csv.Error as exc:
        raise ExtractionError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "%1 is not a well-formed table (line %2: %3)."),
                name,
                str(reader.line_num),
                str(exc),
            )
        ) from None
    parts.append(Part("\n".join([head, *rows]), first_line if rows else 1, max(last_line, 1)))
    return ExtractedDocument(name, "csv", "line", tuple(parts))


def _dialect(sample: str, name: str) -> type[csv.Dialect] | csv.Dialect:
    if name.lower().endswith((".tsv", ".tab")):
        return csv.excel_tab
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS)
    except csv.Error:
        return csv.excel


def _row(cells: list[str]) -> str:
    cleaned = [" ".join(clean_text(cell).split()).replace("|", "\\|") for cell in cells]
    return "| " + " | ".join(cleaned) + " |"
