"""One request at a time through the engine; the others wait in a bounded line.

The gate is asyncio's (the server's event loop); engine events arrive on the
engine's thread and are handed to the loop. The gate opens for the next
request when the engine has ended the current job (its Done or EngineError),
not when the HTTP request ends: a client that hangs up must not let a second
job start while the first is still stopping.
"""

from __future__ import annotations

import asyncio
import collections
import math
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from app.core.engine.protocol import Done, EngineError, Event, GenerateRequest
from app.core.server.engine_port import EnginePort
from app.core.server.errors import ApiError


@dataclass
class ServerStats:
    """What the window and /health show; touched on the event loop only."""

    served: int = 0
    cancelled: int = 0
    running: bool = False
    waiting: int = 0
    recent_seconds: collections.deque[float] = field(
        default_factory=lambda: collections.deque(maxlen=8)
    )

    def expected_wait_s(self) -> int:
        """A Retry-After guess: recent job length times the jobs ahead."""
        average = (
            sum(self.recent_seconds) / len(self.recent_seconds) if self.recent_seconds else 1.0
        )
        return max(1, math.ceil(average * (self.waiting + 1)))


class RequestGate:
    def __init__(self, stats: ServerStats, max_waiting: int) -> None:
        self._stats = stats
        self._max_waiting = max_waiting
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    async def enter(self) -> None:
        if not self._stats.running and not self._waiters:
            self._stats.running = True
            return
        if len(self._waiters) >= self._max_waiting:
            raise ApiError(
                429,
                "The server is busy with other requests; try again shortly.",
                code="queue_full",
                headers={"Retry-After": str(self._stats.expected_wait_s())},
            )
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(future)
        self._stats.waiting = len(self._waiters)
        try:
            await future
        except asyncio.CancelledError:
            if future.done() and not future.cancelled():
                self.leave()  # the turn came just as the client gave up: pass it on
            else:
                self._waiters.remove(future)
            raise
        finally:
            self._stats.waiting = len(self._waiters)

    def leave(self) -> None:
        while self._waiters:
            future = self._waiters.popleft()
            if not future.done():
                future.set_result(None)
                self._stats.waiting = len(self._waiters)
                return
        self._stats.running = False


class EngineGateway:
    """Runs generate requests through the port, one at a time."""

    def __init__(self, port: EnginePort, max_waiting: int) -> None:
        self.port = port
        self.stats = ServerStats()
        self.gate = RequestGate(self.stats, max_waiting)

    async def start(self, request: GenerateRequest) -> JobRun:
        """Wait for the engine's turn (429 if the line is full), then submit the job."""
        await self.gate.enter()
        try:
            return JobRun(self, request)
        except BaseException:
            self.gate.leave()
            raise


class JobRun:
    """One job's events as the event loop sees them. `close()` (also on any early exit)
    cancels a job that has not ended."""

    def __init__(self, gateway: EngineGateway, request: GenerateRequest) -> None:
        self._gateway = gateway
        self._loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[Event] = asyncio.Queue()
        self._started = time.monotonic()
        self.finished = False
        self._job = gateway.port.submit(request, self._on_event)

    def _on_event(self, event: Event) -> None:  # on the engine's thread
        try:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, event)
            if isinstance(event, Done | EngineError):
                cancelled = isinstance(event, Done) and event.finish_reason == "cancelled"
                self._loop.call_soon_threadsafe(self._ended, cancelled)
        except RuntimeError:
            pass  # the loop is closed: the server is shutting down

    def _ended(self, cancelled: bool) -> None:
        stats = self._gateway.stats
        stats.served += 1
        stats.cancelled += cancelled
        stats.recent_seconds.append(time.monotonic() - self._started)
        self._gateway.gate.leave()

    async def next_event(self) -> Event:
        event = await self._queue.get()
        if isinstance(event, Done | EngineError):
            self.finished = True
        return event

    async def events(self) -> AsyncIterator[Event]:
        """The remaining events, up to and including Done or EngineError."""
        try:
            while not self.finished:
                yield await self.next_event()
        finally:
            self.close()

    def cancel(self) -> None:
        self._job.cancel()

    def close(self) -> None:
        if not self.finished:
            self._job.cancel()
