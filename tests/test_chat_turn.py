"""A whole turn on the tiny model: stored before, during and after generation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.chat.turn import history_to_messages, run_turn
from app.core.engine.client import EngineClient
from app.core.engine.protocol import LoadSettings, SamplingSettings
from app.core.store import ChatStore, ToolCall
from tests.fixtures.long_answers import endless_turn


@pytest.fixture(scope="module")
def client(tiny_gguf: Path) -> Iterator[EngineClient]:
    with EngineClient() as engine:
        engine.load(LoadSettings(model_path=tiny_gguf, n_ctx=4096))
        yield engine


def test_a_turn_is_stored_with_its_channels_and_numbers(client: EngineClient) -> None:
    store = ChatStore(":memory:")
    chat = store.create_conversation()
    question = store.add_user_message(chat.id, "hello")
    updates = list(
        run_turn(client, store, chat.id, question, max_tokens=60, sampling=SamplingSettings(seed=3))
    )
    last = updates[-1]
    assert last.finished and last.status == "complete"
    stored = store.get_message(last.message_id)
    assert stored.status == "complete" and stored.parent_id == question.id
    assert (stored.analysis, stored.content) == (last.analysis, last.final)
    assert stored.completion_tokens and stored.completion_tokens <= 60
    assert stored.reasoning_effort == "medium" and stored.sampling and stored.sampling["seed"] == 3


def test_stopping_keeps_the_partial_answer_as_cancelled(client: EngineClient) -> None:
    store = ChatStore(":memory:")
    chat = store.create_conversation()
    question = store.add_user_message(chat.id, "tell me everything")
    seen = []
    stopped = False
    turn = run_turn(client, store, chat.id, question, **endless_turn())  # type: ignore[arg-type]
    for update in turn:
        seen.append(update)
        if not update.finished and update.analysis and not stopped:
            assert store.get_message(update.message_id).status == "streaming"
            client.cancel()  # what the Stop button does, from another thread or not
            stopped = True
    last = seen[-1]
    stored = store.get_message(last.message_id)
    assert stored.status == "cancelled"
    assert stored.analysis and stored.analysis == last.analysis
    assert stored.completion_tokens and stored.completion_tokens < 4096 / 2


def test_history_becomes_harmony_messages_without_old_reasoning() -> None:
    store = ChatStore(":memory:")
    chat = store.create_conversation()
    q = store.add_user_message(chat.id, "weather?")
    a = store.start_assistant_message(chat.id, q.id, "low", None, None)
    store.finish_assistant_message(
        a.id, "complete", analysis="secret", content="Sunny.",
        tool_calls=[ToolCall("functions.weather", '{"city":"Oslo"}', "<|constrain|>json")],
    )  # fmt: skip
    messages = history_to_messages(store.thread(chat.id))
    assert [(m.role, m.channel, m.recipient) for m in messages] == [
        ("user", None, None),
        ("assistant", "commentary", "functions.weather"),
        ("assistant", "final", None),
    ]
    assert all("secret" not in m.content for m in messages)
