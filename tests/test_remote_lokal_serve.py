"""The remote engine against another Lokal's `lokal serve` (the tiny model) on loopback: the
connection test, the same conversation as against the recorded servers, and Stop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.chat.controller import Phase
from app.core.chat.turn_job import Question, TurnJob, TurnOptions
from app.core.connections.probe import probe
from app.core.engine.client import EngineClient
from app.core.engine.protocol import Delta, Done, Event, GenerateRequest
from app.core.engine.remote.client import RemoteEngine, RemoteTarget, server_of
from app.core.engine.service import EngineService, JobState
from app.core.harmony import Message
from app.core.store import ChatStore
from tests.fixtures.long_answers import LONG_ANSWER_SCHEMA
from tests.live_server import LiveServer

pytestmark = pytest.mark.slow

KEY = "lokal-serve-key-42"


@pytest.fixture(scope="module")
def live(tiny_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tiny_gguf, tmp_path_factory.mktemp("serve-data"), KEY)
    yield server
    server.close()


@pytest.fixture
def service() -> Iterator[EngineService]:
    with EngineService(EngineClient()) as running:
        yield running


def target(live: LiveServer, tiny_gguf: Path, key: str = KEY) -> RemoteTarget:
    return RemoteTarget("office", live.base_url, tiny_gguf.stem, key, flavor="lokal")


def test_the_connection_test_finds_lokal_and_its_model(live: LiveServer, tiny_gguf: Path) -> None:
    result = probe(target(live, tiny_gguf))
    assert result.ok, result.sentence
    assert result.flavor == "lokal" and result.models == (tiny_gguf.stem,)
    assert "office (Lokal) is reachable, accepted the API key" in result.sentence
    wrong = probe(target(live, tiny_gguf, key="wrong"))
    assert not wrong.ok and "refused the API key" in wrong.sentence


def ask(service: EngineService, db: Path, remote: RemoteTarget, text: str,
        conversation: int | None, parent: int | None) -> tuple[JobState, list[object]]:  # fmt: skip
    options = TurnOptions(effort="low", remote=remote, extra={"max_tokens": 24})
    question = Question(conversation, text, parent, text, options)
    handle = service.submit(TurnJob(db, options, question=question))
    return handle.state, [*handle.events(timeout=300), handle.wait(300)]


def test_the_same_conversation_against_lokal_serve(
    live: LiveServer, tiny_gguf: Path, service: EngineService, tmp_path: Path
) -> None:
    db = tmp_path / "chat.db"
    remote = target(live, tiny_gguf)
    _, events = ask(service, db, remote, "I am Ada. Hi!", None, None)
    conversation = next(e.conversation_id for e in events if hasattr(e, "conversation_id"))
    with ChatStore(db) as store:
        first = store.thread(conversation)[-1]
    _, events = ask(service, db, remote, "Who am I?", conversation, first.id)
    with ChatStore(db) as store:
        answers = [m for m in store.thread(conversation) if m.role == "assistant"]
    assert [a.status for a in answers] == ["complete", "complete"], [a.error for a in answers]
    assert all(server_of(a.model_file_hash) == "office" for a in answers)
    assert all((a.completion_tokens or 0) > 0 for a in answers)
    assert all(a.tokens_per_second is None or a.tokens_per_second > 0 for a in answers)


def test_stop_closes_the_stream_and_lokal_serve_answers_the_next(
    live: LiveServer, tiny_gguf: Path
) -> None:
    engine = RemoteEngine(target(live, tiny_gguf))
    request = GenerateRequest(
        0, (Message("user", "Fifty lines."),), response_schema=LONG_ANSWER_SCHEMA, max_tokens=4000
    )
    events: list[Event] = []
    for event in engine.generate(request):
        events.append(event)
        if isinstance(event, Delta) and event.channel == "final":
            engine.cancel()
    done = events[-1]
    assert isinstance(done, Done) and done.finish_reason == "cancelled"
    assert any(isinstance(e, Delta) and e.channel == "final" for e in events)
    # The server stopped that answer: the next one is answered, not queued behind it.
    after = list(RemoteEngine(target(live, tiny_gguf)).generate(GenerateRequest(
        0, (Message("user", "Hi"),), max_tokens=8,
    )))  # fmt: skip
    assert isinstance(after[-1], Done) and after[-1].finish_reason != "cancelled"


def test_a_forced_call_through_lokal_serve_runs_here_and_goes_back(
    live: LiveServer, tiny_gguf: Path, service: EngineService, tmp_path: Path
) -> None:
    """`tool_choice: "required"` makes lokal serve's grammar force the call on the random
    model; the call is approved and runs here, and the next request carries its result."""
    import sys

    from app.core.chat.turn import Decision
    from app.core.tools import ServerConfig, ToolHost, ToolsConfig
    from tests.test_remote_tools import SERVERS, Window

    marks = tmp_path / "marks.txt"
    marker = ServerConfig(
        "pin", command=sys.executable, args=(str(SERVERS / "marker.py"), str(marks))
    )
    config = ToolsConfig((marker,))
    options = TurnOptions(
        effort="low", tools=("pin",), remote=target(live, tiny_gguf),
        extra={"tool_choice": ("required", "none"), "max_tokens": 2000},
    )  # fmt: skip
    with ToolHost(config=config) as host:
        window = Window(service, tmp_path / "lokal.db", host)
        assert window.controller.ask(Question(None, "Mark hi.", None, "Mark", options))
        window.until(
            lambda: window.controller.state.pending_call is not None or not window.controller.busy,
            wait=240,
        )
        card = window.controller.state.pending_call
        assert card is not None and card.call is not None, window.controller.state
        assert card.recipient == "functions.pin_mark" and card.call.tool == "mark"
        window.controller.approve(Decision.ALLOW_ONCE)
        window.until(lambda: not window.controller.busy, wait=300)
    state = window.controller.state
    assert state.phase is Phase.DONE, state.error
    assert marks.read_text() == "hi\n"  # the tool ran on this computer
    (step,) = state.tool_steps
    assert step.state == "done" and step.result == "marked hi"
    with ChatStore(tmp_path / "lokal.db") as store:
        thread = store.thread(state.conversation_id or 0, state.answer_id)
    assert [m.role for m in thread] == ["user", "assistant", "tool", "assistant"]
    assert thread[-1].status == "complete" and server_of(thread[-1].model_file_hash) == "office"
