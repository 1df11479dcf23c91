"""The engine port over an engine client of the server's own (`lokal serve`).

One worker thread owns the client and runs jobs one at a time, in the order
they were submitted. Cancelling raises the client's shared flag, which the
engine reads between tokens and prompt batches.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

from app.core.engine.client import EngineClient
from app.core.engine.protocol import Done, EngineError, Event, GenerateRequest, ModelInfo

log = logging.getLogger("lokal.server")


class _Job:
    def __init__(
        self, client: EngineClient, request: GenerateRequest, on_event: Callable[[Event], None]
    ) -> None:
        self._client = client
        self.request = request
        self.on_event = on_event
        self._lock = threading.Lock()
        self._cancelled = False
        self._running = False

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._running:
                self._client.cancel()

    def run(self) -> None:
        with self._lock:
            if self._cancelled:
                self.on_event(_cancelled_before_start(self.request.request_id))
                return
            self._running = True
        events = self._client.generate(self.request)
        try:
            # The client's own request id is assigned inside generate(); the first
            # event exists only after that, so a cancel raised from here on hits it.
            for event in events:
                with self._lock:
                    if self._cancelled:
                        self._client.cancel()
                self.on_event(event)
        finally:
            with self._lock:
                self._running = False


class ClientEnginePort:
    """Runs generate jobs on `client`, in order, on one thread."""

    def __init__(self, client: EngineClient) -> None:
        self._client = client
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._work, name="lokal-server-engine", daemon=True)
        self._thread.start()

    @property
    def model(self) -> ModelInfo | None:
        return self._client.model

    def submit(self, request: GenerateRequest, on_event: Callable[[Event], None]) -> _Job:
        job = _Job(self._client, request, on_event)
        self._jobs.put(job)
        return job

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=30)

    def _work(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job.run()
            except Exception as exc:  # one job's failure must not end the server
                log.exception("engine job failed")
                job.on_event(EngineError(job.request.request_id, f"The engine failed: {exc}"))


def _cancelled_before_start(request_id: int) -> Done:
    return Done(
        request_id=request_id,
        finish_reason="cancelled",
        prompt_tokens=0,
        prompt_tokens_evaluated=0,
        completion_tokens=0,
        analysis_tokens=0,
        final_tokens=0,
        time_to_first_token_s=None,
        tokens_per_second=None,
        prompt_tokens_per_second=None,
        messages=(),
    )
