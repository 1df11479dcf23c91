"""What a tool call gives back: text for the model, and a sentence for the person when it failed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

#: The most characters of a result the model is given (the rest is cut, with a note).
MAX_RESULT_CHARS = 20_000

CALL_TIMED_OUT = QT_TRANSLATE_NOOP("core", "The tool “%1” did not answer within %2 seconds.")
SERVER_FAILED = QT_TRANSLATE_NOOP("core", "The tool server “%1” failed: %2")
SERVER_UNKNOWN = QT_TRANSLATE_NOOP("core", "There is no tool server called “%1”.")
TOOL_UNKNOWN = QT_TRANSLATE_NOOP("core", "The tool server “%1” has no tool called “%2”.")
TOOL_ERROR = QT_TRANSLATE_NOOP("core", "The tool “%1” reported an error.")
BAD_ARGUMENTS = QT_TRANSLATE_NOOP("core", "The arguments for “%1” are not a JSON object: %2")
BAD_ANSWER = QT_TRANSLATE_NOOP("core", "The tool server “%1” answered nonsense: %2")
CALL_CANCELLED = QT_TRANSLATE_NOOP("core", "The call to “%1” was stopped.")
USER_DECLINED = "The user declined"


@dataclass(frozen=True)
class ToolResult:
    """``text`` goes to the model as the tool message; ``error`` is for the person."""

    text: str
    is_error: bool = False
    error: str | None = None  # a Sentence when the call failed
    duration_s: float = 0.0
    truncated: bool = False

    @staticmethod
    def failure(sentence: str, duration_s: float = 0.0) -> ToolResult:
        # The model reads the same sentence: it can tell the person or try otherwise.
        return ToolResult(json.dumps({"error": str(sentence)}), True, sentence, duration_s)


def capped(text: str, limit: int = MAX_RESULT_CHARS) -> tuple[str, bool]:
    if len(text) <= limit:
        return text, False
    note = f"\n[… {len(text) - limit} more characters cut]"
    return text[:limit] + note, True


def content_text(content: list[Any], structured: Any) -> str:
    """MCP content blocks as text: text blocks as they are, others named by their type."""
    parts: list[str] = []
    for block in content:
        kind = getattr(block, "type", None)
        if kind == "text":
            parts.append(str(getattr(block, "text", "")))
        elif kind == "resource":
            resource = getattr(block, "resource", None)
            text = getattr(resource, "text", None)
            parts.append(str(text) if text is not None else f"[resource {resource}]")
        else:
            parts.append(f"[{kind} content]")
    if not parts and structured is not None:
        parts.append(json.dumps(structured, ensure_ascii=False))
    return "\n".join(parts)


def parse_arguments(tool: str, arguments: str | dict[str, Any] | None) -> dict[str, Any]:
    """The model's argument text as an object; raises ValueError with a sentence."""
    if arguments is None or isinstance(arguments, dict):
        return dict(arguments or {})
    text = arguments.strip() or "{}"
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(Sentence(BAD_ARGUMENTS, tool, exc.msg)) from exc
    if not isinstance(value, dict):
        raise ValueError(Sentence(BAD_ARGUMENTS, tool, type(value).__name__))
    return value
