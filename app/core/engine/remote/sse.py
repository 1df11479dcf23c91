"""Server-sent events, read line by line from a byte stream (the WHATWG rules that matter).

Each event's ``data:`` lines are joined with newlines; comments (``:``) and other
fields are skipped. A line longer than ``MAX_LINE`` or a body that is not text
is malformed: ``SseError`` says so, and the caller ends the answer there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

MAX_LINE = 4 * 1024 * 1024


class SseError(Exception):
    """The stream is not server-sent events."""


def events(readline: Callable[[int], bytes]) -> Iterator[str]:
    """The data of each event; ends when the stream ends (a last event without its blank line
    still counts: some servers close right after ``data: [DONE]``)."""
    data: list[str] = []
    while True:
        raw = readline(MAX_LINE + 1)
        if not raw:
            if data:
                yield "\n".join(data)
            return
        if len(raw) > MAX_LINE:
            raise SseError("line too long")
        try:
            line = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError:
            raise SseError("not UTF-8") from None
        if not line:
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith(":"):
            continue
        name, colon, value = line.partition(":")
        if not colon and name not in ("data", "event", "id", "retry"):
            raise SseError(f"not an event field: {line[:40]!r}")
        if value.startswith(" "):
            value = value[1:]
        if name == "data":
            data.append(value)
