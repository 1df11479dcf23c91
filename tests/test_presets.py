"""Presets: bundles of instructions, effort, tools and an answer schema, chosen per conversation."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import cast

from app.core.chat.turn import run_turn
from app.core.chat.turn_job import TurnOptions
from app.core.engine.protocol import Delta, Done, Event, GenerateRequest
from app.core.presets import (
    EXTRACT_AS_JSON,
    Preset,
    answer_markdown,
    find,
    load_presets,
    save_presets,
)
from app.core.store import ChatStore


def test_a_preset_sets_instructions_effort_tools_and_schema() -> None:
    options = EXTRACT_AS_JSON.apply(TurnOptions(effort="low", instructions="be brief"))
    assert options.effort == "medium" and options.tools == ("browser",)
    assert options.instructions.startswith("Read the attached documents")
    assert options.response_schema == EXTRACT_AS_JSON.answer_schema
    plain = Preset("Plain").apply(TurnOptions(effort="high", instructions="x"))
    assert (plain.effort, plain.instructions, plain.response_schema) == ("high", "x", None)


def test_own_presets_round_trip_beside_the_built_in_ones(tmp_path: Path) -> None:
    path = tmp_path / "presets.json"
    own = Preset("Terse", "Answer in five words.", "low", ("python",), {"type": "string"})
    save_presets(path, [EXTRACT_AS_JSON, own])
    loaded = load_presets(path)
    assert [p.name for p in loaded] == ["Extract as JSON", "Terse"]
    assert find(loaded, "Terse") == own
    path.write_text("{broken")
    assert [p.name for p in load_presets(path)] == ["Extract as JSON"]


def test_the_preset_is_stored_with_the_conversation(tmp_path: Path) -> None:
    with ChatStore(tmp_path / "lokal.db") as store:
        chat = store.create_conversation().id
        assert store.preset(chat) is None
        store.set_preset(chat, "Extract as JSON")
    with ChatStore(tmp_path / "lokal.db") as store:
        assert store.preset(chat) == "Extract as JSON"


def test_a_json_answer_is_shown_as_a_table_or_a_code_block() -> None:
    facts = {"facts": [{"key": "a", "value": "1|2", "page": 3}, {"key": "b", "value": "x"}]}
    assert answer_markdown(json.dumps(facts)) == (
        "| key | value | page |\n|---|---|---|\n| a | 1\\|2 | 3 |\n| b | x |  |"
    )
    nested = {"a": {"b": [1, "```"]}}
    shown = answer_markdown(json.dumps(nested))
    assert shown.startswith("````json\n") and json.loads(shown[8:-5]) == nested
    assert answer_markdown("not json") == "not json"


def test_a_flat_object_is_one_row_and_hostile_cells_stay_in_their_cell() -> None:
    flat = {"name": "Ada", "age": 36, "ok": True, "note": None}
    assert answer_markdown(json.dumps(flat)) == (
        "| name | age | ok | note |\n|---|---|---|---|\n| Ada | 36 | true |  |"
    )
    hostile = [{"a|b": "x\n| y |\\", "c": 1}]
    assert answer_markdown(json.dumps(hostile)) == (
        r"| a\|b | c |" "\n" r"|---|---|" "\n" r"| x \| y \|\\ | 1 |"
    )
    assert answer_markdown(json.dumps({"answer": 3})) == "| answer |\n|---|\n| 3 |"
    assert answer_markdown("[]").startswith("```json")


class Recording:
    model = None

    def __init__(self) -> None:
        self.requests: list[GenerateRequest] = []

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        self.requests.append(request)
        yield Delta(1, "final", '{"facts": []}')
        yield Done(1, "stop", 1, 1, 1, 0, 1, None, None, None, ())

    def cancel(self) -> None:
        pass


def test_the_schema_reaches_the_engine_request() -> None:
    store = ChatStore(":memory:")
    chat = store.create_conversation().id
    question = store.add_user_message(chat, "extract")
    client = Recording()
    schema = cast(dict, EXTRACT_AS_JSON.answer_schema)
    updates = list(run_turn(client, store, chat, question, response_schema=schema))
    assert client.requests[0].response_schema == schema
    assert json.loads(updates[-1].final) == {"facts": []}
