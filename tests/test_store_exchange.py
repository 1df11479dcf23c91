"""Export to JSON and Markdown, and import back."""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.core.store import ChatStore, GenerationStats, ToolCall


def branching_chat(store: ChatStore) -> int:
    """A conversation using every field: two branches, reasoning, a tool call, stats."""
    chat = store.create_conversation("Weather ```trip```").id
    question = store.add_user_message(chat, "Weather in Oslo? Ünïcode ✓")
    call = ToolCall("functions.get_weather", '{"city": "Oslo"} ```', "<|constrain|>json")
    for effort, text in (("high", "Sunny."), ("low", "Rainy.")):
        started = store.start_assistant_message(
            chat, question.id, effort, {"temperature": 0.7, "seed": None}, "sha256:0f"
        )
        store.update_streaming(started.id, "Look it up.", "", [call])
        store.finish_assistant_message(
            started.id,
            "complete",
            content=text,
            stats=GenerationStats(10, 4, 8, 5, 3, 0.5, 12.0),
            finish_reason="stop",
        )
    follow_up = store.add_user_message(chat, "Thanks", store.thread(chat)[-1].id)
    store.start_assistant_message(chat, follow_up.id, "low", None, None)
    store.mark_interrupted_on_startup()
    return chat


def test_export_import_round_trip_into_another_database() -> None:
    source, target = ChatStore(":memory:"), ChatStore(":memory:")
    exported = source.export_conversation(branching_chat(source))
    assert json.loads(json.dumps(exported)) == exported  # JSON-ready as it is

    imported = target.import_conversation(json.loads(json.dumps(exported)))
    assert target.export_conversation(imported.id) == exported
    assert target.thread(imported.id) == source.thread(imported.id)
    assert [hit.message_id for hit in target.search("rainy")] == [
        hit.message_id for hit in source.search("rainy")
    ]


def test_importing_into_the_same_database_makes_a_copy_with_new_ids() -> None:
    store = ChatStore(":memory:")
    original = branching_chat(store)
    exported = store.export_conversation(original)
    copy = store.import_conversation(exported)
    assert copy.id != original

    copied = store.export_conversation(copy.id)
    assert copied["conversation"]["title"] == exported["conversation"]["title"]
    assert parent_positions(copied) == parent_positions(exported)  # the same tree
    for old, new in zip(exported["messages"], copied["messages"], strict=True):
        assert without_ids(new) == without_ids(old)


def parent_positions(export: dict[str, Any]) -> list[int | None]:
    position = {message["id"]: i for i, message in enumerate(export["messages"])}
    return [position.get(message["parent_id"]) for message in export["messages"]]


def without_ids(message: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in message.items() if not key.endswith("id")}


def test_import_rejects_what_is_not_an_export() -> None:
    store = ChatStore(":memory:")
    with pytest.raises(ValueError):
        store.import_conversation({"format": "something else"})
    assert store.list_conversations() == []


def test_markdown_shows_one_branch_with_reasoning_and_tool_calls() -> None:
    store = ChatStore(":memory:")
    chat = branching_chat(store)
    markdown = store.export_markdown(chat)
    assert markdown.startswith("# Weather ```trip```\n")
    assert "## You\n\nWeather in Oslo? Ünïcode ✓" in markdown
    assert "<details><summary>Reasoning</summary>\n\nLook it up.\n\n</details>" in markdown
    assert '````\n{"city": "Oslo"} ```\n````' in markdown  # a fence the text cannot close
    assert "Rainy." in markdown
    assert "Sunny." not in markdown  # the other branch
    assert markdown.endswith("_(interrupted)_\n")
    first_answer = store.siblings(store.thread(chat)[1].id)[0]
    assert "Sunny." in store.export_markdown(chat, first_answer.id)


def tool_chat(store: ChatStore) -> int:
    chat = store.create_conversation("Time").id
    question = store.add_user_message(chat, "What time is it?")
    call = store.start_assistant_message(chat, question.id, "low", None, None)
    store.finish_assistant_message(
        call.id, "complete", analysis="Ask the clock.",
        tool_calls=[ToolCall("functions.time_now", '{"tz": "UTC"}', "<|constrain|>json")],
        finish_reason="tool_call",
    )  # fmt: skip
    meta = {"server": "time", "tool": "now", "duration_s": 0.25, "approved_by": "you"}
    result = store.add_tool_message(chat, call.id, "functions.time_now", "12:00 ```", meta)
    answer = store.start_assistant_message(chat, result.id, "low", None, None)
    store.finish_assistant_message(answer.id, "complete", content="It is noon.")
    return chat


def test_tool_messages_survive_a_json_round_trip() -> None:
    source, target = ChatStore(":memory:"), ChatStore(":memory:")
    exported = source.export_conversation(tool_chat(source))
    tool = next(m for m in exported["messages"] if m["role"] == "tool")
    assert tool["author"] == "functions.time_now" and tool["tool_meta"]["approved_by"] == "you"
    imported = target.import_conversation(json.loads(json.dumps(exported)))
    assert target.export_conversation(imported.id) == exported


def test_an_export_from_before_tool_messages_still_imports() -> None:
    store = ChatStore(":memory:")
    exported = store.export_conversation(branching_chat(store))
    for message in exported["messages"]:
        del message["author"], message["tool_meta"]
    imported = ChatStore(":memory:").import_conversation(exported)
    assert imported.title == "Weather ```trip```"


def test_markdown_shows_the_tool_result_with_who_approved_it() -> None:
    store = ChatStore(":memory:")
    text = store.export_markdown(tool_chat(store))
    assert "Tool call to `functions.time_now`" in text
    assert "Tool result from `time › now` (approved: you, 0.25 s)" in text
    assert "````\n12:00 ```\n````" in text  # fenced so the result cannot close it
    assert text.index("Tool result") < text.index("It is noon.")
