"""Splitting an answer's Markdown into prose and fenced code blocks.

The window shows code blocks as their own widgets (highlighted, with a copy
button); the prose between them goes to the Markdown view. Works on text that
is still streaming: an unclosed fence is a code block that is still growing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# CommonMark: up to three spaces, then at least three backticks or tildes.
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


@dataclass(frozen=True)
class Prose:
    text: str


@dataclass(frozen=True)
class Code:
    text: str
    language: str  # the info string's first word, lower-case; "" if none
    closed: bool = True


Segment = Prose | Code


def split_segments(markdown: str) -> list[Segment]:
    segments: list[Segment] = []
    prose: list[str] = []
    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        # A backtick fence's info string may not contain backticks (CommonMark).
        if opening is None or (opening.group(2)[0] == "`" and "`" in opening.group(3)):
            prose.append(lines[i])
            i += 1
            continue
        if prose:
            segments.append(Prose("\n".join(prose)))
            prose = []
        indent, fence, info = opening.groups()
        words = info.strip().split()
        language = words[0].lower() if words else ""
        body: list[str] = []
        i += 1
        closed = False
        while i < len(lines):
            closing = _FENCE.match(lines[i])
            if (
                closing is not None
                and closing.group(2)[0] == fence[0]
                and len(closing.group(2)) >= len(fence)
                and not closing.group(3).strip()
            ):
                closed = True
                i += 1
                break
            line = lines[i]
            # Content lines lose up to the opening fence's indentation.
            body.append(line[len(indent) :] if line.startswith(indent) else line.lstrip(" "))
            i += 1
        segments.append(Code("\n".join(body), language, closed))
    if prose:
        segments.append(Prose("\n".join(prose)))
    return [s for s in segments if not (isinstance(s, Prose) and not s.text.strip())]
