"""Migrations and connection settings of the history store."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from app.core.store import ChatStore
from app.core.store.connection import open_database
from app.core.store.schema import (
    MIGRATION_FUNCTIONS,
    MIGRATION_SET,
    create_fts_triggers,
    migrate,
)


def applied(db: Database) -> list[str]:
    rows = db.execute(
        "SELECT name FROM _sqlite_migrations WHERE migration_set = ? ORDER BY id", [MIGRATION_SET]
    )
    return [name for (name,) in rows.fetchall()]


def test_migrations_apply_to_an_empty_database_and_are_idempotent() -> None:
    db = Database(memory=True)
    migrate(db)
    schema = db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall()
    migrate(db)
    migrate(db)
    assert applied(db) == [function.__name__ for function in MIGRATION_FUNCTIONS]
    assert db.execute("SELECT sql FROM sqlite_master ORDER BY name").fetchall() == schema
    assert {"conversations", "messages", "messages_fts"} <= set(db.table_names())


def m003_add_pinned_by_rebuilding_messages(db: Database) -> None:
    """What a real later migration may do: rebuild a table with transform()."""
    db.table("messages").transform(types={"tokens_per_second": float}, drop=set())
    db.table("messages").add_column("pinned", int, not_null_default=0)
    create_fts_triggers(db)  # transform() drops the table's triggers


def test_a_later_migration_keeps_every_existing_row(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    store = ChatStore(path)
    conversation = store.create_conversation("Old chat")
    question = store.add_user_message(conversation.id, "what about the platypus")
    answer = store.start_assistant_message(conversation.id, question.id, "low", None, "hash")
    store.finish_assistant_message(answer.id, "complete", content="it lays eggs")
    edit = store.add_user_message(conversation.id, "and the echidna", parent_id=None)
    before = store.export_conversation(conversation.id)
    store.close()

    # The foreign keys of the old rows would cascade the rebuild into a
    # deletion if they were on while migrating.
    db = open_database(path, (*MIGRATION_FUNCTIONS, m003_add_pinned_by_rebuilding_messages))
    assert applied(db)[-1] == "m003_add_pinned_by_rebuilding_messages"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM messages WHERE pinned = 0").fetchone()[0] == 3
    db.close()

    reopened = ChatStore(path)  # the shipped list: m003 is simply already applied
    assert reopened.export_conversation(conversation.id) == before
    assert [hit.message_id for hit in reopened.search("eggs")] == [answer.id]
    assert [hit.message_id for hit in reopened.search("echidna")] == [edit.id]
    later = reopened.add_user_message(conversation.id, "more about monotremes", question.id)
    assert [hit.message_id for hit in reopened.search("monotremes")] == [later.id]
    assert reopened.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    reopened.db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    ChatStore(path).close()

    def m003_broken(db: Database) -> None:
        db.execute("CREATE TABLE half_done (x)")
        raise RuntimeError("bug in a migration")

    with pytest.raises(RuntimeError):
        open_database(path, (*MIGRATION_FUNCTIONS, m003_broken))
    db = Database(path)
    assert "half_done" not in db.table_names()
    assert applied(db) == [function.__name__ for function in MIGRATION_FUNCTIONS]


def test_every_connection_is_configured(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "sub" / "lokal.db")  # creates the folder
    pragmas = {
        name: store.db.execute(f"PRAGMA {name}").fetchone()[0]
        for name in ("journal_mode", "synchronous", "foreign_keys", "secure_delete", "busy_timeout")
    }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 1,  # NORMAL
        "foreign_keys": 1,
        "secure_delete": 1,
        "busy_timeout": 5000,
    }


def test_foreign_keys_hold_after_migrating() -> None:
    store = ChatStore(":memory:")
    with pytest.raises(sqlite3.IntegrityError):
        store.db.execute(
            "INSERT INTO messages (conversation_id, role, status, created_at, updated_at)"
            " VALUES (999, 'user', 'complete', '', '')"
        )


def test_placeholder_titles_become_a_flag(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    old = open_database(path, MIGRATION_FUNCTIONS[:3])  # before the flag
    stamp = "2026-01-01T00:00:00.000000+00:00"
    for title in ("New chat", "Neuer Chat", "New chat"):
        old.execute(
            "INSERT INTO conversations (title, created_at, updated_at) VALUES (?, ?, ?)",
            [title, stamp, stamp],
        )
    old.execute(  # the third was asked something already: its title is its own
        "INSERT INTO messages (conversation_id, role, status, content, created_at, updated_at) "
        "VALUES (3, 'user', 'complete', 'hello', ?, ?)",
        [stamp, stamp],
    )
    old.close()

    store = ChatStore(path)
    assert [
        (c.id, c.auto_title) for c in sorted(store.list_conversations(), key=lambda c: c.id)
    ] == [
        (1, True),
        (2, True),
        (3, False),
    ]
    assert store.title_from_question(1, "about trains")
    assert not store.title_from_question(1, "a second question")  # named once
    assert not store.title_from_question(3, "not a placeholder")
    assert store.get_conversation(1).title == "about trains"
    assert store.get_conversation(3).title == "New chat"


def test_a_name_the_person_gave_is_kept() -> None:
    store = ChatStore(":memory:")
    placeholder = store.create_conversation("Neuer Chat", auto_title=True)
    store.rename_conversation(placeholder.id, "Neuer Chat")  # chosen, in any words
    assert not store.title_from_question(placeholder.id, "a question")
    assert store.get_conversation(placeholder.id).title == "Neuer Chat"
    named = store.create_conversation("New chat")
    assert not store.get_conversation(named.id).auto_title


def test_m005_adds_tool_messages_to_a_database_of_three_migrations(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    db = open_database(path, MIGRATION_FUNCTIONS[:3])
    stamp = "2026-01-01T00:00:00+00:00"
    db.execute("INSERT INTO conversations VALUES (1, 'Old', ?, ?)", [stamp, stamp])
    db.execute(
        "INSERT INTO messages (id, conversation_id, role, status, content, created_at, updated_at)"
        " VALUES (1, 1, 'user', 'complete', 'an old question', ?, ?)",
        [stamp, stamp],
    )
    db.close()
    store = ChatStore(path)
    assert "m005_tool_messages" in applied(store.db)
    (old,) = store.thread(1)
    assert old.content == "an old question" and old.author is None and old.tool_meta is None
    answer = store.start_assistant_message(1, old.id, "low", None, None)
    result = store.add_tool_message(1, answer.id, "browser.search", "[0] …", {"server": "browser"})
    assert store.get_message(result.id).tool_meta == {"server": "browser"}
    assert [hit.message_id for hit in store.search("question")] == [old.id]
