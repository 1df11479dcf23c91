"""The one exception type of the grammar package."""

from __future__ import annotations

from typing import Literal

# Why a grammar was refused, so that callers (and the differential test) can tell
# "llama.cpp would refuse it too" from "llama.cpp would take it and then misbehave":
#   syntax  - llama.cpp's own parser or its init checks reject it (returns NULL);
#   unsafe  - llama.cpp would accept it but then hang, run out of memory, overflow
#             its stack, or generate forever;
#   policy  - the caller's limits: forbidden or unknown tokens, ids outside the
#             vocabulary, oversized input, unsupported JSON-schema keywords.
ErrorKind = Literal["syntax", "unsafe", "policy"]


class GrammarError(ValueError):
    """A grammar (or schema) that must not reach llama.cpp.

    `str(error)` is a readable sentence; `line`/`column` (1-based) locate the
    problem in the grammar text when there is a single place to point at.
    """

    def __init__(
        self,
        reason: str,
        *,
        kind: ErrorKind = "syntax",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.kind: ErrorKind = kind
        self.line = line
        self.column = column
