"""The tools one turn may use: MCP tools as harmony functions, built-ins as namespaces.

MCP tools are declared in the developer message's ``functions`` namespace under
harmony-safe names; gpt-oss's own ``browser`` and ``python`` are declared in the
system message, as harmony specifies for built-in tools. ``resolve`` maps the
recipient the model wrote (``functions.time_get_current_time``,
``browser.search``, ``python``) back to who runs it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.core.harmony import ToolNamespace, ToolSpec
from app.core.tools.host import CancelSignal, HostTool, ToolHost
from app.core.tools.results import ToolResult


class BuiltinTool(Protocol):
    """A tool Lokal itself runs (browser, python): one namespace, called in-process."""

    namespace: ToolNamespace

    def call(self, name: str, arguments: str, cancel: CancelSignal | None) -> ToolResult: ...


@dataclass(frozen=True)
class ResolvedCall:
    recipient: str  # as the model wrote it
    server: str  # the MCP server, or the built-in's namespace ("browser", "python")
    tool: str  # the server's own name for it ("search" for browser.search)
    arguments: str
    never_ask: bool = False

    @property
    def key(self) -> str:
        """What "always allow in this conversation" remembers."""
        return f"{self.server}/{self.tool}"

    def pretty_arguments(self) -> str:
        try:
            return json.dumps(json.loads(self.arguments), indent=2, ensure_ascii=False)
        except (json.JSONDecodeError, ValueError):
            return self.arguments


@dataclass
class ToolSet:
    host: ToolHost | None = None
    servers: tuple[str, ...] = ()
    builtins: Mapping[str, BuiltinTool] = field(default_factory=dict)
    _functions: list[HostTool] | None = None

    def functions(self, cancel: CancelSignal | None = None) -> list[HostTool]:
        """The MCP tools on offer (their servers start here, the first time; Stop ends
        the wait for them)."""
        if self._functions is None:
            host, servers = self.host, self.servers
            self._functions = host.tools(servers, cancel) if host and servers else []
        return self._functions

    def specs(self, cancel: CancelSignal | None = None) -> tuple[ToolSpec, ...]:
        return tuple(
            ToolSpec(t.model_name, t.description, t.parameters or None)
            for t in self.functions(cancel)
        )

    def namespaces(self) -> tuple[ToolNamespace, ...]:
        # The reference renderer keeps namespaces sorted by name.
        return tuple(self.builtins[name].namespace for name in sorted(self.builtins))

    def resolve(self, recipient: str, arguments: str) -> ResolvedCall | None:
        """Who runs a call to ``recipient``; None for a tool that is not on offer."""
        head, _, rest = recipient.partition(".")
        if head == "functions":
            tool = next((t for t in self.functions() if t.model_name == rest), None)
            if tool is None:
                return None
            return ResolvedCall(recipient, tool.server, tool.name, arguments, tool.never_ask)
        builtin = self.builtins.get(head)
        if builtin is None:
            return None
        names = {t.name for t in builtin.namespace.tools}
        if names and rest not in names:
            return None
        return ResolvedCall(recipient, head, rest or head, arguments)

    def call(self, resolved: ResolvedCall, cancel: CancelSignal | None) -> ToolResult:
        builtin = self.builtins.get(resolved.server)
        if builtin is not None and not resolved.recipient.startswith("functions."):
            return builtin.call(resolved.tool, resolved.arguments, cancel)
        assert self.host is not None
        return self.host.call(resolved.server, resolved.tool, resolved.arguments, cancel=cancel)


def tool_set_for(
    host: ToolHost | None,
    enabled: Sequence[str],
    builtin_factories: Mapping[str, Callable[[], BuiltinTool]] | None = None,
) -> ToolSet:
    """The tools a conversation switched on: MCP server names and built-in names."""
    factories = dict(builtin_factories or {})
    builtins = {name: factories[name]() for name in enabled if name in factories}
    servers = tuple(
        name
        for name in enabled
        if name not in builtins and host is not None and host.config.get(name) is not None
    )
    return ToolSet(host, servers, builtins)


def builtin_factories(
    database: Path | str, python_packages: Callable[[], str | None] = lambda: None
) -> dict[str, Callable[[int], BuiltinTool]]:
    """gpt-oss's own tools, made per conversation (both off until a conversation asks).

    ``python_packages`` says, when a turn starts, which folder of packages the
    python tool may import (None: the standard library only).
    """
    from app.core.tools.browser_tool import DocumentBrowser
    from app.core.tools.python_tool import PythonTool

    def browser(conversation_id: int) -> BuiltinTool:
        return DocumentBrowser(database, conversation_id)

    def python(conversation_id: int) -> BuiltinTool:
        folder = python_packages()
        return PythonTool(packages=Path(folder) if folder else None)

    return {"browser": browser, "python": python}
