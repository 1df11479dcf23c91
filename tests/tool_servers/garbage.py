"""A hand-written stdio MCP server that answers calls with garbage.

``python garbage.py text``: a line that is not JSON where the answer belongs.
``python garbage.py shape``: well-formed JSON-RPC whose result is not a tool result.
(The SDK's own server cannot be made to misbehave this way: it guards its stdout.)
"""

from __future__ import annotations

import json
import sys

MODE = sys.argv[1] if len(sys.argv) > 1 else "text"
TOOL = {"name": "answer", "description": "Answers badly.", "inputSchema": {"type": "object"}}


def reply(message_id: object, result: object) -> None:
    sys.stdout.write(json.dumps({"jsonrpc": "2.0", "id": message_id, "result": result}) + "\n")
    sys.stdout.flush()


for line in sys.stdin:
    request = json.loads(line)
    method, message_id = request.get("method"), request.get("id")
    if method == "initialize":
        reply(message_id, {
            "protocolVersion": request["params"]["protocolVersion"],
            "capabilities": {"tools": {}},
            "serverInfo": {"name": "garbage", "version": "1"},
        })  # fmt: skip
    elif method == "tools/list":
        reply(message_id, {"tools": [TOOL]})
    elif method == "tools/call":
        if MODE == "text":
            sys.stdout.write("this is not json at all\n")
            sys.stdout.flush()
        else:
            reply(message_id, {"content": "not a list of blocks", "isError": "perhaps"})
    elif message_id is not None:
        reply(message_id, {})
