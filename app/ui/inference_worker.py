"""The GUI's side of the engine: a QObject living in its own QThread.

It owns the engine client and its own store connection (one per thread), runs
`run_turn` and turns its updates into signals. Stopping is a flag raised with
`stop()` straight from the GUI thread; a queued message could not reach a
loop that is busy generating.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from app.core.chat.turn import run_turn
from app.core.documents.context import DocumentContext, document_budget
from app.core.engine.client import EngineClient, EngineFailure
from app.core.store import ChatStore


class InferenceWorker(QObject):
    model_state = Signal(str, str)  # "loading" | "ready" | "failed", and a sentence
    turn_update = Signal(object)  # app.core.chat.turn.TurnUpdate
    turn_failed = Signal(str)

    def __init__(self, database: Path | str) -> None:
        super().__init__()
        self._database = database
        self._client = EngineClient()
        self._store: ChatStore | None = None

    def _chat_store(self) -> ChatStore:
        if self._store is None:  # created here, in the worker's thread
            self._store = ChatStore(self._database)
        return self._store

    @Slot(object)
    def load_model(self, model_path: Path) -> None:
        self.model_state.emit("loading", f"Loading {model_path.name}…")
        try:
            info, plan = self._client.load_planned(model_path)
        except EngineFailure as exc:
            self.model_state.emit("failed", str(exc))
            return
        self.model_state.emit(
            "ready",
            f"{model_path.name} · context {info.n_ctx:,} tokens · {plan.explanation}",
        )

    @Slot(int, int, str)
    def answer(self, conversation_id: int, question_id: int, effort: str) -> None:
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
                effort=effort,  # type: ignore[arg-type]
                documents=documents,
            ):
                self.turn_update.emit(update)
        except Exception as exc:  # the default error path: a sentence, never a traceback
            self.turn_failed.emit(f"The answer could not be produced: {exc}")

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
