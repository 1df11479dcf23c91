"""Drawing a finished turn into the chat view, from the chat controller's state."""

from __future__ import annotations

from app.core.chat.controller import Phase, TurnState
from app.ui.chat_view import ChatView, Stats
from app.ui.composer import Composer


def drop_unsaved(chat: ChatView, role: str) -> None:
    """Take the last message off the screen if it is ``role``'s and was never stored."""
    last = chat.bubbles[-1] if chat.bubbles else None
    if last is not None and last.role == role and last.message_id is None:
        chat.remove_last()


def end_without_answer(chat: ChatView, composer: Composer, state: TurnState) -> None:
    """A turn that ended before its answer existed: no empty answer stays, and a question
    stopped before it was saved goes back to the composer."""
    drop_unsaved(chat, "assistant")
    if state.question_id is None:
        drop_unsaved(chat, "user")
        if not composer.toPlainText():
            composer.setPlainText(state.question_text)


def paint_finished_answer(chat: ChatView, state: TurnState, server: str | None = None) -> bool:
    """End the streaming answer at the bottom of ``chat`` as ``state`` ended it; False if
    there is none to end (stopped before the answer was shown). ``server``: the connection
    that wrote it (None: this computer)."""
    if not chat.bubbles or chat.bubbles[-1].role != "assistant":
        return False
    # Pending streamed text first: nothing may land on top of the end below.
    chat.stream_into_last(state.analysis, state.final)
    chat.flush()
    bubble = chat.bubbles[-1]
    bubble.end_streaming()
    bubble.message_id = state.answer_id
    bubble.set_sources(state.sources)
    stats = state.stats
    bubble.set_stats(
        Stats(
            stats.tokens_per_second if stats else None,
            stats.time_to_first_token_s if stats else None,
            (stats.analysis_tokens or 0) if stats else 0,
            (stats.final_tokens or 0) if stats else 0,
            "error" if state.phase is Phase.FAILED else state.status or state.phase.value,
            state.error,  # a failed answer shows its cause and Retry (chat_view.ErrorBlock)
            server,
        )
    )
    return True
