"""Events produced by the streaming parser."""

from __future__ import annotations

from dataclasses import dataclass

from .messages import Message


@dataclass(frozen=True, slots=True)
class ContentDelta:
    """New content text of the current message, with that message's header fields."""

    channel: str | None
    recipient: str | None
    content_type: str | None
    text: str


@dataclass(frozen=True, slots=True)
class MessageDone:
    """A message was completed (closed by a stop token, a restart, or end of stream)."""

    message: Message


ParseEvent = ContentDelta | MessageDone
