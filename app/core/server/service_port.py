"""The engine port over the engine service that owns the model (app/core/engine/service.py).

The server's requests are jobs like the window's turns: they wait their turn
in the same line and are cancelled with the same tokens. The service ends a
job with `JobFinished`; the port turns that back into the engine's own last
event (Done, or EngineError with the service's sentence).
"""

from __future__ import annotations

from collections.abc import Callable

from app.core.engine.protocol import Done, EngineError, Event, GenerateRequest, ModelInfo
from app.core.engine.service import EngineService, JobFinished, JobHandle, JobState

_ENGINE_EVENTS = (Done, EngineError)


class ServiceEnginePort:
    def __init__(self, service: EngineService) -> None:
        self.service = service

    @property
    def model(self) -> ModelInfo | None:
        return self.service.model

    def submit(self, request: GenerateRequest, on_event: Callable[[Event], None]) -> JobHandle:
        def listener(event: object) -> None:
            if isinstance(event, JobFinished):
                on_event(_last_event(request, event))
            elif not isinstance(event, _ENGINE_EVENTS):
                on_event(event)  # type: ignore[arg-type]

        return self.service.generate(request, listener=listener)


def _last_event(request: GenerateRequest, finished: JobFinished) -> Done | EngineError:
    if finished.state is JobState.DONE and isinstance(finished.result, Done):
        return finished.result
    if finished.state is JobState.CANCELLED:
        return Done(request.request_id, "cancelled", 0, 0, 0, 0, 0, None, None, None, ())
    return EngineError(request.request_id, finished.error or "The engine failed.")
