"""One assistant turn: from the stored conversation, through the engine, back into the store.

A generator, so the Qt worker only iterates and emits signals (napari's
pattern). Persisting follows the store's rule: the answer row exists, status
`streaming`, before the first token, and its text is written at least every
`SAVE_INTERVAL_S`; a crash loses at most that much. Updates for the screen are
yielded at most every `SHOW_INTERVAL_S`.
"""

from __future__ import annotations

import contextlib
import enum
import itertools
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from typing import Any, Literal, Protocol

from app.core.chat.overflow import OverflowChoice, drop_oldest, estimate_prompt
from app.core.chat.tool_set import ResolvedCall, ToolSet
from app.core.documents.context import DocumentContext, build_context, compose_user_message
from app.core.documents.tokens import estimate_tokens
from app.core.engine.protocol import (
    Delta,
    Done,
    EngineError,
    Event,
    GenerateRequest,
    PromptCacheRef,
    PromptProgress,
    SamplingSettings,
)
from app.core.engine.protocol import ToolCall as EngineToolCall
from app.core.harmony import Message, ReasoningEffort
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence
from app.core.store import ChatStore, FinalStatus, GenerationStats, StoredMessage, ToolCall
from app.core.store.document_records import Citation
from app.core.store.documents import DocumentStore
from app.core.tools.host import CancelSignal
from app.core.tools.results import USER_DECLINED, ToolResult

SAVE_INTERVAL_S = 0.25
SHOW_INTERVAL_S = 1 / 30
#: Tool calls one answer may make before it is ended.
MAX_TOOL_STEPS = 10

STEP_LIMIT = QT_TRANSLATE_NOOP(
    "core", "The answer was ended after %1 tool calls, the most one answer may make."
)
CALL_STOPPED = QT_TRANSLATE_NOOP("core", "The call to “%1” was stopped.")
ToolChoice = Literal["auto", "required", "none"]
NO_SUCH_TOOL = QT_TRANSLATE_NOOP("core", "The model called “%1”, a tool that is not on offer.")


class Decision(enum.Enum):
    ALLOW_ONCE = "allow once"
    ALWAYS = "always allow in this conversation"
    DENY = "deny"


StepState = Literal["waiting", "running", "done", "failed", "declined", "stopped"]


@dataclass(frozen=True)
class ToolStep:
    """One tool call of a turn, as the person sees it (the approval card, then a block)."""

    recipient: str  # what the model called
    arguments: str  # as the model wrote them
    call: ResolvedCall | None  # None: a tool that is not on offer
    state: StepState
    analysis: str = ""  # the reasoning that led to the call
    result: str = ""
    error: str | None = None
    duration_s: float = 0.0
    approved_by: str = ""
    call_message_id: int = 0
    result_message_id: int = 0


class Approver(Protocol):
    """Asked in the turn's thread before a call runs."""

    def preapproved(self, step: ToolStep) -> str | None:
        """Who already allowed this call (no card is shown), or None to ask."""
        ...

    def __call__(self, step: ToolStep, cancel: CancelSignal | None) -> tuple[Decision, str]:
        """Block until the person decides; the decision and who made it ("you", …)."""
        ...


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
    # While the engine reads the prompt: (tokens read, tokens to read); None once it writes.
    prompt: tuple[int, int] | None = None
    prompt_tokens: int | None = None  # the whole prompt's length, once the engine knows it
    tool_steps: tuple[ToolStep, ...] = ()  # this turn's tool calls so far
    dropped_turns: int = 0  # the oldest turns left out of the prompt (chat/overflow.py)


class Engine(Protocol):
    """What a turn needs of the engine (EngineClient, or a job's context in EngineService)."""

    def generate(self, request: GenerateRequest) -> Iterator[Event]: ...

    def cancel(self) -> None: ...


def history_to_messages(thread: Sequence[StoredMessage]) -> tuple[Message, ...]:
    """Harmony messages for a stored thread: questions, tool calls, their results, answers.

    Reasoning of stored turns is left out, as harmony drops it from completed
    turns (the turn under way keeps its own between its calls: ``run_turn``
    carries it from step to step). An interrupted or failed answer still shows
    what it said so far.
    """
    messages: list[Message] = []
    for stored in thread:
        if stored.role == "user":
            messages.append(Message(role="user", content=stored.content))
            continue
        if stored.role == "tool":
            author = stored.author or "functions.unknown"
            messages.append(
                Message(
                    role="tool",
                    content=stored.content,
                    channel=call_channel(author),
                    author_name=author,
                    recipient="assistant",
                )
            )
            continue
        for call in stored.tool_calls:
            messages.append(
                Message(
                    role="assistant",
                    content=call.arguments,
                    channel=call_channel(call.recipient),
                    recipient=call.recipient,
                    content_type=call.content_type,
                )
            )
        if stored.content:
            messages.append(Message(role="assistant", content=stored.content, channel="final"))
    return tuple(messages)


def call_channel(recipient: str) -> str:
    """Functions are called on commentary; gpt-oss calls its built-in tools while it reasons."""
    return "commentary" if recipient.startswith("functions.") else "analysis"


def run_turn(
    client: Engine,
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
    # Tests: text on the channels they need; a tuple gives each step its own (the last repeats).
    completion_grammar: str | tuple[str, ...] | None = None,
    # A server's tool_choice, the same way (tests force a call on a server's random model).
    tool_choice: ToolChoice | tuple[ToolChoice, ...] | None = None,
    clock: Callable[[], float] = time.monotonic,
    documents: DocumentContext | None = None,  # give the answer the attached documents
    tools: ToolSet | None = None,
    approve: Approver | None = None,  # None: every call is declined
    cancel: CancelSignal | None = None,
    max_steps: int = MAX_TOOL_STEPS,
    response_schema: Mapping[str, Any] | None = None,
    prompt_cache: PromptCacheRef | None = None,  # the conversation's saved KV state
    overflow: OverflowChoice | None = None,  # what to do if it outgrew the context
    n_ctx: int | None = None,  # the loaded model's context, for ``overflow``
) -> Iterator[TurnUpdate]:
    """Answer `question` (a stored user message); the last update has finished=True.

    The first update comes as soon as the answer's row exists (empty, streaming).
    With ``tools``, a tool call ends a step: it is approved, run, its result
    stored as a message of its own, and the model goes on in a new answer row
    (the result's child), up to ``max_steps`` calls.
    """
    sampling = sampling or SamplingSettings()
    messages = history_to_messages(store.thread(conversation_id, leaf_id=question.id))
    dropped = 0
    if overflow in ("drop_oldest", "retrieval_only") and n_ctx:
        messages, dropped = drop_oldest(messages, n_ctx, instructions)
        if overflow == "retrieval_only" and documents is not None:
            documents = replace(documents, whole=False)
    sources: tuple[Citation, ...] = ()
    specs = tools.specs(cancel) if tools else ()
    namespaces = tools.namespaces() if tools else ()
    parent_id = question.id
    steps: list[ToolStep] = []
    for step in range(max_steps + 1):
        answer = store.start_assistant_message(
            conversation_id, parent_id, effort, asdict(sampling), model_file_hash
        )
        if step == 0 and documents is not None:
            messages, sources = _with_documents(
                store, conversation_id, answer.id, messages, documents
            )
        grammar = completion_grammar
        if isinstance(grammar, tuple):
            grammar = grammar[min(step, len(grammar) - 1)] if grammar else None
        choice = tool_choice
        if isinstance(choice, tuple):
            choice = choice[min(step, len(choice) - 1)] if choice else None
        request = GenerateRequest(
            request_id=0,
            messages=messages,
            reasoning_effort=effort,
            instructions=instructions,
            tools=specs,
            builtin_tools=namespaces,
            response_schema=None if response_schema is None else dict(response_schema),
            sampling=sampling,
            max_tokens=max_tokens,
            ignore_end=ignore_end,
            completion_grammar=grammar,
            tool_choice=choice,
            prompt_cache=prompt_cache,
        )
        last: TurnUpdate | None = None
        calls: list[ToolCall] = []
        fit_to = n_ctx if overflow in ("drop_oldest", "retrieval_only") and n_ctx else None
        updates = _generate(
            client, store, answer.id, request, calls, sources, clock, fit_to, dropped
        )
        for update in updates:
            last = replace(update, tool_steps=tuple(steps))
            if update.finished and update.status == "complete" and calls and tools is not None:
                break  # a tool call: the turn goes on below
            yield last
            if update.finished:
                return
        assert last is not None
        call = calls[-1]
        if step == max_steps:
            yield replace(last, status="error", error=Sentence(STEP_LIMIT, str(max_steps)))
            return
        assert tools is not None
        messages = _with_call(messages, last.analysis, call)
        pending = ToolStep(
            call.recipient, call.arguments, tools.resolve(call.recipient, call.arguments),
            "waiting", last.analysis, call_message_id=answer.id,
        )  # fmt: skip
        steps.append(pending)
        outcome: ToolStep | None = None
        for outcome in _run_call(pending, tools, approve, cancel):
            steps[-1] = outcome
            yield replace(last, finished=False, status="streaming", tool_steps=tuple(steps))
        assert outcome is not None
        result = store.add_tool_message(
            conversation_id, answer.id, call.recipient, outcome.result, _meta(outcome),
            status="cancelled" if outcome.state == "stopped" else "complete",
            error=outcome.error,
        )  # fmt: skip
        steps[-1] = replace(outcome, result_message_id=result.id)
        if outcome.state == "stopped":
            yield replace(last, status="cancelled", tool_steps=tuple(steps))
            return
        messages = (
            *messages,
            Message(
                role="tool", content=outcome.result, channel=call_channel(call.recipient),
                author_name=call.recipient, recipient="assistant",
            ),
        )  # fmt: skip
        parent_id = result.id


def _with_call(messages: tuple[Message, ...], analysis: str, call: ToolCall) -> tuple[Message, ...]:
    """The turn so far plus this step's reasoning and call, kept for the next step."""
    added = []
    if analysis:
        added.append(Message(role="assistant", content=analysis, channel="analysis"))
    added.append(
        Message(
            role="assistant", content=call.arguments, channel=call_channel(call.recipient),
            recipient=call.recipient, content_type=call.content_type,
        )
    )  # fmt: skip
    return (*messages, *added)


def _run_call(
    step: ToolStep, tools: ToolSet, approve: Approver | None, cancel: CancelSignal | None
) -> Iterator[ToolStep]:
    """The step waiting for approval, running, and done (each yielded as it happens)."""
    resolved = step.call
    if resolved is None:
        sentence = Sentence(NO_SUCH_TOOL, step.recipient)
        yield replace(
            step, state="failed", result=ToolResult.failure(sentence).text, error=sentence
        )
        return
    already = "settings" if resolved.never_ask else approve.preapproved(step) if approve else None
    if already is not None:
        decision, by = Decision.ALLOW_ONCE, already
    elif approve is None:
        decision, by = Decision.DENY, ""
    else:
        yield step  # the approval card
        decision, by = approve(step, cancel)
    if cancel is not None and cancel.cancelled:
        stopped = ToolResult.failure(Sentence(CALL_STOPPED, resolved.tool))
        yield replace(step, state="stopped", result=stopped.text, error=stopped.error)
        return
    if decision is Decision.DENY:
        yield replace(step, state="declined", result=USER_DECLINED, approved_by="")
        return
    step = replace(step, state="running", approved_by=by)
    yield step
    result = tools.call(resolved, cancel)
    state: StepState = "failed" if result.is_error else "done"
    if cancel is not None and cancel.cancelled:
        state = "stopped"
    yield replace(
        step, state=state, result=result.text, error=result.error, duration_s=result.duration_s
    )


def _meta(step: ToolStep) -> dict[str, object]:
    call = step.call
    return {
        "server": call.server if call else "",
        "tool": call.tool if call else step.recipient,
        "arguments": step.arguments,
        "state": step.state,
        "duration_s": round(step.duration_s, 3),
        "approved_by": step.approved_by,
    }


def _generate(
    client: Engine,
    store: ChatStore,
    answer_id: int,
    request: GenerateRequest,
    calls: list[ToolCall],
    sources: tuple[Citation, ...],
    clock: Callable[[], float],
    fit_to: int | None = None,  # the context to fit by leaving out more turns, if asked
    dropped: int = 0,  # turns already left out
) -> Iterator[TurnUpdate]:
    """One step: the engine's answer streamed into the row ``answer_id``; ``calls`` filled."""
    yield TurnUpdate(answer_id, "", "", sources=sources)
    texts = {"analysis": "", "final": ""}
    prompt_tokens: int | None = None
    shown_text = False
    saved_at = shown_at = clock()
    events = client.generate(request)
    if fit_to is not None:
        events, dropped = _fitted(client, request, events, fit_to, dropped)
    for event in events:
        if isinstance(event, PromptProgress):
            prompt_tokens = event.prompt_tokens or prompt_tokens
            # Shown at once: a long prompt's progress is the only sign of life for a while.
            yield TurnUpdate(
                answer_id, "", "", sources=sources,
                prompt=(event.evaluated, event.total), prompt_tokens=prompt_tokens,
            )  # fmt: skip
            continue
        if isinstance(event, Delta):
            key = "analysis" if event.channel == "analysis" else "final"
            texts[key] += event.text
        elif isinstance(event, EngineToolCall):
            calls.append(ToolCall(event.recipient, event.arguments, event.content_type))
        elif isinstance(event, Done):
            finished = _finish(store, answer_id, texts, calls, event)
            yield replace(finished, sources=sources, dropped_turns=dropped)
            return
        elif isinstance(event, EngineError):
            with contextlib.suppress(KeyError):  # deleted while it streamed
                store.finish_assistant_message(
                    answer_id, "error", analysis=texts["analysis"], content=texts["final"],
                    tool_calls=calls, error=event.message,
                )  # fmt: skip
            yield TurnUpdate(
                answer_id, texts["analysis"], texts["final"], True, "error", event.message,
                sources=sources,
            )  # fmt: skip
            return
        now = clock()
        if now - saved_at >= SAVE_INTERVAL_S:
            if not store.update_streaming(answer_id, texts["analysis"], texts["final"], calls):
                client.cancel()  # the conversation was deleted meanwhile
            saved_at = now
        # The first text is shown at once: it ends the wait that the prompt's reading was.
        first_text = not shown_text and bool(texts["analysis"] or texts["final"])
        if first_text or now - shown_at >= SHOW_INTERVAL_S:
            shown_at, shown_text = now, shown_text or first_text
            yield TurnUpdate(
                answer_id, texts["analysis"], texts["final"], sources=sources,
                prompt_tokens=prompt_tokens,
            )  # fmt: skip


def _fitted(
    client: Engine,
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
