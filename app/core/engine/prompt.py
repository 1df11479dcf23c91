"""Turning a harmony rendering into token ids without letting text become control tokens.

The renderer hands us a list where control tokens are `Special` objects and
everything else is plain text. Specials map to their ids in the model's own
vocabulary. Plain text is tokenized with special parsing off — but llama.cpp
still matches "user-defined" tokens such as `<|channel|>` inside plain text,
so a user or a document could smuggle a real control token into the prompt.
We therefore cut plain text inside every such marker (after its first
character) before tokenizing: the marker's characters become ordinary tokens.
Text without markers tokenizes exactly as one piece, as the model was trained.
A run of thousands of characters without a break (no space, no punctuation) is
cut too (text_pieces.py): given to llama.cpp whole it would crash its
pre-tokenizer. Ordinary text is never cut there, so its tokens do not change.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence

from app.core.engine.text_pieces import split_for_tokenizer
from app.core.harmony import Special


class PromptError(Exception):
    """The prompt cannot be built for this model (a message for people)."""


def marker_pattern(special_texts: Iterable[str]) -> re.Pattern[str] | None:
    """A regex matching any of the vocabulary's special token strings, longest first."""
    texts = sorted({t for t in special_texts if len(t) > 1}, key=len, reverse=True)
    if not texts:
        return None
    return re.compile("|".join(re.escape(t) for t in texts))


def split_at_markers(text: str, pattern: re.Pattern[str] | None) -> list[str]:
    """Pieces of `text` such that no piece contains a whole special-token string."""
    if pattern is None:
        return [text]
    # Search again from each cut (not finditer): markers may overlap, and a
    # piece must not contain any whole marker, overlapping or not.
    pieces: list[str] = []
    start = 0
    while (match := pattern.search(text, start)) is not None:
        cut = match.start() + 1
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return [p for p in pieces if p]


def tokenize_segments(
    segments: Sequence[str | Special],
    *,
    special_ids: Mapping[str, int],
    tokenize_plain: Callable[[str], list[int]],
    pattern: re.Pattern[str] | None,
) -> list[int]:
    """Token ids for a rendered conversation; only `Special` segments become control tokens."""
    tokens: list[int] = []
    for segment in segments:
        if isinstance(segment, Special):
            token = special_ids.get(segment.text)
            if token is None:
                raise PromptError(
                    f"This model's vocabulary has no {segment.text} token, so it cannot "
                    "speak the harmony chat format."
                )
            tokens.append(token)
            continue
        for piece in split_at_markers(segment, pattern):
            for short in split_for_tokenizer(piece):
                tokens.extend(tokenize_plain(short))
    return tokens
