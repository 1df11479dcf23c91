"""Drawing a finished turn into the chat view, from the chat controller's state."""

from __future__ import annotations

from app.core.chat.controller import Phase, TurnState
from app.ui.chat_view import ChatView, Stats
from app.ui.text import translated


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
    if state.phase is Phase.FAILED and not (state.analysis or state.final):
        bubble.set_text("", f"*{translated(state.error or '')}*")
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
            translated(state.error) if state.error else state.status or state.phase.value,
            server,
        )
    )
    return True
