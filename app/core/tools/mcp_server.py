"""One MCP server's connection, living on the host's event loop.

The transport and the session are entered and left in one task (``run``), as
anyio's cancel scopes require; calls come from other tasks on the same loop.
A server that writes something that is not JSON-RPC on its stdout fails the
calls it was answering at once, rather than leaving them to time out.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
import tempfile
from dataclasses import dataclass, field
from typing import IO, Any

import anyio

from app.core.sentence import Sentence
from app.core.tools.config import ServerConfig
from app.core.tools.results import (
    BAD_ANSWER,
    CALL_TIMED_OUT,
    SERVER_FAILED,
    TOOL_ERROR,
    ToolResult,
    capped,
    content_text,
)

log = logging.getLogger("lokal.tools")

START_TIMEOUT_S = 30.0
STDERR_TAIL_CHARS = 2000


class ServerState(enum.Enum):
    STOPPED = "stopped"
    STARTING = "starting"
    READY = "ready"
    FAILED = "failed"


@dataclass(frozen=True)
class ListedTool:
    name: str
    description: str
    parameters: dict[str, Any]


@dataclass
class _Garbage:
    seen: str | None = None


@dataclass
class McpServer:
    config: ServerConfig
    state: ServerState = ServerState.STOPPED
    reason: str | None = None
    tools: tuple[ListedTool, ...] = ()
    _session: Any = None
    _stop: asyncio.Event = field(default_factory=asyncio.Event)
    _ready: asyncio.Event = field(default_factory=asyncio.Event)
    _task: asyncio.Task[None] | None = None
    _errlog: IO[str] | None = None
    _calls: set[asyncio.Task[Any]] = field(default_factory=set)
    _garbage: _Garbage = field(default_factory=_Garbage)

    # --- life -------------------------------------------------------------------

    async def start(self) -> None:
        """Start (if not running) and wait until it is ready or has failed."""
        if self._task is None or self._task.done():
            self._stop = asyncio.Event()
            self._ready = asyncio.Event()
            self.state, self.reason, self.tools = ServerState.STARTING, None, ()
            self._task = asyncio.get_running_loop().create_task(self._run())
        await self._ready.wait()

    async def stop(self) -> None:
        self._stop.set()
        task = self._task
        if task is not None and not task.done():
            try:
                await asyncio.wait_for(asyncio.shield(task), 5.0)
            except (TimeoutError, asyncio.CancelledError):
                task.cancel()
                with contextlib.suppress(BaseException):
                    await task
        if self.state is not ServerState.FAILED:
            self.state = ServerState.STOPPED

    def stderr_tail(self) -> str:
        errlog = self._errlog
        if errlog is None or errlog.closed:
            return ""
        with contextlib.suppress(OSError, ValueError):
            errlog.flush()
            errlog.seek(0, 2)
            size = errlog.tell()
            errlog.seek(max(0, size - STDERR_TAIL_CHARS * 4))
            return errlog.read()[-STDERR_TAIL_CHARS:]
        return ""

    async def _run(self) -> None:
        from mcp import ClientSession

        try:
            async with contextlib.AsyncExitStack() as stack:
                streams = await stack.enter_async_context(self._transport())
                session = await stack.enter_async_context(
                    ClientSession(streams[0], streams[1], message_handler=self._heard)
                )
                with anyio.fail_after(START_TIMEOUT_S):
                    await session.initialize()
                    self.tools = await self._list(session)
                self._session = session
                self.state = ServerState.READY
                self._ready.set()
                await self._stop.wait()
        except BaseException as exc:  # a server's failure is a state, never the host's
            if not self._stop.is_set():
                self.state = ServerState.FAILED
                self.reason = _reason(exc)
                log.warning("Tool server %s failed: %s", self.config.name, self.reason)
            if isinstance(exc, asyncio.CancelledError):
                raise
        finally:
            self._session = None
            for call in list(self._calls):
                call.cancel()
            self._ready.set()

    def _transport(self) -> contextlib.AbstractAsyncContextManager[Any]:
        config = self.config
        if config.url:
            from mcp.client.streamable_http import streamable_http_client
            from mcp.shared._httpx_utils import create_mcp_http_client

            client = create_mcp_http_client(headers=dict(config.headers) or None)
            return _with_client(client, streamable_http_client(config.url, http_client=client))
        from mcp import StdioServerParameters, stdio_client

        if self._errlog is not None:
            self._errlog.close()
        # Kept open while the server lives: its stderr tail is read from here.
        self._errlog = tempfile.TemporaryFile("w+", encoding="utf-8", errors="replace")  # noqa: SIM115
        params = StdioServerParameters(
            command=config.command or "",
            args=list(config.args),
            env=dict(config.env) or None,
            cwd=config.cwd,
        )
        return stdio_client(params, errlog=self._errlog)

    @staticmethod
    async def _list(session: Any) -> tuple[ListedTool, ...]:
        tools: list[ListedTool] = []
        cursor: str | None = None
        from mcp import types

        for _page in range(100):  # a server that pages forever is cut off
            params = types.PaginatedRequestParams(cursor=cursor) if cursor else None
            listed = await session.list_tools(params=params)
            for tool in listed.tools:
                schema = tool.input_schema if isinstance(tool.input_schema, dict) else {}
                tools.append(ListedTool(tool.name, tool.description or "", dict(schema)))
            cursor = listed.next_cursor
            if not cursor:
                break
        return tuple(tools)

    async def _heard(self, message: Any) -> None:
        if isinstance(message, Exception):
            # Not JSON-RPC on stdout: whatever it was answering cannot be trusted.
            self._garbage.seen = "it wrote something that is not JSON-RPC"
            for call in list(self._calls):
                call.cancel()

    # --- calls --------------------------------------------------------------------

    async def call(self, tool: str, arguments: dict[str, Any], timeout_s: float) -> ToolResult:
        started = asyncio.get_running_loop().time()

        def took() -> float:
            return asyncio.get_running_loop().time() - started

        if self.state is ServerState.FAILED:
            await self.stop()  # a server that died is started afresh for the next call
        await self.start()
        session = self._session
        if self.state is not ServerState.READY or session is None:
            return ToolResult.failure(
                Sentence(SERVER_FAILED, self.config.name, self.reason or "?"), took()
            )
        task = asyncio.current_task()
        assert task is not None
        self._calls.add(task)
        self._garbage.seen = None
        try:
            with anyio.fail_after(timeout_s):
                result = await session.call_tool(tool, arguments)
        except TimeoutError:
            return ToolResult.failure(Sentence(CALL_TIMED_OUT, tool, f"{timeout_s:g}"), took())
        except asyncio.CancelledError:
            garbage = self._garbage.seen
            if garbage is not None:
                uncancel = getattr(task, "uncancel", None)
                if uncancel is not None:
                    uncancel()
                return ToolResult.failure(Sentence(BAD_ANSWER, self.config.name, garbage), took())
            if self._session is None and not self._stop.is_set():
                return ToolResult.failure(self._died(), took())
            raise
        except Exception as exc:
            return ToolResult.failure(self._failed_call(exc), took())
        finally:
            self._calls.discard(task)
        text = content_text(list(result.content or []), result.structured_content)
        text, truncated = capped(text)
        is_error = bool(getattr(result, "is_error", False))
        error = Sentence(TOOL_ERROR, tool) if is_error else None
        return ToolResult(text, is_error, error, took(), truncated)

    def _died(self) -> str:
        self.state = ServerState.FAILED
        self.reason = self.reason or "stopped"
        return Sentence(SERVER_FAILED, self.config.name, self.reason)

    def _failed_call(self, exc: BaseException) -> str:
        from mcp import MCPError
        from mcp.types import CONNECTION_CLOSED
        from pydantic import ValidationError

        if isinstance(exc, ValidationError):
            return Sentence(BAD_ANSWER, self.config.name, "its result has the wrong shape")
        closed = isinstance(exc, MCPError) and exc.error.code == CONNECTION_CLOSED
        if isinstance(exc, MCPError) and not closed:
            # The server answered with a JSON-RPC error: it lives on.
            return Sentence(BAD_ANSWER, self.config.name, _reason(exc))
        if (self._task is not None and self._task.done()) or self._session is None:
            return self._died()
        # A lost connection (the process died), or a result of the wrong shape.
        self.state = ServerState.FAILED
        self.reason = "it stopped" if closed else _reason(exc)
        self._stop.set()  # the next call starts it afresh
        return Sentence(SERVER_FAILED, self.config.name, self.reason)


@contextlib.asynccontextmanager
async def _with_client(client: Any, transport: Any) -> Any:
    async with client, transport as streams:
        yield streams


def _reason(exc: BaseException) -> str:
    """One line, no class names: the innermost message of an exception group."""
    while isinstance(exc, BaseExceptionGroup) and exc.exceptions:
        exc = exc.exceptions[0]
    if isinstance(exc, TimeoutError):
        return f"no answer within {START_TIMEOUT_S:g} seconds"
    if isinstance(exc, FileNotFoundError):
        return f"the program {exc.filename or ''} was not found".replace("  ", " ")
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else "the connection closed"
