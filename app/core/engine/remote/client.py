"""``RemoteEngine``: the Engine protocol (generate → events, cancel) over an OpenAI-compatible
server's streamed /v1/chat/completions.

The events are the local engine's: ``Delta`` by channel as text arrives, ``ToolCall``
once a call's arguments are complete, ``Done`` with statistics measured here on
arrival (time to first token, tokens per second between the first and the last
token), or one ``EngineError`` with a sentence. The partial text already sent as
deltas stays the caller's (the turn keeps it in the answer).

Retries happen only where the server cannot have started on the request: a 429 or
503 that names a short Retry-After, at most ``MAX_RETRIES`` times, and the wait
ends at once on Stop. A request that may have reached the model is never sent
twice. Stop shuts the socket down, which ends the stream on the server too.

Plain http.client (app.core.http_connection), as model downloads: the same proxy
handling with the proxy's credentials, TLS verification always on, and a socket
that Stop can shut down from another thread.
"""

from __future__ import annotations

import contextlib
import email.utils
import http.client
import json
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from app.core import network_guard
from app.core.engine.protocol import (
    Channel,
    Delta,
    Done,
    EngineError,
    Event,
    FinishReason,
    GenerateRequest,
    ToolCall,
)
from app.core.engine.remote import builtins
from app.core.engine.remote import failures as f
from app.core.engine.remote.leak import TOOL_PREFIX, LeakRouter
from app.core.engine.remote.sse import SseError, events
from app.core.engine.remote.wire import Flavor, ToolCallPiece, chat_body, read_chunk
from app.core.harmony import Message
from app.core.http_connection import (
    default_ssl_context,
    open_connection,
    proxy_for,
    request_target,
)

log = logging.getLogger("lokal.remote")

CONNECT_TIMEOUT = 15.0
# A long prompt on a slow server sends nothing until its first token.
READ_TIMEOUT = 600.0
MAX_RETRIES = 2
MAX_RETRY_AFTER = 30.0
MAX_ERROR_BODY = 64 * 1024
MAX_REDIRECTS = 3
REDIRECTS = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class RemoteTarget:
    """One model on one server, and how to reach it."""

    connection: str  # the connection's name, shown as the server
    base_url: str  # ends with /v1 (or whatever prefix the server's OpenAI API has)
    model: str
    api_key: str | None = field(default=None, repr=False)
    ca_file: str | None = None
    flavor: Flavor = "openai"
    # Hosts the user marked "on this network": reachable in offline mode.
    local_hosts: tuple[str, ...] = ()

    @property
    def host(self) -> str:
        return (urlsplit(self.base_url).hostname or "").lower()

    @property
    def label(self) -> str:
        return f"{self.connection}: {self.model}"

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + "/" + path.lstrip("/")


REMOTE_PREFIX = "remote:"


def remote_source(target: RemoteTarget) -> str:
    """What an answer records as its model when a server wrote it (``remote:NAME:MODEL``)."""
    return f"{REMOTE_PREFIX}{target.connection}:{target.model}"


def server_of(model_source: str | None) -> str | None:
    """The connection that saw an answer, from what it recorded; None: this computer."""
    if not model_source or not model_source.startswith(REMOTE_PREFIX):
        return None
    return model_source[len(REMOTE_PREFIX) :].split(":", 1)[0]


def recorded_choice(model_source: str | None) -> str | None:
    """``CONNECTION:MODEL`` from what an answer recorded; None: this computer answered."""
    if not model_source or not model_source.startswith(REMOTE_PREFIX):
        return None
    return model_source[len(REMOTE_PREFIX) :]


def offline_refusal(target: RemoteTarget, url: str | None = None) -> str | None:
    """Why offline mode forbids reaching ``url`` (the target's base URL by default; a
    redirect's target otherwise) for this connection; None: it may be reached, and the guard
    is told to let the hosts the user marked "on this network" through. The URL's host and
    the proxy that would carry the request must both be marked (or stay on this computer)."""
    if not network_guard.is_offline():
        return None
    marked = {host.lower() for host in target.local_hosts}
    url = url or target.base_url

    def refused(host: str) -> bool:
        return not network_guard.is_loopback(host) and host not in marked

    host = (urlsplit(url).hostname or "").lower()
    if refused(host):
        # Decided before the proxy is looked up: some systems' bypass rules resolve names.
        return f.sentence(f.OFFLINE_REFUSED, host)
    proxy = proxy_for(url)
    via = proxy.host.lower() if proxy is not None else None
    if via is not None and refused(via):
        return f.sentence(f.OFFLINE_REFUSED, via)
    reached = {host} if via is None else {host, via}
    for allowed in reached & marked:  # only what this request reaches is looked up
        network_guard.allow_host(allowed)
    return None


class RemoteFailure(Exception):
    """A request failed before any answer text: str() is the sentence."""


class _Retry(Exception):
    def __init__(self, seconds: float, message: str) -> None:
        super().__init__(message)
        self.seconds = seconds


class _Stopped(Exception):
    pass


def open_request(
    target: RemoteTarget,
    method: str,
    path: str,
    body: bytes | None,
    *,
    stopping: threading.Event | None = None,
    attach: list[socket.socket] | None = None,
    accept: str = "application/json",
    read_timeout: float = READ_TIMEOUT,
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    """Send one request, following a server's redirects (307 and 308, and the others for a
    GET) up to ``MAX_REDIRECTS``; the response's status is the caller's to read. Raises
    RemoteFailure with a sentence when the server cannot be reached (DNS, refused, TLS,
    proxy), or a redirect leads where offline mode forbids."""
    url = target.url(path)
    refusal = offline_refusal(target, url)
    if refusal is not None:
        raise RemoteFailure(refusal)
    try:
        context = default_ssl_context(target.ca_file)
    except (OSError, ssl.SSLError) as exc:
        raise RemoteFailure(f.sentence(f.TLS_FAILED, target.host, _reason(exc))) from None
    headers = {"Accept": accept, "User-Agent": "Lokal"}
    if body is not None:
        headers["Content-Type"] = "application/json"
    if target.api_key:
        headers["Authorization"] = f"Bearer {target.api_key}"
    for _ in range(MAX_REDIRECTS + 1):
        conn, response = _send(target, url, method, body, headers, context, stopping, attach,
                               read_timeout)  # fmt: skip
        location = response.getheader("Location")
        if response.status not in REDIRECTS or not location:
            return conn, response
        conn.close()
        if response.status not in (307, 308) and method != "GET":
            # The others turn a POST into a GET: the question would be lost on the way.
            raise RemoteFailure(f.sentence(f.REDIRECTED, target.connection, location[:200]))
        moved = urljoin(url, location)
        refusal = offline_refusal(target, moved)
        if refusal is not None:
            raise RemoteFailure(refusal)
        host = (urlsplit(moved).hostname or "").lower()
        if host != (urlsplit(url).hostname or "").lower() and host not in target.local_hosts:
            headers.pop("Authorization", None)  # the key is for the server the user named
        log.info("%s redirected the request to %s", target.host, host)
        url = moved
    raise RemoteFailure(f.sentence(f.REDIRECTED, target.connection, url[:200]))


def _send(
    target: RemoteTarget,
    url: str,
    method: str,
    body: bytes | None,
    headers: dict[str, str],
    context: ssl.SSLContext,
    stopping: threading.Event | None,
    attach: list[socket.socket] | None,
    read_timeout: float,
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
    host = (urlsplit(url).hostname or "").lower()
    conn, absolute, proxy_headers = open_connection(url, CONNECT_TIMEOUT, context)
    try:
        conn.connect()
        if attach is not None and conn.sock is not None:
            attach.append(conn.sock)
            if stopping is not None and stopping.is_set():
                raise _Stopped
        if conn.sock is not None:
            conn.sock.settimeout(read_timeout)
        conn.request(method, request_target(url, absolute), body, {**headers, **proxy_headers})
        return conn, conn.getresponse()
    except _Stopped:
        conn.close()
        raise
    except ssl.SSLError as exc:
        conn.close()
        raise RemoteFailure(f.sentence(f.TLS_FAILED, host, _reason(exc))) from None
    except (OSError, http.client.HTTPException) as exc:
        conn.close()
        if stopping is not None and stopping.is_set():
            raise _Stopped from None
        if "407" in str(exc):
            raise RemoteFailure(f.sentence(f.PROXY_REFUSED, host, "HTTP 407")) from None
        raise RemoteFailure(f.sentence(f.UNREACHABLE, host, _reason(exc))) from None


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ssl.SSLCertVerificationError):
        return exc.verify_message or "certificate not trusted"
    if isinstance(exc, ssl.SSLError):
        return exc.reason or type(exc).__name__
    if isinstance(exc, socket.gaierror):
        return "unknown host name"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "no answer in time"
    text = str(exc.args[-1] if exc.args else exc)
    return text[:200] or type(exc).__name__


def error_message(body: bytes) -> str:
    """The server's own words from an error body (OpenAI's {"error": {"message"}}, Ollama's
    {"error": "…"}, FastAPI's {"detail"}), shortened; the start of the body otherwise."""
    text = body.decode("utf-8", "replace").strip()
    try:
        data = json.loads(text)
    except ValueError:
        return " ".join(text.split())[:200]
    if isinstance(data, dict):
        error = data.get("error", data.get("detail", data.get("message")))
        if isinstance(error, dict):
            error = error.get("message", error)
        if error is not None:
            return " ".join(str(error).split())[:200]
    return " ".join(text.split())[:200]


def retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After header (a number, or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def status_failure(
    target: RemoteTarget, status: int, body: bytes, retry: str | None
) -> str | _Retry:
    """The sentence for an HTTP error, or a _Retry for a 429/503 that may be tried again."""
    server = target.connection
    if status in (401, 403):
        return f.sentence(f.KEY_REFUSED, server, status)
    if status == 404:
        return f.sentence(f.MODEL_MISSING, server, target.model)
    if status in (429, 503):
        seconds = retry_after(retry)
        if seconds is not None:
            message = f.sentence(f.BUSY_RETRY, server, status, max(1, round(seconds)))
            return _Retry(seconds, message)
        return f.sentence(f.BUSY, server, status)
    return f.sentence(f.SERVER_ERROR, server, status, error_message(body) or "—")


@dataclass
class _Stats:
    started: float
    first: float | None = None
    last: float | None = None
    pieces: dict[str, int] = field(default_factory=lambda: {"analysis": 0, "final": 0})

    def arrived(self, channel: str) -> None:
        now = time.monotonic()
        self.first = self.first if self.first is not None else now
        self.last = now
        key = "analysis" if channel == "analysis" else "final"
        self.pieces[key] += 1


class RemoteEngine:
    """An Engine for one remote model. ``cancel`` (from any thread) stops the request running
    now and every later one: make a new engine for a new turn."""

    def __init__(self, target: RemoteTarget, *, read_timeout: float = READ_TIMEOUT) -> None:
        self.target = target
        self.read_timeout = read_timeout
        self._stopping = threading.Event()
        self._sockets: list[socket.socket] = []
        self._lock = threading.Lock()

    def cancel(self) -> None:
        self._stopping.set()
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    @property
    def cancelled(self) -> bool:
        return self._stopping.is_set()

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        rid = request.request_id
        stats = _Stats(time.monotonic())
        texts = {"analysis": "", "final": ""}
        try:
            yield from self._stream(request, stats, texts)
        except _Stopped:
            yield self._done(rid, "cancelled", stats, texts, None, [])
        except RemoteFailure as exc:
            yield EngineError(rid, str(exc))

    def _stream(
        self, request: GenerateRequest, stats: _Stats, texts: dict[str, str]
    ) -> Iterator[Event]:
        rid = request.request_id
        target = self.target
        body = json.dumps(chat_body(request, target.model, target.flavor)).encode("utf-8")
        conn, response = self._open(body)
        with contextlib.closing(conn):
            router = LeakRouter()
            calls: dict[int, ToolCallPiece] = {}
            usage: dict[str, object] | None = None
            reason: str | None = None
            done = False
            kind = (response.getheader("Content-Type") or "").split(";")[0].strip().lower()
            try:
                if kind == "application/json":  # a server that ignored "stream"
                    whole = response.read(MAX_ERROR_BODY * 64).decode("utf-8", "replace")
                    stream: Iterator[str] = iter([whole])
                    done = True
                elif kind == "text/event-stream":
                    stream = events(response.readline)
                else:
                    raise RemoteFailure(
                        f.sentence(f.MALFORMED, target.connection, kind or "no content type")
                    )
                for data in stream:
                    if data.strip() == "[DONE]":
                        done = True
                        break
                    try:
                        chunk = read_chunk(json.loads(data))
                    except ValueError as exc:
                        raise RemoteFailure(
                            f.sentence(f.MALFORMED, target.connection, _short(str(exc)))
                        ) from None
                    if chunk.error is not None:
                        raise RemoteFailure(
                            f.sentence(f.STREAM_ERROR, target.connection, chunk.error[:200])
                        )
                    if chunk.reasoning:
                        stats.arrived("analysis")
                        texts["analysis"] += chunk.reasoning
                        yield Delta(rid, "analysis", chunk.reasoning)
                    if chunk.content:
                        stats.arrived("final")
                        for channel, text in router.feed(chunk.content):
                            if channel.startswith(TOOL_PREFIX):
                                _leaked_call(calls, channel, text)
                            else:
                                yield from self._text(rid, channel, text, texts)
                    for piece in chunk.tool_calls:
                        stats.arrived("final")
                        known = calls.get(piece.index)
                        if known is None:
                            calls[piece.index] = piece
                        else:
                            known.name = known.name or piece.name
                            known.arguments += piece.arguments
                    reason = chunk.finish_reason or reason
                    usage = chunk.usage or usage
            except SseError as exc:
                raise RemoteFailure(f.sentence(f.MALFORMED, target.connection, str(exc))) from None
            except (OSError, http.client.HTTPException) as exc:
                if self._stopping.is_set():
                    raise _Stopped from None
                log.info("Stream from %s ended: %s", target.host, exc)
                raise RemoteFailure(f.sentence(f.LOST, target.connection)) from None
            if self._stopping.is_set():
                raise _Stopped
            if not done and reason is None:
                raise RemoteFailure(f.sentence(f.LOST, target.connection))
            for channel, text in router.flush():
                if channel.startswith(TOOL_PREFIX):
                    _leaked_call(calls, channel, text)
                else:
                    yield from self._text(rid, channel, text, texts)
            if calls and reason == "length":
                # The length limit ended the answer inside a call: its arguments are cut
                # off, and a cut call is never offered to run.
                raise RemoteFailure(f.sentence(f.CALL_CUT, target.connection))
            finished = []
            taken = {tool.name for tool in request.tools}
            for piece in (calls[index] for index in sorted(calls)):
                recipient, arguments = builtins.recipient(
                    piece.name, piece.arguments, request.builtin_tools, taken
                )
                channel = "commentary" if recipient.startswith("functions.") else "analysis"
                finished.append(Message("assistant", arguments, channel, recipient))
                yield ToolCall(rid, recipient, arguments, _content_type(recipient))
            finish = "tool_call" if calls else _finish(reason)
            yield self._done(rid, finish, stats, texts, usage, finished)

    @staticmethod
    def _text(rid: int, channel: str, text: str, texts: dict[str, str]) -> Iterator[Event]:
        key: Channel = "analysis" if channel == "analysis" else "final"
        texts[key] += text
        yield Delta(rid, key, text)  # commentary preambles are shown with the answer

    def _open(self, body: bytes) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse]:
        target = self.target
        for attempt in range(MAX_RETRIES + 1):
            if self._stopping.is_set():
                raise _Stopped
            with self._lock:
                self._sockets.clear()
            conn, response = open_request(
                target, "POST", "chat/completions", body,
                stopping=self._stopping, attach=self._sockets, accept="text/event-stream",
                read_timeout=self.read_timeout,
            )  # fmt: skip
            if response.status < 400:
                return conn, response
            try:
                error_body = response.read(MAX_ERROR_BODY)
            except (OSError, http.client.HTTPException):
                error_body = b""
            conn.close()
            failure = status_failure(
                target, response.status, error_body, response.getheader("Retry-After")
            )
            if isinstance(failure, _Retry):
                if attempt < MAX_RETRIES and failure.seconds <= MAX_RETRY_AFTER:
                    log.info("%s is busy; trying again in %.1f s", target.host, failure.seconds)
                    if self._stopping.wait(failure.seconds):
                        raise _Stopped
                    continue
                raise RemoteFailure(str(failure))
            raise RemoteFailure(failure)
        raise AssertionError("unreachable")

    def _done(
        self,
        rid: int,
        finish: FinishReason,
        stats: _Stats,
        texts: dict[str, str],
        usage: dict[str, object] | None,
        calls: list[Message],
    ) -> Done:
        usage = usage or {}
        counted = stats.pieces["analysis"] + stats.pieces["final"]
        completion = _int(usage.get("completion_tokens")) or counted
        prompt = _int(usage.get("prompt_tokens"))
        details = usage.get("prompt_tokens_details")
        cached = _int(details.get("cached_tokens")) if isinstance(details, dict) else 0
        reasoning_details = usage.get("completion_tokens_details")
        analysis = (
            _int(reasoning_details.get("reasoning_tokens"))
            if isinstance(reasoning_details, dict)
            else 0
        ) or stats.pieces["analysis"]
        rate = None
        if stats.first is not None and stats.last is not None and stats.last > stats.first:
            # Between the first and the last token as they arrived here: the network's
            # share is in it, which is what the person waits for.
            rate = max(completion - 1, 1) / (stats.last - stats.first)
        ttft = stats.first - stats.started if stats.first is not None else None
        messages: list[Message] = []
        if texts["analysis"]:
            messages.append(Message("assistant", texts["analysis"], "analysis"))
        messages.extend(calls)
        if texts["final"]:
            messages.append(Message("assistant", texts["final"], "final"))
        return Done(
            rid, finish, prompt, max(prompt - cached, 0), completion,
            analysis, max(completion - analysis, 0), ttft, rate, None, tuple(messages),
        )  # fmt: skip


def _leaked_call(calls: dict[int, ToolCallPiece], channel: str, text: str) -> None:
    """Arguments of a tool call that arrived as harmony text, added to the calls."""
    recipient = channel[len(TOOL_PREFIX) :]
    last = calls[max(calls)] if calls else None
    if last is not None and last.name == recipient and last.id == "leaked":
        last.arguments += text
    else:
        index = max(calls, default=-1) + 1
        calls[index] = ToolCallPiece(index, "leaked", recipient, text)


def _content_type(recipient: str) -> str | None:
    # As gpt-oss writes them: JSON for functions and the browser, plain code for python.
    return None if "." not in recipient else "<|constrain|>json"


def _finish(reason: str | None) -> FinishReason:
    if reason == "length":
        return "length"
    if reason in ("tool_calls", "function_call"):
        return "tool_call"
    return "stop"


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _short(text: str) -> str:
    return text[:120]
