"""Very long text, cut for the screen: the whole text stays for copying and "Show all".

Qt lays a paragraph out in time that grows faster than its length: one stored
answer holding a single 400,000-character line took 10-20 s to show, every time
its conversation was opened, and 2 MB froze the window for minutes. What a
person can read on screen is far shorter, so each line past LINE_LIMIT
characters and each text past TEXT_LIMIT is shown cut, ending in "…"; the
message's Copy button still copies all of it, and "Show all" lays out the rest
when asked for.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A line of 3,000 characters is 30-40 lines of a wide window; 30,000 characters are
# some twenty screens. Both lay out in a few milliseconds (bench/long_line.py).
LINE_LIMIT = 3_000
TEXT_LIMIT = 30_000
ELLIPSIS = " …"


@dataclass(frozen=True)
class Shown:
    text: str  # what the screen shows
    hidden: int  # characters left out (0: all of it)


def cut_for_screen(text: str, line_limit: int = LINE_LIMIT, text_limit: int = TEXT_LIMIT) -> Shown:
    """``text`` with over-long lines and an over-long tail cut off, and how much was cut."""
    if len(text) <= line_limit:
        return Shown(text, 0)
    lines = text.split("\n")
    if len(text) <= text_limit and all(len(line) <= line_limit for line in lines):
        return Shown(text, 0)
    kept: list[str] = []
    size = hidden = 0
    for index, line in enumerate(lines):
        if size >= text_limit:
            hidden += sum(len(rest) + 1 for rest in lines[index:])
            kept.append(ELLIPSIS.strip())
            break
        room = min(line_limit, text_limit - size)
        if len(line) > room:
            hidden += len(line) - room
            line = line[:room] + ELLIPSIS
        kept.append(line)
        size += len(line) + 1
    return Shown("\n".join(kept), hidden)


_BREAK_EVERY = 20
ZERO_WIDTH_SPACE = "\u200b"


def breakable(text: str, every: int = _BREAK_EVERY) -> str:
    """``text`` with an invisible break opportunity in every run of ``every`` characters
    without a space: for a word-wrapped label (a path, a URL, an engine's error), which
    Qt would otherwise make as wide as its longest word."""
    return re.sub(rf"(\S{{{every}}})(?=\S)", "\\1" + ZERO_WIDTH_SPACE, text)
