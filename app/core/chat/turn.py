"""One assistant turn: from the stored conversation, through the engine, back into the store.

A generator, so the Qt worker only iterates and emits signals (napari's
pattern). Persisting follows the store's rule: the answer row exists, status
`streaming`, before the first token, and its text is written at least every
`SAVE_INTERVAL_S`; a crash loses at most that much. Updates for the screen are
yielded at most every `SHOW_INTERVAL_S`.
"""

from __future__ import annotations

import contextlib
import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, replace

from app.core.chat.overflow import OverflowChoice, drop_oldest, estimate_prompt
from app.core.documents.context import DocumentContext, build_context, compose_user_message
from app.core.documents.tokens import estimate_tokens
from app.core.engine.client import EngineClient
from app.core.engine.protocol import (
    Delta,
    Done,
    EngineError,
    Event,
    GenerateRequest,
    PromptCacheRef,
    SamplingSettings,
)
from app.core.engine.protocol import ToolCall as EngineToolCall
from app.core.harmony import Message, ReasoningEffort
from app.core.store import ChatStore, FinalStatus, GenerationStats, StoredMessage, ToolCall
from app.core.store.document_records import Citation
from app.core.store.documents import DocumentStore

SAVE_INTERVAL_S = 0.25
SHOW_INTERVAL_S = 1 / 30


@dataclass(frozen=True)
class TurnUpdate:
    message_id: int
    analysis: str
    final: str
    finished: bool = False
    status: str = "streaming"
    error: str | None = None
    stats: GenerationStats | None = None
    sources: tuple[Citation, ...] = ()  # the document passages the answer was given
    dropped_turns: int = 0  # the oldest turns left out of the prompt (chat/overflow.py)


def history_to_messages(thread: Sequence[StoredMessage]) -> tuple[Message, ...]:
    """Harmony messages for a stored thread: questions, tool calls and final answers.

    Earlier reasoning is left out: harmony drops it from completed turns anyway,
    and an interrupted or failed answer still shows what it said so far.
    """
    messages: list[Message] = []
    for stored in thread:
        if stored.role == "user":
            messages.append(Message(role="user", content=stored.content))
            continue
        for call in stored.tool_calls:
            messages.append(
                Message(
                    role="assistant",
                    content=call.arguments,
                    channel="commentary",
                    recipient=call.recipient,
                    content_type=call.content_type,
                )
            )
        if stored.content:
            messages.append(Message(role="assistant", content=stored.content, channel="final"))
    return tuple(messages)


def run_turn(
    client: EngineClient,
    store: ChatStore,
    conversation_id: int,
    question: StoredMessage,
    *,
    effort: ReasoningEffort = "medium",
    sampling: SamplingSettings | None = None,
    instructions: str | None = None,
    max_tokens: int = 4096,
    model_file_hash: str | None = None,
    ignore_end: bool = False,  # generate exactly max_tokens: tests and benchmarks
    completion_grammar: str | None = None,  # tests: text on the channels they need
    clock: Callable[[], float] = time.monotonic,
    documents: DocumentContext | None = None,  # give the answer the attached documents
    prompt_cache: PromptCacheRef | None = None,  # the conversation's saved KV state
    overflow: OverflowChoice | None = None,  # what to do if it outgrew the context
    n_ctx: int | None = None,  # the loaded model's context, for ``overflow``
) -> Iterator[TurnUpdate]:
    """Answer `question` (a stored user message); the last update has finished=True."""
    sampling = sampling or SamplingSettings()
    answer = store.start_assistant_message(
        conversation_id, question.id, effort, asdict(sampling), model_file_hash
    )
    messages = history_to_messages(store.thread(conversation_id, leaf_id=question.id))
    dropped = 0
    if overflow in ("drop_oldest", "retrieval_only") and n_ctx:
        messages, dropped = drop_oldest(messages, n_ctx, instructions)
        if overflow == "retrieval_only" and documents is not None:
            documents = replace(documents, whole=False)
    sources: tuple[Citation, ...] = ()
    if documents is not None:
        messages, sources = _with_documents(store, conversation_id, answer.id, messages, documents)
    request = GenerateRequest(
        request_id=0,
        messages=messages,
        reasoning_effort=effort,
        instructions=instructions,
        sampling=sampling,
        max_tokens=max_tokens,
        ignore_end=ignore_end,
        completion_grammar=completion_grammar,
        prompt_cache=prompt_cache,
    )
    events = client.generate(request)
    if overflow in ("drop_oldest", "retrieval_only") and n_ctx:
        events, dropped = _fitted(client, request, events, n_ctx, dropped)
    texts = {"analysis": "", "final": ""}
    calls: list[ToolCall] = []
    saved_at = shown_at = clock()
    for event in events:
        if isinstance(event, Delta):
            key = "analysis" if event.channel == "analysis" else "final"
            texts[key] += event.text
        elif isinstance(event, EngineToolCall):
            calls.append(ToolCall(event.recipient, event.arguments, event.content_type))
        elif isinstance(event, Done):
            finished = _finish(store, answer.id, texts, calls, event)
            yield replace(finished, sources=sources, dropped_turns=dropped)
            return
        elif isinstance(event, EngineError):
            with contextlib.suppress(KeyError):  # deleted while it streamed
                store.finish_assistant_message(
                    answer.id, "error", analysis=texts["analysis"], content=texts["final"],
                    tool_calls=calls, error=event.message,
                )  # fmt: skip
            yield TurnUpdate(
                answer.id, texts["analysis"], texts["final"], True, "error", event.message,
                sources=sources,
            )  # fmt: skip
            return
        now = clock()
        if now - saved_at >= SAVE_INTERVAL_S:
            if not store.update_streaming(answer.id, texts["analysis"], texts["final"], calls):
                client.cancel()  # the conversation was deleted meanwhile
            saved_at = now
        if now - shown_at >= SHOW_INTERVAL_S:
            shown_at = now
            yield TurnUpdate(answer.id, texts["analysis"], texts["final"], sources=sources)


def _fitted(
    client: EngineClient,
    request: GenerateRequest,
    events: Iterator[Event],
    n_ctx: int,
    dropped: int,
    attempts: int = 3,
) -> tuple[Iterator[Event], int]:
    """The events of a request whose oldest turns were left out by an estimate; when the
    engine counts more tokens than estimated, more turns go, at the measured ratio."""
    for _ in range(attempts):
        first = next(events, None)
        if not (isinstance(first, EngineError) and first.prompt_tokens):
            return (itertools.chain([] if first is None else [first], events)), dropped
        estimated = estimate_prompt(request.messages, request.instructions)
        scale = first.prompt_tokens / max(1, estimated) * 1.05
        messages, more = drop_oldest(request.messages, n_ctx, request.instructions, scale)
        if not more:
            return iter([first]), dropped
        dropped += more
        request = replace(request, messages=messages)
        events = client.generate(request)
    return events, dropped


def _with_documents(
    store: ChatStore,
    conversation_id: int,
    answer_id: int,
    messages: tuple[Message, ...],
    documents: DocumentContext,
) -> tuple[tuple[Message, ...], tuple[Citation, ...]]:
    """The question with the conversation's documents quoted before it; the passages
    used are saved with the answer before generation starts, as its text is."""
    *history, question = messages
    reserved = sum(estimate_tokens(m.content) for m in history)
    document_store = DocumentStore(store)
    block = build_context(document_store, conversation_id, question.content, documents, reserved)
    if block is None:
        return messages, ()
    document_store.save_sources(answer_id, block.citations)
    content = compose_user_message(block, question.content)
    return (*history, replace(question, content=content)), block.citations


def _finish(
    store: ChatStore, message_id: int, texts: dict[str, str], calls: list[ToolCall], done: Done
) -> TurnUpdate:
    stats = GenerationStats(
        prompt_tokens=done.prompt_tokens,
        prompt_tokens_evaluated=done.prompt_tokens_evaluated,
        completion_tokens=done.completion_tokens,
        analysis_tokens=done.analysis_tokens,
        final_tokens=done.final_tokens,
        time_to_first_token_s=done.time_to_first_token_s,
        tokens_per_second=done.tokens_per_second,
    )
    status: FinalStatus = "cancelled" if done.finish_reason == "cancelled" else "complete"
    with contextlib.suppress(KeyError):  # deleted while it streamed: nothing to finish
        store.finish_assistant_message(
            message_id, status, analysis=texts["analysis"], content=texts["final"],
            tool_calls=calls, stats=stats, finish_reason=done.finish_reason,
        )  # fmt: skip
    return TurnUpdate(message_id, texts["analysis"], texts["final"], True, status, None, stats)
