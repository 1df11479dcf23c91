"""What the store hands out: frozen dataclasses, built from rows in one place.

Records are snapshots. Nothing writes through them; the store's methods return
a fresh record after each change, so a record held by the UI never changes
under it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final, Literal

Role = Literal["user", "assistant", "tool"]
Status = Literal["streaming", "complete", "cancelled", "interrupted", "error"]
# What a generation can end as; "interrupted" is only ever set at startup.
FinalStatus = Literal["complete", "cancelled", "error"]

STATUSES: Final[tuple[str, ...]] = ("streaming", "complete", "cancelled", "interrupted", "error")
FINAL_STATUSES: Final[tuple[str, ...]] = ("complete", "cancelled", "error")

# snippet() wraps each matched term in these. Control characters, not HTML or
# brackets, so they cannot be confused with anything a user typed: the UI
# splits on them (SearchHit.parts) and escapes the pieces itself.
MARK_START: Final = "\x02"
MARK_END: Final = "\x03"


def now() -> datetime:
    return datetime.now(UTC)


def to_text(moment: datetime) -> str:
    """ISO 8601 in UTC with microseconds: sorts as text and reads well in the sqlite shell."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def from_text(text: str) -> datetime:
    return datetime.fromisoformat(text)


@dataclass(frozen=True, slots=True)
class ToolCall:
    """One commentary-channel message addressed to a tool, as the model wrote it."""

    recipient: str  # e.g. "functions.get_weather"
    arguments: str  # usually JSON, kept verbatim: it may not parse
    content_type: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "recipient": self.recipient,
            "arguments": self.arguments,
            "content_type": self.content_type,
        }


def tool_calls_to_json(calls: Iterable[ToolCall]) -> str:
    return json.dumps([call.to_json() for call in calls], ensure_ascii=False)


def tool_calls_from_json(text: str) -> tuple[ToolCall, ...]:
    if text == "[]":  # nearly every message: skip the parser (thread() reads thousands)
        return ()
    return tuple(ToolCall(**item) for item in json.loads(text))


@dataclass(frozen=True, slots=True)
class GenerationStats:
    """The numbers the engine reports when a generation ends (its Done event)."""

    prompt_tokens: int | None = None
    prompt_tokens_evaluated: int | None = None  # the rest came from the prompt cache
    completion_tokens: int | None = None
    analysis_tokens: int | None = None
    final_tokens: int | None = None
    time_to_first_token_s: float | None = None
    tokens_per_second: float | None = None


@dataclass(frozen=True, slots=True)
class Conversation:
    """``updated_at``: when a message was last added (renaming does not count)."""

    id: int
    title: str
    created_at: datetime
    updated_at: datetime
    # The title is a placeholder until the first question names the conversation.
    auto_title: bool = False

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> Conversation:
        return cls(
            id=row["id"],
            title=row["title"],
            created_at=from_text(row["created_at"]),
            updated_at=from_text(row["updated_at"]),
            auto_title=bool(row.get("auto_title", 0)),
        )


@dataclass(frozen=True, slots=True)
class StoredMessage:
    """One turn. For assistant turns ``content`` is the final channel only;
    reasoning is in ``analysis`` and tool calls in ``tool_calls``."""

    id: int
    conversation_id: int
    parent_id: int | None
    role: Role
    status: Status
    content: str
    analysis: str
    tool_calls: tuple[ToolCall, ...]
    reasoning_effort: str | None
    sampling: Mapping[str, Any] | None
    model_file_hash: str | None
    prompt_tokens: int | None
    prompt_tokens_evaluated: int | None
    completion_tokens: int | None
    analysis_tokens: int | None
    final_tokens: int | None
    time_to_first_token_s: float | None
    tokens_per_second: float | None
    finish_reason: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    # Tool results (role "tool"): the name the model called, and the call's facts.
    author: str | None = None
    tool_meta: Mapping[str, Any] | None = None

    @classmethod
    def from_row(cls, row: Mapping[str, Any]) -> StoredMessage:
        values = dict(row)
        meta = values.get("tool_meta")
        values["tool_meta"] = None if meta is None else json.loads(meta)
        values["tool_calls"] = tool_calls_from_json(row["tool_calls"])
        values["sampling"] = None if row["sampling"] is None else json.loads(row["sampling"])
        values["created_at"] = from_text(row["created_at"])
        values["updated_at"] = from_text(row["updated_at"])
        return cls(**values)


@dataclass(frozen=True, slots=True)
class SearchHit:
    conversation_id: int
    message_id: int
    title: str
    snippet_with_marks: str  # matched terms between MARK_START and MARK_END

    def parts(self) -> list[tuple[str, bool]]:
        """The snippet as (text, is_match) pieces, for a UI that escapes text itself."""
        pieces: list[tuple[str, bool]] = []
        for chunk in self.snippet_with_marks.split(MARK_START):
            matched, _, rest = chunk.rpartition(MARK_END)
            if matched:
                pieces.append((matched, True))
            if rest:
                pieces.append((rest, False))
        return pieces


@dataclass(frozen=True)
class Branch:
    """A message among its alternatives (edits or regenerations), oldest first."""

    index: int
    sibling_ids: tuple[int, ...]

    @property
    def count(self) -> int:
        return len(self.sibling_ids)

    def neighbour(self, step: int) -> int | None:
        """The sibling ``step`` places away (-1 earlier, +1 later), None past either end."""
        index = self.index + step
        return self.sibling_ids[index] if 0 <= index < self.count else None


def context_used(thread: Sequence[StoredMessage]) -> int:
    """Tokens the conversation fills in the model's context, as of its last answer.

    The last answer's prompt plus what it generated; earlier reasoning is not
    carried forward, and the prompt count already holds all earlier turns.
    """
    for message in reversed(thread):
        if message.role == "assistant" and message.prompt_tokens is not None:
            return message.prompt_tokens + (message.completion_tokens or 0)
    return 0
