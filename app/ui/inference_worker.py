"""The GUI's side of the engine: a QObject living in its own QThread.

It owns the engine client and its own store connection (one per thread), runs
`run_turn` and turns its updates into signals. Stopping is a flag raised with
`stop()` straight from the GUI thread; a queued message could not reach a
loop that is busy generating.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal, Slot

from app.core.chat.turn import run_turn
from app.core.documents.context import DocumentContext, document_budget
from app.core.engine.client import EngineClient, EngineFailure
from app.core.engine.load_plan_types import Overrides
from app.core.engine.prompt_cache import DEFAULT_MAX_BYTES
from app.core.engine.protocol import PromptCacheRef, SamplingSettings
from app.core.paths import prompt_cache_dir
from app.core.sentence import Sentence, message_of
from app.ui.store_thread_worker import StoreThreadWorker
from app.ui.text import fill


@dataclass(frozen=True)
class TurnOptions:
    """What the person chose for this answer (settings and the effort selector)."""

    effort: str = "medium"
    temperature: float = 1.0
    top_p: float = 1.0
    instructions: str = ""
    # The budget of saved prompt caches on disk; 0: none are kept.
    prompt_cache_bytes: int = DEFAULT_MAX_BYTES
    # What to do once the conversation outgrows the context (app/core/chat/overflow.py).
    overflow: str | None = None
    # Passed on to run_turn as is; tests use it to make answers long (ignore_end).
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Question:
    """A question to save and answer; saving it here keeps the GUI thread off the disk."""

    conversation_id: int | None  # None: a new conversation, called ``title``
    text: str
    parent_id: int | None  # the question's place in the tree (None: a root)
    title: str
    # The first question names a conversation that still has this placeholder title
    # (one started by attaching files); None leaves the title alone.
    rename_from: str | None
    options: TurnOptions


class InferenceWorker(StoreThreadWorker):
    # "loading" | "ready" | "failed", and a sentence (a str; a core Sentence stays one, so
    # the window can show it in its language)
    model_state = Signal(str, object)
    load_progress = Signal(float)  # 0.0 to 1.0 while a model loads
    model_ready = Signal(int)  # the context length the model was loaded with
    backend = Signal(str)  # which backend runs the model and why, one sentence
    turn_update = Signal(object)  # app.core.chat.turn.TurnUpdate
    turn_failed = Signal(str)
    question_saved = Signal(int, int)  # conversation, question: committed, the answer starts
    question_not_saved = Signal(str, str)  # the question's text (to give back), a sentence

    def __init__(self, database: Path | str) -> None:
        super().__init__(database)
        self._client = EngineClient()
        # The engine sends load progress at most 10 times a second already.
        self._client.on_load_progress = self.load_progress.emit

    @Slot(object, object)
    def load_model(self, model_path: Path, overrides: Overrides) -> None:
        self.model_state.emit("loading", fill(self.tr("Loading %1…"), model_path.name))
        try:
            info, plan = self._client.load_planned(model_path, overrides)
        except EngineFailure as exc:
            self.model_state.emit("failed", message_of(exc))
            return
        except Exception as exc:  # the default error path: a sentence, never a traceback
            self.model_state.emit(
                "failed", fill(self.tr("The model could not be loaded: %1"), str(exc))
            )
            return
        self.model_ready.emit(info.n_ctx)
        if self._client.backend_summary:
            self.backend.emit(self._client.backend_summary)
        self.model_state.emit("ready", Sentence("%1 · %2", model_path.name, plan.explanation))

    @Slot(object)
    def ask(self, question: Question) -> None:
        """Commit the question (before anything is generated), then answer it."""
        store = self._chat_store()
        try:
            conversation = question.conversation_id
            if conversation is None:
                conversation = store.create_conversation(question.title).id
            saved = store.add_user_message(conversation, question.text, question.parent_id)
            placeholder = question.rename_from
            if placeholder and store.get_conversation(conversation).title == placeholder:
                store.rename_conversation(conversation, question.title)
        except Exception as exc:  # the default error path: a sentence, never a traceback
            reason = fill(self.tr("The question could not be saved: %1"), str(exc))
            self.question_not_saved.emit(question.text, reason)
            return
        self.question_saved.emit(conversation, saved.id)
        self.answer(conversation, saved.id, question.options)

    @Slot(int, int, object)
    def answer(self, conversation_id: int, question_id: int, options: TurnOptions) -> None:
        store = self._chat_store()
        # Attached documents take what the loaded model's context leaves them.
        model = self._client.model
        documents = DocumentContext(document_budget(model.n_ctx)) if model else None
        # A budget of 0 (Settings: off) tells the engine to remove the saved caches.
        prompt_cache = PromptCacheRef(
            conversation_id, prompt_cache_dir(), options.prompt_cache_bytes
        )
        try:
            question = store.get_message(question_id)
            for update in run_turn(
                self._client,
                store,
                conversation_id,
                question,
                effort=options.effort,  # type: ignore[arg-type]
                sampling=SamplingSettings(temperature=options.temperature, top_p=options.top_p),
                instructions=options.instructions or None,
                documents=documents,
                prompt_cache=prompt_cache,
                overflow=options.overflow,  # type: ignore[arg-type]
                n_ctx=model.n_ctx if model else None,
                **options.extra,
            ):
                self.turn_update.emit(update)
        except Exception as exc:  # the default error path: a sentence, never a traceback
            self.turn_failed.emit(fill(self.tr("The answer could not be produced: %1"), str(exc)))

    def stop(self) -> None:
        """Cancel the answer in progress. Safe from any thread."""
        self._client.cancel()

    def _release(self) -> None:
        self._client.close()
