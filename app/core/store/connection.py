"""Opening the database: one connection, set up the same way every time, then migrated."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
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


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """A transaction that takes the write lock as it begins (BEGIN IMMEDIATE).

    sqlite-utils' atomic() begins a deferred transaction. One that reads and
    then writes fails at once with "database is locked" if another connection
    wrote in between (in WAL mode it cannot move its snapshot forward), and the
    busy timeout does not apply. BEGIN IMMEDIATE waits for the lock (busy
    timeout) instead, and nothing else writes between its reads and writes.
    Inside a transaction already open it is a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


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
