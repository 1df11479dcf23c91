"""A history that cannot be opened is set aside, never deleted, and a new one begins.

A damaged lokal.db (a disk error, a copy cut short, a file of the wrong kind,
no permission, a folder where the file should be) used to end the window
before it appeared. Now the file keeps its bytes under a new name beside the
old one, the log records why, and the person is told in one sentence where
the old file is, so it can be repaired or sent to support.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from app.core.sentence import QT_TRANSLATE_NOOP, Sentence
from app.core.store.store import ChatStore

log = logging.getLogger("lokal.store")

# SQLite keeps a database's last writes in these files beside it: they belong to the
# old file, and a new database of the same name must not read them.
_COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass(frozen=True)
class SetAside:
    """Where the unreadable history went, and why it could not be read (for the log)."""

    moved_to: Path
    cause: str

    def sentence(self) -> Sentence:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core",
                "Lokal could not read its conversation history, so it started a new one. "
                "The old file is kept at %1.",
            ),
            str(self.moved_to),
        )


class HistoryUnusable(Exception):
    """The history can be neither opened nor moved aside; str() says so to people."""


def open_or_set_aside(path: Path) -> SetAside | None:
    """Check that the history at ``path`` opens; if not, move it aside (None: it opened).

    Opening runs the migrations and reads the list of conversations, which touches
    the schema and the tables the window reads first.
    """
    try:
        store = ChatStore(path)
        try:
            store.list_conversations()
        finally:
            store.close()
        return None
    except (sqlite3.DatabaseError, OSError) as exc:
        cause = _cause(exc)
        log.error("the history %s cannot be opened: %s", path, cause, exc_info=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    moved_to = path.with_name(f"{path.name}.unreadable-{stamp}")
    try:
        os.replace(path, moved_to)
        for suffix in _COMPANIONS:
            companion = path.with_name(path.name + suffix)
            if companion.exists():
                os.replace(companion, moved_to.with_name(moved_to.name + suffix))
    except OSError as exc:
        log.error("the unreadable history %s cannot be moved aside: %s", path, exc)
        raise HistoryUnusable(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core",
                    "Lokal cannot read its conversation history at %1, and cannot move it "
                    "aside to start a new one (%2).",
                ),
                str(path),
                exc.strerror or str(exc),
            )
        ) from exc
    log.warning("the unreadable history was moved to %s; a new one begins", moved_to)
    return SetAside(moved_to, cause)


def _cause(exc: BaseException) -> str:
    """SQLite's own words ("file is not a database"), or the system's for the file."""
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__
