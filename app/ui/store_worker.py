"""Slow history work off the GUI thread: deleting for real, and exporting to a file.

Deleting rewrites the search index and checkpoints the WAL (seconds on a long
history); exporting writes a file the person chose, perhaps on a slow disk.
Both run here, on the worker's own store connection.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from app.core.atomic_file import write_text_atomically
from app.core.store import ChatStore
from app.ui.text import fill


class StoreWorker(QObject):
    deleted = Signal(int)
    exported = Signal(str)  # the file written
    failed = Signal(str)  # a sentence

    def __init__(self, database: Path | str) -> None:
        super().__init__()
        self._database = database
        self._store: ChatStore | None = None

    def _chat_store(self) -> ChatStore:
        if self._store is None:  # created in the worker's thread
            self._store = ChatStore(self._database)
        return self._store

    @Slot(int)
    def delete_conversation(self, conversation_id: int) -> None:
        try:
            self._chat_store().delete_conversation(conversation_id)
        except Exception as exc:  # a sentence, never a traceback
            self.failed.emit(fill(self.tr("The conversation could not be deleted: %1"), str(exc)))
            return
        self.deleted.emit(conversation_id)

    @Slot(int, str, int)
    def export_conversation(self, conversation_id: int, path: str, leaf_id: int) -> None:
        """Markdown (the branch on screen) or JSON (the whole tree), chosen by the suffix."""
        target = Path(path)
        try:
            store = self._chat_store()
            if target.suffix.lower() == ".json":
                data = store.export_conversation(conversation_id)
                text = json.dumps(data, ensure_ascii=False, indent=2)
            else:
                text = store.export_markdown(conversation_id, leaf_id or None)
            write_text_atomically(target, text)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.failed.emit(fill(self.tr("%1 could not be written: %2"), target.name, reason))
            return
        except Exception as exc:
            self.failed.emit(fill(self.tr("The conversation could not be exported: %1"), str(exc)))
            return
        self.exported.emit(str(target))

    @Slot()
    def shutdown(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
        thread = self.thread()
        if thread is not None:
            thread.quit()
