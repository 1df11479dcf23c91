"""Streaming removal of control-token look-alikes from displayed text.

A model can spell ``<|end|>`` out of ordinary text tokens. Such text is not a control
token, but showing it would be confusing, so the tolerant parser removes every
substring shaped like ``<|word|>`` (``word`` = ``[A-Za-z0-9_]+``).

Removal works like a stack: characters are appended to the output, and whenever the
output ends in a marker, that marker is dropped. Dropping one can join the text
around it into a new marker (``<|a<|b|>|>``), which is then dropped in turn, so the
result never contains a marker.

For streaming, text is released as soon as no future input could remove it. A
suffix is at risk exactly when it splits into pieces that are each a proper prefix of
a marker (``<``, ``<|``, ``<|wo``, ``<|word|``); everything before it is released.
An at-risk run longer than ``MAX_HELD`` (say ``<<<<<<...``) is released anyway so
that output keeps flowing and work per character stays bounded. The released part
is then remembered in ``_context`` (as one of the shapes ``<``, ``<|``, ``<|w``,
``<|w|``): a marker that would be completed across it has its unreleased part
dropped, so even then no marker is ever shown. Every decision is made per
character, so the result does not depend on how the text was chunked.
"""

from __future__ import annotations

import re
from typing import Final

# Longest at-risk text held back before it is released regardless.
MAX_HELD: Final = 64

# A proper prefix of a marker: one piece of an at-risk suffix.
_MARKER_PREFIX_RE: Final = re.compile(r"<(?:\|(?:[A-Za-z0-9_]+\|?)?)?")
_WORD_RE: Final = re.compile(r"[A-Za-z0-9_]+")


def _canonical_piece(text: str) -> str:
    """The shape of a trailing marker prefix of ``text`` ("" if it does not end in one).

    Which word chars a prefix holds never matters for matching, only its shape, so a
    prefix of any length is stored in at most four characters.
    """
    lt = text.rfind("<")
    if lt < 0 or not _MARKER_PREFIX_RE.fullmatch(text, lt):
        return ""
    piece = text[lt:]
    if len(piece) <= 2:
        return piece
    return "<|w|" if piece.endswith("|") else "<|w"


class MarkerFilter:
    """Removes marker-shaped text from a stream, holding back only what could be one."""

    def __init__(self) -> None:
        self._pending = ""  # not yet released; at most MAX_HELD + 1 chars between calls
        self._context = ""  # shape of a marker prefix that ends the released text

    @property
    def pending(self) -> str:
        """Text held back because it could still become part of a marker."""
        return self._pending

    def feed(self, text: str) -> str:
        """Add ``text``; return the newly released part (possibly empty)."""
        if not self._pending and not self._context and "<" not in text:
            return text  # fast path: nothing could start or continue a marker
        released: list[str] = []
        for char in text:
            self._pending += char
            if char == ">" and self._pending.endswith("|>"):
                self._drop_trailing_marker()
            if len(self._pending) > MAX_HELD:
                self._release(self._at_risk_start(), released)
                if len(self._pending) > MAX_HELD:
                    self._release(len(self._pending) - MAX_HELD, released)
        self._release(self._at_risk_start(), released)
        return "".join(released)

    def flush(self) -> str:
        """Release everything held back (the stream ended, so it can no longer grow)."""
        held = self._pending
        self._pending = ""
        self._context = ""
        return held

    def _release(self, cut: int, released: list[str]) -> None:
        if cut <= 0:
            return
        text = self._pending[:cut]
        self._pending = self._pending[cut:]
        self._context = _canonical_piece(self._context + text)
        released.append(text)

    def _drop_trailing_marker(self) -> None:
        # The word holds no "<" or "|", so only the nearest "<|" can open the marker.
        combined = self._context + self._pending
        opener = combined.rfind("<|", 0, len(combined) - 2)
        if opener < 0 or not _WORD_RE.fullmatch(combined, opener + 2, len(combined) - 2):
            return
        # A marker that began in released text loses all of its unreleased part.
        self._pending = self._pending[: max(0, opener - len(self._context))]

    def _at_risk_start(self) -> int:
        """Index in ``_pending`` where the suffix a marker could still eat begins."""
        pending = self._pending
        start = end = len(pending)
        while True:
            lt = pending.rfind("<", 0, end)
            if lt < 0:
                break
            if not _MARKER_PREFIX_RE.fullmatch(pending, lt, end):
                return start
            start = end = lt
        # The head (before any "<") may still extend a prefix left in released text.
        if end == 0 or (
            self._context and _MARKER_PREFIX_RE.fullmatch(self._context + pending[:end])
        ):
            return 0
        return start


def strip_markers(text: str) -> str:
    """Remove marker-shaped substrings from a complete text (same rules as streaming)."""
    marker_filter = MarkerFilter()
    return marker_filter.feed(text) + marker_filter.flush()
