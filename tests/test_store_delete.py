"""Deleting a conversation leaves none of its text anywhere in the database's files."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from app.core.store import ChatStore

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


def test_deleting_while_another_connection_writes_fails_neither(tmp_path: Path) -> None:
    # The window saves questions and the inference worker streams answers while the
    # store worker deletes: every one of them must get its turn, none "database is locked".
    path = tmp_path / "lokal.db"
    store = ChatStore(path)
    doomed = []
    for i in range(12):
        chat = store.create_conversation(f"chat {i}")
        store.add_user_message(chat.id, f"question {i} about harbours and lighthouses")
        doomed.append(chat.id)
    errors: list[Exception] = []
    writes: list[int] = []
    stop = threading.Event()

    def keep_writing() -> None:
        writer = ChatStore(path)  # its own connection, in its own thread
        target = writer.create_conversation("busy").id
        try:
            while not stop.is_set():
                writes.append(writer.add_user_message(target, "another question").id)
        except Exception as exc:
            errors.append(exc)
        finally:
            writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while not writes:
            time.sleep(0.001)
        for conversation in doomed:
            store.delete_conversation(conversation)
    finally:
        stop.set()
        thread.join()
    assert errors == []
    assert [c.title for c in store.list_conversations()] == ["busy"]
