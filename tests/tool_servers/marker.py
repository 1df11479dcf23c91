"""An MCP server whose one tool leaves a mark in a file, so a test can see that it ran.

Its only argument is an enum, so a model with random weights forced to call it
writes the whole call in a few tokens. Run as ``python marker.py MARK_FILE``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Literal

from mcp.server.mcpserver import MCPServer

server = MCPServer("marker")


@server.tool()
def mark(word: Literal["hi"]) -> str:
    """Write a word into the mark file."""
    with Path(sys.argv[1]).open("a", encoding="utf-8") as handle:
        handle.write(word + "\n")
    return f"marked {word}"


if __name__ == "__main__":
    server.run("stdio")
