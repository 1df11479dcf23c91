"""The same conversation, through the window's turn job, against each server shape: a
first question, a follow-up that carries the history, a failure that keeps the partial text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.turn import TurnUpdate
from app.core.chat.turn_job import Question, TurnJob, TurnOptions
from app.core.engine.client import EngineClient
from app.core.engine.remote.client import RemoteTarget, server_of
from app.core.engine.service import EngineService, JobState
from app.core.store import ChatStore
from tests.fixtures import remote_shapes as shapes
from tests.fixtures.replay_server import ReplayServer, sse_reply

SHAPES: dict[str, tuple[str, Callable[..., list[Any]]]] = {
    "vllm": ("openai/gpt-oss-120b", shapes.vllm_stream),
    "ollama": ("gpt-oss:120b", shapes.ollama_stream),
    "llama-server": ("gpt-oss-120b.gguf", shapes.llamacpp_stream),
}


@pytest.fixture
def service() -> Iterator[EngineService]:
    with EngineService(EngineClient()) as running:  # no model loaded: the server answers
        yield running


def turn(
    service: EngineService, db: Path, target: RemoteTarget, text: str, conversation: int | None
) -> tuple[JobState, list[object]]:
    options = TurnOptions(effort="high", remote=target)
    question = Question(conversation, text, None, text[:20], options)
    if conversation is not None:
        with ChatStore(db) as store:
            question = Question(
                conversation, text, store.thread(conversation)[-1].id, text, options
            )
    handle = service.submit(TurnJob(db, options, question=question))
    events = list(handle.events(timeout=60))
    return handle.state, events


@pytest.mark.parametrize("kind", list(SHAPES))
def test_the_same_conversation_on_each_server(
    kind: str, service: EngineService, tmp_path: Path
) -> None:
    model, stream = SHAPES[kind]
    db = tmp_path / "chat.db"
    with ReplayServer() as server:
        server.add(
            "/v1/chat/completions",
            sse_reply(stream(model, "Greeting.", "Hello, Ada!")),
            sse_reply(stream(model, "Recall.", "You are Ada.")),
            sse_reply(stream(model, "x", "Partial")[:2], done=False),
        )
        target = RemoteTarget("team", server.base_url, model)
        state, events = turn(service, db, target, "I am Ada. Hi!", None)
        assert state is JobState.DONE
        conversation = next(e.conversation_id for e in events if hasattr(e, "conversation_id"))
        state, events = turn(service, db, target, "Who am I?", conversation)
        last = events[-2]
        assert isinstance(last, TurnUpdate) and last.final == "You are Ada."
        state, events = turn(service, db, target, "Again?", conversation)
        failed = events[-2]
        assert isinstance(failed, TurnUpdate) and failed.status == "error"
        assert failed.error and "lost" in failed.error
        second = server.chat_bodies()[1]["messages"]
    assert [m["role"] for m in second] == ["user", "assistant", "user"]
    assert second[1]["content"] == "Hello, Ada!"
    assert server.chat_bodies()[0]["reasoning_effort"] == "high"
    with ChatStore(db) as store:
        answers = [m for m in store.thread(conversation) if m.role == "assistant"]
    assert [a.status for a in answers] == ["complete", "complete", "error"]
    assert answers[0].analysis == "Greeting." and answers[0].content == "Hello, Ada!"
    assert answers[2].analysis == "x"  # the partial text is kept with the error
    assert all(server_of(a.model_file_hash) == "team" for a in answers)
    assert answers[1].tokens_per_second is None or answers[1].tokens_per_second > 0


def test_stop_ends_a_remote_turn_cancelled_with_its_text(
    service: EngineService, tmp_path: Path
) -> None:
    import threading

    hold = threading.Event()
    model = "openai/gpt-oss-120b"
    chunks = [shapes._chunk(model, {"content": "Once"}), hold]
    with ReplayServer() as server:
        server.add("/v1/chat/completions", sse_reply(chunks))
        options = TurnOptions(remote=RemoteTarget("team", server.base_url, model))
        question = Question(None, "Story?", None, "Story", options)
        seen: list[object] = []
        ready = threading.Event()

        def listen(event: object) -> None:
            seen.append(event)
            if isinstance(event, TurnUpdate) and event.final:
                ready.set()

        handle = service.submit(
            TurnJob(tmp_path / "c.db", options, question=question), listener=listen
        )
        assert ready.wait(30)
        handle.cancel()
        assert handle.wait(30)
        hold.set()
    last = [e for e in seen if isinstance(e, TurnUpdate)][-1]
    assert last.status == "cancelled" and last.final == "Once"
