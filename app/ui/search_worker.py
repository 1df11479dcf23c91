"""Search as the person types, off the GUI thread.

A search over a long history reads the full-text index (tens of milliseconds
over 100,000 messages): it runs here, on the worker's own store connection,
so typing never waits on the disk. It has a thread of its own because the
store worker may be busy for seconds rewriting the index after a delete;
SQLite's WAL lets this connection read meanwhile.

Each keystroke is a numbered request; when several are queued only the
newest runs, and the window shows an answer only if it is for the newest.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Signal, Slot

from app.ui.store_thread_worker import StoreThreadWorker

log = logging.getLogger("lokal.search")

#: The most hits listed; more words narrow the search.
MAX_HITS = 50


class SearchWorker(StoreThreadWorker):
    found = Signal(int, object)  # request number, list[SearchHit]

    def __init__(self, database: Path | str) -> None:
        super().__init__(database)
        self._newest = 0

    def expect(self, number: int) -> None:
        """Called from the GUI thread before it queues request ``number``."""
        self._newest = number  # one int, written whole: no lock needed under the GIL

    @Slot(int, str, int)
    def search(self, number: int, query: str, hidden: int) -> None:
        if number != self._newest:
            return  # a newer keystroke is already queued
        try:
            hits = self._chat_store().search(query, limit=MAX_HITS)
        except Exception:  # any text is a valid query; this is the disk failing
            log.exception("search failed")
            hits = []
        self.found.emit(number, [h for h in hits if h.conversation_id != hidden])
