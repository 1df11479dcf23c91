"""Harmony control tokens as text, plus the ``Special`` marker used by the renderer.

The gpt-oss vocabulary (``o200k_harmony``) maps each of these literal strings to one
token id. The renderer never puts them inside plain strings: it emits ``Special``
objects instead, so that the engine can map them to ids while tokenizing every plain
string with special-token recognition switched off. That is what stops user or
document text that merely *spells* ``<|end|>`` from acting as a control token.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

START: Final = "<|start|>"
END: Final = "<|end|>"
MESSAGE: Final = "<|message|>"
CHANNEL: Final = "<|channel|>"
CONSTRAIN: Final = "<|constrain|>"
RETURN: Final = "<|return|>"
CALL: Final = "<|call|>"
STARTOFTEXT: Final = "<|startoftext|>"
ENDOFTEXT: Final = "<|endoftext|>"

# The tokens that structure a harmony conversation.
FORMAT_TOKENS: Final[tuple[str, ...]] = (START, END, MESSAGE, CHANNEL, CONSTRAIN, RETURN, CALL)

# Every named special of o200k_harmony (the reserved ones are matched by number).
HARMONY_SPECIALS: Final[tuple[str, ...]] = (STARTOFTEXT, ENDOFTEXT, *FORMAT_TOKENS)

# The ids of the named specials in gpt-oss's own vocabulary, for code that must
# resolve them without a model at hand. A loaded model's vocabulary is the truth.
O200K_HARMONY_IDS: Final[dict[str, int]] = {
    STARTOFTEXT: 199998,
    ENDOFTEXT: 199999,
    RETURN: 200002,
    CONSTRAIN: 200003,
    CHANNEL: 200005,
    START: 200006,
    END: 200007,
    MESSAGE: 200008,
    CALL: 200012,
    "<|endofprompt|>": 200018,
}

# Tokens that close a message (the reference library's stop tokens).
STOP_TOKENS: Final[frozenset[str]] = frozenset({END, CALL, RETURN})

# o200k_harmony gives ids 199998..201088 to specials; the ones without a name are
# spelled <|reserved_<id>|>. Only those exact ids are tokens, so only they count.
_NAMED_IDS: Final = frozenset(
    {199998, 199999, 200002, 200003, 200005, 200006, 200007, 200008, 200012}
)
_RESERVED_FIRST: Final = 200000
_RESERVED_LAST: Final = 201088

# Anything shaped like a control token, whether or not the vocabulary knows it.
MARKER_RE: Final = re.compile(r"<\|[A-Za-z0-9_]+\|>")

# Candidates for special tokens when splitting plain text (validated afterwards).
_SPECIAL_CANDIDATE_RE: Final = re.compile(
    r"<\|(?:start|end|message|channel|constrain|return|call|startoftext|endoftext"
    r"|reserved_[0-9]{6})\|>"
)


@dataclass(frozen=True, slots=True)
class Special:
    """A control token in rendered output, given by its literal text (e.g. ``"<|end|>"``)."""

    text: str

    def __str__(self) -> str:
        return self.text


def is_harmony_special(text: str) -> bool:
    """True if ``text`` is exactly the literal string of an o200k_harmony special token."""
    if text in HARMONY_SPECIALS:
        return True
    if text.startswith("<|reserved_") and text.endswith("|>"):
        digits = text[len("<|reserved_") : -2]
        if len(digits) == 6 and digits.isascii() and digits.isdigit():
            number = int(digits)
            return _RESERVED_FIRST <= number <= _RESERVED_LAST and number not in _NAMED_IDS
    return False


def split_specials(text: str) -> list[str | Special]:
    """Split ``text`` at the literal strings of harmony special tokens.

    This mirrors encoding a string with all specials allowed: every exact special
    string becomes a ``Special`` and everything between stays plain text. Marker-shaped
    text the vocabulary does not know (e.g. ``<|foo|>``) stays plain text.
    """
    out: list[str | Special] = []
    pos = 0
    for match in _SPECIAL_CANDIDATE_RE.finditer(text):
        if not is_harmony_special(match.group(0)):
            continue
        if match.start() > pos:
            out.append(text[pos : match.start()])
        out.append(Special(match.group(0)))
        pos = match.end()
    if pos < len(text):
        out.append(text[pos:])
    return out
