"""From a dropped path to a stored, attached document: the one path every file takes."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path

from app.core.documents.chunking import Chunk, chunk_document
from app.core.documents.model import ExtractedDocument, Limits
from app.core.documents.sandbox import extract_file
from app.core.documents.tokens import estimate_tokens
from app.core.store.document_records import AttachedDocument
from app.core.store.documents import DocumentStore


def prepare(document: ExtractedDocument) -> tuple[list[Chunk], int]:
    """The document's chunks and its estimated size in tokens."""
    chunks = chunk_document(document)
    return chunks, sum(estimate_tokens(chunk.text) for chunk in chunks)


def ingest_file(
    path: Path,
    store: DocumentStore,
    conversation_id: int,
    limits: Limits | None = None,
    *,
    cancelled: Callable[[], bool] = lambda: False,
) -> AttachedDocument:
    """Read ``path`` in the extraction process and attach it. Raises ExtractionError
    (a sentence for people), ExtractionCancelled, or KeyError if the conversation is gone."""
    document = extract_file(path, limits, cancelled=cancelled)
    chunks, tokens = prepare(document)
    attached = store.attach(conversation_id, document, chunks, tokens, path=os.path.abspath(path))
    if len(document.notes) == 1 and attached.notes == document.notes[0]:
        # The store keeps the English text; the Sentence lets the window translate it.
        attached = dataclasses.replace(attached, notes=document.notes[0])
    return attached
