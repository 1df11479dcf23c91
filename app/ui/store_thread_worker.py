"""A worker QObject with its own store connection, opened in the thread it runs in.

SQLite connections belong to one thread (ChatStore enforces it), so each
worker opens its store lazily, on first use in its own thread, and closes it
when it shuts down; shutting down also ends the thread's event loop.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Slot

from app.core.store import ChatStore


class StoreThreadWorker(QObject):
    def __init__(self, database: Path | str) -> None:
        super().__init__()
        self._database = database
        self._store: ChatStore | None = None

    def _chat_store(self) -> ChatStore:
        if self._store is None:  # created here, in the worker's thread
            self._store = ChatStore(self._database)
        return self._store

    def _release(self) -> None:
        """What a subclass holds besides the store, closed at shutdown (before the store)."""

    @Slot()
    def shutdown(self) -> None:
        # One slot, never overridden: with PySide6 an overriding slot of the same
        # name was seen to run in the sender's thread, where the store refuses.
        self._release()
        if self._store is not None:
            self._store.close()
            self._store = None
        thread = self.thread()
        if thread is not None:
            thread.quit()
