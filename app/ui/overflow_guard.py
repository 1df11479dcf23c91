"""The window's side of conversations longer than the context (app/core/chat/overflow.py).

Before a question is sent it estimates whether the conversation still fits; if
not, and nothing was chosen for this conversation yet, it asks (overflow_dialog)
and remembers the answer in the store. Turns left out of the prompt are shown
faded, with a tooltip saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGraphicsOpacityEffect, QWidget

from app.core.chat.overflow import (
    CHOICES,
    MESSAGE_OVERHEAD,
    drop_oldest,
    prompt_budget,
    summary_of,
    too_long_sentence,
)
from app.core.chat.turn import history_to_messages
from app.core.documents.tokens import estimate_tokens
from app.core.store import ChatStore, context_used
from app.core.store.documents import DocumentStore
from app.ui.chat_view import ChatView
from app.ui.overflow_dialog import ask_overflow_choice
from app.ui.text import translated

Ask = Callable[[QWidget | None, str, bool], str | None]
OUT_OF_CONTEXT_OPACITY = 0.45


@dataclass(frozen=True)
class SendPlan:
    cancelled: bool = False
    choice: str | None = None  # passed on with the turn (TurnOptions.overflow)
    # Start a new conversation whose first question begins with this summary.
    summary: str | None = None


class OverflowGuard:
    def __init__(self, window: QWidget, store: ChatStore, ask: Ask = ask_overflow_choice) -> None:
        self._window = window
        self._store = store
        self._ask = ask

    def choice(self, conversation_id: int | None) -> str | None:
        if conversation_id is None:
            return None
        try:
            return self._store.overflow_choice(conversation_id)
        except KeyError:
            return None

    def before_send(
        self, conversation_id: int | None, leaf_id: int | None, question: str, n_ctx: int
    ) -> SendPlan:
        """What to do with this question: as usual, with the conversation's choice, or not
        at all (the person went back to the composer)."""
        if conversation_id is None or not n_ctx:
            return SendPlan()
        choice = self.choice(conversation_id)
        if choice is None:
            estimated = self._estimate(conversation_id, leaf_id, question)
            if estimated <= prompt_budget(n_ctx):
                return SendPlan()
            has_documents = bool(DocumentStore(self._store).attached(conversation_id))
            sentence = translated(too_long_sentence(estimated, n_ctx))
            choice = self._ask(self._window, sentence, has_documents)
            if choice not in CHOICES:
                return SendPlan(cancelled=True)
            self._store.set_overflow_choice(conversation_id, choice)
        if choice == "summary":
            title = self._store.get_conversation(conversation_id).title
            thread = self._store.thread(conversation_id, leaf_id) if leaf_id else []
            return SendPlan(choice=None, summary=translated(summary_of(title, thread)))
        return SendPlan(choice=choice)

    def _estimate(self, conversation_id: int, leaf_id: int | None, question: str) -> int:
        """The next prompt, in tokens: the last answer's real numbers where there is one."""
        thread = self._store.thread(conversation_id, leaf_id) if leaf_id else []
        used = context_used(thread)
        if not used:
            used = sum(estimate_tokens(m.content) + MESSAGE_OVERHEAD for m in thread)
        return used + estimate_tokens(question) + MESSAGE_OVERHEAD

    def mark_left_out(
        self,
        chat: ChatView,
        conversation_id: int | None,
        leaf_id: int | None,
        n_ctx: int,
        instructions: str | None = None,
    ) -> int:
        """Fade the turns the model no longer sees; returns how many messages are faded."""
        left_out: set[int] = set()
        trimmed = self.choice(conversation_id) in ("drop_oldest", "retrieval_only")
        if conversation_id is not None and leaf_id and n_ctx and trimmed:
            thread = self._store.thread(conversation_id, leaf_id)
            _kept, dropped = drop_oldest(history_to_messages(thread), n_ctx, instructions)
            users = [i for i, m in enumerate(thread) if m.role == "user"]
            if dropped:
                left_out = {m.id for m in thread[: users[dropped]]}
        tip = QCoreApplication.translate(
            "OverflowGuard",
            "The model no longer sees this turn: it was left out to fit the context.",
        )
        for bubble in chat.bubbles:
            out = bubble.message_id in left_out
            if out and not isinstance(bubble.graphicsEffect(), QGraphicsOpacityEffect):
                effect = QGraphicsOpacityEffect(bubble)
                effect.setOpacity(OUT_OF_CONTEXT_OPACITY)
                bubble.setGraphicsEffect(effect)
                bubble.setToolTip(tip)
                bubble.setAccessibleDescription(tip)
            elif not out and isinstance(bubble.graphicsEffect(), QGraphicsOpacityEffect):
                bubble.setGraphicsEffect(None)  # type: ignore[arg-type]
                bubble.setToolTip("")
                bubble.setAccessibleDescription("")
        return len(left_out)
