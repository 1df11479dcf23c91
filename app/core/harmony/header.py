"""Parsing of a message header (the text between ``<|start|>`` and ``<|message|>``).

The header arrives as text with control tokens written literally, e.g.
``assistant to=functions.f<|channel|>commentary <|constrain|>json``.
``parse_header`` follows the reference parser (``parse_header_from_string`` in
openai/harmony ``src/encoding.rs``), including its use of Rust whitespace rules.
``parse_header_lenient`` is the tolerant fallback for headers the reference rejects,
or accepts in a way no model means (``is_plausible``): it salvages what it can and
never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from .errors import HarmonyParseError
from .messages import ROLES
from .tokens import CHANNEL, CONSTRAIN

# Every harmony marker begins so; no channel, recipient or author name contains it.
MARKER_START: Final = "<|"

# Rust's char::is_whitespace (Unicode White_Space). Python's isspace() differs
# (it also counts U+001C..U+001F), and that would change where a channel ends.
_RUST_WHITESPACE: Final = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_RUST_WHITESPACE_STR: Final = "".join(sorted(_RUST_WHITESPACE))
# Rust's split_ascii_whitespace splits on these five only.
_ASCII_WHITESPACE_RE: Final = re.compile(r"[ \t\n\x0c\r]+")


@dataclass(frozen=True, slots=True)
class Header:
    role: str
    author_name: str | None = None
    channel: str | None = None
    recipient: str | None = None
    content_type: str | None = None


def _rust_trim(text: str) -> str:
    return text.strip(_RUST_WHITESPACE_STR)


def _split_words(text: str) -> list[str]:
    return [part for part in _ASCII_WHITESPACE_RE.split(text) if part]


def _take_channel(header: str) -> tuple[str | None, str, bool]:
    """Cut ``<|channel|>value`` out of ``header``.

    Returns (channel, remaining header, marker_found). The value ends at whitespace
    or at ``<`` (the start of a following token such as ``<|constrain|>``).
    """
    index = header.find(CHANNEL)
    if index < 0:
        return None, header, False
    after = header[index + len(CHANNEL) :]
    end = next(
        (i for i, c in enumerate(after) if c in _RUST_WHITESPACE or c == "<"),
        len(after),
    )
    value = after[:end] or None
    return value, header[:index] + after[end:], True


def _words(header: str) -> list[str]:
    header = _rust_trim(header)
    if CONSTRAIN in header:
        # "to=x<|constrain|>json" -> "to=x <|constrain|>json", so the type is its own word.
        header = _rust_trim(header.replace(CONSTRAIN, f" {CONSTRAIN}"))
    return _split_words(header)


def parse_header(
    header: str, role: str | None, *, parse_recipient_and_type: bool
) -> tuple[Header, str | None]:
    """Parse a header exactly as the reference does.

    ``role`` is the already-known role (the prompt ended with ``<|start|>role``), or
    None to read it from the first word. An unknown first word followed by more
    header is a tool author (e.g. ``browser.search to=assistant``). Returns the header
    and the words that fit nowhere, joined by spaces (None if there are none); with
    ``parse_recipient_and_type=False`` every word after the role is such a leftover.
    """
    channel, header, found = _take_channel(header)
    if found and channel is None:
        raise HarmonyParseError("channel marker present but no channel value found in header")
    parts = _words(header)

    author_name: str | None = None
    if role is None:
        if not parts:
            raise HarmonyParseError("message header did not contain a role")
        role_word = parts[0]
        if role_word in ROLES:
            role = role_word
        elif len(parts) > 1 or role_word.startswith("to="):
            parts.pop(0)
            role, author_name = "tool", role_word
        else:
            raise HarmonyParseError(f"Unknown role: {role_word}")
    if parts and parts[0] == role:
        parts.pop(0)

    recipient: str | None = None
    content_type: str | None = None
    if parse_recipient_and_type and parts:
        count = len(parts)
        last = parts.pop()
        if last.startswith("to="):
            recipient = last[3:]
        elif count == 1:
            recipient = last  # a lone word is a recipient without "to="
        else:
            content_type = last
            raw_recipient = parts.pop()
            recipient = raw_recipient[3:] if raw_recipient.startswith("to=") else raw_recipient
    leftover = " ".join(parts) if parts else None
    header_out = Header(role, author_name, channel, recipient, content_type)
    return header_out, leftover


def is_plausible(header_text: str, header: Header) -> bool:
    """Whether a header the reference parser accepted means what it says.

    The reference reads only the first ``<|channel|>`` and takes a lone leftover word
    as the recipient, so ``<|channel|>analysis<|channel|>final`` becomes a message on
    ``analysis`` addressed to ``<|channel|>final``: a tool call nobody asked for. No
    real name holds a marker or is empty (``to=`` alone), so the tolerant parser reads
    such headers leniently.
    """
    if header_text.count(CHANNEL) > 1:
        return False
    names = (header.channel, header.recipient, header.author_name)
    return not any(name is not None and (not name or MARKER_START in name) for name in names)


def _take_last_channel(header: str) -> tuple[str | None, str]:
    """Cut every ``<|channel|>value`` out of ``header``; the last value named wins."""
    channel: str | None = None
    while True:
        value, header, found = _take_channel(header)
        if not found:
            return channel, header
        if value is not None:
            channel = value


def _name(word: str) -> str | None:
    """A recipient or author name as far as it goes before any marker (None if empty)."""
    return word.split(MARKER_START, 1)[0] or None


def parse_header_lenient(
    header: str, role: str | None, *, parse_recipient_and_type: bool
) -> tuple[Header, str | None]:
    """Best-effort header parse for the tolerant parser; never raises.

    Differences from ``parse_header``: of several ``<|channel|>`` markers the last
    one named is the channel (a model that changes its mind mid-header) and the
    others are dropped with their values, an empty channel value is ignored, an
    unknown lone first word is still taken as a tool author, a missing role
    defaults to ``assistant``, names end where a marker begins, and with
    ``parse_recipient_and_type`` the recipient and content type are picked out of any
    position while words that fit nowhere are discarded (returned leftover is None).
    """
    channel, header = _take_last_channel(header)
    parts = _words(header)
    author_name: str | None = None
    if role is None:
        if not parts:
            role = "assistant"
        elif parts[0] in ROLES:
            role = parts[0]
        else:
            author_name = _name(parts.pop(0))
            role = "tool" if author_name is not None else "assistant"
    if parts and parts[0] == role:
        parts.pop(0)
    if not parse_recipient_and_type:
        return Header(role, author_name, channel), " ".join(parts) if parts else None

    recipient: str | None = None
    content_type: str | None = None
    others: list[str] = []
    for part in parts:
        if part.startswith("to=") and recipient is None and _name(part[3:]) is not None:
            recipient = _name(part[3:])
        elif part.startswith(CONSTRAIN) and content_type is None:
            content_type = part
        else:
            others.append(part)
    if content_type is None and recipient is not None and others:
        # "to=functions.f json": a plain type word after the recipient.
        content_type = others[-1]
    return Header(role, author_name, channel, recipient, content_type), None
