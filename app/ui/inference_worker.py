"""The GUI's side of the engine: a QObject living in its own QThread.

It owns the engine client and its own store connection (one per thread), runs
`run_turn` and turns its updates into signals. Stopping is a flag raised with
`stop()` straight from the GUI thread; a queued message could not reach a
loop that is busy generating.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

from app.core.chat.turn import run_turn
from app.core.documents.context import DocumentContext, document_budget
from app.core.engine.client import EngineClient, EngineFailure
from app.core.engine.load_plan_types import Overrides
from app.core.engine.protocol import SamplingSettings
from app.core.store import ChatStore
from app.ui.text import fill

# Load progress reaches the window at most this often.
PROGRESS_INTERVAL_S = 0.1


@dataclass(frozen=True)
class TurnOptions:
    """What the person chose for this answer (settings and the effort selector)."""

    effort: str = "medium"
    temperature: float = 1.0
    top_p: float = 1.0
    instructions: str = ""
    # Passed on to run_turn as is; tests use it to make answers long (ignore_end).
    extra: Mapping[str, Any] = field(default_factory=dict)


class InferenceWorker(QObject):
    model_state = Signal(str, str)  # "loading" | "ready" | "failed", and a sentence
    load_progress = Signal(float)  # 0.0 to 1.0 while a model loads
    model_ready = Signal(int)  # the context length the model was loaded with
    backend = Signal(str)  # which backend runs the model and why, one sentence
    turn_update = Signal(object)  # app.core.chat.turn.TurnUpdate
    turn_failed = Signal(str)

    def __init__(self, database: Path | str) -> None:
        super().__init__()
        self._database = database
        self._client = EngineClient()
        self._client.on_load_progress = self._report_progress
        self._progress_sent = 0.0
        self._store: ChatStore | None = None

    def _chat_store(self) -> ChatStore:
        if self._store is None:  # created here, in the worker's thread
            self._store = ChatStore(self._database)
        return self._store

    def _report_progress(self, fraction: float) -> None:
        now = time.monotonic()
        if fraction >= 1.0 or now - self._progress_sent >= PROGRESS_INTERVAL_S:
            self._progress_sent = now
            self.load_progress.emit(fraction)

    @Slot(object, object)
    def load_model(self, model_path: Path, overrides: Overrides) -> None:
        self.model_state.emit("loading", fill(self.tr("Loading %1…"), model_path.name))
        try:
            info, plan = self._client.load_planned(model_path, overrides)
        except EngineFailure as exc:
            self.model_state.emit("failed", str(exc))
            return
        except Exception as exc:  # the default error path: a sentence, never a traceback
            self.model_state.emit(
                "failed", fill(self.tr("The model could not be loaded: %1"), str(exc))
            )
            return
        self.model_ready.emit(info.n_ctx)
        if self._client.backend_summary:
            self.backend.emit(self._client.backend_summary)
        self.model_state.emit("ready", f"{model_path.name} · {plan.explanation}")

    @Slot(int, int, object)
    def answer(self, conversation_id: int, question_id: int, options: TurnOptions) -> None:
        store = self._chat_store()
        # Attached documents take what the loaded model's context leaves them.
        model = self._client.model
        documents = DocumentContext(document_budget(model.n_ctx)) if model else None
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
                **options.extra,
            ):
                self.turn_update.emit(update)
        except Exception as exc:  # the default error path: a sentence, never a traceback
            self.turn_failed.emit(fill(self.tr("The answer could not be produced: %1"), str(exc)))

    def stop(self) -> None:
        """Cancel the answer in progress. Safe from any thread."""
        self._client.cancel()

    @Slot()
    def shutdown(self) -> None:
        self._client.close()
        if self._store is not None:
            self._store.close()
            self._store = None
        thread = self.thread()
        if thread is not None:
            thread.quit()
