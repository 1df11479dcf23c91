"""DocumentStore: attached documents, their chunks, the search over them, and citations.

It shares its ChatStore's connection (and so its thread rule: see store.py),
because documents belong to conversations and must go when they go. The
tables are made by schema.m003_documents.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from app.core.store.connection import (
    checkpoint_truncate,
    fetch_all,
    fetch_one,
    insert,
    write_transaction,
)
from app.core.store.document_records import (
    AttachedDocument,
    ChunkFacts,
    Citation,
    DocumentFacts,
    Passage,
)
from app.core.store.records import now, to_text
from app.core.store.store import ChatStore

_ATTACHED = """
SELECT d.id AS document_id, cd.conversation_id, cd.name, cd.path, d.kind, d.unit, d.pages,
       d.tokens, d.chars, d.notes, cd.attached_at
FROM conversation_documents AS cd JOIN documents AS d ON d.id = cd.document_id
"""
_PASSAGE_COLUMNS = """
c.id AS chunk_id, c.document_id, c.ordinal, c.page_start, c.page_end, c.line_start,
c.line_end, c.heading, c.text, d.kind, d.unit, cd.name, cd.path
"""
_SEARCH = f"""
SELECT {_PASSAGE_COLUMNS}
FROM chunks_fts
JOIN chunks AS c ON c.id = chunks_fts.rowid
JOIN documents AS d ON d.id = c.document_id
JOIN conversation_documents AS cd
    ON cd.document_id = c.document_id AND cd.conversation_id = :conversation
WHERE chunks_fts MATCH :query
ORDER BY rank
LIMIT :limit
"""


def forget_deleted_text(db: Database) -> None:
    """Rewrite the chunk index so that no old index segment keeps a deleted document's words.

    Deleting from an FTS5 index only records the deletion; 'optimize' merges
    the index into one new segment without the deleted entries, and
    secure_delete zeroes the pages the old segments occupied.
    """
    db.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")


class DocumentStore:
    def __init__(self, chat_store: ChatStore) -> None:
        self._chat_store = chat_store

    @property
    def db(self) -> Database:
        return self._chat_store.db  # raises WrongThreadError off the owning thread

    # --- attaching ---------------------------------------------------------------

    def attach(
        self,
        conversation_id: int,
        document: DocumentFacts,
        chunks: Sequence[ChunkFacts],
        tokens: int,
        path: str | None = None,
    ) -> AttachedDocument:
        """Store the document (once per content) and attach it to the conversation.

        One transaction: a crash cannot leave text stored that nothing refers to.
        Attaching the same content again only updates its name and path.
        """
        self._chat_store.get_conversation(conversation_id)  # KeyError if it is gone
        with write_transaction(self.db):
            found = fetch_one(self.db, "SELECT id FROM documents WHERE sha256 = ?", document.sha256)
            document_id = (
                int(found["id"]) if found else self._insert_document(document, chunks, tokens)
            )
            self.db.execute(
                """
                INSERT INTO conversation_documents
                    (conversation_id, document_id, name, path, attached_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (conversation_id, document_id)
                DO UPDATE SET name = excluded.name, path = excluded.path
                """,
                [conversation_id, document_id, document.name, path, to_text(now())],
            )
        return self.get(conversation_id, document_id)

    def _insert_document(
        self, document: DocumentFacts, chunks: Sequence[ChunkFacts], tokens: int
    ) -> int:
        row = {
            "sha256": document.sha256,
            "kind": document.kind,
            "unit": document.unit,
            "pages": document.pages,
            "tokens": tokens,
            "chars": sum(len(chunk.text) for chunk in chunks),
            "notes": "\n".join(document.notes),
            "created_at": to_text(now()),
        }
        document_id = insert(self.db, "documents", row)
        by_page = document.unit == "page"
        self.db.conn.executemany(
            """
            INSERT INTO chunks (document_id, ordinal, page_start, page_end, line_start,
                                line_end, heading, text)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [_chunk_row(document_id, chunk, by_page) for chunk in chunks],
        )
        return document_id

    def detach(self, conversation_id: int, document_id: int) -> None:
        """Remove it from the conversation; the last removal deletes its text for real."""
        with write_transaction(self.db):
            self.db.execute(
                "DELETE FROM conversation_documents WHERE conversation_id = ? AND document_id = ?",
                [conversation_id, document_id],
            )
            gone = fetch_one(self.db, "SELECT id FROM documents WHERE id = ?", document_id) is None
            if gone:
                forget_deleted_text(self.db)
        if gone:
            checkpoint_truncate(self.db)

    # --- reading -----------------------------------------------------------------

    def get(self, conversation_id: int, document_id: int) -> AttachedDocument:
        row = fetch_one(
            self.db,
            _ATTACHED + "WHERE cd.conversation_id = ? AND cd.document_id = ?",
            conversation_id,
            document_id,
        )
        if row is None:
            raise KeyError(f"document {document_id} is not attached to {conversation_id}")
        return AttachedDocument.from_row(row)

    def attached(self, conversation_id: int) -> list[AttachedDocument]:
        """In the order they were attached."""
        rows = fetch_all(
            self.db,
            _ATTACHED + "WHERE cd.conversation_id = ? ORDER BY cd.attached_at, d.id",
            [conversation_id],
        )
        return [AttachedDocument.from_row(row) for row in rows]

    def passages(self, conversation_id: int, document_id: int) -> list[Passage]:
        """Every chunk of an attached document, in order: the whole text."""
        rows = fetch_all(
            self.db,
            f"""
            SELECT {_PASSAGE_COLUMNS}
            FROM chunks AS c
            JOIN documents AS d ON d.id = c.document_id
            JOIN conversation_documents AS cd
                ON cd.document_id = c.document_id AND cd.conversation_id = ?
            WHERE c.document_id = ?
            ORDER BY c.ordinal
            """,
            [conversation_id, document_id],
        )
        return [Passage.from_row(row) for row in rows]

    def search(self, conversation_id: int, fts_query: str, limit: int) -> list[Passage]:
        """Best first (BM25) among the conversation's documents. ``fts_query`` must be
        built by context.py's query builders, which make any user text valid FTS5."""
        params: dict[str, Any] = {"conversation": conversation_id, "query": fts_query}
        params["limit"] = limit
        try:
            rows = fetch_all(self.db, _SEARCH, params)
        except sqlite3.OperationalError:  # a query the builders should have prevented
            return []
        return [Passage.from_row(row) for row in rows]

    # --- citations ---------------------------------------------------------------

    def save_sources(self, message_id: int, citations: Sequence[Citation]) -> None:
        rows = [
            (message_id, rank, citation.number, passage.chunk_id)
            for rank, (citation, passage) in enumerate(
                (c, p) for c in citations for p in c.passages
            )
        ]
        with write_transaction(self.db):
            self.db.execute("DELETE FROM message_sources WHERE message_id = ?", [message_id])
            self.db.conn.executemany(
                "INSERT INTO message_sources (message_id, rank, number, chunk_id) "
                "VALUES (?, ?, ?, ?)",
                rows,
            )

    def sources(self, message_id: int) -> list[Citation]:
        """What an answer was given, numbered as the model saw it."""
        rows = fetch_all(
            self.db,
            f"""
            SELECT s.number, {_PASSAGE_COLUMNS}
            FROM message_sources AS s
            JOIN messages AS m ON m.id = s.message_id
            JOIN chunks AS c ON c.id = s.chunk_id
            JOIN documents AS d ON d.id = c.document_id
            JOIN conversation_documents AS cd
                ON cd.document_id = c.document_id AND cd.conversation_id = m.conversation_id
            WHERE s.message_id = ?
            ORDER BY s.rank
            """,
            [message_id],
        )
        citations: dict[int, list[Passage]] = {}
        for row in rows:
            citations.setdefault(row["number"], []).append(Passage.from_row(row))
        return [Citation(number, tuple(ps)) for number, ps in citations.items()]


def _chunk_row(document_id: int, chunk: ChunkFacts, by_page: bool) -> tuple[Any, ...]:
    pages = (chunk.start, chunk.end) if by_page else (None, None)
    lines = (None, None) if by_page else (chunk.start, chunk.end)
    return (document_id, chunk.ordinal, *pages, *lines, chunk.heading, chunk.text)
