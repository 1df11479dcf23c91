"""The open conversation's turn as an explicit state machine, free of Qt.

::

    idle → saving → reading prompt → generating → done | cancelled | failed
                 ↘        ↘              ↘   ↕
                  ↘        ↘       awaiting approval → running a tool → reading prompt …
                  stopping (Stop pressed) → cancelled (or done, if it finished first)

With tools switched on, a tool call ends a step: the turn waits for the
person's decision (``approve``), runs the call, and reads the result back in.
Stop reaches every step: the wait for a decision, a hanging tool, the engine.

A turn's ``CancelToken`` is made before anything else happens, so Stop always
reaches the turn it was pressed for, whether the question is still being saved,
the turn waits behind another job, or the engine is reading the prompt. The
turn runs as a ``TurnJob`` in the ``EngineService``; its events come back
through ``post`` (the owner's way of running a callable on its own thread, the
GUI thread in the window; it must run the callable later, never at once) so that
the state only ever changes on one thread.

The window sends intents (``ask``, ``regenerate``, ``stop``,
``conversation_deleted``) and renders ``state``; it holds no turn state of its
own. A turn always reaches a final phase when its job ends, whatever the window
did meanwhile (deleted the conversation, cleared the view).
"""

from __future__ import annotations

import enum
import itertools
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from app.core.chat.tool_permissions import ALWAYS_BY
from app.core.chat.tool_set import BuiltinTool, builtin_factories, tool_set_for
from app.core.chat.turn import Decision, ToolStep, TurnUpdate
from app.core.chat.turn_job import (
    ANSWER_FAILED,
    Question,
    QuestionNotSaved,
    QuestionSaved,
    TurnJob,
    TurnOptions,
)
from app.core.engine.service import CancelToken, EngineService, JobFinished, JobState
from app.core.sentence import Sentence
from app.core.store import GenerationStats
from app.core.store.document_records import Citation
from app.core.tools.host import CancelSignal, ToolHost

Post = Callable[[Callable[[], None]], None]


class Phase(enum.Enum):
    IDLE = "idle"
    SAVING = "saving"
    READING_PROMPT = "reading prompt"
    GENERATING = "generating"
    AWAITING_APPROVAL = "awaiting approval"
    RUNNING_TOOL = "running a tool"
    STOPPING = "stopping"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def busy(self) -> bool:
        """A turn is under way: a new one cannot start."""
        return self in _BUSY


_BUSY = frozenset(
    {Phase.SAVING, Phase.READING_PROMPT, Phase.GENERATING, Phase.STOPPING}
    | {Phase.AWAITING_APPROVAL, Phase.RUNNING_TOOL}
)
_TOOL_PHASES = frozenset({Phase.AWAITING_APPROVAL, Phase.RUNNING_TOOL})
_FINISHED = frozenset({Phase.DONE, Phase.CANCELLED, Phase.FAILED})

#: Which phase may follow which (the random window test checks every step against it).
TRANSITIONS: dict[Phase, frozenset[Phase]] = {
    Phase.IDLE: frozenset({Phase.SAVING}),
    Phase.SAVING: frozenset(
        {Phase.READING_PROMPT, Phase.GENERATING, Phase.STOPPING, Phase.DONE}
        | {Phase.CANCELLED, Phase.FAILED}
    ),
    Phase.READING_PROMPT: frozenset(
        {Phase.READING_PROMPT, Phase.GENERATING, Phase.STOPPING, Phase.DONE}
        | {Phase.CANCELLED, Phase.FAILED}
        | _TOOL_PHASES
    ),
    Phase.GENERATING: frozenset(
        {Phase.GENERATING, Phase.STOPPING, Phase.DONE, Phase.CANCELLED, Phase.FAILED} | _TOOL_PHASES
    ),
    Phase.AWAITING_APPROVAL: frozenset(
        {Phase.RUNNING_TOOL, Phase.READING_PROMPT, Phase.GENERATING, Phase.STOPPING}
        | {Phase.DONE, Phase.CANCELLED, Phase.FAILED}
    ),
    Phase.RUNNING_TOOL: frozenset(
        {Phase.READING_PROMPT, Phase.GENERATING, Phase.STOPPING}
        | {Phase.DONE, Phase.CANCELLED, Phase.FAILED}
    ),
    Phase.STOPPING: frozenset({Phase.STOPPING, Phase.DONE, Phase.CANCELLED, Phase.FAILED}),
    Phase.DONE: frozenset({Phase.SAVING}),
    Phase.CANCELLED: frozenset({Phase.SAVING}),
    Phase.FAILED: frozenset({Phase.SAVING}),
}

#: What changed, for a view that draws increments rather than the whole state.
Change = Literal[
    "started",  # a new turn (SAVING)
    "question saved",  # question_id (and conversation_id for a new conversation) known
    "question not saved",  # failed: unsaved_text goes back to the composer
    "answer started",  # answer_id known: the answer's row exists
    "progress",  # prompt progress or new text
    "tool",  # a tool call waits for approval, runs, or has its result (tool_steps)
    "stopping",
    "finished",  # DONE, CANCELLED or FAILED
]


@dataclass(frozen=True)
class PromptReading:
    evaluated: int
    total: int
    eta_s: float | None  # seconds left at the rate so far; None until it can be told


@dataclass(frozen=True)
class TurnState:
    phase: Phase = Phase.IDLE
    turn: int = 0  # counts turns, so a view can tell a new one from an update
    conversation_id: int | None = None
    question_id: int | None = None
    answer_id: int | None = None
    question_text: str = ""
    is_edit: bool = False  # the question makes a new branch (the view shows it once saved)
    analysis: str = ""
    final: str = ""
    prompt: PromptReading | None = None
    prompt_tokens: int | None = None  # the prompt's length, for the context meter
    status: str = ""  # the stored answer's status once finished
    error: str | None = None
    unsaved_text: str | None = None  # a question that could not be saved, to give back
    stats: GenerationStats | None = None
    sources: tuple[Citation, ...] = ()
    tool_steps: tuple[ToolStep, ...] = ()  # the turn's tool calls; the last may await approval

    @property
    def busy(self) -> bool:
        return self.phase.busy

    @property
    def pending_call(self) -> ToolStep | None:
        """The call waiting for the person's decision (the approval card), if any."""
        if self.phase is Phase.AWAITING_APPROVAL and self.tool_steps:
            return self.tool_steps[-1]
        return None


class IllegalTransition(AssertionError):
    pass


class ChatController:
    """One window's turns. Every method is called on the owner's thread."""

    def __init__(
        self,
        service: EngineService,
        database: Path | str,
        post: Post,
        *,
        clock: Callable[[], float] = time.monotonic,
        tool_host: ToolHost | None = None,
        builtin_tools: dict[str, Callable[[int], BuiltinTool]] | None = None,
    ) -> None:
        self.tool_host = tool_host
        # Built-in tools are made per conversation (the browser reads its documents).
        self.builtin_tools = dict(
            builtin_factories(database, self._python_packages)
            if builtin_tools is None
            else builtin_tools
        )
        self._approval = _ApprovalSlot()
        self.service = service
        self.database = database
        self._post = post
        self._clock = clock
        self._turns = itertools.count(1)
        self._token: CancelToken | None = None
        self._prompt_started: float | None = None
        self.state = TurnState()
        self._listeners: list[Callable[[TurnState, Change], None]] = []
        self.closed = False

    def _python_packages(self) -> str | None:
        """The packages folder of Settings → Tools (in mcp.json), as it is now."""
        return self.tool_host.config.python_packages if self.tool_host is not None else None

    def subscribe(self, listener: Callable[[TurnState, Change], None]) -> None:
        self._listeners.append(listener)

    @property
    def busy(self) -> bool:
        return self.state.busy

    # --- intents --------------------------------------------------------------

    def ask(self, question: Question, *, is_edit: bool = False) -> bool:
        """Save ``question`` and answer it; False (nothing happens) while a turn is busy."""
        return self._start(
            self._job(question.options, question.conversation_id, question=question),
            conversation_id=question.conversation_id,
            question_text=question.text,
            is_edit=is_edit,
        )

    def regenerate(self, conversation_id: int, question_id: int, options: TurnOptions) -> bool:
        """Answer ``question_id`` again (a new branch beside the earlier answers)."""
        return self._start(
            self._job(options, conversation_id, question_id=question_id),
            conversation_id=conversation_id,
            question_id=question_id,
        )

    def approve(self, decision: Decision) -> None:
        """The person's answer to the approval card of the call under way."""
        pending = self.state.pending_call
        if pending is None:
            return
        # An "always" is stored by the turn's job (tool_permissions.py), with its conversation.
        self._approval.answer(pending.call_message_id, decision)

    def _job(
        self,
        options: TurnOptions,
        conversation_id: int | None,
        *,
        question: Question | None = None,
        question_id: int | None = None,
    ) -> TurnJob:
        tool_set = None
        if options.tools:
            makers = {
                name: (lambda make=make: make(conversation_id or 0))
                for name, make in self.builtin_tools.items()
            }
            tool_set = tool_set_for(self.tool_host, options.tools, makers)
        self._approval = _ApprovalSlot()
        return TurnJob(
            self.database, options, question=question,
            conversation_id=conversation_id if question is None else None,
            question_id=question_id, tool_set=tool_set, approve=self._approver(self._approval),
        )  # fmt: skip

    def _approver(self, slot: _ApprovalSlot) -> _CardApprover:
        return _CardApprover(self, slot)

    def stop(self) -> None:
        """Cancel the turn under way (its question stays; its answer keeps what it said)."""
        if self._token is None or not self.state.busy:
            return
        self._token.cancel()
        if self.state.phase is not Phase.STOPPING:
            self._set(replace(self.state, phase=Phase.STOPPING), "stopping")

    def conversation_deleted(self, conversation_id: int) -> None:
        """The conversation went: a turn of its own is cancelled (it ends by itself)."""
        if self.state.busy and self.state.conversation_id == conversation_id:
            self.stop()

    def close(self) -> None:
        """The owner goes: cancel the turn; later events are dropped."""
        if self._token is not None:
            self._token.cancel()
        self._approval.close()
        self.closed = True

    # --- the turn's life ------------------------------------------------------

    def _start(
        self,
        job: TurnJob,
        *,
        conversation_id: int | None,
        question_text: str = "",
        question_id: int | None = None,
        is_edit: bool = False,
    ) -> bool:
        if self.state.busy or self.closed:
            return False
        # The token first: a Stop pressed from here on reaches this turn.
        token = CancelToken()
        self._token = token
        self._prompt_started = None
        turn = next(self._turns)
        started = TurnState(
            Phase.SAVING,
            turn,
            conversation_id=conversation_id,
            question_id=question_id,
            question_text=question_text,
            is_edit=is_edit,
        )
        self._check(started)
        self.state = started
        # Submitted before listeners hear of it: whatever they do, the turn is under way
        # (its events are posted, so none is handled before this returns).
        # A server's answer needs no local engine: it runs beside the service's queue, so
        # a model load meanwhile does not wait for it.
        submit = self.service.run_apart if job.options.remote is not None else self.service.submit
        submit(job, token=token, listener=lambda event: self._heard(turn, event))
        self._tell("started")
        return True

    def _heard(self, turn: int, event: object) -> None:
        """In the service's thread: hand the event to the owner's thread."""
        self._post(lambda: self._on_event(turn, event))

    def _on_event(self, turn: int, event: object) -> None:
        if self.closed or turn != self.state.turn:
            return  # a late event of a turn that is over
        state = self.state
        if isinstance(event, QuestionSaved):
            self._set(
                replace(
                    state, conversation_id=event.conversation_id, question_id=event.question_id
                ),
                "question saved",
            )
        elif isinstance(event, QuestionNotSaved):
            self._set(
                replace(
                    state,
                    phase=Phase.FAILED,
                    error=event.reason,
                    unsaved_text=event.text,
                ),
                "question not saved",
            )
        elif isinstance(event, TurnUpdate):
            self._on_update(event)
        elif isinstance(event, JobFinished):
            self._on_finished(event)

    def _on_update(self, update: TurnUpdate) -> None:
        state = self.state
        if state.phase in _FINISHED:
            return
        first = state.answer_id is None and update.message_id
        changes: dict[str, object] = {
            "answer_id": update.message_id or state.answer_id,
            "analysis": update.analysis,
            "final": update.final,
            "sources": update.sources or state.sources,
            "prompt_tokens": update.prompt_tokens or state.prompt_tokens,
            "tool_steps": update.tool_steps or state.tool_steps,
        }
        tool_changed = update.tool_steps != state.tool_steps and bool(update.tool_steps)
        if update.finished:
            # The job's end (JobFinished) closes the turn; until then it shows as it ends.
            changes.update(status=update.status, error=update.error, stats=update.stats)
            changes["prompt"] = None
        elif update.prompt is not None:
            changes["prompt"] = self._reading(*update.prompt)
        elif update.analysis or update.final:
            changes["prompt"] = None
        phase = state.phase
        step = update.tool_steps[-1] if update.tool_steps else None
        if phase is not Phase.STOPPING and not update.finished:
            if step is not None and step.state == "waiting":
                phase = Phase.AWAITING_APPROVAL
            elif step is not None and step.state == "running":
                phase = Phase.RUNNING_TOOL
            elif update.analysis or update.final:
                phase = Phase.GENERATING
            elif phase in (Phase.SAVING, *_TOOL_PHASES):
                phase = Phase.READING_PROMPT
        change: Change = "answer started" if first else "tool" if tool_changed else "progress"
        self._set(replace(state, phase=phase, **changes), change)  # type: ignore[arg-type]

    def _reading(self, evaluated: int, total: int) -> PromptReading:
        now = self._clock()
        if self._prompt_started is None or evaluated == 0:
            self._prompt_started = now
        eta: float | None = None
        elapsed = now - self._prompt_started
        if evaluated > 0 and elapsed > 0:
            eta = elapsed / evaluated * max(total - evaluated, 0)
        return PromptReading(evaluated, total, eta)

    def _on_finished(self, finish: JobFinished) -> None:
        state = self.state
        if state.phase in _FINISHED:
            return  # e.g. a question that could not be saved
        error = state.error
        if finish.state is JobState.FAILED:
            phase = Phase.FAILED
            error = finish.error or error
        elif state.status == "error":
            phase = Phase.FAILED
        elif state.status == "complete":
            phase = Phase.DONE
        elif finish.state is JobState.CANCELLED or state.status in ("cancelled", ""):
            phase = Phase.CANCELLED
        else:
            phase = Phase.DONE
        if phase is Phase.FAILED and not error:
            error = Sentence(ANSWER_FAILED, "?")
        self._token = None
        self._set(replace(state, phase=phase, error=error, prompt=None), "finished")

    def _set(self, state: TurnState, change: Change) -> None:
        self._check(state)
        self.state = state
        self._tell(change)

    def _check(self, state: TurnState) -> None:
        if state.phase not in TRANSITIONS[self.state.phase] and state.phase is not self.state.phase:
            raise IllegalTransition(f"{self.state.phase.value} → {state.phase.value}")

    def _tell(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(self.state, change)


class _CardApprover:
    """Approval through the card: the turn waits for the person's decision.

    What a conversation always allows is skipped before this is asked
    (``RememberingApprover`` in the turn's job, from the store).
    """

    def __init__(self, controller: ChatController, slot: _ApprovalSlot) -> None:
        self._controller = controller
        self._slot = slot

    def preapproved(self, step: ToolStep) -> str | None:
        return None

    def __call__(self, step: ToolStep, cancel: CancelSignal | None) -> tuple[Decision, str]:
        decision = self._slot.wait(step.call_message_id, cancel)
        by = {Decision.ALWAYS: ALWAYS_BY, Decision.ALLOW_ONCE: "you"}
        return decision, by.get(decision, "")


class _ApprovalSlot:
    """Where the turn's thread waits for the person's decision on one call.

    Answers are keyed by the call (its message id): a second click on a card,
    or a click that lands after the call moved on, cannot answer the next one.
    """

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._answers: dict[int, Decision] = {}
        self._closed = False

    def wait(self, call_id: int, cancel: CancelSignal | None) -> Decision:
        def wake() -> None:
            with self._changed:
                self._changed.notify_all()

        undo = cancel.on_cancel(wake) if cancel is not None else (lambda: None)
        try:
            with self._changed:
                self._changed.wait_for(
                    lambda: (
                        call_id in self._answers
                        or self._closed
                        or (cancel is not None and cancel.cancelled)
                    )
                )
                return self._answers.pop(call_id, Decision.DENY)
        finally:
            undo()

    def answer(self, call_id: int, decision: Decision) -> None:
        with self._changed:
            self._answers.setdefault(call_id, decision)
            self._changed.notify_all()

    def close(self) -> None:
        with self._changed:
            self._closed = True
            self._changed.notify_all()
