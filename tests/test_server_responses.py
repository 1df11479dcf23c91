"""The Responses API's parts: input items to messages, the stored responses table."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.server.errors import ApiError
from app.core.server.limits import Limits
from app.core.server.responses_models import ResponsesRequest
from app.core.server.responses_plan import chat_messages, input_items, plan_response
from app.core.server.responses_store import ResponseStore
from app.core.store.connection import fetch_all


def test_reasoning_items_ride_on_the_call_that_follows() -> None:
    items = input_items(
        [
            {"role": "user", "content": "q"},
            {
                "type": "reasoning",
                "summary": [],
                "content": [{"type": "reasoning_text", "text": "R"}],
            },
            {"type": "function_call", "call_id": "c1", "name": "f", "arguments": "{}"},
            {"type": "function_call_output", "call_id": "c1", "output": "42"},
        ]
    )
    messages = chat_messages(items)
    assert [m["role"] for m in messages] == ["user", "assistant", "tool"]
    assert messages[1]["reasoning_content"] == "R"
    assert messages[1]["tool_calls"][0]["id"] == "c1" and messages[2]["tool_call_id"] == "c1"


def test_a_plain_string_is_one_user_message() -> None:
    assert input_items("hello") == [{"type": "message", "role": "user", "content": "hello"}]


def test_bad_items_name_their_place() -> None:
    with pytest.raises(ApiError) as unknown:
        input_items([{"type": "image_generation_call"}])
    assert unknown.value.param == "input[0]"
    with pytest.raises(ApiError) as missing:
        input_items([{"role": "user", "content": "a"}, {"type": "function_call", "name": "f"}])
    assert missing.value.param is not None and missing.value.param.startswith("input[1]")


def test_parameters_keep_their_responses_names() -> None:
    body = ResponsesRequest.model_validate(
        {
            "model": "m",
            "input": "x",
            "max_output_tokens": 99,
            "text": {"format": {"type": "json_schema", "name": "a", "schema": {"pattern": "x"}}},
        }
    )
    with pytest.raises(ApiError) as schema:
        plan_response(body, input_items(body.input), Limits(), 4096)
    assert schema.value.param == "text.format.schema"
    body = ResponsesRequest.model_validate({"model": "m", "input": "x", "max_output_tokens": 99})
    with pytest.raises(ApiError) as tokens:
        plan_response(body, input_items(body.input), Limits(max_tokens=50), 4096)
    assert tokens.value.param == "max_output_tokens"


def test_stored_responses_round_trip_in_the_history_database(tmp_path: Path) -> None:
    path = tmp_path / "lokal.db"
    store = ResponseStore(path)
    response = {"id": "resp_1", "model": "m", "output": []}
    items = [{"type": "message", "role": "user", "content": "hi"}]
    store.save(response, items, None)
    assert store.items("resp_1") == items and store.response("resp_1") == response
    assert store.items("resp_2") is None
    assert store.delete("resp_1") and store.items("resp_1") is None
    tables = fetch_all(store.db, "SELECT name FROM sqlite_master WHERE type='table'", [])
    assert {"api_responses", "messages"} <= {t["name"] for t in tables}
    store.close()
