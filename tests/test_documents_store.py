"""Documents in the history database: stored once, searchable, cited, and really deleted."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.documents.context import retrieve
from app.core.documents.extract import extract_bytes
from app.core.documents.ingest import prepare
from app.core.documents.model import ExtractedDocument, Limits
from app.core.documents.query import phrase_queries, terms_query
from app.core.store import ChatStore
from app.core.store.connection import open_database
from app.core.store.document_records import AttachedDocument, Citation
from app.core.store.documents import DocumentStore
from app.core.store.schema import MIGRATION_FUNCTIONS
from tests.test_store_delete import contains, raw_bytes

SECRET = "The wombat Archibald buried the brass compass beside the third fence post."
SECRET_WORD = "Archibald"
STAMP = "2025-01-02T03:04:05.000000+00:00"


def document(text: str, name: str = "notes.md") -> ExtractedDocument:
    return extract_bytes(text.encode(), name, Limits())


def attach(store: DocumentStore, conversation_id: int, doc: ExtractedDocument) -> AttachedDocument:
    chunks, tokens = prepare(doc)
    return store.attach(conversation_id, doc, chunks, tokens, path=f"/home/ana/{doc.name}")


def count(chat: ChatStore, table: str) -> int:
    return int(chat.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_the_same_file_is_stored_once_for_every_conversation() -> None:
    chat = ChatStore(":memory:")
    store = DocumentStore(chat)
    first, second = chat.create_conversation("a"), chat.create_conversation("b")
    doc = document("# Plans\n" + SECRET)
    one = attach(store, first.id, doc)
    two = attach(store, second.id, document("# Plans\n" + SECRET, name="copy of notes.md"))
    again = attach(store, first.id, doc)
    assert one.document_id == two.document_id == again.document_id
    assert (count(chat, "documents"), count(chat, "chunks")) == (1, 1)
    assert [d.name for d in store.attached(second.id)] == ["copy of notes.md"]
    assert [d.name for d in store.attached(first.id)] == ["notes.md"]
    assert one.kind == "markdown" and one.unit == "line" and one.tokens > 10


def test_attaching_to_a_deleted_conversation_is_a_key_error() -> None:
    chat = ChatStore(":memory:")
    with pytest.raises(KeyError):
        attach(DocumentStore(chat), 99, document("text"))
    assert count(chat, "documents") == 0


def test_removing_the_last_reference_deletes_the_text_from_the_files(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    chat = ChatStore(path)
    store = DocumentStore(chat)
    kept, other = chat.create_conversation("kept"), chat.create_conversation("other")
    filler = "\n".join(f"Ordinary line {n} about teapots and kettles." for n in range(300))
    secret_doc = attach(store, kept.id, document(filler + "\n" + SECRET))
    attach(store, other.id, document(filler + "\n" + SECRET))
    attach(store, kept.id, document("A shopping list: teapots, kettles, string.", "list.txt"))
    reader = DocumentStore(ChatStore(path))  # another connection, as another thread has
    assert retrieve(reader, kept.id, f"where did {SECRET_WORD} bury it", 3)
    assert contains(raw_bytes(path), SECRET_WORD)

    store.detach(kept.id, secret_doc.document_id)
    assert contains(raw_bytes(path), SECRET_WORD)  # the other conversation still has it
    assert retrieve(reader, other.id, SECRET_WORD, 3)
    assert not retrieve(reader, kept.id, SECRET_WORD, 3)

    store.detach(other.id, secret_doc.document_id)
    after = raw_bytes(path)
    assert not contains(after, SECRET_WORD) and not contains(after, "brass compass")
    assert path.with_name("lokal.db-wal").stat().st_size == 0
    assert count(chat, "documents") == 1 and retrieve(reader, kept.id, "teapots", 3)
    assert chat.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert chat.db.execute("PRAGMA foreign_key_check").fetchall() == []


def test_deleting_a_conversation_deletes_its_documents_text(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    chat = ChatStore(path)
    store = DocumentStore(chat)
    doomed = chat.create_conversation("doomed")
    attach(store, doomed.id, document(SECRET, "secret.txt"))
    question = chat.add_user_message(doomed.id, "what is buried?")
    answer = chat.start_assistant_message(doomed.id, question.id, "low", None, None)
    found = retrieve(store, doomed.id, "compass", 3)
    store.save_sources(answer.id, [Citation(1, (found[0],))])
    assert contains(raw_bytes(path), SECRET_WORD)

    chat.delete_conversation(doomed.id)

    assert not contains(raw_bytes(path), SECRET_WORD)
    for table in ("documents", "chunks", "conversation_documents", "message_sources"):
        assert count(chat, table) == 0, table


def test_sources_keep_their_numbers_and_their_passages() -> None:
    chat = ChatStore(":memory:")
    store = DocumentStore(chat)
    conversation = chat.create_conversation()
    lines = "\n".join(f"Line {n} of the ledger mentions item {n * 7}." for n in range(1, 200))
    ledger = attach(store, conversation.id, document(lines, "ledger.txt"))
    question = chat.add_user_message(conversation.id, "which item is on line 150?")
    answer = chat.start_assistant_message(conversation.id, question.id, "low", None, None)
    passages = store.passages(conversation.id, ledger.document_id)
    assert len(passages) > 2
    citations = [Citation(1, (passages[2],)), Citation(2, tuple(passages))]
    store.save_sources(answer.id, citations)

    loaded = store.sources(answer.id)
    assert loaded == citations
    assert loaded[0].label() == f"ledger.txt, lines {passages[2].start}–{passages[2].end}"
    assert loaded[1].label() == "ledger.txt, lines 1–199"
    assert loaded[0].first.path == "/home/ana/ledger.txt"
    store.detach(conversation.id, ledger.document_id)
    assert store.sources(answer.id) == []


def test_any_question_makes_a_valid_search() -> None:
    chat = ChatStore(":memory:")
    store = DocumentStore(chat)
    conversation = chat.create_conversation()
    attach(store, conversation.id, document('He said "NEAR(x y)" AND -col:value * OR ^start.'))
    for question in (
        'NEAR("a" "b", 2)',
        '"unterminated',
        "col:value",
        "* OR AND NOT -",
        "a\x00b",
        "lone \ud800 surrogate",
        "^start",
        "",
        "   ",
        "(((",
    ):
        retrieve(store, conversation.id, question, 5)  # never an error
    assert retrieve(store, conversation.id, 'what did he say about "NEAR(x y)"?', 5)
    assert retrieve(store, conversation.id, "col:value", 5)


def test_query_builders() -> None:
    assert phrase_queries('Find "brass compass" please') == [
        '"brass compass"',
        '"find brass compass please"',
    ]
    assert terms_query("What is the rent of an allotment?") == '"rent" OR "allotment"'
    assert terms_query("what is it") == '"what" OR "is" OR "it"'  # only stopwords: keep them
    assert terms_query("?!") is None
    assert phrase_queries("one") == []


def test_an_older_database_gains_the_document_tables(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    old = open_database(path, MIGRATION_FUNCTIONS[:2])
    old.execute(
        "INSERT INTO conversations (title, created_at, updated_at) VALUES ('old', ?, ?)",
        [STAMP, STAMP],
    )
    old.conn.commit()
    old.close()
    chat = ChatStore(path)
    assert [c.title for c in chat.list_conversations()] == ["old"]
    store = DocumentStore(chat)
    attach(store, 1, document(SECRET))
    assert retrieve(store, 1, "wombat", 1)
