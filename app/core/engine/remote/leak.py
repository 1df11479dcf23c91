"""Harmony tokens that a server let through into ``content``, put back in their channels.

Some servers, with some versions of their parser, send the raw completion as
``content``: ``<|channel|>analysis<|message|>…<|end|><|start|>assistant<|channel|>final
<|message|>…`` (vLLM #32587). Shown as is, the reasoning would read as the answer
and the markers as garbage; echoed back in the next request, llama-server
answers 500 (llama.cpp #15091). ``LeakRouter`` reads such text as it streams:
text after ``<|channel|>NAME…<|message|>`` belongs to that channel, headers and
other markers are dropped, and ordinary text (no marker ever) passes through as
``final`` untouched. A marker split across chunks is held until it is whole. A leaked tool call
(``<|channel|>commentary to=functions.x <|constrain|>json<|message|>{…}<|call|>``)
comes out on the channel ``tool:functions.x``, for the caller to turn into a call.
"""

from __future__ import annotations

import re

#: The channel of a leaked tool call's arguments: this prefix and the recipient.
TOOL_PREFIX = "tool:"
_MARKER = re.compile(r"<\|([A-Za-z_]+)\|>")
# A proper prefix of a marker at the end of the text: held until the next chunk.
_PARTIAL = re.compile(r"<(?:\|(?:[A-Za-z_]+\|?)?)?$")


class LeakRouter:
    def __init__(self) -> None:
        self._pending = ""
        self.channel = "final"
        # Between <|start|> or <|channel|> and <|message|>: header text, not content.
        self._in_header = False
        self._header = ""
        self.leaked = False

    def feed(self, text: str) -> list[tuple[str, str]]:
        """(channel, text) pieces ready to show."""
        text = self._pending + text
        partial = _PARTIAL.search(text)
        if partial:
            self._pending, text = text[partial.start() :], text[: partial.start()]
        else:
            self._pending = ""
        return self._route(text)

    def flush(self) -> list[tuple[str, str]]:
        text, self._pending = self._pending, ""
        return self._route(text) if not self._in_header else []

    def _route(self, text: str) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        position = 0
        for match in _MARKER.finditer(text):
            self._take(text[position : match.start()], out)
            position = match.end()
            self.leaked = True
            name = match[1]
            if name in ("start", "channel"):
                # The channel's name follows <|channel|>; the role after <|start|> is not needed.
                self._in_header, self._header = True, ""
            elif name == "message":
                words = self._header.split()
                channel = words[0] if words else "final"
                recipient = next((w[3:] for w in words if w.startswith("to=")), None)
                if recipient:  # a tool call written as text: its arguments follow
                    self.channel = f"{TOOL_PREFIX}{recipient}"
                elif channel in ("analysis", "commentary", "final"):
                    self.channel = channel
                self._in_header = False
            elif name == "constrain":
                self._header += " "
            # end, return, call and anything else: dropped; the next header says what follows
        self._take(text[position:], out)
        return out

    def _take(self, text: str, out: list[tuple[str, str]]) -> None:
        if not text:
            return
        if self._in_header:
            self._header += text
            return
        if out and out[-1][0] == self.channel:
            out[-1] = (self.channel, out[-1][1] + text)
        else:
            out.append((self.channel, text))
