"""Opening the database: one connection, set up the same way every time, then migrated."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from app.core.store.schema import MIGRATION_FUNCTIONS, MigrationFunction, migrate

MEMORY = ":memory:"
# Another thread (or a second app instance) may hold the write lock for a
# moment, e.g. while a conversation is deleted; wait for it rather than fail.
BUSY_TIMEOUT_MS = 5000


def open_database(
    path: str | os.PathLike[str],
    migrations: tuple[MigrationFunction, ...] = MIGRATION_FUNCTIONS,
) -> Database:
    """Open (creating if needed) and migrate the database at ``path``; ``":memory:"`` for tests.

    The connection may only be used by the thread that opened it (sqlite3's
    check_same_thread, kept on): SQLite connections are not for sharing.
    """
    if os.fspath(path) != MEMORY:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    # timeout= is SQLite's busy timeout; check_same_thread stays on.
    conn = sqlite3.connect(os.fspath(path), timeout=BUSY_TIMEOUT_MS / 1000)
    # Plugins could change how our connection behaves; this store wants none.
    db = Database(conn, execute_plugins=False)
    # WAL: the UI thread can read history while a worker writes a streaming
    # answer, and a commit is one append to the -wal file.
    db.enable_wal()
    # NORMAL in WAL mode fsyncs only at checkpoints. A committed transaction is
    # already in the OS once COMMIT returns, so it survives the app crashing or
    # being killed; only a power failure or OS crash can lose the last few
    # transactions (never corrupt the file). FULL would fsync four times a
    # second while an answer streams, for no gain against app crashes.
    db.execute("PRAGMA synchronous = NORMAL")
    # Deleted content is overwritten with zeros, so "delete" means gone from the file.
    db.execute("PRAGMA secure_delete = ON")
    # Foreign keys stay off while migrating (see schema.migrate), and the
    # pragma is a no-op inside a transaction, so it is set afterwards.
    db.execute("PRAGMA foreign_keys = OFF")
    migrate(db, migrations)
    db.execute("PRAGMA foreign_keys = ON")
    return db


#: Pages of a search index rewritten per transaction when deleted words are purged.
MERGE_STEP_PAGES = 256


def purge_search_index(db: Database, table: str) -> int:
    """FTS5's 'optimize' in steps that commit one by one; returns the number of steps.

    Deleting from an FTS5 index only records the deletion; merging every segment
    into one drops the deleted entries, and secure_delete zeroes the pages they
    were in. A single 'optimize' holds the write lock for seconds on a long
    history (3-4 s at 100,000 messages), and every other writer (the window
    saving a question) would wait that long. A negative 'merge' does the same
    work MERGE_STEP_PAGES pages at a time, and others can write between steps.
    It has done all it can when a step changes fewer than two rows; the final
    'optimize' then finds one segment and costs nothing, and guarantees the
    purge should a step ever stop early.
    """
    statement = f"INSERT INTO {table}({table}, rank) VALUES ('merge', ?)"
    steps = 0
    while True:
        before = db.conn.total_changes
        with db.atomic():
            db.execute(statement, [-MERGE_STEP_PAGES])
        steps += 1
        if db.conn.total_changes - before < 2:
            break
    with db.atomic():
        db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
    return steps


def checkpoint_truncate(db: Database) -> bool:
    """Copy the WAL into the database file and truncate the WAL to zero bytes.

    SQLite waits (busy timeout) for other connections' reads to finish.
    Returns False if one still held the WAL; the next checkpoint finishes the job.
    """
    busy, _log, _copied = db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    return not busy


def fetch_all(db: Database, sql: str, params: list[Any] | dict[str, Any]) -> list[dict[str, Any]]:
    """All result rows as dicts. Read to the end at once: a half-read statement
    would keep its read snapshot open and block the WAL checkpoint."""
    cursor = db.execute(sql, params)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]


def fetch_one(db: Database, sql: str, *params: Any) -> dict[str, Any] | None:
    found = fetch_all(db, sql, list(params))
    return found[0] if found else None


def insert(db: Database, table: str, row: dict[str, Any]) -> int:
    """Insert one row; returns its id."""
    last_pk = db.table(table).insert(row).last_pk
    assert isinstance(last_pk, int), last_pk  # an INTEGER PRIMARY KEY
    return last_pk
