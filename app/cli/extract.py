"""`lokal extract FILE`: the text Lokal reads from a document, and `ask --attach` support.

Both go the way a file dropped on the window goes: read in the extraction
process under its limits, cut into the chunks that are stored and cited.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from app.core.documents.chunking import Chunk
from app.core.documents.context import (
    DocumentContext,
    build_context,
    compose_user_message,
    document_budget,
)
from app.core.documents.ingest import ingest_file, prepare
from app.core.documents.model import ExtractedDocument, ExtractionError
from app.core.documents.sandbox import extract_file
from app.core.store import ChatStore
from app.core.store.document_records import Citation
from app.core.store.documents import DocumentStore

_KIND_NAMES = {
    "pdf": "PDF",
    "docx": "Word document",
    "markdown": "Markdown",
    "text": "text",
    "code": "source code",
    "html": "HTML",
    "csv": "table (CSV)",
}


def run_extract(args: argparse.Namespace) -> int:
    path = Path(args.file).expanduser()
    try:
        document = extract_file(path)
    except ExtractionError as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        else:
            print(f"lokal: {exc}", file=sys.stderr)
        return 1
    chunks, tokens = prepare(document)
    if args.json:
        print(json.dumps(_as_json(document, chunks, tokens), ensure_ascii=False))
    else:
        _print_text(document, chunks, tokens, sys.stdout)
    return 0


def _as_json(
    document: ExtractedDocument, chunks: Sequence[Chunk], tokens: int
) -> dict[str, object]:
    return {
        "name": document.name,
        "kind": document.kind,
        "unit": document.unit,
        "pages": document.pages,
        "tokens": tokens,
        "size": document.size,
        "sha256": document.sha256,
        "notes": list(document.notes),
        "chunks": [
            {
                "ordinal": chunk.ordinal,
                "start": chunk.start,
                "end": chunk.end,
                "heading": chunk.heading,
                "text": chunk.text,
            }
            for chunk in chunks
        ],
    }


def _print_text(
    document: ExtractedDocument, chunks: Sequence[Chunk], tokens: int, out: TextIO
) -> None:
    pages = f", {document.pages} pages" if document.pages else ""
    out.write(f"{document.name}: {_KIND_NAMES[document.kind]}{pages}, about {tokens:,} tokens\n")
    for note in document.notes:
        out.write(f"note: {note}\n")
    shown = None
    for chunk in chunks:
        span = _span(document.unit, chunk)
        if span != shown:
            out.write(f"\n── {span} ──\n")
            shown = span
        out.write(chunk.text + "\n")


def _span(unit: str, chunk: Chunk) -> str:
    if chunk.end > chunk.start:
        return f"{unit}s {chunk.start}–{chunk.end}"
    return f"{unit} {chunk.start}"


# --- ask --attach ---------------------------------------------------------------------


class AttachedFiles:
    """Documents for one `lokal ask`, held in a database in memory for the command's life."""

    def __init__(self, paths: Sequence[str]) -> None:
        self.chat_store = ChatStore(":memory:")
        self.store = DocumentStore(self.chat_store)
        self.conversation_id = self.chat_store.create_conversation("ask").id
        for name in paths:
            ingest_file(Path(name).expanduser(), self.store, self.conversation_id)

    def question_with_documents(self, question: str, n_ctx: int) -> tuple[str, list[Citation]]:
        """The prompt with the documents quoted before the question, and what it cites."""
        settings = DocumentContext(budget_tokens=document_budget(n_ctx))
        block = build_context(self.store, self.conversation_id, question, settings)
        return compose_user_message(block, question), list(block.citations if block else ())


def sources_text(citations: Sequence[Citation]) -> str:
    """'Sources:' and one line per citation, numbered as the model saw them."""
    if not citations:
        return ""
    return "Sources:\n" + "\n".join(f"[{c.number}] {c.label()}" for c in citations)
