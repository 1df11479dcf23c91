"""Attaching documents without blocking the window.

``ExtractionWorker`` lives in its own QThread with its own store connection
(one per thread). Each file is read in the extraction process (sandbox.py)
while the worker waits for it, then stored; the worker only ever blocks
itself. Requests queue up as signals and run one at a time, in order.

``DocumentAttacher`` is the GUI thread's side: it turns drops, pastes and the
Attach button into requests, and the worker's answers into chip states on an
``AttachmentBar``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QThread, Signal, Slot

from app.core.documents.files import expand_paths
from app.core.documents.ingest import ingest_file
from app.core.documents.model import ExtractionError, Limits
from app.core.documents.sandbox import ExtractionCancelled
from app.core.sentence import message_of
from app.core.store.document_records import AttachedDocument
from app.core.store.documents import DocumentStore
from app.ui.attachments import AttachmentBar
from app.ui.store_thread_worker import StoreThreadWorker
from app.ui.text import fill


class ExtractionWorker(StoreThreadWorker):
    attached = Signal(str, object)  # the attempt's ticket, AttachedDocument
    # Sentences travel as objects: a str-typed signal would make a plain str of them.
    failed = Signal(str, object)  # the ticket (or a chip key), a sentence
    discovered = Signal(int, object, object)  # conversation, files found in folders, notes
    listed = Signal(int, list)  # conversation, list[AttachedDocument]
    detached = Signal(int, int)  # conversation, document

    def __init__(self, database: Path | str, limits: Limits | None = None) -> None:
        super().__init__(database)
        self._limits = limits
        self._lock = threading.Lock()
        self._cancelled: set[str] = set()

    def _documents(self) -> DocumentStore:
        return DocumentStore(self._chat_store())

    def cancel(self, key: str) -> None:
        """Stop reading (or skip) the file for ``key``. Safe from any thread."""
        with self._lock:
            self._cancelled.add(key)

    def _is_cancelled(self, key: str) -> bool:
        with self._lock:
            return key in self._cancelled

    @Slot(int, list)
    def expand(self, conversation_id: int, folders: list[Path]) -> None:
        files, notes = expand_paths(folders)
        self.discovered.emit(conversation_id, files, notes)

    @Slot(str, int, object)
    def extract(self, key: str, conversation_id: int, path: Path) -> None:
        if self._is_cancelled(key):
            return
        try:
            document = ingest_file(
                path,
                self._documents(),
                conversation_id,
                self._limits,
                cancelled=lambda: self._is_cancelled(key),
            )
        except ExtractionCancelled:
            return
        except ExtractionError as exc:
            self.failed.emit(key, message_of(exc))
            return
        except KeyError:
            self.failed.emit(key, self.tr("The conversation was deleted before the file was read."))
            return
        except Exception as exc:  # e.g. a full disk: a sentence, never a traceback
            self.failed.emit(
                key, fill(self.tr("%1 was read but could not be saved (%2)."), path.name, exc)
            )
            return
        self.attached.emit(key, document)

    @Slot(int)
    def list_documents(self, conversation_id: int) -> None:
        try:
            documents = self._documents().attached(conversation_id)
        except Exception:  # the list is a convenience; the conversation still opens
            documents = []
        self.listed.emit(conversation_id, documents)

    @Slot(int, int)
    def detach(self, conversation_id: int, document_id: int) -> None:
        try:
            self._documents().detach(conversation_id, document_id)
        except Exception as exc:
            key = f"doc:{conversation_id}:{document_id}"
            self.failed.emit(key, fill(self.tr("Not removed (%1)."), exc))
            return
        self.detached.emit(conversation_id, document_id)


class DocumentAttacher(QObject):
    """Drops and the Attach button in; chip states and storage out."""

    changed = Signal(int)  # a conversation's ready documents changed
    # Something to tell the person (e.g. files left out of a folder): a sentence, maybe a
    # Sentence from the core that the receiver translates (app/ui/text.py: translated).
    notice = Signal(object)
    _extract = Signal(str, int, object)
    _expand = Signal(int, list)
    _list = Signal(int)
    _detach = Signal(int, int)
    _shutdown = Signal()

    def __init__(
        self,
        bar: AttachmentBar,
        database: Path | str,
        ensure_conversation: Callable[[], int],
        *,
        limits: Limits | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.bar = bar
        self.conversation_id: int | None = None
        self._ensure_conversation = ensure_conversation
        self._documents: dict[str, int] = {}  # chip key -> document id, once ready
        # Each reading of a file is an attempt with its own ticket: a removed file's
        # ticket stays cancelled, so attaching the same file again needs a new one.
        self._tickets: dict[str, str] = {}  # chip key -> its current attempt's ticket
        self._attempts = 0
        self._thread = QThread(self)
        self.worker = ExtractionWorker(database, limits)
        self.worker.moveToThread(self._thread)
        self._extract.connect(self.worker.extract)
        self._expand.connect(self.worker.expand)
        self._list.connect(self.worker.list_documents)
        self._detach.connect(self.worker.detach)
        self._shutdown.connect(self.worker.shutdown)
        self.worker.attached.connect(self._attached)
        self.worker.failed.connect(self._failed)
        self.worker.discovered.connect(self._discovered)
        self.worker.listed.connect(self._listed)
        self.worker.detached.connect(self._detached)
        bar.remove_requested.connect(self.remove)
        bar.files_chosen.connect(self.attach_paths)
        self._thread.start()

    def set_conversation(self, conversation_id: int | None) -> None:
        """Show this conversation's documents (None: a new chat with none yet)."""
        if conversation_id == self.conversation_id:
            return
        for key in self._pending_keys():
            self._cancel(key)
        self.bar.clear()
        self._documents.clear()
        self._tickets.clear()
        self.conversation_id = conversation_id
        if conversation_id is not None:
            self._list.emit(conversation_id)

    def attach_paths(self, paths: list[Path]) -> None:
        if not paths:
            return
        conversation_id = self.conversation_id
        if conversation_id is None:
            conversation_id = self._ensure_conversation()
            self.conversation_id = conversation_id
        folders = [path for path in paths if path.is_dir() and not path.is_symlink()]
        for path in paths:
            if path not in folders:
                self._start(conversation_id, path)
        if folders:  # walking a big folder takes time: in the worker
            self._expand.emit(conversation_id, folders)

    def remove(self, key: str) -> None:
        self._cancel(key)
        self._tickets.pop(key, None)
        self.bar.remove(key)
        document_id = self._documents.pop(key, None)
        if document_id is not None and self.conversation_id is not None:
            self._detach.emit(self.conversation_id, document_id)

    def close(self) -> None:
        for key in self._pending_keys():
            self._cancel(key)
        self._shutdown.emit()
        self._thread.wait(10_000)

    # --- the worker's answers -------------------------------------------------------

    def _start(self, conversation_id: int, path: Path) -> None:
        key = f"file:{conversation_id}:{path}"
        chip = self.bar.chips.get(key)
        if chip is not None and chip.state != "failed":
            return  # already reading or attached
        self.bar.add(key, path.name).set_reading()
        self._attempts += 1
        ticket = f"{self._attempts}:{key}"
        self._tickets[key] = ticket
        self._extract.emit(ticket, conversation_id, path)

    def _cancel(self, key: str) -> None:
        self.worker.cancel(self._tickets.get(key, key))

    def _key_of(self, ticket: str) -> str | None:
        """The chip an answer is for, None if that attempt was removed or replaced."""
        key = ticket.partition(":")[2]
        return key if self._tickets.get(key) == ticket else None

    def _attached(self, ticket: str, document: AttachedDocument) -> None:
        key = self._key_of(ticket)
        if key is None:
            return  # removed meanwhile: it stays stored in its conversation
        del self._tickets[key]
        if document.conversation_id != self.conversation_id or key not in self.bar.chips:
            return  # removed or another conversation opened meanwhile: it stays stored there
        if document.document_id in self._documents.values():
            self.bar.remove(key)  # the same content is attached already
            self.notice.emit(fill(self.tr("%1 is already attached."), document.name))
            return
        self._documents[key] = document.document_id
        self.bar.set_ready(key, document.tokens, document.pages, document.notes)
        self.changed.emit(document.conversation_id)

    def _failed(self, ticket: str, reason: str) -> None:
        key = self._key_of(ticket)
        if key is None and ticket.startswith("doc:"):  # a removal that failed
            key = ticket
        elif key is None:
            return  # an attempt that was removed or replaced
        self._tickets.pop(key, None)
        if key in self.bar.chips:
            self.bar.set_failed(key, reason)
        else:  # e.g. a removal that could not be saved: its chip is already gone
            self.notice.emit(reason)

    def _discovered(self, conversation_id: int, files: list[Path], notes: list[str]) -> None:
        for note in notes:
            self.notice.emit(note)
        if conversation_id == self.conversation_id:
            for path in files:
                self._start(conversation_id, path)

    def _listed(self, conversation_id: int, documents: list[AttachedDocument]) -> None:
        if conversation_id != self.conversation_id:
            return
        for document in documents:
            key = f"doc:{conversation_id}:{document.document_id}"
            self.bar.add(key, document.name)
            self.bar.set_ready(key, document.tokens, document.pages, document.notes)
            self._documents[key] = document.document_id

    def _detached(self, conversation_id: int, document_id: int) -> None:
        self.changed.emit(conversation_id)

    def _pending_keys(self) -> list[str]:
        return [key for key, chip in self.bar.chips.items() if chip.state == "reading"]
