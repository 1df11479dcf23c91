"""The one owner of the engine: every job that needs the model runs here.

A laptop holds one model, and the window, the local API server and the tool
loop all want it. ``EngineService`` is the only holder of an ``EngineClient``;
everything that needs the model is a *job* submitted to it. Jobs run one at a
time, in the order submitted, in the service's own thread. Each job has a
``CancelToken`` from the moment it exists (the asker may make it before it
submits), so "stop" always reaches the job it was meant for: a queued job is
dropped at once, a running one is cancelled in the engine (between prompt
batches, between tokens, between a load's progress reports).

What a job produces reaches its asker as events: through a listener given at
submit (called in the service's thread, or in the cancelling thread for a job
cancelled while it waited), or, without a listener, by iterating
``JobHandle.events()`` from any thread. The last event is always a
``JobFinished``. The service's own state (busy, queue length, the loaded
model) is observable the same way, through ``subscribe``.

Loading is a job too (``LoadJob``): the new file is validated and planned before
the old model is touched, a load that fails or is cancelled puts the previous
model back, and ``close`` during a load ends it promptly.
"""

from __future__ import annotations

import collections
import contextlib
import enum
import itertools
import logging
import queue
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from app.core.engine.backend_report import backend_sentence
from app.core.engine.client import EngineClient, EngineFailure, LoadCancelled, validate_file
from app.core.engine.load_plan import NO_OVERRIDES, LoadPlan, Overrides, PlanRefusal
from app.core.engine.model_setup import plan_for_file, settings_from_plan
from app.core.engine.protocol import (
    Done,
    EngineError,
    Event,
    GenerateRequest,
    LoadProgress,
    LoadSettings,
    ModelInfo,
)
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence, message_of

log = logging.getLogger("lokal.engine")


# --- cancellation -----------------------------------------------------------


class CancelToken:
    """A flag raised once, from any thread; callbacks hear it at once."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._lock = threading.Lock()
        self._callbacks: dict[int, Callable[[], None]] = {}
        self._keys = itertools.count()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def cancel(self) -> None:
        with self._lock:
            if self._event.is_set():
                return
            self._event.set()
            callbacks = list(self._callbacks.values())
        for callback in callbacks:
            callback()

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]:
        """Call ``callback`` when cancelled (now, if already); returns the undo."""
        with self._lock:
            if not self._event.is_set():
                key = next(self._keys)
                self._callbacks[key] = callback
                return lambda: self._forget(key)
        callback()
        return lambda: None

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)

    def _forget(self, key: int) -> None:
        with self._lock:
            self._callbacks.pop(key, None)


# --- jobs -------------------------------------------------------------------


class JobState(enum.Enum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    CANCELLED = "cancelled"
    FAILED = "failed"

    @property
    def finished(self) -> bool:
        return self in (JobState.DONE, JobState.CANCELLED, JobState.FAILED)


class JobCancelled(Exception):
    """Raised inside a job to end it as cancelled."""


@dataclass(frozen=True)
class JobFinished:
    """The last event of every job."""

    job_id: int
    state: JobState
    result: Any = None
    error: str | None = None  # a sentence for people when state is FAILED


class EngineAccess(Protocol):
    """What a turn needs of the engine: the service's JobContext gives it."""

    @property
    def model(self) -> ModelInfo | None: ...

    def generate(self, request: GenerateRequest) -> Iterator[Event]: ...

    def cancel(self) -> None: ...


class Job(Protocol):
    """Something that needs the model. ``run`` is called in the service's thread."""

    kind: str  # "turn", "request", "load", "unload", "tool": shown in the busy state

    def run(self, context: JobContext) -> Any: ...


class JobContext:
    """What a running job may use: the engine, its token, a way to report events."""

    def __init__(self, service: EngineService, client: EngineClient, handle: JobHandle) -> None:
        self._service = service
        self.client = client
        self.handle = handle
        self.token = handle.token

    @property
    def model(self) -> ModelInfo | None:
        return self.client.model

    @property
    def cancelled(self) -> bool:
        return self.token.cancelled

    def service_closing(self) -> bool:
        """True once the service is closing: a job should end as soon as it can."""
        return self._service.closing

    def check(self) -> None:
        """End the job here if it was cancelled."""
        if self.token.cancelled:
            raise JobCancelled

    def emit(self, event: object) -> None:
        self.handle._emit(event)

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        """The engine's events for one request, cancelled with the job's token.

        A job cancelled before it starts gets a cancelled ``Done`` without
        reaching the engine.
        """
        if self.token.cancelled:
            yield _cancelled_done(request)
            return
        cancelled_in_engine = False

        def cancel_in_engine() -> None:
            nonlocal cancelled_in_engine
            cancelled_in_engine = True
            self.client.cancel()

        undo = self.token.on_cancel(cancel_in_engine)
        try:
            for event in self.client.generate(request):
                # The token may have been raised before the client gave the request
                # its id; cancelling again now reaches the request itself.
                if self.token.cancelled and not cancelled_in_engine:
                    cancel_in_engine()
                yield event
        finally:
            undo()

    def cancel(self) -> None:
        """Cancel this job (the engine side of a turn that saw its conversation go)."""
        self.token.cancel()

    def resource(self, key: str, make: Callable[[], Any], close: Callable[[Any], None]) -> Any:
        """A per-thread object kept for the service's lifetime (e.g. a store connection,
        which belongs to the thread that opened it); ``close`` runs when the service ends."""
        return self._service._resource(key, make, close)


class _ApartContext(JobContext):
    """The context of a job run beside the queue (``EngineService.run_apart``): it has no
    local engine, and its resources (a store connection of its own thread) end with it."""

    def __init__(self, service: EngineService, client: EngineClient, handle: JobHandle) -> None:
        super().__init__(service, client, handle)
        self._own: dict[str, tuple[Any, Callable[[Any], None]]] = {}

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        raise RuntimeError("a job run apart has no local engine")

    def resource(self, key: str, make: Callable[[], Any], close: Callable[[Any], None]) -> Any:
        if key not in self._own:
            self._own[key] = (make(), close)
        return self._own[key][0]

    def release(self) -> None:
        for value, close in self._own.values():
            with contextlib.suppress(Exception):
                close(value)
        self._own.clear()


def _cancelled_done(request: GenerateRequest) -> Done:
    return Done(request.request_id, "cancelled", 0, 0, 0, 0, 0, None, None, None, messages=())


class JobHandle:
    """The asker's side of a submitted job."""

    def __init__(
        self,
        service: EngineService,
        job: Job,
        job_id: int,
        token: CancelToken,
        listener: Callable[[object], None] | None,
    ) -> None:
        self._service = service
        self.job = job
        self.id = job_id
        self.kind = job.kind
        self.token = token
        self._listener = listener
        self._events: queue.SimpleQueue[object] | None = (
            queue.SimpleQueue() if listener is None else None
        )
        self._lock = threading.Lock()
        self._state = JobState.QUEUED
        self._finished = threading.Event()
        self.finish: JobFinished | None = None

    @property
    def state(self) -> JobState:
        return self._state

    @property
    def position(self) -> int | None:
        """0 while it runs, 1… while it waits (1: next), None once finished."""
        return self._service._position(self)

    @property
    def result(self) -> Any:
        return self.finish.result if self.finish is not None else None

    @property
    def error(self) -> str | None:
        return self.finish.error if self.finish is not None else None

    def cancel(self) -> None:
        """Safe from any thread, at any time (a finished job stays as it ended)."""
        self.token.cancel()

    def wait(self, timeout: float | None = None) -> bool:
        """True once the job has finished."""
        return self._finished.wait(timeout)

    def events(self, timeout: float | None = None) -> Iterator[object]:
        """Every event in order, ending with the ``JobFinished`` (only without a listener).

        ``timeout`` bounds each wait; TimeoutError if it passes.
        """
        if self._events is None:
            raise RuntimeError("this job's events go to its listener")
        while True:
            try:
                event = self._events.get(timeout=timeout)
            except queue.Empty:
                raise TimeoutError from None
            yield event
            if isinstance(event, JobFinished):
                return

    def _set_running(self) -> bool:
        with self._lock:
            if self._state is not JobState.QUEUED:
                return False
            self._state = JobState.RUNNING
            return True

    def _emit(self, event: object) -> None:
        if self._listener is not None:
            try:
                self._listener(event)
            except Exception:  # an asker's mistake must not end the engine's thread
                log.exception("a job listener failed")
        else:
            assert self._events is not None
            self._events.put(event)

    def _end(self, state: JobState, result: Any = None, error: str | None = None) -> bool:
        with self._lock:
            if self._state.finished:
                return False
            self._state = state
            self.finish = JobFinished(self.id, state, result, error)
        self._emit(self.finish)
        self._finished.set()
        return True


# --- loading ----------------------------------------------------------------


@dataclass(frozen=True)
class ModelLoaded:
    """A LoadJob's result."""

    path: Path
    info: ModelInfo
    plan: LoadPlan | None
    backend_summary: str | None
    # Set when the model runs in the safe configuration after a crash (safe_mode.py).
    safety_note: str | None = None


class LoadJob:
    """Load a model file: checked and planned before the loaded model is given up.

    A planned load (``settings`` None) follows this computer's plan; given
    settings are loaded as they are. If llama.cpp fails or the load is
    cancelled, the previous model is loaded again, so the asker keeps a
    working model. Emits ``LoadProgress`` while the file is read.
    """

    kind = "load"

    def __init__(
        self,
        path: Path,
        overrides: Overrides = NO_OVERRIDES,
        settings: LoadSettings | None = None,
    ) -> None:
        self.path = path
        self.overrides = overrides
        self.settings = settings

    def run(self, context: JobContext) -> ModelLoaded:
        client = context.client
        previous = client.loaded_settings
        plan: LoadPlan | None = None
        settings = self.settings
        try:
            # Everything that can refuse the file happens before the loaded model is let go.
            validate_file(self.path)
            if settings is None:
                report = client.probe()
                planned = plan_for_file(self.path, report, self.overrides)
                client.backend_summary = backend_sentence(report, planned)
                log.info("%s: %s", self.path.name, client.backend_summary)
                if isinstance(planned, PlanRefusal):
                    raise EngineFailure(planned.reason)
                plan, settings = planned, settings_from_plan(self.path, planned)
            context.check()
        except EngineFailure as exc:
            raise LoadError(message_of(exc), client.model) from None

        def progress(fraction: float) -> None:
            if context.cancelled:
                client.cancel()  # reaches the load itself, whatever the id was before
            context.emit(LoadProgress(fraction))

        undo = context.token.on_cancel(client.cancel)
        client.on_load_progress = progress
        try:
            info = client.load(settings)
        except EngineFailure as exc:
            failure: EngineFailure | None = exc
        else:
            failure = None
        finally:
            # Unhooked before the previous model is loaded again: that load is not cancelled.
            client.on_load_progress = None
            undo()
        if failure is not None:
            kept = self._restore(context, previous, failure)
            if isinstance(failure, LoadCancelled):
                raise JobCancelled
            raise LoadError(message_of(failure), kept)
        return ModelLoaded(self.path, info, plan, client.backend_summary, client.safety_note)

    @staticmethod
    def _restore(
        context: JobContext, previous: LoadSettings | None, error: EngineFailure
    ) -> ModelInfo | None:
        """The model that was loaded before, loaded again if the failed load gave it up."""
        client = context.client
        if client.model is not None or previous is None or context.service_closing():
            return client.model
        log.info("Loading %s again after: %s", previous.model_path.name, error)
        try:
            return client.load(previous)
        except EngineFailure as exc:
            log.warning("The previous model could not be loaded again: %s", exc)
            return None


class LoadError(EngineFailure):
    """A load failed; ``kept`` is the model still loaded (None: none). The job's
    ``JobFinished.result`` is ``kept``."""

    def __init__(self, reason: str, kept: ModelInfo | None) -> None:
        super().__init__(reason)
        self.kept = kept


class UnloadJob:
    kind = "unload"

    def run(self, context: JobContext) -> None:
        context.client.unload()


class GenerateJob:
    """One request to the engine as is (the local API server's kind of job): emits the
    engine's events (PromptProgress, Delta, ToolCall) and ends with the ``Done``."""

    kind = "request"

    def __init__(self, request: GenerateRequest) -> None:
        self.request = request

    def run(self, context: JobContext) -> Done:
        for event in context.generate(self.request):
            if isinstance(event, Done):
                if event.finish_reason == "cancelled":
                    raise JobCancelled
                return event
            if isinstance(event, EngineError):
                raise EngineFailure(event.message)
            context.emit(event)
        raise EngineFailure(ENGINE_SILENT)


ENGINE_SILENT = Sentence(QT_TRANSLATE_NOOP("core", "The engine ended the answer without a word."))
JOB_FAILED = QT_TRANSLATE_NOOP("core", "The engine could not do this: %1")


# --- the service ------------------------------------------------------------


@dataclass(frozen=True)
class ServiceStatus:
    """What the service is doing, for a busy indicator or a /health endpoint."""

    running: str | None  # the running job's kind
    running_id: int | None
    queued: int
    model: ModelInfo | None
    closing: bool = False

    @property
    def busy(self) -> bool:
        return self.running is not None or self.queued > 0

    @property
    def loading(self) -> bool:
        return self.running == "load"


class EngineService:
    """Runs jobs that need the model, one at a time, in order, in its own thread."""

    def __init__(self, client: EngineClient | None = None, *, name: str = "lokal-engine") -> None:
        self._client = client if client is not None else EngineClient()
        self._lock = threading.Condition()
        self._queue: collections.deque[JobHandle] = collections.deque()
        self._running: JobHandle | None = None
        self._ids = itertools.count(1)
        self._closing = False
        self._model: ModelInfo | None = None
        self._subscribers: list[Callable[[ServiceStatus], None]] = []
        self._resources: dict[str, tuple[Any, Callable[[Any], None]]] = {}
        self._apart: set[JobHandle] = set()  # jobs running beside the queue (run_apart)
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)
        self._thread.start()

    # --- asking -------------------------------------------------------------

    def submit(
        self,
        job: Job,
        *,
        token: CancelToken | None = None,
        listener: Callable[[object], None] | None = None,
    ) -> JobHandle:
        """Queue ``job``; it runs after every job submitted before it.

        ``token``: the job's cancel token, if the asker made it first (a stop
        pressed before the job was submitted then still reaches it).
        ``listener``: receives every event; without one, use ``handle.events()``.
        """
        handle = JobHandle(self, job, next(self._ids), token or CancelToken(), listener)
        with self._lock:
            if self._closing:
                closed = True
            else:
                closed = False
                self._queue.append(handle)
                self._lock.notify_all()
        if closed:
            handle._end(JobState.CANCELLED)
            return handle
        handle.token.on_cancel(lambda: self._drop_if_queued(handle))
        self._notify()
        return handle

    def run_apart(
        self,
        job: Job,
        *,
        token: CancelToken | None = None,
        listener: Callable[[object], None] | None = None,
    ) -> JobHandle:
        """Run ``job`` now, on a thread of its own, beside the queue: for a job that never
        uses the local engine (an answer streamed from a server), so that a model load or
        a local answer asked for meanwhile starts at once instead of waiting for it.
        Events, the token and Stop work as for ``submit``."""
        handle = JobHandle(self, job, next(self._ids), token or CancelToken(), listener)
        with self._lock:
            closed = self._closing
            if not closed:
                self._apart.add(handle)
        if closed:
            handle._end(JobState.CANCELLED)
            return handle
        threading.Thread(
            target=self._run_apart, args=(handle,), name=f"lokal-apart-{handle.id}", daemon=True
        ).start()
        return handle

    def load(
        self,
        path: Path,
        overrides: Overrides = NO_OVERRIDES,
        *,
        listener: Callable[[object], None] | None = None,
    ) -> JobHandle:
        return self.submit(LoadJob(path, overrides), listener=listener)

    def unload(self, *, listener: Callable[[object], None] | None = None) -> JobHandle:
        return self.submit(UnloadJob(), listener=listener)

    def generate(
        self,
        request: GenerateRequest,
        *,
        token: CancelToken | None = None,
        listener: Callable[[object], None] | None = None,
    ) -> JobHandle:
        return self.submit(GenerateJob(request), token=token, listener=listener)

    def cancel_all(self) -> None:
        """Cancel the running job and every queued one."""
        with self._lock:
            handles = [*self._queue, *([self._running] if self._running else []), *self._apart]
        for handle in handles:
            handle.cancel()

    # --- state --------------------------------------------------------------

    @property
    def status(self) -> ServiceStatus:
        with self._lock:
            running = self._running
            return ServiceStatus(
                running.kind if running else None,
                running.id if running else None,
                len(self._queue),
                self._model,
                self._closing,
            )

    @property
    def model(self) -> ModelInfo | None:
        return self._model

    @property
    def engine_pid(self) -> int | None:
        """The engine process's id while it runs (None: not started, or ended)."""
        return self._client.pid if self._client.running else None

    @property
    def closing(self) -> bool:
        return self._closing

    def subscribe(self, callback: Callable[[ServiceStatus], None]) -> Callable[[], None]:
        """``callback(status)`` at every change, from whichever thread made it."""
        with self._lock:
            self._subscribers.append(callback)
        return lambda: self._unsubscribe(callback)

    def _unsubscribe(self, callback: Callable[[ServiceStatus], None]) -> None:
        with self._lock, contextlib.suppress(ValueError):
            self._subscribers.remove(callback)

    def _notify(self) -> None:
        status = self.status
        with self._lock:
            subscribers = list(self._subscribers)
        for callback in subscribers:
            try:
                callback(status)
            except Exception:
                log.exception("a status subscriber failed")

    def _position(self, handle: JobHandle) -> int | None:
        with self._lock:
            if handle is self._running or handle in self._apart:
                return 0
            try:
                return self._queue.index(handle) + 1
            except ValueError:
                return None

    # --- ending -------------------------------------------------------------

    def close(self, timeout: float = 5.0) -> bool:
        """Cancel everything and stop the engine; True if it ended within ``timeout``
        (else the engine process is killed, and the thread is left to end by itself)."""
        with self._lock:
            self._closing = True
            self._lock.notify_all()
        self.cancel_all()
        self._thread.join(timeout)
        if self._thread.is_alive():
            log.warning("The engine did not stop in %.0f s; ending it.", timeout)
            self._client.kill()
            self._thread.join(timeout)
        return not self._thread.is_alive()

    def __enter__(self) -> EngineService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the service's thread ----------------------------------------------

    def _drop_if_queued(self, handle: JobHandle) -> None:
        with self._lock:
            try:
                self._queue.remove(handle)
            except ValueError:
                return  # running or finished: the job itself sees the token
        handle._end(JobState.CANCELLED)
        self._notify()

    def _next(self) -> JobHandle | None:
        with self._lock:
            while not self._queue and not self._closing:
                self._lock.wait()
            if self._closing and not self._queue:
                return None
            handle = self._queue.popleft()
            self._running = handle
            return handle

    def _serve(self) -> None:
        try:
            while (handle := self._next()) is not None:
                if handle._set_running():
                    self._notify()
                    self._run(handle)
                with self._lock:
                    self._running = None
                    self._model = self._client.model
                self._notify()
        finally:
            self._release()

    def _run_apart(self, handle: JobHandle) -> None:
        context = _ApartContext(self, self._client, handle)
        try:
            if handle._set_running():
                self._execute(handle, context)
        finally:
            context.release()
            with self._lock:
                self._apart.discard(handle)

    def _run(self, handle: JobHandle) -> None:
        try:
            self._execute(handle, JobContext(self, self._client, handle))
        finally:
            with self._lock:
                self._model = self._client.model

    def _execute(self, handle: JobHandle, context: JobContext) -> None:
        try:
            if handle.token.cancelled:
                raise JobCancelled
            result = handle.job.run(context)
        except JobCancelled:
            handle._end(JobState.CANCELLED)
        except EngineFailure as exc:
            handle._end(JobState.FAILED, getattr(exc, "kept", None), message_of(exc))
        except Exception as exc:  # the default error path: a sentence, never a traceback
            log.exception("A %s job failed", handle.kind)
            handle._end(JobState.FAILED, None, Sentence(JOB_FAILED, str(exc)))
        else:
            handle._end(JobState.DONE, result)

    def _resource(self, key: str, make: Callable[[], Any], close: Callable[[Any], None]) -> Any:
        if key not in self._resources:
            self._resources[key] = (make(), close)
        return self._resources[key][0]

    def _release(self) -> None:
        for value, close in self._resources.values():
            with contextlib.suppress(Exception):
                close(value)
        self._resources.clear()
        with self._lock:
            leftover = list(self._queue)
            self._queue.clear()
        for handle in leftover:
            handle._end(JobState.CANCELLED)
        try:
            self._client.close(timeout=2)
        except Exception:
            log.exception("The engine did not close cleanly")
        with self._lock:
            self._model = None
        self._notify()


__all__ = [
    "CancelToken",
    "EngineAccess",
    "EngineService",
    "GenerateJob",
    "Job",
    "JobCancelled",
    "JobContext",
    "JobFinished",
    "JobHandle",
    "JobState",
    "LoadError",
    "LoadJob",
    "ModelLoaded",
    "ServiceStatus",
    "UnloadJob",
]
