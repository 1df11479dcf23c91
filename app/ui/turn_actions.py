"""The window's turns: sending, regenerating, editing, stopping, and drawing what the chat
controller reports."""

from __future__ import annotations

from app.core.chat.controller import Phase, TurnState
from app.core.chat.turn_job import Question, TurnOptions
from app.core.presets import answer_markdown
from app.core.tools.browser_citations import cited_sources
from app.ui.conversation_actions import ConversationActions
from app.ui.text import translated
from app.ui.tool_blocks import ToolView
from app.ui.turn_paint import drop_unsaved, end_without_answer, paint_finished_answer


class TurnActions(ConversationActions):
    """A part of MainWindow's behaviour (see window_parts.py)."""

    # --- a turn -------------------------------------------------------------

    def _preset_chosen(self, name: str | None) -> None:
        if self.conversation_id is not None:
            self.store.set_preset(self.conversation_id, name)

    def _options(self) -> TurnOptions:
        remote = self.server_picker.target()
        self._answering_server = remote.connection if remote else None
        options = TurnOptions(
            effort=self.model_bar.effort_value(),
            temperature=self.settings.temperature,
            top_p=self.settings.top_p,
            instructions=self.settings.instructions,
            tools=self.tools_button.selected(),
            prompt_cache_bytes=self.settings.prompt_cache_bytes,
            overflow=self.overflow.choice(self.conversation_id),
            extra=self.turn_extra,
            remote=remote,
        )
        preset = self.tools_button.preset()
        return preset.apply(options) if preset else options

    @property
    def can_answer(self) -> bool:
        """A model is loaded here, or a server's model is chosen."""
        return self.model_ready or self.server_picker.target() is not None

    def send(self, text: str) -> None:
        if self.generating:
            return
        # While a model loads, the question waits for it (the engine runs one job at a time).
        if not self.can_answer and self.models.state.phase != "loading":
            self.composer.setPlainText(text)  # nothing typed is lost
            self._show_problem(self.tr("Load a model first: File → Open model…"))
            return
        if any(chip.state == "reading" for chip in self.attachments.chips.values()):
            # Answering now would leave the document out without a word.
            self.composer.setPlainText(text)
            self._show_problem(
                self.tr("A document is still being read: send again once it is ready.")
            )
            return
        if self.editing_id is not None:
            parent = self.store.get_message(self.editing_id).parent_id
            self.cancel_edit()
        else:
            parent = self.leaf_id
        title = text.splitlines()[0][:60]  # the question's, not a summary's put before it
        # Longer than the context (overflow_guard.py): ask before sending, or use the choice.
        plan = self.overflow.before_send(self.conversation_id, parent, text, self.n_ctx)
        if plan.cancelled:
            self.composer.setPlainText(text)  # nothing typed is lost
            return
        if plan.summary is not None:  # carried on in a new conversation
            self.new_conversation()
            parent, text = None, f"{plan.summary}\n\n{text}"
        # An edit shows its new branch once the question is saved; otherwise the question
        # shows at once and gets its id then.
        is_edit = parent != self.leaf_id
        question = Question(
            conversation_id=self.conversation_id,
            text=text,
            parent_id=parent,
            title=title,
            options=self._options(),
        )
        if not is_edit:
            self.pages.setCurrentWidget(self.chat)
            self.chat.add_message("user", final=text)
        self._turn_shown = True
        self.controller.ask(question, is_edit=is_edit)

    def regenerate(self, answer_id: int) -> None:
        if self.generating or self.conversation_id is None or not self.can_answer:
            return
        question_id = self.store.get_message(answer_id).parent_id
        if question_id is None:
            return
        self._show_branch(question_id)
        self.chat.add_message("assistant")
        self._turn_shown = True
        self.controller.regenerate(self.conversation_id, question_id, self._options())

    def regenerate_last(self) -> None:
        last = self.chat.bubbles[-1] if self.chat.bubbles else None
        if last is not None and last.role == "assistant" and last.message_id is not None:
            self.regenerate(last.message_id)

    def edit_question(self, question_id: int) -> None:
        if self.generating:
            return
        self.editing_id = question_id
        self.composer.setPlainText(self.store.get_message(question_id).content)
        self.edit_banner.show()
        self.composer.setFocus()

    def cancel_edit(self) -> None:
        if self.editing_id is not None:
            self.composer.clear()
        self.editing_id = None
        self.edit_banner.hide()

    def stop(self) -> None:
        if self.editing_id is not None and not self.generating:
            self.cancel_edit()
        else:
            self.controller.stop()

    def _turn_changed(self, state: TurnState, change: str) -> None:
        """Draw the turn as the controller tells it (on the GUI thread)."""
        if self.closed:
            return
        shown = self._turn_shown
        if change == "question saved" and shown and self._deleted(state.conversation_id):
            # The question started a conversation that was deleted before the window knew it.
            self._turn_shown = shown = False
            self.controller.conversation_deleted(state.conversation_id or 0)
            drop_unsaved(self.chat, "user")  # it went with its conversation
        if change == "question saved" and shown:
            self._question_saved(state)
        elif change == "question not saved":
            if shown and not state.is_edit:
                drop_unsaved(self.chat, "user")
            self.composer.setPlainText(state.unsaved_text or "")  # nothing typed is lost
            self._show_problem(translated(state.error or ""))
        elif change == "progress" and shown:
            self.chat.stream_into_last(state.analysis, state.final)
        elif change == "tool" and shown and self.chat.bubbles:
            # The reasoning up to the call: its last words may not have been shown yet.
            self.chat.stream_into_last(state.analysis, state.final)
            self.chat.flush()
            views = [ToolView.of_step(step) for step in state.tool_steps]
            card = self.chat.bubbles[-1].set_tools(views, state.pending_call)
            if card is not None:
                card.decided.connect(self.controller.approve)
        elif change == "finished":
            self._turn_shown = False
            if shown and state.answer_id is not None:
                self._answer_finished(state)
            elif shown:
                end_without_answer(self.chat, self.composer, state)
                if state.phase is Phase.FAILED and state.error:
                    self._show_problem(translated(state.error))
        reading = state.prompt if shown and state.busy else None
        if reading is not None or self.prompt_progress.isVisibleTo(self):
            self.prompt_progress.show_reading(reading)
        if shown and state.prompt_tokens and state.busy:
            # The meter follows the prompt as soon as the engine knows its length.
            self.model_bar.set_context(state.prompt_tokens, self.n_ctx)
        if state.busy != self._drawn_busy or change == "finished":
            self._set_generating(state.busy)  # last: the finished answer has its id by now

    def _deleted(self, conversation_id: int | None) -> bool:
        if conversation_id is None:
            return False
        if self.pending_delete is not None and self.pending_delete[0] == conversation_id:
            return True
        try:
            self.store.get_conversation(conversation_id)
        except KeyError:
            return True
        return False

    def _question_saved(self, state: TurnState) -> None:
        assert state.conversation_id is not None and state.question_id is not None
        if self.conversation_id != state.conversation_id:  # the question started one
            self.conversation_id = state.conversation_id
            self.attacher.set_conversation(state.conversation_id)
            self.tools_button.set_conversation(state.conversation_id)
            if (preset := self.tools_button.preset()) is not None:
                self.store.set_preset(state.conversation_id, preset.name)
        if state.is_edit:
            self._show_branch(state.question_id)
        elif self.chat.bubbles:
            self.chat.bubbles[-1].message_id = state.question_id
        self.leaf_id = state.question_id
        self.chat.add_message("assistant")
        self.refresh_conversations()

    def _answer_finished(self, state: TurnState) -> None:
        if paint_finished_answer(self.chat, state, server=self._answering_server):
            if state.answer_id is not None:  # the browser's citations become links
                self.chat.bubbles[-1].set_cited(cited_sources(self.store, state.answer_id))
            preset = self.tools_button.preset()
            if preset is not None and preset.answer_schema and state.final:
                # A preset's JSON answer reads as a table or a code block.
                self.chat.bubbles[-1].set_text(state.analysis, answer_markdown(state.final))
            self.leaf_id = state.answer_id
            self._refresh_branches()
            self._update_context()
            self._mark_left_out()

    def _mark_left_out(self) -> None:
        """Fade the turns a conversation that outgrew the context no longer gives the model."""
        self.overflow.mark_left_out(
            self.chat, self.conversation_id, self.leaf_id, self.n_ctx, self.settings.instructions
        )

    def _refresh_branches(self) -> None:
        if self.conversation_id is None:
            return
        positions = self.store.branch_positions(self.conversation_id)
        for bubble in self.chat.bubbles:
            if bubble.message_id is not None:
                bubble.set_branch(positions.get(bubble.message_id))

    def _set_generating(self, generating: bool) -> None:
        self._drawn_busy = generating
        self.send_button.setVisible(not generating)
        self.stop_button.setVisible(generating)
        self.chat.set_actions_enabled(not generating)
