"""gpt-oss's built-in tools (browser, python) as functions a server can offer.

A local model sees them in the system message, as harmony declares built-in
tools; a server's chat API only takes function definitions, so each built-in
becomes one: ``python`` takes its code as ``{"code": …}``, the browser's
``search``/``open``/``find`` become ``browser_search`` and so on (OpenAI's
function names allow no dots). What the server calls is mapped back to the
recipient the turn's tool set knows (``python``, ``browser.search``), and a
call that goes back in the history is written as the server was offered it.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from app.core.harmony import ToolNamespace

CODE_PARAMETERS: dict[str, Any] = {
    "type": "object",
    "properties": {"code": {"type": "string", "description": "The Python code to run."}},
    "required": ["code"],
}


def _whole(namespace: ToolNamespace) -> bool:
    """A namespace called as itself (python), not through named functions (browser)."""
    return not namespace.tools


def functions(namespaces: Sequence[ToolNamespace], taken: set[str]) -> list[dict[str, Any]]:
    """Function definitions for the built-ins; a name an MCP tool already has is left out
    (the MCP tool keeps it)."""
    out: list[dict[str, Any]] = []
    for namespace in namespaces:
        if _whole(namespace):
            specs = [(namespace.name, namespace.description or "", CODE_PARAMETERS)]
        else:
            specs = [
                (
                    f"{namespace.name}_{tool.name}",
                    tool.description,
                    tool.parameters or {"type": "object", "properties": {}},
                )
                for tool in namespace.tools
            ]
        for name, description, parameters in specs:
            if name in taken:
                continue
            out.append(
                {
                    "type": "function",
                    "function": {
                        "name": name,
                        "description": description,
                        "parameters": parameters,
                    },
                }
            )
    return out


def recipient(
    name: str, arguments: str, namespaces: Sequence[ToolNamespace], taken: set[str]
) -> tuple[str, str]:
    """The harmony recipient and arguments for a call the server returned."""
    if "." in name or name in taken:
        return (name if "." in name else f"functions.{name}"), arguments
    for namespace in namespaces:
        if _whole(namespace) and name == namespace.name:
            return namespace.name, _code(arguments)
        for tool in namespace.tools:
            if name == f"{namespace.name}_{tool.name}":
                return f"{namespace.name}.{tool.name}", arguments
    return f"functions.{name}", arguments


def wire_call(call_recipient: str, content: str) -> tuple[str, str]:
    """A call from the history as the server was offered it: (function name, arguments)."""
    if call_recipient.startswith("functions."):
        return call_recipient.removeprefix("functions."), content
    head, dot, rest = call_recipient.partition(".")
    if dot:
        return f"{head}_{rest}", content
    return head, json.dumps({"code": content}, ensure_ascii=False)


def _code(arguments: str) -> str:
    """The code of a python call: ``{"code": …}`` as offered, or the text itself (a server
    that passed gpt-oss's raw code through)."""
    try:
        data = json.loads(arguments)
    except ValueError:
        return arguments
    if isinstance(data, dict) and isinstance(data.get("code"), str):
        return str(data["code"])
    return arguments
