"""EngineService: one owner of the engine, jobs one at a time, in order, each cancellable."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from app.core.engine.client import EngineClient
from app.core.engine.protocol import (
    Delta,
    Done,
    Event,
    GenerateRequest,
    LoadProgress,
    LoadSettings,
)
from app.core.engine.service import (
    CancelToken,
    EngineService,
    JobContext,
    JobFinished,
    JobState,
    LoadJob,
    ModelLoaded,
    ServiceStatus,
)
from app.core.harmony import Message

WAIT = 60  # seconds: a bound on waits that normally end at once, never a measurement


class FakeClient:
    """Stands in for EngineClient where only the service's bookkeeping is tested."""

    def __init__(self) -> None:
        self.model = None
        self.loaded_settings = None
        self.backend_summary = None
        self.on_load_progress = None
        self.cancels = 0
        self.closed = False
        self.generating = threading.Event()
        self._cancelled = threading.Event()

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        self.generating.set()
        while not self._cancelled.wait(0.01):
            yield Delta(request.request_id, "final", "x")
        yield Done(request.request_id, "cancelled", 1, 1, 0, 0, 0, None, None, None, ())

    def cancel(self, request_id: int | None = None) -> None:
        self.cancels += 1
        self._cancelled.set()

    def close(self, timeout: float = 5.0) -> None:
        self.closed = True

    def kill(self) -> None:
        self._cancelled.set()


class Gate:
    """A job that records when it runs and waits until released."""

    kind = "test"

    def __init__(self, name: str, log: list[str], release: threading.Event | None = None):
        self.name = name
        self.log = log
        self.release = release
        self.started = threading.Event()

    def run(self, context: JobContext) -> str:
        self.log.append(f"start {self.name}")
        self.started.set()
        context.emit(f"event {self.name}")
        if self.release is not None:
            while not self.release.wait(0.01):
                context.check()
        self.log.append(f"end {self.name}")
        return self.name


class Failing:
    kind = "test"

    def run(self, context: JobContext) -> None:
        raise ValueError("boom")


def ask(text: str = "hi", **kwargs: Any) -> GenerateRequest:
    return GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=text),),
        conversation_date="2026-01-01",
        **kwargs,
    )


@pytest.fixture
def service() -> Iterator[EngineService]:
    with EngineService(cast(EngineClient, FakeClient())) as service:
        yield service


def test_jobs_run_one_at_a_time_in_order(service: EngineService) -> None:
    log: list[str] = []
    release = threading.Event()
    first = service.submit(Gate("a", log, release))
    others = [service.submit(Gate(name, log)) for name in "bcd"]
    assert first.job.started.wait(WAIT)  # type: ignore[attr-defined]
    assert first.state is JobState.RUNNING and first.position == 0
    assert [h.position for h in others] == [1, 2, 3]
    status = service.status
    assert status.busy and status.running == "test" and status.queued == 3
    release.set()
    for handle in others:
        assert handle.wait(WAIT)
    assert log == ["start a", "end a", "start b", "end b", "start c", "end c", "start d", "end d"]
    assert [h.result for h in others] == ["b", "c", "d"]
    assert others[-1].position is None and first.state is JobState.DONE


def test_a_queued_job_cancelled_ends_at_once_and_never_runs(service: EngineService) -> None:
    log: list[str] = []
    release = threading.Event()
    first = service.submit(Gate("a", log, release))
    second = service.submit(Gate("b", log))
    third = service.submit(Gate("c", log))
    assert first.job.started.wait(WAIT)  # type: ignore[attr-defined]
    second.cancel()
    assert second.state is JobState.CANCELLED  # without waiting for the running job
    assert third.position == 1
    release.set()
    assert third.wait(WAIT)
    assert "start b" not in log
    assert first.state is JobState.DONE


def test_a_token_cancelled_before_submitting_still_reaches_the_job(
    service: EngineService,
) -> None:
    token = CancelToken()
    token.cancel()
    log: list[str] = []
    handle = service.submit(Gate("a", log), token=token)
    assert handle.wait(WAIT) and handle.state is JobState.CANCELLED
    assert log == []


def test_cancelling_a_running_job_reaches_the_engine(service: EngineService) -> None:
    handle = service.generate(ask())
    events = handle.events(timeout=WAIT)
    first = next(events)
    assert isinstance(first, Delta)
    handle.cancel()
    rest = list(events)
    assert isinstance(rest[-1], JobFinished) and rest[-1].state is JobState.CANCELLED
    assert handle.state is JobState.CANCELLED


def test_events_go_to_the_listener_ending_with_job_finished(service: EngineService) -> None:
    heard: list[object] = []
    handle = service.submit(Gate("a", []), listener=heard.append)
    assert handle.wait(WAIT)
    assert heard[0] == "event a"
    assert heard[-1] == JobFinished(handle.id, JobState.DONE, "a", None)
    with pytest.raises(RuntimeError):
        next(handle.events())


def test_a_failing_job_fails_alone_with_a_sentence(service: EngineService) -> None:
    failing = service.submit(Failing())
    after = service.submit(Gate("b", []))
    assert after.wait(WAIT)
    assert failing.state is JobState.FAILED
    assert failing.error is not None and "boom" in failing.error
    assert "Traceback" not in failing.error
    assert after.state is JobState.DONE


def test_status_changes_are_told_to_subscribers(service: EngineService) -> None:
    seen: list[ServiceStatus] = []
    service.subscribe(seen.append)
    assert service.submit(Gate("a", [])).wait(WAIT)
    assert handle_idle(service)
    assert any(s.running == "test" for s in seen)
    assert not seen[-1].busy


def handle_idle(service: EngineService) -> bool:
    """True once the service has nothing running (the end of a job is told just before)."""
    done = threading.Event()
    unsubscribe = service.subscribe(lambda status: done.set() if not status.busy else None)
    if not service.status.busy:
        done.set()
    try:
        return done.wait(WAIT)
    finally:
        unsubscribe()


def test_closing_cancels_what_runs_and_what_waits() -> None:
    client = FakeClient()
    service = EngineService(cast(EngineClient, client))
    log: list[str] = []
    running = service.submit(Gate("a", log, threading.Event()))
    waiting = service.submit(Gate("b", log))
    assert running.job.started.wait(WAIT)  # type: ignore[attr-defined]
    assert service.close(timeout=WAIT)
    assert running.state is JobState.CANCELLED and waiting.state is JobState.CANCELLED
    assert client.closed
    late = service.submit(Gate("c", log))
    assert late.state is JobState.CANCELLED
    assert "start b" not in log and "start c" not in log


# --- with the real engine and the tiny synthetic model ----------------------


@pytest.fixture(scope="module")
def real(tiny_gguf: Path) -> Iterator[EngineService]:
    with EngineService() as service:
        settings = LoadSettings(model_path=tiny_gguf, n_ctx=2048, n_threads=2)
        handle = service.submit(LoadJob(tiny_gguf, settings=settings))
        assert handle.wait(WAIT) and handle.state is JobState.DONE, handle.error
        yield service


def test_a_request_streams_and_ends_with_done(real: EngineService) -> None:
    handle = real.generate(ask(max_tokens=4, ignore_end=True))
    events = list(handle.events(timeout=WAIT))
    assert isinstance(events[-1], JobFinished) and events[-1].state is JobState.DONE
    done = events[-1].result
    assert isinstance(done, Done) and done.completion_tokens == 4


def test_a_bad_model_file_keeps_the_working_model(real: EngineService, tmp_path: Path) -> None:
    loaded = real.model
    assert loaded is not None
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 60)
    handle = real.load(bad)
    assert handle.wait(WAIT)
    assert handle.state is JobState.FAILED and handle.error
    assert handle.result == loaded  # the model still loaded
    assert real.model == loaded
    follow = real.generate(ask(max_tokens=2, ignore_end=True))
    assert follow.wait(WAIT) and follow.state is JobState.DONE


def test_a_good_file_replaces_the_model_and_reports_progress(
    real: EngineService, tiny_gguf: Path
) -> None:
    heard: list[object] = []
    handle = real.load(tiny_gguf, listener=heard.append)
    assert handle.wait(WAIT) and handle.state is JobState.DONE, handle.error
    assert isinstance(handle.result, ModelLoaded) and handle.result.plan is not None
    assert any(isinstance(e, LoadProgress) for e in heard)
    assert real.model is not None and real.model.model_path == str(tiny_gguf)


def test_a_load_can_be_cancelled_and_the_previous_model_comes_back(
    tiny_gguf: Path, slow_gguf: Path
) -> None:
    with EngineService() as service:
        first = service.submit(
            LoadJob(tiny_gguf, settings=LoadSettings(model_path=tiny_gguf, n_ctx=512, n_threads=1))
        )
        assert first.wait(WAIT) and first.state is JobState.DONE
        progressed = threading.Event()
        slow = LoadJob(
            slow_gguf, settings=LoadSettings(model_path=slow_gguf, n_ctx=512, n_threads=1)
        )
        handle = service.submit(
            slow, listener=lambda e: progressed.set() if isinstance(e, LoadProgress) else None
        )
        assert progressed.wait(WAIT)
        handle.cancel()
        assert handle.wait(WAIT)
        assert handle.state is JobState.CANCELLED
        assert service.model is not None and service.model.model_path == str(tiny_gguf)


def test_closing_during_a_load_ends_it_cleanly(slow_gguf: Path) -> None:
    service = EngineService()
    progressed = threading.Event()
    handle = service.submit(
        LoadJob(slow_gguf, settings=LoadSettings(model_path=slow_gguf, n_ctx=512, n_threads=1)),
        listener=lambda e: progressed.set() if isinstance(e, LoadProgress) else None,
    )
    assert progressed.wait(WAIT)
    assert service.close(timeout=WAIT)
    assert handle.state is JobState.CANCELLED
    assert service.model is None
