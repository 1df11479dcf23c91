"""Names the model sees for the tools of MCP servers.

A server may name a tool anything, harmony markers included (``<|call|>``
inside a name would end the model's message where the tool's name should be).
The model sees ``server_tool`` made only of letters, digits, ``_`` and ``-``,
and the host maps that name back to the server and the tool's real name.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]+")
MAX_NAME = 64


def safe_part(text: str) -> str:
    return _UNSAFE.sub("_", text).strip("_-")


def model_name(server: str, tool: str, taken: set[str]) -> str:
    """A unique harmony-safe name for ``tool`` of ``server``, added to ``taken``."""
    base = f"{safe_part(server) or 'server'}_{safe_part(tool) or 'tool'}"[:MAX_NAME]
    name, n = base, 2
    while name in taken:
        name = f"{base[: MAX_NAME - 4]}_{n}"
        n += 1
    taken.add(name)
    return name
