"""Slow history work off the GUI thread: deleting for real, and exporting to a file.

Deleting rewrites the search index and checkpoints the WAL (seconds on a long
history); exporting writes a file the person chose, perhaps on a slow disk.
Both run here, on the worker's own store connection.
"""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Signal, Slot

from app.core.atomic_file import write_text_atomically
from app.core.engine.prompt_cache import forget_conversation
from app.core.paths import prompt_cache_dir
from app.core.sentence import CONTEXT
from app.ui.store_thread_worker import StoreThreadWorker
from app.ui.text import fill


def core_words(template: str) -> str:
    """A core template in the window's language (Qt's translators are read-safe from any
    thread)."""
    return QCoreApplication.translate(CONTEXT, template)


class StoreWorker(StoreThreadWorker):
    deleted = Signal(int)
    exported = Signal(str)  # the file written
    failed = Signal(str)  # a sentence

    @Slot(int)
    def delete_conversation(self, conversation_id: int) -> None:
        try:
            self._chat_store().delete_conversation(conversation_id)
            # Its saved prompt caches hold its tokens: they go the same way.
            forget_conversation(prompt_cache_dir(), conversation_id)
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
                text = store.export_markdown(conversation_id, leaf_id or None, core_words)
            write_text_atomically(target, text)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.failed.emit(fill(self.tr("%1 could not be written: %2"), target.name, reason))
            return
        except Exception as exc:
            self.failed.emit(fill(self.tr("The conversation could not be exported: %1"), str(exc)))
            return
        self.exported.emit(str(target))
