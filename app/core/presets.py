"""Presets: named bundles of instructions, reasoning effort, tools and an answer's JSON Schema.

What LM Studio and Jan call presets or assistants. One is chosen per
conversation (stored with it); its instructions replace the general ones, its
tools are the conversation's tools, and its schema holds the answer to JSON
(the engine constrains the final channel with it, never the reasoning).
``presets.json`` in the data folder holds the person's own; "Extract as JSON"
comes with Lokal.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core.chat.turn_job import TurnOptions

FILE_NAME = "presets.json"
EFFORTS = ("low", "medium", "high")


@dataclass(frozen=True)
class Preset:
    name: str
    instructions: str = ""
    effort: str | None = None  # None: the effort selector decides
    tools: tuple[str, ...] = ()
    answer_schema: Mapping[str, Any] | None = field(default=None, hash=False)

    def apply(self, options: TurnOptions) -> TurnOptions:
        return replace(
            options,
            instructions=self.instructions or options.instructions,
            effort=self.effort if self.effort in EFFORTS else options.effort,
            tools=tuple(dict.fromkeys((*self.tools, *options.tools))),
            response_schema=self.answer_schema,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "instructions": self.instructions,
            "effort": self.effort,
            "tools": list(self.tools),
            "answer_schema": None if self.answer_schema is None else dict(self.answer_schema),
        }

    @staticmethod
    def from_json(data: Mapping[str, Any]) -> Preset:
        name = data.get("name")
        if not isinstance(name, str) or not name.strip():
            raise ValueError("a preset needs a name")
        tools = data.get("tools") or []
        schema = data.get("answer_schema")
        effort = data.get("effort")
        return Preset(
            name.strip(),
            str(data.get("instructions") or ""),
            effort if effort in EFFORTS else None,
            tuple(str(t) for t in tools if isinstance(t, str)),
            schema if isinstance(schema, dict) else None,
        )


EXTRACT_AS_JSON = Preset(
    "Extract as JSON",
    instructions=(
        "Read the attached documents with the browser tool, then answer only with the JSON"
        " the response format asks for: the facts the person asks about, each under a short"
        " key, with the page they came from."
    ),
    effort="medium",
    tools=("browser",),
    answer_schema={
        "type": "object",
        "properties": {
            "facts": {
                "type": "array",
                "items": {
                    "type": "object",
                    "properties": {
                        "key": {"type": "string"},
                        "value": {"type": "string"},
                        "page": {"type": "integer"},
                    },
                    "required": ["key", "value"],
                },
            }
        },
        "required": ["facts"],
    },
)
BUILT_IN: tuple[Preset, ...] = (EXTRACT_AS_JSON,)


def load_presets(path: Path) -> list[Preset]:
    """Lokal's presets, then the person's (a broken file or entry is left out)."""
    presets = list(BUILT_IN)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return presets
    for entry in data.get("presets", []) if isinstance(data, dict) else []:
        try:
            preset = Preset.from_json(entry)
        except (ValueError, AttributeError):
            continue
        presets = [p for p in presets if p.name != preset.name] + [preset]
    return presets


def save_presets(path: Path, presets: Sequence[Preset]) -> None:
    own = [p.to_json() for p in presets if p not in BUILT_IN]
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".presets-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"presets": own}, handle, indent=2, ensure_ascii=False)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def find(presets: Sequence[Preset], name: str | None) -> Preset | None:
    return next((p for p in presets if p.name == name), None) if name else None


def answer_markdown(text: str) -> str:
    """A JSON answer shown to people: a table for a flat object or a list of flat objects
    (also under a single key, as in {"facts": [...]}), else a code block."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    rows = value
    if isinstance(value, dict) and len(value) == 1 and isinstance(_only(value), list):
        rows = _only(value)
    if isinstance(rows, dict) and rows and _flat(rows):
        rows = [rows]  # one object: one row, its keys the columns
    if isinstance(rows, list) and rows and all(isinstance(r, dict) and _flat(r) for r in rows):
        columns = list(dict.fromkeys(k for r in rows for k in r))
        lines = ["| " + " | ".join(_cell(c) for c in columns) + " |", "|" + "---|" * len(columns)]
        lines += ["| " + " | ".join(_cell(r.get(c)) for c in columns) + " |" for r in rows]
        return "\n".join(lines)
    pretty = json.dumps(value, indent=2, ensure_ascii=False)
    fence = "```"
    while fence in pretty:
        fence += "`"
    return f"{fence}json\n{pretty}\n{fence}"


def _only(value: Mapping[str, Any]) -> Any:
    return next(iter(value.values()))


def _flat(row: Mapping[str, Any]) -> bool:
    return all(not isinstance(v, dict | list) for v in row.values())


def _cell(value: Any) -> str:
    """A table cell: the value on one line, its pipes escaped (they would end the cell)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return " ".join(text.replace("\\", "\\\\").replace("|", "\\|").split())
