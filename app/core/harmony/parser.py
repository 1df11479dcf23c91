"""Streaming parser for harmony completions.

The engine feeds control tokens with ``feed_special`` and decoded ordinary text with
``feed_text`` (any chunking). Because the two arrive separately, text that merely
spells a control token can never be mistaken for one.

Strict mode follows the reference ``StreamableParser`` (openai/harmony): malformed
input raises ``HarmonyParseError`` and content is kept byte for byte. Tolerant mode
(the default, meant for showing live model output) never raises: unknown control
tokens are ignored, a ``<|start|>`` inside a message starts a new one, broken headers
are salvaged or dropped, and marker-shaped text is removed from content.
"""

from __future__ import annotations

import enum
import json

from .errors import HarmonyParseError
from .events import ContentDelta, MessageDone, ParseEvent
from .header import Header, is_plausible, parse_header, parse_header_lenient
from .markers import MarkerFilter, strip_markers
from .messages import Message
from .tokens import CHANNEL, CONSTRAIN, MESSAGE, START, STOP_TOKENS, split_specials

__all__ = ["ContentDelta", "MessageDone", "ParseEvent", "StreamParser", "parse_text"]


class _State(enum.Enum):
    EXPECT_START = enum.auto()
    HEADER = enum.auto()
    CONTENT = enum.auto()


class StreamParser:
    """Incremental harmony parser; see the module docstring.

    ``role`` is the role already written in the prompt (``<|start|>assistant``), so the
    stream begins inside the first header; None means the stream begins with
    ``<|start|>``. It applies to the first message only.
    """

    def __init__(self, role: str | None = "assistant", strict: bool = False) -> None:
        self._strict = strict
        self._next_role = role
        self._state = _State.EXPECT_START if role is None else _State.HEADER
        self._header_parts: list[str] = []
        self._header: Header | None = None
        self._content: list[str] = []
        self._filter = MarkerFilter()
        self._messages: list[Message] = []

    # -- read-only state -------------------------------------------------------------

    @property
    def strict(self) -> bool:
        return self._strict

    @property
    def messages(self) -> list[Message]:
        """Completed messages, oldest first (a copy)."""
        return list(self._messages)

    @property
    def in_header(self) -> bool:
        """True while a message header is being read (role/channel not known yet)."""
        return self._state is _State.HEADER

    @property
    def current_role(self) -> str | None:
        if self._header is not None:
            return self._header.role
        return self._next_role if self._state is _State.HEADER else None

    @property
    def current_channel(self) -> str | None:
        return self._header.channel if self._header is not None else None

    @property
    def current_recipient(self) -> str | None:
        return self._header.recipient if self._header is not None else None

    @property
    def current_content_type(self) -> str | None:
        return self._header.content_type if self._header is not None else None

    @property
    def current_content(self) -> str:
        """Content of the open message released so far (what deltas have shown)."""
        return "".join(self._content)

    # -- input -----------------------------------------------------------------------

    def feed_special(self, text: str) -> list[ParseEvent]:
        """Feed one control token, given by its literal text (e.g. ``"<|end|>"``)."""
        events: list[ParseEvent] = []
        if self._state is _State.EXPECT_START:
            if text == START:
                self._open_header(role=None)
            elif self._strict:
                raise HarmonyParseError(
                    f"Unexpected token {text} while expecting start token {START}"
                )
        elif self._state is _State.HEADER:
            self._header_special(text, events)
        elif text in STOP_TOKENS:
            self._close(events)
        elif self._strict:
            # The reference decodes any other token inside content as its text.
            self._add_content(text, events)
        elif text == START:
            # A new message began without the old one being closed.
            self._close(events)
            self._open_header(role=None)
        return events

    def feed_text(self, text: str) -> list[ParseEvent]:
        """Feed ordinary decoded text (never interpreted as control tokens)."""
        events: list[ParseEvent] = []
        if not text:
            return events
        if self._state is _State.EXPECT_START:
            if self._strict:
                raise HarmonyParseError(
                    f"Unexpected text {text!r} while expecting start token {START}"
                )
        elif self._state is _State.HEADER:
            self._header_parts.append(text)
        else:
            self._add_content(text, events)
        return events

    def finish(self) -> list[ParseEvent]:
        """Signal end of stream: close an open message (a header-only one is an error
        in strict mode and salvaged in tolerant mode)."""
        events: list[ParseEvent] = []
        if self._state is _State.CONTENT:
            self._close(events)
        elif self._state is _State.HEADER:
            if self._strict:
                raise HarmonyParseError(
                    "Unexpected EOS while waiting for message header to complete"
                )
            # A stream cut off mid-header (e.g. stopped by the user) keeps only real text.
            self._recover_header(events, keep_empty=False)
        return events

    # -- internals -------------------------------------------------------------------

    def _open_header(self, role: str | None) -> None:
        self._state = _State.HEADER
        self._next_role = role
        self._header_parts = []
        self._header = None

    def _header_special(self, text: str, events: list[ParseEvent]) -> None:
        if text == MESSAGE:
            self._start_content()
        elif text in (CHANNEL, CONSTRAIN) or self._strict:
            # The reference reads the header as text, tokens included; in strict mode
            # stray tokens stay in and make the header fail to parse.
            self._header_parts.append(text)
        elif text in STOP_TOKENS:
            # The header never reached <|message|>: its leftover words are the content.
            # Like the reference, a header of the prompt-given role becomes a message
            # even if nothing is left; later headers only if they hold some text.
            self._recover_header(events, keep_empty=self._next_role is not None)
        elif text == START:
            self._recover_header(events, keep_empty=False)
            self._open_header(role=None)
        # Tolerant mode ignores unknown tokens (<|reserved_...|>, <|endoftext|>, ...).

    def _start_content(self) -> None:
        header_text = "".join(self._header_parts)
        role = self._next_role
        try:
            header, leftover = parse_header(header_text, role, parse_recipient_and_type=True)
            if leftover is not None:
                raise HarmonyParseError(
                    "unexpected tokens remaining in message header: "
                    f"Some({json.dumps(leftover, ensure_ascii=False)})"
                )
            if not self._strict and not is_plausible(header_text, header):
                raise HarmonyParseError("a marker inside a header name")
        except HarmonyParseError:
            if self._strict:
                raise
            header, _ = parse_header_lenient(header_text, role, parse_recipient_and_type=True)
        self._header = header
        self._next_role = None
        self._header_parts = []
        self._content = []
        self._filter = MarkerFilter()
        self._state = _State.CONTENT

    def _recover_header(self, events: list[ParseEvent], *, keep_empty: bool) -> None:
        """Tolerant mode: turn a header that never reached ``<|message|>`` into a message."""
        header_text = "".join(self._header_parts)
        role = self._next_role
        self._header_parts = []
        self._next_role = None
        self._state = _State.EXPECT_START
        if not header_text:
            return
        try:
            header, leftover = parse_header(header_text, role, parse_recipient_and_type=False)
            if not is_plausible(header_text, header):
                raise HarmonyParseError("a marker inside a header name")
        except HarmonyParseError:
            header, leftover = parse_header_lenient(
                header_text, role, parse_recipient_and_type=False
            )
        content = strip_markers(leftover or "")
        if not content and not keep_empty:
            return
        self._header = header
        self._content = []
        if content:
            self._emit(content, events)
        self._close(events)

    def _add_content(self, text: str, events: list[ParseEvent]) -> None:
        released = text if self._strict else self._filter.feed(text)
        if released:
            self._emit(released, events)

    def _emit(self, text: str, events: list[ParseEvent]) -> None:
        header = self._header
        assert header is not None
        self._content.append(text)
        events.append(ContentDelta(header.channel, header.recipient, header.content_type, text))

    def _close(self, events: list[ParseEvent]) -> None:
        header = self._header
        assert header is not None
        tail = self._filter.flush()
        if tail:
            self._emit(tail, events)
        message = Message(
            role=header.role,
            content="".join(self._content),
            channel=header.channel,
            recipient=header.recipient,
            content_type=header.content_type,
            author_name=header.author_name,
        )
        self._messages.append(message)
        events.append(MessageDone(message))
        self._header = None
        self._content = []
        self._state = _State.EXPECT_START


def parse_text(
    text: str, *, role: str | None = "assistant", strict: bool = True, end_of_stream: bool = True
) -> list[Message]:
    """Parse completion text in which literal special-token strings are the tokens.

    Splits ``text`` at every o200k_harmony special (including ``<|startoftext|>``,
    ``<|endoftext|>`` and ``<|reserved_NNNNNN|>``) and feeds the pieces to a
    ``StreamParser``. With ``end_of_stream`` the stream is finished, so a last message
    without a stop token is kept. Returns the completed messages.
    """
    parser = StreamParser(role=role, strict=strict)
    for piece in split_specials(text):
        if isinstance(piece, str):
            parser.feed_text(piece)
        else:
            parser.feed_special(piece.text)
    if end_of_stream:
        parser.finish()
    return parser.messages
