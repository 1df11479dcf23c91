"""A window's turn as a job for the EngineService: save the question, then answer it.

Everything here runs in the service's thread, with the service's store
connection for that thread; a server's answer runs on a thread of its own
(``EngineService.run_apart``), with a store connection of its own. What the
asker sees are events: ``QuestionSaved``,
then ``TurnUpdate``s from ``run_turn`` (the first as soon as the answer's row
exists), the last one finished. A turn that fails anywhere still ends with a
finished ``TurnUpdate`` (or a ``QuestionNotSaved``), and its answer row is
never left ``streaming``.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.core.chat.tool_permissions import RememberingApprover
from app.core.chat.tool_set import ToolSet
from app.core.chat.turn import Approver, Engine, TurnUpdate, run_turn
from app.core.documents.context import DocumentContext, document_budget
from app.core.engine.prompt_cache import DEFAULT_MAX_BYTES
from app.core.engine.protocol import PromptCacheRef, SamplingSettings
from app.core.engine.remote.client import RemoteEngine, RemoteTarget, remote_source
from app.core.engine.service import JobContext
from app.core.paths import prompt_cache_dir
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence
from app.core.store import ChatStore

log = logging.getLogger("lokal.chat")

QUESTION_NOT_SAVED = QT_TRANSLATE_NOOP("core", "The question could not be saved: %1")
ANSWER_FAILED = QT_TRANSLATE_NOOP("core", "The answer could not be produced: %1")
# What attached documents may take of a server's context (servers seldom say theirs).
REMOTE_CONTEXT = 8192
# How long a failed turn keeps trying to mark its answer as failed (a long delete
# elsewhere can hold the database's write lock for a while).
FINISH_RETRY_S = 30.0


@dataclass(frozen=True)
class TurnOptions:
    """What the person chose for this answer (settings and the effort selector)."""

    effort: str = "medium"
    temperature: float = 1.0
    top_p: float = 1.0
    instructions: str = ""
    # What the conversation switched on: MCP server names and built-in tools ("browser", "python").
    tools: tuple[str, ...] = ()
    # A preset's JSON Schema for the answer (the engine holds the final channel to it).
    response_schema: Mapping[str, Any] | None = None
    # The budget of saved prompt caches on disk; 0: none are kept.
    prompt_cache_bytes: int = DEFAULT_MAX_BYTES
    # What to do once the conversation outgrows the context (app/core/chat/overflow.py).
    overflow: str | None = None
    # Passed on to run_turn as is; tests use it to make answers long (ignore_end).
    extra: Mapping[str, Any] = field(default_factory=dict)
    # A model on a server answers instead of the loaded one (the conversation's choice).
    remote: RemoteTarget | None = None


@dataclass(frozen=True)
class Question:
    """A question to save and answer; saving it in the job keeps the GUI thread off the disk."""

    conversation_id: int | None  # None: a new conversation, called ``title``
    text: str
    parent_id: int | None  # the question's place in the tree (None: a root)
    title: str
    options: TurnOptions


@dataclass(frozen=True)
class QuestionSaved:
    conversation_id: int
    question_id: int


@dataclass(frozen=True)
class QuestionNotSaved:
    text: str  # given back to the person
    reason: str


class TurnJob:
    """Save ``question`` (if given) and answer it, or answer ``question_id`` again."""

    kind = "turn"

    def __init__(
        self,
        database: Path | str,
        options: TurnOptions,
        *,
        question: Question | None = None,
        conversation_id: int | None = None,
        question_id: int | None = None,
        tool_set: ToolSet | None = None,
        approve: Approver | None = None,
    ) -> None:
        if question is None and (conversation_id is None or question_id is None):
            raise ValueError("a turn needs a question to save or one to answer")
        self.database = database
        self.options = options
        self.question = question
        self.conversation_id = conversation_id
        self.question_id = question_id
        self.tool_set = tool_set
        self.approve = approve

    def _store(self, context: JobContext) -> ChatStore:
        database = self.database
        return context.resource(
            f"chat-store:{database}", lambda: ChatStore(database), ChatStore.close
        )

    def run(self, context: JobContext) -> TurnUpdate | QuestionNotSaved | None:
        store = self._store(context)
        if self.question is not None:
            saved = self._save(store, self.question)
            if isinstance(saved, QuestionNotSaved):
                context.emit(saved)
                return saved
            context.emit(saved)
            self.conversation_id, self.question_id = saved.conversation_id, saved.question_id
        context.check()  # stopped while the question was saved: it stays, unanswered
        return self._answer(context, store)

    @staticmethod
    def _save(store: ChatStore, question: Question) -> QuestionSaved | QuestionNotSaved:
        try:
            conversation = question.conversation_id
            if conversation is None:
                conversation = store.create_conversation(question.title).id
            saved = store.add_user_message(conversation, question.text, question.parent_id)
            if question.parent_id is None:  # one started by attaching files is named now
                store.title_from_question(conversation, question.title)
        except Exception as exc:  # the default error path: a sentence, never a traceback
            return QuestionNotSaved(question.text, Sentence(QUESTION_NOT_SAVED, str(exc)))
        return QuestionSaved(conversation, saved.id)

    def _answer(self, context: JobContext, store: ChatStore) -> TurnUpdate | None:
        assert self.conversation_id is not None and self.question_id is not None
        options = self.options
        model = context.model
        engine: Engine = context
        # Attached documents take what the loaded model's context leaves them.
        documents = DocumentContext(document_budget(model.n_ctx)) if model else None
        # A budget of 0 (Settings: off) tells the engine to remove the saved caches.
        prompt_cache: PromptCacheRef | None = PromptCacheRef(
            self.conversation_id, prompt_cache_dir(), options.prompt_cache_bytes
        )
        n_ctx = model.n_ctx if model else None
        extra = dict(options.extra)
        undo = None
        if options.remote is not None:
            remote = RemoteEngine(options.remote)
            undo = context.token.on_cancel(remote.cancel)
            engine = remote
            documents = DocumentContext(document_budget(REMOTE_CONTEXT))
            # The answer records which server saw the conversation (its badge says so).
            extra.setdefault("model_file_hash", remote_source(options.remote))
            prompt_cache = None  # the server keeps its own cache
            n_ctx = None  # the server knows its context; it refuses what does not fit
        if "browser" in options.tools:
            documents = None  # the model reads the documents itself, through the browser
        last: TurnUpdate | None = None
        try:
            approve = self.approve
            if approve is not None and self.tool_set is not None:
                # What this conversation always allows, from its store (it outlives restarts).
                approve = RememberingApprover(approve, store, self.conversation_id)
            question = store.get_message(self.question_id)
            for update in run_turn(
                engine,
                store,
                self.conversation_id,
                question,
                effort=options.effort,  # type: ignore[arg-type]
                sampling=SamplingSettings(temperature=options.temperature, top_p=options.top_p),
                instructions=options.instructions or None,
                documents=documents,
                tools=self.tool_set,
                approve=approve,
                response_schema=options.response_schema,
                cancel=context.token,
                prompt_cache=prompt_cache,
                overflow=options.overflow,  # type: ignore[arg-type]
                n_ctx=n_ctx,
                **extra,
            ):
                last = update
                context.emit(update)
        except Exception as exc:  # the default error path: a sentence, never a traceback
            log.warning("A turn failed: %s", exc)
            reason = Sentence(ANSWER_FAILED, str(exc))
            analysis, final = (last.analysis, last.final) if last else ("", "")
            message_id = last.message_id if last else 0
            if message_id:
                closing = context.service_closing
                _finish_as_failed(store, message_id, analysis, final, reason, closing)
            last = TurnUpdate(message_id, analysis, final, True, "error", reason)
            context.emit(last)
        finally:
            if undo is not None:
                undo()
        return last


def _finish_as_failed(
    store: ChatStore,
    message_id: int,
    analysis: str,
    final: str,
    reason: str,
    give_up: Callable[[], bool],
) -> None:
    """Mark the answer failed, retrying while another writer holds the database (until
    ``give_up``: quitting does not wait; the next start marks the answer interrupted)."""
    deadline = time.monotonic() + FINISH_RETRY_S
    while True:
        try:
            store.finish_assistant_message(
                message_id, "error", analysis=analysis, content=final, error=reason
            )
            return
        except KeyError:
            return  # deleted meanwhile: nothing left to mark
        except sqlite3.OperationalError as exc:
            if time.monotonic() >= deadline or give_up():
                # The next start marks it interrupted; the person has the sentence now.
                log.warning("A failed answer could not be marked: %s", exc)
                return
            time.sleep(0.2)  # the writer holding the lock needs time, not a signal
