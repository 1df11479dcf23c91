"""Deleting a conversation leaves none of its text anywhere in the database's files."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.store import ChatStore, connection

SECRET = "The quokka named Bartholomew hid the spare key under the blue flowerpot."
SECRET_WORD = "Bartholomew"  # the search index stores words, not sentences
SECRET_TITLE = "Zyxwvut plans"


def raw_bytes(path: Path) -> bytes:
    """The database file with its -wal and -shm companions, as they are on disk."""
    files = [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]
    return b"".join(file.read_bytes() for file in files if file.exists())


def contains(data: bytes, text: str) -> bool:
    return text.encode() in data or text.lower().encode() in data


def test_deleted_text_is_gone_from_the_database_files(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    store = ChatStore(path)
    kept = store.create_conversation("Kept")
    store.add_user_message(kept.id, "an ordinary question about teapots")
    doomed = store.create_conversation(SECRET_TITLE)
    question = store.add_user_message(doomed.id, SECRET)
    started = store.start_assistant_message(doomed.id, question.id, "low", None, None)
    for step in range(1, 20):  # many WAL frames holding versions of the text
        store.update_streaming(started.id, f"thinking about {SECRET}", SECRET[:step], [])
    store.finish_assistant_message(started.id, "complete", content=f"Noted: {SECRET}")
    # A second reader connection, as the UI thread would have.
    reader = ChatStore(path)
    assert [hit.conversation_id for hit in reader.search(SECRET_WORD)] == [doomed.id] * 2
    before = raw_bytes(path)
    assert contains(before, SECRET) and contains(before, SECRET_WORD)

    store.delete_conversation(doomed.id)

    after = raw_bytes(path)
    for text in (SECRET, SECRET_WORD, SECRET_TITLE):
        assert not contains(after, text), text
    assert path.with_name("lokal.db-wal").stat().st_size == 0
    assert reader.search(SECRET_WORD) == []
    assert [c.title for c in reader.list_conversations()] == ["Kept"]
    assert reader.search("teapots")
    assert reader.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_the_index_is_rewritten_in_short_steps_that_let_others_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "lokal.db"
    store = ChatStore(path)
    for i in range(60):  # one commit each: many small index segments, as real use makes
        chat = store.create_conversation(f"chat {i}")
        store.add_user_message(chat.id, f"question {i} " + " ".join(f"w{i}x{j}" for j in range(80)))
    doomed = store.create_conversation(SECRET_TITLE)
    store.add_user_message(doomed.id, SECRET)
    monkeypatch.setattr(connection, "MERGE_STEP_PAGES", 2)
    commits: list[int] = []
    writer = ChatStore(path)  # another connection: the window saving a question
    steps = connection.purge_search_index

    def purge_watching(db: object, table: str) -> int:
        store.db.conn.set_trace_callback(lambda sql: commits.append(1) if sql == "COMMIT" else None)
        try:
            return steps(db, table)  # type: ignore[arg-type]
        finally:
            store.db.conn.set_trace_callback(None)

    monkeypatch.setattr("app.core.store.store.purge_search_index", purge_watching)
    store.delete_conversation(doomed.id)
    assert len(commits) > 3  # many short transactions, not one long one
    assert not contains(raw_bytes(path), SECRET_WORD)
    # Fully merged: a further 'optimize' has nothing left to do.
    before = store.db.conn.total_changes
    store.db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')")
    assert store.db.conn.total_changes - before < 2
    writer.add_user_message(writer.list_conversations()[0].id, "saved at once")
