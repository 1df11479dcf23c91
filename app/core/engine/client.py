"""The application's side of the engine: starts the engine process and speaks to it.

One client drives one engine process, from one thread at a time (the inference
worker); `cancel()` alone may be called from any thread. If the process dies,
the request in flight ends with a fatal `EngineError` naming the cause, and the
next call starts a fresh process and loads the same model again.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import multiprocessing
import multiprocessing.connection
import time
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from app.core.child_launcher import spawn_context
from app.core.engine.backend_report import backend_sentence
from app.core.engine.cpu_features import cpu_features
from app.core.engine.crash import describe_exit
from app.core.engine.engine_process import LOAD_CANCELLED, engine_main
from app.core.engine.huge_pages import huge_pages_for_children
from app.core.engine.load_plan import NO_OVERRIDES, LoadPlan, Overrides, PlanRefusal
from app.core.engine.model_setup import plan_for_file, settings_from_plan
from app.core.engine.protocol import (
    Done,
    EngineError,
    EngineInfo,
    Event,
    GenerateRequest,
    InfoRequest,
    Loaded,
    LoadProgress,
    LoadRequest,
    LoadSettings,
    ModelInfo,
    ProbeRequest,
    PromptCacheFlushRequest,
    PromptCacheStats,
    Request,
    ShutdownRequest,
    SystemReport,
    UnloadRequest,
)
from app.core.engine.safe_mode import (
    Configuration,
    ProvenConfigurations,
    combination_key,
    crash_name,
    fallback_sentence,
    proven_configurations,
    remembered_sentence,
    safe_settings,
)
from app.core.gguf import GGUFValidationError, validate_gguf
from app.core.quantity import count
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence, message_of

log = logging.getLogger("lokal.engine")


#: What a request says when the engine sent something other than its answer.
NO_ANSWER = Sentence(QT_TRANSLATE_NOOP("core", "The engine did not answer."))


class EngineFailure(Exception):
    """A request could not be carried out; str() is a sentence for people."""


class EngineCrashed(EngineFailure):
    """The engine process died of a crash signal (safe_mode.crash_name) while loading."""

    def __init__(self, message: str, crash: str) -> None:
        super().__init__(message)
        self.crash = crash


class LoadCancelled(EngineFailure):
    """The load was cancelled before the model was ready; no model is loaded."""


class EngineClient:
    def __init__(
        self,
        *,
        load_timeout: float = 600.0,
        process_main: Callable[[Connection, Any], None] = engine_main,
        huge_pages: bool = True,  # off only to measure what they bring (bench/)
        proven: ProvenConfigurations | None = None,
    ) -> None:
        self._process_main = process_main
        self._mp = spawn_context()
        self._process: BaseProcess | None = None
        self._conn: Connection | None = None
        self._cancel_up_to: Any = None
        self._ids = itertools.count(1)
        self._active_id = 0
        self._cancelled_up_to = 0
        self._settings: LoadSettings | None = None
        self._load_timeout = load_timeout
        self._huge_pages = huge_pages
        self.model: ModelInfo | None = None
        # Called with 0.0-1.0 while a model loads (in the thread that called load).
        self.on_load_progress: Callable[[float], None] | None = None
        #: Which backend the last planned load uses and why, one sentence (backend_report).
        self.backend_summary: str | None = None
        #: Set when the loaded model runs in the safe configuration, saying why (safe_mode.py).
        self.safety_note: Sentence | None = None
        self._proven = proven or proven_configurations()
        self._report: SystemReport | None = None
        # Whether the running process set up llama.cpp's backends for the safe configuration
        # (a portable build picks its CPU variant then); None until it has set them up.
        self._process_safe: bool | None = None

    # --- lifecycle ----------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.is_alive()

    @property
    def loaded_settings(self) -> LoadSettings | None:
        """What the model in use was loaded with (it is loaded again after a crash)."""
        return self._settings

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def _start(self) -> None:
        parent, child = self._mp.Pipe()
        # One shared integer: cancelling means "every request up to this id".
        self._cancel_up_to = self._mp.Value("q", self._cancelled_up_to, lock=False)
        process = self._mp.Process(
            target=self._process_main,
            args=(child, self._cancel_up_to),
            name="lokal-engine",
            daemon=True,
        )
        with huge_pages_for_children() if self._huge_pages else contextlib.nullcontext():
            process.start()
        child.close()
        self._process, self._conn = process, parent
        self._process_safe = None
        self.model = None

    def _ensure_ready(self) -> None:
        if not self.running:
            self._discard_process()
            self._start()
        if self.model is None and self._settings is not None:
            self.model = self._send_load(self._settings)

    def _discard_process(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            self._process.join(timeout=0)
        self._process = self._conn = None
        self.model = None

    def close(self, timeout: float = 5.0) -> None:
        """Stop the engine process, politely first."""
        if self._process is None:
            return
        if self.running and self._conn is not None:
            try:
                self.cancel()
                self._conn.send(ShutdownRequest())
            except OSError:
                pass
            self._process.join(timeout)
        if self._process.is_alive():
            self._process.kill()
            self._process.join(timeout)
        self._discard_process()

    def kill(self) -> None:
        """End the engine process at once (quitting while it is busy). Safe from any thread:
        the thread talking to it sees the process gone and gets a fatal error."""
        process = self._process
        if process is not None and process.is_alive():
            process.kill()

    def __enter__(self) -> EngineClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- requests -----------------------------------------------------------

    def load(self, settings: LoadSettings) -> ModelInfo:
        """Validate the file's header, then load it in the engine process as given."""
        validate_file(settings.model_path)
        return self._load(settings)

    def load_planned(
        self, model_path: Path, overrides: Overrides = NO_OVERRIDES
    ) -> tuple[ModelInfo, LoadPlan]:
        """Validate, plan for this computer's devices and free memory, load as planned."""
        validate_file(model_path)
        report = self.probe()
        plan = plan_for_file(model_path, report, overrides)
        self.backend_summary = backend_sentence(report, plan)
        log.info("%s: %s", model_path.name, self.backend_summary)
        if isinstance(plan, PlanRefusal):
            raise EngineFailure(plan.reason)
        return self._load(settings_from_plan(model_path, plan)), plan

    def _load(self, settings: LoadSettings) -> ModelInfo:
        """Load as proven for this combination; a new one is warmed up first, and a crash
        there is retried once in the safe configuration (safe_mode.py)."""
        key = self._combination(settings.model_path)
        known: Configuration | None = self._proven.get(key)
        self.safety_note = remembered_sentence() if known == "safe" else None
        if known == "safe":
            settings = safe_settings(settings)
        try:
            info = self._load_once(settings, warm_up=known is None)
        except EngineCrashed as crash:
            if known is not None or settings.safe_mode:
                self._log_crash(crash.crash, settings, "loading")
                raise
            self._log_crash(crash.crash, settings, "the warm-up")
            info = self._load_once(safe_settings(settings), warm_up=True)
            self._proven.remember(key, "safe", settings.model_path, crash=crash.crash)
            self.safety_note = fallback_sentence(crash.crash)
            log.warning("%s: %s", settings.model_path.name, self.safety_note)
            return info
        if known is None:
            self._proven.remember(key, "standard", settings.model_path)
        elif known == "safe":
            log.info("%s: %s", settings.model_path.name, self.safety_note)
        return info

    def _combination(self, model_path: Path) -> str:
        if self._report is None:
            self._report = self.probe()
        return combination_key(model_path, self._report, cpu_features())

    def _load_once(self, settings: LoadSettings, *, warm_up: bool) -> ModelInfo:
        self._settings = settings
        if self.running and self._process_safe not in (None, settings.safe_mode):
            self.close()
        if not self.running:
            self._discard_process()
            self._start()
        self._process_safe = settings.safe_mode
        self.model = None  # the engine lets the loaded model go before it loads another
        self.model = self._send_load(settings, warm_up=warm_up)
        return self.model

    def _send_load(self, settings: LoadSettings, *, warm_up: bool = False) -> ModelInfo:
        assert self._conn is not None
        # A load has an id like a turn, so that cancel() stops it between progress reports.
        load_id = next(self._ids)
        self._active_id = load_id
        self._conn.send(LoadRequest(settings, load_id, warm_up=warm_up))
        event = self._call_answer(self._load_timeout, on_progress=self.on_load_progress)
        if isinstance(event, Loaded):
            return event.info
        self._settings = None if isinstance(event, EngineError) and not event.fatal else settings
        if self._cancelled_up_to >= load_id:
            self._settings = None
            raise LoadCancelled(LOAD_CANCELLED)
        message = event.message if isinstance(event, EngineError) else "The model did not load."
        crash = crash_name(event.exit_code) if isinstance(event, EngineError) else None
        if crash is not None:
            self._discard_process()
            raise EngineCrashed(message, crash)
        raise EngineFailure(message)

    def _log_crash(self, crash: str, settings: LoadSettings, stage: str) -> None:
        """Everything support needs about an engine crash, and never a word of the chat."""
        report = self._report
        log.error(
            "The engine crashed (%s) during %s. llama-cpp-python %s, CPU variant %s, AMX %s; "
            "%s; CPU %s; load settings %s",
            crash,
            stage,
            report.llama_cpp_python_version if report else "?",
            report.cpu_variant if report else "?",
            report.amx_tiles if report else "?",
            report.system_info.strip() if report else "?",
            cpu_features().summary(),
            {k: str(v) for k, v in dataclasses.asdict(settings).items()},
        )

    def unload(self) -> None:
        self._settings = None
        if self.running:
            self._call(UnloadRequest(), timeout=30)
        self.model = None

    def info(self) -> EngineInfo:
        self._ensure_ready()
        event = self._call(InfoRequest(), timeout=30)
        if not isinstance(event, EngineInfo):
            raise EngineFailure(getattr(event, "message", NO_ANSWER))
        return event

    def probe(self) -> SystemReport:
        """Backends and devices as llama.cpp sees them (starts the engine if needed)."""
        if not self.running:
            self._discard_process()
            self._start()
        event = self._call(ProbeRequest(), timeout=60)
        if not isinstance(event, SystemReport):
            raise EngineFailure(getattr(event, "message", NO_ANSWER))
        if self._process_safe is None:
            self._process_safe = False
        self._report = event
        return event

    def flush_prompt_caches(self, timeout: float = 120.0) -> PromptCacheStats:
        """Wait until the engine has written the prompt caches of the answers so far."""
        if not self.running:
            return PromptCacheStats(0, (), ())
        event = self._call(PromptCacheFlushRequest(), timeout=timeout)
        if not isinstance(event, PromptCacheStats):
            raise EngineFailure(getattr(event, "message", NO_ANSWER))
        return event

    def _call(self, request: Request, timeout: float) -> Event:
        """Send a request that is answered by exactly one event."""
        assert self._conn is not None
        self._conn.send(request)
        return self._call_answer(timeout)

    def _call_answer(
        self, timeout: float, on_progress: Callable[[float], None] | None = None
    ) -> Event:
        """The answer to the request just sent; LoadProgress events on the way go to on_progress.

        ``timeout`` is the longest silence allowed: a slow load that keeps
        reporting progress is not cut short.
        """
        try:
            event = self._receive(timeout)
            while isinstance(event, LoadProgress):
                if on_progress is not None:
                    on_progress(event.fraction)
                event = self._receive(timeout)
        except TimeoutError:
            self.close(timeout=1)
            late = QT_TRANSLATE_NOOP("core", "The engine did not answer within %1 seconds.")
            return EngineError(None, Sentence(late, count(round(timeout))), fatal=True)
        if event is not None:
            return event
        code = self._exit_code()
        return EngineError(None, describe_exit(code), fatal=True, exit_code=code)

    def _receive(self, timeout: float | None) -> Event | None:
        """The next event; None if the process died. TimeoutError if `timeout` passed."""
        assert self._conn is not None and self._process is not None
        ready = multiprocessing.connection.wait([self._conn, self._process.sentinel], timeout)
        if not ready:
            raise TimeoutError
        if self._conn in ready:
            try:
                event: Event = self._conn.recv()
                return event
            except (EOFError, OSError):
                pass  # the process is gone or going; its exit code says why
        self._process.join(timeout=5)
        return None

    def _exit_code(self) -> int | None:
        if self._process is None:
            return None
        self._process.join(timeout=5)
        return self._process.exitcode

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        """Stream the events of one turn; the last is `Done` or `EngineError`.

        The request gets a fresh id. Leaving the loop early cancels the turn.
        """
        request = dataclasses.replace(request, request_id=next(self._ids))
        self._active_id = request.request_id
        try:
            self._ensure_ready()
        except EngineFailure as exc:
            yield EngineError(request.request_id, str(exc), fatal=True)
            return
        assert self._conn is not None
        finished = False
        try:
            self._conn.send(request)
            while True:
                event = self._receive(timeout=None)
                if event is None:
                    finished = True
                    code = self._exit_code()
                    crash = crash_name(code)
                    if crash is not None and self._settings is not None:
                        self._log_crash(crash, self._settings, "an answer")
                    yield EngineError(
                        request.request_id, describe_exit(code), fatal=True, exit_code=code
                    )
                    self._discard_process()
                    return
                if getattr(event, "request_id", request.request_id) != request.request_id:
                    continue  # a late event of an earlier request
                if isinstance(event, Done | EngineError):
                    finished = True
                    yield event
                    return
                yield event
        finally:
            if not finished:
                self._abandon(request.request_id)

    def _abandon(self, request_id: int) -> None:
        """The caller stopped listening: cancel and read up to the request's end."""
        self.cancel(request_id)
        deadline = time.monotonic() + 10
        while self.running and time.monotonic() < deadline:
            try:
                event = self._receive(timeout=max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                break
            if event is None or (
                isinstance(event, Done | EngineError) and event.request_id == request_id
            ):
                return
        if self.running:  # it did not stop in time: start over rather than desync
            self.close(timeout=1)

    def cancel(self, request_id: int | None = None) -> None:
        """Cancel the turn or load in flight (or `request_id`). Safe from any thread."""
        target = request_id if request_id is not None else self._active_id
        self._cancelled_up_to = max(self._cancelled_up_to, target)
        if self._cancel_up_to is not None:
            self._cancel_up_to.value = self._cancelled_up_to


def validate_file(model_path: Path) -> None:
    """Only files whose header passes our checks ever reach llama.cpp."""
    try:
        validate_gguf(model_path)
    except GGUFValidationError as exc:
        raise EngineFailure(message_of(exc)) from None  # still a Sentence: the window translates it
