"""The engine process: owns the llama.cpp model and nothing else.

Started with multiprocessing "spawn" by client.py. It reads requests from its
end of a pipe and answers with events. llama.cpp can abort, segfault or be
killed for memory; all of that ends this process only, and the client reports
it and starts a new one.
"""

from __future__ import annotations

import os
import signal
import sys
import time
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

from app.core import network_guard
from app.core.engine.hardware import process_memory
from app.core.engine.protocol import (
    EngineError,
    EngineInfo,
    GenerateRequest,
    InfoRequest,
    Loaded,
    LoadProgress,
    LoadRequest,
    LoadSettings,
    ModelInfo,
    ProbeRequest,
    PromptCacheFlushRequest,
    ShutdownRequest,
    Unloaded,
    UnloadRequest,
    load_problem,
)
from app.core.engine.safe_mode import injected_fault
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence


def engine_main(conn: Connection, cancel_up_to: Any) -> None:
    """Serve requests until the pipe closes or a shutdown arrives.

    `cancel_up_to` is a shared integer: every request whose id is at most its
    value is cancelled. Generation polls it between tokens and ggml polls it
    between graph nodes while a prompt is evaluated.
    """
    # Ctrl+C in a terminal reaches the whole process group; the parent decides.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Offline mode reaches this process through the environment it was started with.
    network_guard.install_from_environment()
    from app.core.engine.generation import Generator
    from app.core.engine.llama_runtime import LlamaRuntime, RuntimeError_, probe_system
    from app.core.engine.prompt_cache_turns import (
        PromptCaches,
        finish_prompt_caches,
        prompt_cache_stats,
        prompt_caches_for,
    )

    runtime: LlamaRuntime | None = None
    generator: Generator | None = None
    info: ModelInfo | None = None
    caches: PromptCaches | None = None  # saved prompt caches of the loaded model
    while True:
        if caches is not None and caches.pending is not None and not conn.poll():
            caches.save_pending()  # idle now: a question sent meanwhile waits only for a copy
        wait = caches.idle_wait() if caches is not None else None
        if caches is not None and wait is not None and not conn.poll(wait):
            caches.release_if_idle()  # idle a while: its memory back to the user's programs
            continue
        try:
            request = conn.recv()
        except (EOFError, OSError):
            break
        rid = request.request_id if isinstance(request, GenerateRequest) else None
        try:
            if caches is not None and isinstance(request, (LoadRequest, UnloadRequest)):
                caches.save_pending()
            if isinstance(request, ShutdownRequest):
                break
            if isinstance(request, PromptCacheFlushRequest):
                conn.send(prompt_cache_stats(caches))
                continue
            if isinstance(request, LoadRequest):
                if runtime is not None:
                    runtime.close()
                    runtime = generator = info = caches = None
                problem = load_problem(request.settings)
                if problem is not None:  # values that crash llama.cpp never reach it
                    conn.send(EngineError(None, problem))
                    continue
                load_id = request.request_id

                def load_cancelled(load_id: int = load_id) -> bool:
                    return bool(load_id and cancel_up_to.value >= load_id)

                _crash_if_asked("load", request.settings)
                try:
                    runtime = LlamaRuntime(
                        request.settings, _throttled_progress(conn, load_cancelled)
                    )
                    if request.warm_up:
                        _crash_if_asked("warm-up", request.settings)
                        runtime.warm_up()
                except RuntimeError_ as exc:
                    if runtime is not None:
                        runtime.close()
                    runtime = None
                    message = LOAD_CANCELLED if load_cancelled() else str(exc)
                    conn.send(EngineError(None, message))
                    continue
                generator = Generator(
                    runtime, batch_size=request.settings.n_batch, ubatch=runtime.n_ubatch
                )
                caches = prompt_caches_for(runtime, generator, request.settings)
                info = ModelInfo(
                    model_path=str(request.settings.model_path),
                    n_ctx=runtime.n_ctx,
                    n_ctx_train=runtime.n_ctx_train,
                    n_vocab=runtime.n_vocab,
                    n_threads=runtime.n_threads,
                    load_seconds=runtime.load_seconds,
                    description=runtime.description,
                    system_info=runtime.system_info,
                    tensors_overridden=runtime.tensors_overridden,
                )
                conn.send(Loaded(info))
            elif isinstance(request, GenerateRequest):
                if generator is None:
                    conn.send(EngineError(rid, "No model is loaded."))
                    continue
                request_id = request.request_id

                def cancelled(request_id: int = request_id) -> bool:
                    return bool(cancel_up_to.value >= request_id)

                prepare = caches.preparer(request) if caches is not None else None
                for event in generator.generate(request, cancelled, prepare=prepare):
                    conn.send(event)
                if caches is not None:
                    caches.finish_turn(request)  # saved once idle: see the top of the loop
            elif isinstance(request, InfoRequest):
                cached = len(generator.cached) if generator is not None else 0
                rss, peak = process_memory()
                conn.send(EngineInfo(info, cached, os.getpid(), rss, peak))
            elif isinstance(request, ProbeRequest):
                conn.send(probe_system())
            elif isinstance(request, UnloadRequest):
                if runtime is not None:
                    runtime.close()
                runtime = generator = info = caches = None
                conn.send(Unloaded())
        except (BrokenPipeError, EOFError):
            break
        except Exception as exc:  # the last line of defence: report, keep serving
            traceback.print_exc(file=sys.stderr)  # the class and the stack, for developers
            if generator is not None and runtime is not None:
                generator.cached.clear()  # the cache may no longer match what we think
                runtime.clear_cache()
                if caches is not None:
                    caches.owner = None
                    caches.pending = None
            conn.send(EngineError(rid, _failure_sentence(exc)))
    if caches is not None:
        caches.save_pending()
    finish_prompt_caches()
    if runtime is not None:
        runtime.close()


def _failure_sentence(exc: Exception) -> Sentence:
    """What went wrong, without the exception's class name."""
    detail = str(exc).strip()
    if not detail:
        return Sentence(QT_TRANSLATE_NOOP("core", "The engine failed on an internal error."))
    return Sentence(QT_TRANSLATE_NOOP("core", "The engine failed: %1"), detail)


def _crash_if_asked(stage: str, settings: LoadSettings) -> None:
    """Die as llama.cpp would, where LOKAL_ENGINE_FAULT asks for it (safe_mode.py)."""
    crash = injected_fault(stage, settings)
    if crash is not None:
        signal.signal(crash, signal.SIG_DFL)
        os.kill(os.getpid(), crash)


PROGRESS_INTERVAL_S = 0.1


#: The error a cancelled load ends with (the client recognises it).
LOAD_CANCELLED = "The model load was cancelled."


def _throttled_progress(
    conn: Connection, cancelled: Callable[[], bool] = lambda: False
) -> Callable[[float], bool]:
    """Load progress for the client, at most every PROGRESS_INTERVAL_S, and always the end;
    False (stop loading) once the load is cancelled."""
    last_sent = -PROGRESS_INTERVAL_S

    def report(fraction: float) -> bool:
        nonlocal last_sent
        if cancelled():
            return False
        now = time.monotonic()
        if fraction >= 1.0 or now - last_sent >= PROGRESS_INTERVAL_S:
            last_sent = now
            conn.send(LoadProgress(min(max(fraction, 0.0), 1.0)))
        return True

    return report
