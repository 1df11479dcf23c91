"""What the server needs of the engine, and nothing more.

The server never holds an engine itself: it asks whoever owns it (the engine
service that the window shares, or for `lokal serve` a client of its own) to
run one generate job. Events of that job arrive on the engine's thread through
`on_event`; the last one is `Done` or `EngineError`. A job can be cancelled at
any time, also before it started.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from app.core.engine.protocol import Event, GenerateRequest, ModelInfo


class EngineJob(Protocol):
    def cancel(self) -> None:
        """Stop the job; safe from any thread, any number of times."""


class EnginePort(Protocol):
    @property
    def model(self) -> ModelInfo | None:
        """The loaded model, or None."""

    def submit(self, request: GenerateRequest, on_event: Callable[[Event], None]) -> EngineJob:
        """Queue one generation; `on_event` receives its events, the last being Done or
        EngineError (a job cancelled before it started ends with Done "cancelled")."""
