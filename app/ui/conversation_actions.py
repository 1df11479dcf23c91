"""The window's conversations: list, search, open, branches, rename, delete with undo, export."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QFileDialog,
)

from app.core.presets import answer_markdown
from app.core.store import SearchHit, context_used
from app.core.store.documents import DocumentStore
from app.core.tools.browser_citations import cited_sources
from app.ui.chat_view import PAGE, MessageBubble
from app.ui.window_model import ModelActions


class ConversationActions(ModelActions):
    """A part of MainWindow's behaviour (see window_parts.py)."""

    # --- conversations ------------------------------------------------------

    def refresh_conversations(self) -> None:
        hidden = self.pending_delete[0] if self.pending_delete else None
        query = self.sidebar.query()
        if query:
            self._search_number += 1
            self.search_worker.expect(self._search_number)
            self.request_search.emit(self._search_number, query, -1 if hidden is None else hidden)
            return
        self._search_number += 1  # an answer still on its way is for an older query
        conversations = [c for c in self.store.list_conversations() if c.id != hidden]
        self.sidebar.show_conversations(conversations, self.conversation_id)

    def _show_hits(self, number: int, hits: list[SearchHit]) -> None:
        if number == self._search_number and not self.closed:
            self.sidebar.show_hits(hits)
            self.search_shown.emit()

    def new_conversation(self) -> None:
        if self.generating:
            return
        self.conversation_id = self.leaf_id = None
        self.attacher.set_conversation(None)
        self.tools_button.set_conversation(None)
        self.cancel_edit()
        self.chat.clear()
        self._update_context()
        self._update_page()
        self.composer.setFocus()

    def _open_from_sidebar(self, conversation_id: int, message_id: int) -> None:
        self.open_conversation(
            conversation_id, self.store.newest_leaf(message_id) if message_id else None
        )

    def open_conversation(self, conversation_id: int, leaf_id: int | None = None) -> None:
        if self.generating:
            self.statusBar().showMessage(
                self.tr("Stop the answer first to switch conversations."), 5000
            )
            return
        self.conversation_id = conversation_id
        self.sidebar.mark_current(conversation_id)
        self.attacher.set_conversation(conversation_id)
        self.tools_button.set_conversation(conversation_id)
        self.tools_button.set_preset(conversation_id, self.store.preset(conversation_id))
        self.cancel_edit()
        self._show_branch(leaf_id)
        self._update_page()

    def _show_branch(self, leaf_id: int | None) -> None:
        """Show the thread ending at ``leaf_id`` (default: the newest), a page at a time."""
        assert self.conversation_id is not None
        ids = self.store.thread_ids(self.conversation_id, leaf_id)
        page = self.store.messages(ids[-PAGE:])
        self.chat.show_thread(
            page,
            self.store.branch_positions(self.conversation_id),
            earlier=ids[:-PAGE],
            load=self.store.messages,
        )
        self.leaf_id = ids[-1] if ids else None
        self.model_bar.set_context(context_used(page), self.n_ctx)
        answers = [m for m in page if m.role == "assistant"]
        if answers:  # the conversation goes on with what answered it last
            self.server_picker.choose_recorded(answers[-1].model_file_hash)
        self._mark_left_out()

    def _ensure_conversation(self) -> int:
        """Files attached before anything was asked start the conversation."""
        if self.conversation_id is None:
            created = self.store.create_conversation(self.tr("New chat"), auto_title=True)
            self.conversation_id = created.id
            self.leaf_id = None
            self.refresh_conversations()
            self._update_page()
        return self.conversation_id

    def attach_files(self, paths: list[Path]) -> None:
        """Files given on the command line or by the desktop ("Open with Lokal")."""
        self.attacher.attach_paths(paths)

    def _decorate(self, bubble: MessageBubble) -> None:
        """Under each stored answer, the document passages it was given."""
        if bubble.role == "assistant" and bubble.message_id is not None:
            bubble.set_sources(DocumentStore(self.store).sources(bubble.message_id))
            bubble.set_cited(cited_sources(self.store, bubble.message_id))
            preset = self.tools_button.preset()
            if preset is not None and preset.answer_schema and bubble.text():
                # A preset's JSON answer reads as a table or a code block, reopened too.
                bubble.set_text(bubble.analysis(), answer_markdown(bubble.text()))

    def switch_branch(self, sibling_id: int) -> None:
        if self.conversation_id is not None and not self.generating:
            self.open_conversation(self.conversation_id, self.store.newest_leaf(sibling_id))

    def rename_conversation(self, conversation_id: int, title: str) -> None:
        self.store.rename_conversation(conversation_id, title)
        self.refresh_conversations()

    def _rename_current(self) -> None:
        if self.conversation_id is not None:
            self.sidebar.ask_rename(self.conversation_id)

    def delete_conversation(self, conversation_id: int | None) -> None:
        """Hidden at once, deleted for real after UNDO_SECONDS unless undone."""
        if conversation_id is None:
            return
        self.controller.conversation_deleted(conversation_id)
        if conversation_id == self.conversation_id:
            self._turn_shown = False  # its turn ends by itself, off screen
        self.undo_bar.hold(conversation_id, self.store.get_conversation(conversation_id).title)
        if conversation_id == self.conversation_id:
            self.conversation_id = self.leaf_id = None
            self.chat.clear()
            self._update_context()
            self._update_page()
        self.refresh_conversations()

    @property
    def pending_delete(self) -> tuple[int, str] | None:
        return self.undo_bar.pending

    def undo_delete(self) -> None:
        self.undo_bar.undo()

    @Slot(int)
    def _undone(self, conversation_id: int) -> None:
        self.refresh_conversations()
        self.open_conversation(conversation_id)

    def _delete_for_real(self) -> None:
        self.undo_bar.carry_out()

    def export_conversation(self, conversation_id: int | None) -> None:
        if conversation_id is None:
            self.statusBar().showMessage(self.tr("Open a conversation to export it."), 5000)
            return
        title = self.store.get_conversation(conversation_id).title
        safe = "".join(c if c.isalnum() or c in " -_" else "_" for c in title).strip() or "chat"
        name, chosen = QFileDialog.getSaveFileName(
            self,
            self.tr("Export conversation"),
            str(Path.home() / f"{safe[:60]}.md"),
            self.tr("Markdown (*.md);;JSON, every branch and setting (*.json)"),
        )
        if not name:
            return
        if not Path(name).suffix:
            name += ".json" if "json" in chosen.lower() else ".md"
        leaf = self.leaf_id if conversation_id == self.conversation_id else None
        self.request_export.emit(conversation_id, name, leaf or 0)
