"""A server's answer runs beside the engine's queue: loading a local model while it streams
starts at once, and the answer goes on to its end."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.chat.controller import Phase
from app.core.chat.turn_job import Question, TurnOptions
from app.core.engine.client import EngineClient
from app.core.engine.protocol import LoadSettings
from app.core.engine.remote.client import RemoteTarget
from app.core.engine.service import EngineService, JobState, LoadJob
from app.core.tools import ToolHost, ToolsConfig
from tests.fixtures import remote_shapes as shapes
from tests.fixtures.replay_server import ReplayServer, sse_reply
from tests.test_remote_tools import Window

MODEL = "openai/gpt-oss-120b"
WAIT = 120.0  # a bound on waits that normally end soon, never a measurement


class Gate(threading.Event):
    """Holds the replayed stream until the test opens it (no time limit of its own)."""

    def wait(self, timeout: float | None = None) -> bool:
        return super().wait(None)


@pytest.fixture
def service() -> Iterator[EngineService]:
    with EngineService(EngineClient()) as running:
        yield running


def test_a_model_loads_while_a_server_answer_streams(
    service: EngineService, tiny_gguf: Path, tmp_path: Path
) -> None:
    gate = Gate()
    chunks = [
        shapes._chunk(MODEL, {"content": "Once"}),
        gate,
        shapes._chunk(MODEL, {"content": " upon a time."}),
        shapes._chunk(MODEL, {}, "stop"),
    ]
    with ReplayServer() as server, ToolHost(config=ToolsConfig(())) as host:
        server.add("/v1/chat/completions", sse_reply(chunks))
        window = Window(service, tmp_path / "lokal.db", host)
        options = TurnOptions(remote=RemoteTarget("team", server.base_url, MODEL))
        try:
            assert window.controller.ask(Question(None, "A story?", None, "Story", options))
            window.until(lambda: window.controller.state.final == "Once")
            settings = LoadSettings(model_path=tiny_gguf, n_ctx=2048, n_threads=1)
            asked = time.monotonic()
            load = service.submit(LoadJob(tiny_gguf, settings=settings))
            # The stream is held open: the load cannot wait for the answer to end.
            assert load.wait(WAIT), f"the load waited behind the answer ({load.state})"
            print(f"a load while a server answer streams: {time.monotonic() - asked:.2f} s")
            assert load.state is JobState.DONE, load.error
            assert service.model is not None
            assert window.controller.busy and window.controller.state.phase is Phase.GENERATING
        finally:
            gate.set()
        window.until(lambda: not window.controller.busy)
    state = window.controller.state
    assert state.phase is Phase.DONE and state.final == "Once upon a time."


def test_stop_reaches_a_server_answer_run_beside_the_queue(
    service: EngineService, tmp_path: Path
) -> None:
    gate = Gate()
    chunks = [shapes._chunk(MODEL, {"content": "Once"}), gate]
    with ReplayServer() as server, ToolHost(config=ToolsConfig(())) as host:
        server.add("/v1/chat/completions", sse_reply(chunks))
        window = Window(service, tmp_path / "lokal.db", host)
        options = TurnOptions(remote=RemoteTarget("team", server.base_url, MODEL))
        try:
            assert window.controller.ask(Question(None, "A story?", None, "Story", options))
            window.until(lambda: window.controller.state.final == "Once")
            window.controller.stop()
            window.until(lambda: not window.controller.busy)
        finally:
            gate.set()
    state = window.controller.state
    assert state.phase is Phase.CANCELLED and state.final == "Once"
