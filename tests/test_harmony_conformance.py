"""Runs every harmony conformance case (see tests/conformance/harmony/README.md).

Cases come from $HARMONY_CASES_DIR when set, else from the vendored folder, and
always from Lokal's own folder (tolerant-mode cases, see its README). Each case is
its own test. Parse cases are also run by streaming the text one character at a
time, which must give the same result.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from app.core.harmony import (
    Conversation,
    DeveloperConfig,
    HarmonyParseError,
    Message,
    StreamParser,
    SystemConfig,
    ToolNamespace,
    ToolSpec,
    parse_text,
    render_text,
    split_specials,
)

VENDORED_DIR = Path(__file__).parent / "conformance" / "harmony"
OWN_DIR = Path(__file__).parent / "conformance" / "harmony_lokal"


def _cases_dir() -> Path:
    override = os.environ.get("HARMONY_CASES_DIR")
    return Path(override) if override else VENDORED_DIR


def _load_cases(folder: Path) -> list[dict[str, Any]]:
    cases = []
    for path in sorted(folder.glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            cases.append(json.load(handle))
    return cases


OWN_CASES = _load_cases(OWN_DIR)
CASES = _load_cases(_cases_dir()) + OWN_CASES
PARSE_CASES = [case for case in CASES if case["kind"] == "parse"]


def test_cases_present() -> None:
    # An empty or wrong folder must fail loudly, not pass with zero cases.
    assert len(CASES) > len(OWN_CASES), f"no harmony conformance cases found in {_cases_dir()}"
    assert OWN_CASES, f"no cases found in {OWN_DIR}"
    assert {case["kind"] for case in CASES} <= {"render", "parse"}
    names = [case["name"] for case in CASES]
    assert len(names) == len(set(names)), "a case name is used twice"


# -- building inputs ---------------------------------------------------------------


def _tool(raw: dict[str, Any]) -> ToolSpec:
    return ToolSpec(raw["name"], raw["description"], raw.get("parameters"))


def _system(raw: dict[str, Any] | None) -> SystemConfig | None:
    if raw is None:
        return None
    return SystemConfig(
        model_identity=raw["model_identity"],
        reasoning_effort=raw["reasoning_effort"],
        conversation_start_date=raw["conversation_start_date"],
        knowledge_cutoff=raw["knowledge_cutoff"],
        valid_channels=tuple(raw["valid_channels"]),
        channel_required=raw["channel_required"],
        tools=tuple(
            ToolNamespace(ns["name"], ns["description"], tuple(_tool(t) for t in ns["tools"]))
            for ns in raw["tools"]
        ),
    )


def _developer(raw: dict[str, Any] | None) -> DeveloperConfig | None:
    if raw is None:
        return None
    tools = raw["function_tools"]
    return DeveloperConfig(
        instructions=raw["instructions"],
        function_tools=None if tools is None else tuple(_tool(t) for t in tools),
    )


def _message(raw: dict[str, Any]) -> Message:
    return Message(
        role=raw["role"],
        content=raw["content"],
        channel=raw["channel"],
        recipient=raw["recipient"],
        content_type=raw["content_type"],
        author_name=raw["author_name"],
    )


def _as_dict(message: Message) -> dict[str, Any]:
    return {
        "role": message.role,
        "author_name": message.author_name,
        "channel": message.channel,
        "recipient": message.recipient,
        "content_type": message.content_type,
        "content": message.content,
    }


# -- running cases -------------------------------------------------------------------


def _render(case: dict[str, Any]) -> str:
    data = case["input"]
    conv = Conversation(
        system=_system(data["system"]),
        developer=_developer(data["developer"]),
        messages=tuple(_message(m) for m in data["messages"]),
    )
    return render_text(
        conv,
        for_completion=data["render_for_completion"],
        next_role=data["next_turn_role"] or "assistant",
        auto_drop_analysis=data["auto_drop_analysis"],
        for_training=data["render_for_training"],
    )


def _parse_whole(data: dict[str, Any]) -> list[Message]:
    return parse_text(
        data["text"],
        role=data["role"],
        strict=data["strict"],
        end_of_stream=data["end_of_stream"],
    )


def _parse_char_by_char(data: dict[str, Any]) -> list[Message]:
    """Feed every special as a token and the text between one character at a time."""
    parser = StreamParser(role=data["role"], strict=data["strict"])
    for piece in split_specials(data["text"]):
        if isinstance(piece, str):
            for char in piece:
                parser.feed_text(char)
        else:
            parser.feed_special(piece.text)
    if data["end_of_stream"]:
        parser.finish()
    return parser.messages


def _check_parse(case: dict[str, Any], run: Any) -> None:
    data, expected = case["input"], case["expected"]
    if expected.get("error"):
        with pytest.raises(HarmonyParseError) as excinfo:
            run(data)
        needle = expected.get("error_message_contains")
        if needle:
            assert needle in str(excinfo.value)
        return
    assert [_as_dict(m) for m in run(data)] == expected["messages"]


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_case(case: dict[str, Any]) -> None:
    if case["kind"] == "render":
        assert _render(case) == case["expected"]
    else:
        _check_parse(case, _parse_whole)


@pytest.mark.parametrize("case", PARSE_CASES, ids=[case["name"] for case in PARSE_CASES])
def test_parse_case_streamed_char_by_char(case: dict[str, Any]) -> None:
    _check_parse(case, _parse_char_by_char)
