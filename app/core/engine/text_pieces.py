"""Cutting plain text into pieces that llama.cpp's pre-tokenizer cannot choke on.

gpt-oss's pre-tokenizer (`gpt-4o`) runs as a std::regex in llama.cpp, and that
matcher recurses once per character of a match: one long match overflows the
stack and the engine dies with SIGSEGV. On an 8 MiB stack a run of 26,187
letters, punctuation, CJK or whitespace characters is enough (26,156 pass);
the limit falls in proportion with the stack (1,577 pass on 512 KiB)
(bench/tokenizer_limit.py measures it, results in bench/tokenizer_limit.json).

A match never reaches across a place where the regex always starts a new
pre-token: after

* a letter, before anything but a letter or an apostrophe (a contraction);
* a digit, before anything but a digit (digits go in threes, `\\p{N}{1,3}`);
* other non-space text, before a digit, a space or a tab (punctuation takes
  `[\\r\\n/]*` after it, and lends itself as a prefix to letters);

and the regex has no look-behind, so cutting the text there changes no token.
Ordinary text has such a place every few characters and goes to llama.cpp
whole. Only a run with none for MAX_RUN_CHARS characters (a megabyte of one
letter, a wall of spaces, a long line of CJK without punctuation) is cut inside:
between characters, never before a combining mark or joiner, and digits in the
regex's threes. MAX_RUN_CHARS is 26 times below the limit measured on the
engine's stack and still below the one on a stack of 512 KiB.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterator
from typing import Final

#: The longest run without a clean cut that goes to llama_tokenize (code points).
MAX_RUN_CHARS: Final = 1000

_LETTER, _DIGIT, _SPACE, _NEWLINE, _OTHER, _UNASSIGNED, _ODD_SPACE = "LNSRPUW"
# Characters a forced cut must not come before: they belong to the one before them.
_JOINERS: Final = frozenset("\u200c\u200d\u034f")
# A space or tab after anything but whitespace: a clean cut (see is_clean_cut), found
# fast, so that ordinary text is checked without looking at every character.
_SPACE_AFTER_TEXT: Final = re.compile(r"(?<=\S)[ \t]")


@functools.lru_cache(maxsize=4096)
def _kind(char: str) -> str:
    if char in " \t":
        return _SPACE
    if char in "\r\n":
        return _NEWLINE
    category = unicodedata.category(char)
    if category[0] == "L":
        return _LETTER
    if category[0] == "N":
        return _DIGIT
    if char.isspace():
        return _ODD_SPACE  # whitespace the regex may group with its neighbours
    if category == "Cn":
        return _UNASSIGNED  # maybe a letter in llama.cpp's newer tables
    return _OTHER


def is_clean_cut(text: str, index: int) -> bool:
    """Whether cutting ``text`` before ``index`` leaves its pre-tokenization unchanged."""
    before, after = _kind(text[index - 1]), _kind(text[index])
    if before == _LETTER:
        return after in (_DIGIT, _SPACE, _NEWLINE) or (after == _OTHER and text[index] != "'")
    if before == _DIGIT:
        return after not in (_DIGIT, _UNASSIGNED)
    if before in (_OTHER, _UNASSIGNED):
        return after in (_DIGIT, _SPACE)
    return False


def split_for_tokenizer(text: str, max_run: int = MAX_RUN_CHARS) -> list[str]:
    """``text`` in pieces without a run of more than ``max_run`` characters between clean
    cuts; ordinary text stays whole."""
    if len(text) <= max_run:
        return [text]
    cuts: list[int] = []
    previous = 0
    for position in _spaces_after_text(text):
        if position - previous > max_run:
            cuts.extend(_forced_cuts(text, previous, position, max_run))
        previous = position
    if not cuts:
        return [text]
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def _spaces_after_text(text: str) -> Iterator[int]:
    for match in _SPACE_AFTER_TEXT.finditer(text):
        yield match.start()
    yield len(text)


def _forced_cuts(text: str, start: int, end: int, max_run: int) -> Iterator[int]:
    """Cuts in (start, end) so that no run between clean cuts exceeds ``max_run``."""
    run_start = start
    index = start + 1
    while index < end:
        if is_clean_cut(text, index):
            run_start = index
        elif index - run_start >= max_run:
            cut = _forced_cut(text, run_start, index)
            yield cut
            run_start = cut
            index = cut
        index += 1


def _forced_cut(text: str, start: int, end: int) -> int:
    """A cut in (start, end] for a run without a clean one: keeps marks with their letter
    and digits in the regex's threes."""
    if _kind(text[end - 1]) == _DIGIT and _kind(text[end]) == _DIGIT:
        run = end - 1
        while run > start and _kind(text[run - 1]) == _DIGIT:
            run -= 1
        # A digit run reaching back to `start` was cut there in threes already.
        aligned = run + (end - run) // 3 * 3
        if aligned > start:
            return aligned
    cut = end
    while cut > start + 1 and _belongs_to_previous(text, cut):
        cut -= 1
    return end if _belongs_to_previous(text, cut) else cut


def _belongs_to_previous(text: str, index: int) -> bool:
    char = text[index]
    return (
        unicodedata.category(char)[0] == "M"
        or char in _JOINERS
        or "\ufe00" <= char <= "\ufe0f"  # variation selectors
        or (char == "\n" and text[index - 1] == "\r")
    )
