"""Which model the window uses, free of Qt: load intents in, a ``ModelState`` out.

Loads are ``LoadJob``s in the EngineService, so they wait for a turn under way
and never overlap one. A new load cancels one that has not finished. A file
that fails (bad header, a plan that refuses it, llama.cpp refusing it) leaves
the model in use as it was: the state stays ``ready`` with it, and ``problem``
says why the new one was not taken.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal

from app.core.chat.controller import Post
from app.core.engine.load_plan import Overrides
from app.core.engine.protocol import LoadProgress, ModelInfo
from app.core.engine.service import (
    EngineService,
    JobFinished,
    JobHandle,
    JobState,
    LoadJob,
    ModelLoaded,
)
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

ModelPhase = Literal["none", "loading", "ready", "failed"]

LOADING = QT_TRANSLATE_NOOP("core", "Loading %1…")
READY = QT_TRANSLATE_NOOP("core", "%1 · %2")
KEPT = QT_TRANSLATE_NOOP("core", "%1 was not loaded: %2 %3 stays in use.")


@dataclass(frozen=True)
class ModelState:
    phase: ModelPhase = "none"
    path: Path | None = None  # the model in use (ready) or being loaded
    info: ModelInfo | None = None
    detail: str = ""  # a sentence: the plan while ready, the reason when failed
    progress: float = 0.0  # while loading
    backend: str | None = None
    problem: str | None = None  # a load that failed while another model stayed in use

    @property
    def ready(self) -> bool:
        return self.phase == "ready"

    @property
    def n_ctx(self) -> int:
        return self.info.n_ctx if self.info is not None else 0


class ModelController:
    """Every method is called on the owner's thread; listeners hear every change there."""

    def __init__(self, service: EngineService, post: Post) -> None:
        """``post`` runs a callable later on the owner's thread (never at once)."""
        self.service = service
        self._post = post
        self.state = ModelState()
        self._ready: ModelState | None = None  # the last model that loaded
        self._job: JobHandle | None = None
        self._loads = 0
        self._listeners: list[Callable[[ModelState], None]] = []

    def subscribe(self, listener: Callable[[ModelState], None]) -> Callable[[], None]:
        """Returns what stops the listening (a window that closes before the owner calls it)."""
        self._listeners.append(listener)
        return lambda: self._unsubscribe(listener)

    def _unsubscribe(self, listener: Callable[[ModelState], None]) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def load(self, path: Path, overrides: Overrides) -> None:
        if self._job is not None:
            self._job.cancel()  # the newest choice wins
        self._loads += 1
        number = self._loads
        # Submitted before listeners hear of it: whatever they do, the load is under way.
        self._job = self.service.submit(
            LoadJob(path, overrides),
            listener=lambda event: self._post(lambda: self._on_event(number, path, event)),
        )
        self._set(
            replace(
                self.state,
                phase="loading",
                path=path,
                detail=Sentence(LOADING, path.name),
                progress=0.0,
                problem=None,
            )
        )

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _on_event(self, number: int, path: Path, event: object) -> None:
        if number != self._loads:
            return  # a load that a newer one replaced
        if isinstance(event, LoadProgress):
            self._set(replace(self.state, progress=event.fraction))
        elif isinstance(event, JobFinished):
            self._job = None
            self._finished(path, event)

    def _finished(self, path: Path, finish: JobFinished) -> None:
        if finish.state is JobState.DONE and isinstance(finish.result, ModelLoaded):
            loaded = finish.result
            explanation = loaded.plan.explanation if loaded.plan is not None else ""
            line = Sentence(READY, path.name, explanation)
            if loaded.safety_note:  # it runs in the safe configuration after a crash
                line = Sentence("%1 · %2", line, loaded.safety_note)
            self._ready = ModelState(
                "ready",
                path,
                loaded.info,
                line,
                1.0,
                loaded.backend_summary,
            )
            self._set(self._ready)
            return
        kept = self.service.model
        reason = finish.error or ""
        if kept is not None and self._ready is not None and self._ready.path is not None:
            problem = (
                Sentence(KEPT, path.name, reason, self._ready.path.name)
                if finish.state is JobState.FAILED
                else None
            )
            self._set(replace(self._ready, info=kept, problem=problem))
        elif finish.state is JobState.FAILED:
            self._set(ModelState("failed", path, None, reason))
        else:  # cancelled with nothing loaded before
            self._set(ModelState())

    def _set(self, state: ModelState) -> None:
        self.state = state
        for listener in list(self._listeners):
            listener(state)
