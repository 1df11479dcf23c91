""" "Always allow this tool in this conversation", remembered in the conversation's store.

The turn's job wraps the window's approver (the card) in a ``RememberingApprover``:
a tool the conversation always allows runs without a card, and an "always"
decision is written to SQLite at once, so it holds after a restart and only in
the conversation it was given in.
"""

from __future__ import annotations

import logging

from app.core.chat.turn import Approver, Decision, ToolStep
from app.core.store import ChatStore
from app.core.tools.host import CancelSignal

log = logging.getLogger("lokal.tools")

#: Who approved a call the conversation always allows (stored with the call).
ALWAYS_BY = "you, for this conversation"


class RememberingApprover:
    """``inner`` asks the person; what they always allow here is stored and skipped.

    Runs in the turn's thread with that thread's store.
    """

    def __init__(self, inner: Approver, store: ChatStore, conversation_id: int) -> None:
        self.inner = inner
        self.store = store
        self.conversation_id = conversation_id
        self.allowed = set(store.always_allowed_tools(conversation_id))

    def preapproved(self, step: ToolStep) -> str | None:
        if step.call is not None and step.call.key in self.allowed:
            return ALWAYS_BY
        return self.inner.preapproved(step)

    def __call__(self, step: ToolStep, cancel: CancelSignal | None) -> tuple[Decision, str]:
        decision, by = self.inner(step, cancel)
        if decision is Decision.ALWAYS and step.call is not None:
            self.allowed.add(step.call.key)
            try:
                self.store.allow_tool_always(self.conversation_id, step.call.key)
            except Exception as exc:  # the call still runs; only the memory of it is lost
                log.warning("An “always allow” could not be saved: %s", exc)
        return decision, by
