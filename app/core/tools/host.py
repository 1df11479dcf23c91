"""``ToolHost``: the MCP servers of ``mcp.json`` and the built-in tools, for any asker.

The servers live on one asyncio loop in the host's own thread; every public
method is synchronous and may be called from any thread. Servers start only
when a tool of theirs is first needed (``ensure``) and stop on ``close``. A
call is bounded by its timeout (60 s unless the asker says otherwise) and by
the asker's cancel signal, which ends the wait at once: the call's task is
cancelled on the loop while the asker goes on.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

from app.core.sentence import Sentence
from app.core.tools.config import ToolsConfig, load_config, save_config
from app.core.tools.mcp_server import START_TIMEOUT_S, McpServer, ServerState
from app.core.tools.naming import model_name
from app.core.tools.results import (
    CALL_CANCELLED,
    SERVER_UNKNOWN,
    TOOL_UNKNOWN,
    ToolResult,
    parse_arguments,
)

__all__ = ["CALL_TIMEOUT_S", "HostTool", "ServerState", "ServerStatus", "ToolHost"]

CALL_TIMEOUT_S = 60.0
T = TypeVar("T")


class CancelSignal(Protocol):
    """What the host needs of a cancel token (the engine service's CancelToken is one)."""

    @property
    def cancelled(self) -> bool: ...

    def on_cancel(self, callback: Callable[[], None]) -> Callable[[], None]: ...


@dataclass(frozen=True)
class HostTool:
    server: str
    name: str  # the server's own name for it
    model_name: str  # harmony-safe, unique: what the model calls
    description: str
    parameters: dict[str, Any]
    enabled: bool = True
    never_ask: bool = False


@dataclass(frozen=True)
class ServerStatus:
    name: str
    transport: str
    enabled: bool
    state: ServerState
    tools: tuple[HostTool, ...] = ()
    reason: str | None = None
    stderr_tail: str = ""


class ToolHost:
    def __init__(self, config_path: Path | None = None, config: ToolsConfig | None = None) -> None:
        self.config_path = config_path
        self._config = config if config is not None else self._read()
        self._servers: dict[str, McpServer] = {}
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="tools", daemon=True)
        self._thread.start()
        self._closed = False

    def _read(self) -> ToolsConfig:
        return load_config(self.config_path) if self.config_path else ToolsConfig()

    # --- configuration ------------------------------------------------------------

    @property
    def config(self) -> ToolsConfig:
        return self._config

    def set_config(self, config: ToolsConfig, *, save: bool = True, restart: bool = True) -> None:
        """Use ``config`` (saving it); servers whose entry changed stop (and start anew when
        next needed). ``restart=False``: only switches of tools changed, servers go on."""
        old = self._config
        self._config = config
        if save and self.config_path is not None:
            save_config(self.config_path, config)
        if not restart:
            for name, running in self._servers.items():
                changed = config.get(name)
                if changed is not None:
                    running.config = changed
            return
        for server in old.servers:
            new = config.get(server.name)
            if new is None or (new.command, new.args, new.env, new.url, new.headers) != (
                server.command, server.args, server.env, server.url, server.headers
            ) or not new.enabled:  # fmt: skip
                self.stop_server(server.name)

    # --- servers --------------------------------------------------------------------

    def _run(self, coroutine: Any, timeout: float | None = None) -> Any:
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)
        return future.result(timeout)

    def _server(self, name: str) -> McpServer | None:
        config = self._config.get(name)
        if config is None:
            return None
        server = self._servers.get(name)
        if server is None or server.config != config:
            server = McpServer(config)
            self._servers[name] = server
        return server

    def ensure(
        self, names: Iterable[str], cancel: CancelSignal | None = None
    ) -> list[ServerStatus]:
        """Start the named servers that are not running (in parallel); their states.

        A cancel ends the wait at once; the servers go on starting for the next asker.
        """
        servers = [s for s in (self._server(n) for n in names) if s is not None]
        if servers and not self._closed and not (cancel is not None and cancel.cancelled):

            async def start_all() -> None:
                await asyncio.gather(*(s.start() for s in servers if s.config.enabled))

            future = asyncio.run_coroutine_threadsafe(start_all(), self._loop)
            undo = cancel.on_cancel(_canceller(future)) if cancel is not None else (lambda: None)
            try:
                future.result(START_TIMEOUT_S + 10)
            except (concurrent.futures.CancelledError, concurrent.futures.TimeoutError):
                future.cancel()
            finally:
                undo()
        return [self.status(s.config.name) for s in servers]

    def restart(self, name: str) -> ServerStatus:
        self.stop_server(name)
        return self.ensure([name])[0]

    def stop_server(self, name: str) -> None:
        server = self._servers.pop(name, None)
        if server is not None and not self._closed:
            self._run(server.stop(), 15)

    def status(self, name: str) -> ServerStatus:
        config = self._config.get(name)
        if config is None:
            raise KeyError(name)
        server = self._servers.get(name)
        state = server.state if server else ServerState.STOPPED
        taken: set[str] = set()
        # Names must be unique across servers: number them in configuration order.
        for other in self._config.servers:
            if other.name == name:
                break
            running = self._servers.get(other.name)
            for tool in running.tools if running else ():
                model_name(other.name, tool.name, taken)
        tools = tuple(
            HostTool(
                name, tool.name, model_name(name, tool.name, taken), tool.description,
                tool.parameters, tool.name not in config.disabled_tools,
                tool.name in config.never_ask,
            )
            for tool in (server.tools if server else ())
        )  # fmt: skip
        return ServerStatus(
            name, config.transport, config.enabled, state, tools,
            server.reason if server else None, server.stderr_tail() if server else "",
        )  # fmt: skip

    def statuses(self) -> list[ServerStatus]:
        return [self.status(s.name) for s in self._config.servers]

    def tools(self, servers: Sequence[str], cancel: CancelSignal | None = None) -> list[HostTool]:
        """The enabled tools of ``servers`` (started if need be) that are switched on."""
        wanted = [n for n in servers if (c := self._config.get(n)) is not None and c.enabled]
        self.ensure(wanted, cancel)
        return [t for n in wanted for t in self.status(n).tools if t.enabled]

    # --- calls ------------------------------------------------------------------------

    def call(
        self,
        server: str,
        tool: str,
        arguments: str | dict[str, Any] | None,
        *,
        timeout_s: float = CALL_TIMEOUT_S,
        cancel: CancelSignal | None = None,
    ) -> ToolResult:
        """Call ``tool`` of ``server``; always a result, never an exception."""
        started = time.monotonic()
        mcp_server = self._server(server)
        if mcp_server is None or not mcp_server.config.enabled:
            return ToolResult.failure(Sentence(SERVER_UNKNOWN, server))
        try:
            args = parse_arguments(tool, arguments)
        except ValueError as exc:
            return ToolResult.failure(str(exc))
        if mcp_server.state is ServerState.READY and tool not in {t.name for t in mcp_server.tools}:
            return ToolResult.failure(Sentence(TOOL_UNKNOWN, server, tool))
        if cancel is not None and cancel.cancelled:
            return ToolResult.failure(Sentence(CALL_CANCELLED, tool))
        calling = mcp_server.call(tool, args, timeout_s)
        future = asyncio.run_coroutine_threadsafe(calling, self._loop)
        undo = cancel.on_cancel(_canceller(future)) if cancel is not None else (lambda: None)
        try:
            # The call bounds itself; the margin covers a server that takes long to start.
            return future.result(timeout_s + START_TIMEOUT_S + 5)
        except concurrent.futures.CancelledError:
            return ToolResult.failure(Sentence(CALL_CANCELLED, tool), time.monotonic() - started)
        except concurrent.futures.TimeoutError:
            future.cancel()
            return ToolResult.failure(Sentence(CALL_CANCELLED, tool), time.monotonic() - started)
        finally:
            undo()

    def find(self, model_tool_name: str, servers: Sequence[str]) -> HostTool | None:
        """The tool the model called by its harmony-safe name, among running ``servers``."""
        for name in servers:
            if self._config.get(name) is None:
                continue
            for tool in self.status(name).tools:
                if tool.model_name == model_tool_name:
                    return tool
        return None

    # --- end ------------------------------------------------------------------------

    def close(self) -> None:
        """Stop every server and the loop (on quit)."""
        if self._closed:
            return

        async def stop_all() -> None:
            await asyncio.gather(*(s.stop() for s in self._servers.values()))

        with contextlib.suppress(concurrent.futures.TimeoutError, RuntimeError):
            self._run(stop_all(), 20)
        self._closed = True
        self._servers.clear()
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    def __enter__(self) -> ToolHost:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _canceller(future: concurrent.futures.Future[Any]) -> Callable[[], None]:
    def cancel() -> None:
        future.cancel()

    return cancel
