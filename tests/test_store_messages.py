"""Conversations, the message tree and the life of a streaming answer."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.store import ChatStore, GenerationStats, StoredMessage, ToolCall, WrongThreadError


@pytest.fixture
def store() -> Iterator[ChatStore]:
    with ChatStore(":memory:") as store:
        yield store


def ids(messages: list[StoredMessage]) -> list[int]:
    return [message.id for message in messages]


def answer(store: ChatStore, conversation_id: int, parent_id: int, text: str) -> StoredMessage:
    started = store.start_assistant_message(conversation_id, parent_id, "medium", None, None)
    return store.finish_assistant_message(started.id, "complete", content=text)


def test_conversations_are_created_renamed_listed_and_deleted(store: ChatStore) -> None:
    first = store.create_conversation()
    second = store.create_conversation("Second")
    assert first.title == "New chat"
    assert store.rename_conversation(first.id, "Renamed").title == "Renamed"
    assert [c.id for c in store.list_conversations()] == [second.id, first.id]

    store.add_user_message(first.id, "bump")  # activity moves it to the top
    assert [c.id for c in store.list_conversations()] == [first.id, second.id]

    store.delete_conversation(first.id)
    assert [c.id for c in store.list_conversations()] == [second.id]
    with pytest.raises(KeyError):
        store.get_conversation(first.id)
    assert store.db.execute("SELECT count(*) FROM messages").fetchone()[0] == 0


def test_edit_and_regenerate_make_siblings_and_thread_follows_the_chosen_leaf(
    store: ChatStore,
) -> None:
    chat = store.create_conversation().id
    q1 = store.add_user_message(chat, "first question")
    a1 = answer(store, chat, q1.id, "first answer")
    q2 = store.add_user_message(chat, "second question", a1.id)
    a2 = answer(store, chat, q2.id, "second answer")
    assert ids(store.thread(chat)) == [q1.id, a1.id, q2.id, a2.id]

    a2b = answer(store, chat, q2.id, "second answer, regenerated")
    assert ids(store.siblings(a2.id)) == [a2.id, a2b.id]
    assert ids(store.thread(chat)) == [q1.id, a1.id, q2.id, a2b.id]  # the newest leaf
    assert ids(store.thread(chat, a2.id)) == [q1.id, a1.id, q2.id, a2.id]

    q2b = store.add_user_message(chat, "second question, edited", a1.id)
    a2c = answer(store, chat, q2b.id, "answer to the edit")
    assert ids(store.siblings(q2.id)) == [q2.id, q2b.id]
    assert ids(store.thread(chat)) == [q1.id, a1.id, q2b.id, a2c.id]
    assert ids(store.thread(chat, q2.id)) == [q1.id, a1.id, q2.id]  # exactly to the leaf
    # A branch arrow back to the original question shows its newest answer below it.
    assert store.newest_leaf(q2.id) == a2b.id
    assert store.newest_leaf(a2.id) == a2.id
    assert ids(store.thread(chat, store.newest_leaf(q1.id))) == [q1.id, a1.id, q2b.id, a2c.id]
    # Nothing was overwritten.
    assert store.get_message(q2.id).content == "second question"
    assert store.get_message(a2.id).content == "second answer"

    q1b = store.add_user_message(chat, "first question, edited")  # an edit of a root
    assert ids(store.siblings(q1.id)) == [q1.id, q1b.id]
    assert ids(store.thread(chat)) == [q1b.id]


def test_thread_of_an_empty_conversation_is_empty(store: ChatStore) -> None:
    assert store.thread(store.create_conversation().id) == []


def test_messages_must_belong_to_their_conversation(store: ChatStore) -> None:
    one, other = store.create_conversation().id, store.create_conversation().id
    question = store.add_user_message(one, "hello")
    with pytest.raises(ValueError):
        store.add_user_message(other, "reply", question.id)
    with pytest.raises(ValueError):
        store.thread(other, question.id)
    with pytest.raises(KeyError):
        store.newest_leaf(12345)
    with pytest.raises(KeyError):
        store.add_user_message(12345, "nowhere")
    with pytest.raises(KeyError):
        store.add_user_message(one, "orphan", 12345)


def test_streaming_lifecycle(store: ChatStore) -> None:
    chat = store.create_conversation().id
    question = store.add_user_message(chat, "weather in Oslo?")
    sampling = {"temperature": 1.0, "top_p": 1.0, "seed": 7}
    started = store.start_assistant_message(chat, question.id, "high", sampling, "sha256:abc")
    assert started.status == "streaming"
    assert (started.content, started.analysis, started.tool_calls) == ("", "", ())

    call = ToolCall("functions.get_weather", '{"city": "Oslo"}', "<|constrain|>json")
    assert store.update_streaming(started.id, "need the weather", "", [call])
    assert store.update_streaming(started.id, "need the weather. ok", "It is", [call])
    streamed = store.get_message(started.id)
    assert (streamed.status, streamed.analysis, streamed.content) == (
        "streaming",
        "need the weather. ok",
        "It is",
    )
    assert streamed.tool_calls == (call,)

    stats = GenerationStats(100, 20, 50, 30, 20, 0.25, 42.5)
    done = store.finish_assistant_message(
        started.id, "complete", content="It is sunny.", stats=stats, finish_reason="stop"
    )
    assert (done.status, done.content, done.analysis) == (
        "complete",
        "It is sunny.",
        streamed.analysis,
    )
    assert (done.prompt_tokens, done.prompt_tokens_evaluated, done.completion_tokens) == (
        100,
        20,
        50,
    )
    assert (done.analysis_tokens, done.final_tokens) == (30, 20)
    assert (done.time_to_first_token_s, done.tokens_per_second) == (0.25, 42.5)
    assert (done.finish_reason, done.reasoning_effort) == ("stop", "high")
    assert (done.sampling, done.model_file_hash) == (sampling, "sha256:abc")

    # A late update cannot touch a finished answer, nor can a second finish.
    assert not store.update_streaming(started.id, "", "overwritten", [])
    assert store.get_message(started.id).content == "It is sunny."
    with pytest.raises(KeyError):
        store.finish_assistant_message(started.id, "cancelled")


def test_cancel_and_error_keep_what_was_streamed(store: ChatStore) -> None:
    chat = store.create_conversation().id
    question = store.add_user_message(chat, "q")
    one = store.start_assistant_message(chat, question.id, "low", None, None)
    store.update_streaming(one.id, "thinking", "partial", [])
    cancelled = store.finish_assistant_message(one.id, "cancelled", finish_reason="cancelled")
    assert (cancelled.status, cancelled.content) == ("cancelled", "partial")

    two = store.start_assistant_message(chat, question.id, "low", None, None)
    failed = store.finish_assistant_message(two.id, "error", error="engine crashed")
    assert (failed.status, failed.error) == ("error", "engine crashed")
    with pytest.raises(ValueError):
        store.finish_assistant_message(two.id, "interrupted")  # type: ignore[arg-type]


def test_update_streaming_reports_a_deleted_conversation(store: ChatStore) -> None:
    chat = store.create_conversation().id
    question = store.add_user_message(chat, "q")
    started = store.start_assistant_message(chat, question.id, "low", None, None)
    store.delete_conversation(chat)
    assert not store.update_streaming(started.id, "", "text", [])


def test_mark_interrupted_on_startup(store: ChatStore) -> None:
    chat = store.create_conversation().id
    question = store.add_user_message(chat, "q")
    left = store.start_assistant_message(chat, question.id, "low", None, None)
    store.update_streaming(left.id, "half a thought", "half an answer", [])
    finished = answer(store, chat, question.id, "whole")

    assert store.mark_interrupted_on_startup() == 1
    interrupted = store.get_message(left.id)
    assert (interrupted.status, interrupted.content) == ("interrupted", "half an answer")
    assert store.get_message(finished.id).status == "complete"
    assert store.mark_interrupted_on_startup() == 0


def test_a_store_belongs_to_the_thread_that_created_it(tmp_path: Path) -> None:
    store = ChatStore(tmp_path / "lokal.db")
    chat = store.create_conversation().id
    errors: list[BaseException] = []
    seen: list[int] = []

    def elsewhere() -> None:
        try:
            store.list_conversations()
        except WrongThreadError as error:
            errors.append(error)
        with ChatStore(tmp_path / "lokal.db") as own:  # the right way: one per thread
            seen.extend(c.id for c in own.list_conversations())

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert len(errors) == 1
    assert seen == [chat]


def test_branch_positions_show_alternatives_in_order() -> None:
    from app.core.store import ChatStore

    store = ChatStore(":memory:")
    chat = store.create_conversation("branches")
    q1 = store.add_user_message(chat.id, "first")
    a1 = store.start_assistant_message(chat.id, q1.id, "low", None, None)
    a2 = store.start_assistant_message(chat.id, q1.id, "low", None, None)  # regenerated
    q2 = store.add_user_message(chat.id, "edited first")  # an edit of the root
    positions = store.branch_positions(chat.id)
    assert positions[a2.id].index == 1 and positions[a2.id].count == 2
    assert positions[a1.id].neighbour(+1) == a2.id and positions[a1.id].neighbour(-1) is None
    assert positions[q2.id].sibling_ids == (q1.id, q2.id)
    other = store.create_conversation("plain")
    store.add_user_message(other.id, "alone")
    assert store.branch_positions(other.id) == {}


def test_context_used_counts_the_last_answer() -> None:
    from app.core.store import ChatStore, GenerationStats, context_used

    store = ChatStore(":memory:")
    chat = store.create_conversation("context")
    question = store.add_user_message(chat.id, "q")
    assert context_used(store.thread(chat.id)) == 0
    answer = store.start_assistant_message(chat.id, question.id, "low", None, None)
    stats = GenerationStats(prompt_tokens=120, completion_tokens=30)
    store.finish_assistant_message(answer.id, "complete", content="a", stats=stats)
    store.add_user_message(chat.id, "next", answer.id)
    assert context_used(store.thread(chat.id)) == 150


def test_thread_ids_and_a_page_of_messages_match_the_thread() -> None:
    from app.core.store import ChatStore

    store = ChatStore(":memory:")
    chat = store.create_conversation("paged")
    parent = None
    for i in range(7):
        parent = store.add_user_message(chat.id, f"m{i}", parent).id
    side = store.add_user_message(chat.id, "other branch", store.thread(chat.id)[2].id)
    full = store.thread(chat.id, parent)
    assert store.thread_ids(chat.id, parent) == [m.id for m in full]
    assert store.thread_ids(chat.id) == [m.id for m in store.thread(chat.id)]  # newest: side
    assert store.thread_ids(chat.id)[-1] == side.id
    page = store.thread_ids(chat.id, parent)[-3:]
    assert store.messages(page) == full[-3:]
    assert store.messages([]) == []


def test_always_allowed_tools_are_kept_per_conversation_and_go_with_it(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    with ChatStore(path) as store:
        here, there = store.create_conversation().id, store.create_conversation().id
        store.allow_tool_always(here, "time/get_current_time")
        store.allow_tool_always(here, "time/get_current_time")  # a second "always" is one
        store.allow_tool_always(here, "browser/search")
    with ChatStore(path) as store:  # opened again, as after a restart
        assert store.always_allowed_tools(here) == {"time/get_current_time", "browser/search"}
        assert store.always_allowed_tools(there) == frozenset()
        store.forget_allowed_tool(here, "browser/search")
        assert store.always_allowed_tools(here) == {"time/get_current_time"}
        store.delete_conversation(here)
        count = store.db.execute("SELECT count(*) FROM tool_permissions").fetchone()[0]
        assert count == 0
