"""The checks every request passes before any endpoint sees it.

- Host: only the names this server is reached by (DNS rebinding: a web page
  whose domain suddenly resolves to 127.0.0.1 still sends its own Host).
- Origin: a browser request from a page not listed is refused, and POSTs must
  be JSON, which a page cannot send across origins without a preflight we
  refuse. CORS headers go only to listed origins.
- Key: `Authorization: Bearer KEY` on everything but /health.
- Size: the body is cut off at the limit (413), declared length or not.
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.network_guard import is_loopback
from app.core.server.errors import ApiError

OPEN_PATHS = frozenset({"/health"})


class BodyTooLarge(Exception):
    """The body passed the size limit while it was read."""


def allowed_hosts(host: str, port: int, extra: Iterable[str] = ()) -> frozenset[str]:
    """Host header values that mean this server: the bound address, for loopback the
    usual names of this computer, and `extra` names; each with and without the port."""
    names = {host, *extra}
    if is_loopback(host) or host in ("0.0.0.0", "::"):
        names |= {"127.0.0.1", "localhost", "[::1]", "::1"}
    if ":" in host and not host.startswith("["):
        names.add(f"[{host}]")
    out = set()
    for name in names:
        out.add(name.lower())
        if not (":" in name and not name.startswith("[")):  # bare IPv6 takes no port
            out.add(f"{name}:{port}".lower())
    return frozenset(out)


class Guard:
    def __init__(
        self,
        app: ASGIApp,
        *,
        hosts: Iterable[str],
        api_key: str | None,
        cors_origins: Iterable[str] = (),
        max_body_bytes: int,
    ) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.api_key = api_key
        self.cors_origins = frozenset(o.rstrip("/") for o in cors_origins)
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        origin = headers.get("origin")
        try:
            self._check(scope, headers, origin)
        except ApiError as exc:
            await exc.response()(scope, receive, send)
            return
        if scope["method"] == "OPTIONS":  # a preflight from a listed origin
            await self._preflight(origin, headers, send)
            return
        send = self._with_cors(origin, send)
        try:
            await self.app(scope, self._limited(receive), send)
        except BodyTooLarge:
            await too_large().response()(scope, receive, send)

    def _check(self, scope: Scope, headers: Headers, origin: str | None) -> None:
        host = headers.get("host", "").lower()
        if host not in self.hosts:
            raise ApiError(403, "The Host header does not name this server.", code="invalid_host")
        if origin is not None and origin.rstrip("/") not in self.cors_origins:
            raise ApiError(
                403, "Requests from this web origin are not allowed.", code="origin_not_allowed"
            )
        if scope["method"] == "OPTIONS":
            return
        if self.api_key is not None and scope["path"] not in OPEN_PATHS:
            given = headers.get("authorization", "")
            scheme, _, key = given.partition(" ")
            if scheme.lower() != "bearer" or not hmac.compare_digest(
                key.strip().encode(), self.api_key.encode()
            ):
                raise ApiError(
                    401,
                    "A valid API key is required (Authorization: Bearer KEY).",
                    code="invalid_api_key",
                    headers={"WWW-Authenticate": "Bearer"},
                )
        if scope["method"] == "POST":
            kind = headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "application/json":
                raise ApiError(415, "The request body must be JSON (application/json).")
            length = headers.get("content-length")
            if length is not None and length.isdigit() and int(length) > self.max_body_bytes:
                raise too_large()

    def _limited(self, receive: Receive) -> Receive:
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body_bytes:
                    raise BodyTooLarge
            return message

        return limited

    def _cors_headers(self, origin: str | None) -> list[tuple[bytes, bytes]]:
        if origin is None:
            return []
        return [
            (b"access-control-allow-origin", origin.encode("latin-1")),
            (b"vary", b"Origin"),
        ]

    async def _preflight(self, origin: str | None, request: Headers, send: Send) -> None:
        asked = request.get("access-control-request-headers", "authorization, content-type")
        headers = [
            *self._cors_headers(origin),
            (b"access-control-allow-methods", b"GET, POST, OPTIONS"),
            (b"access-control-allow-headers", asked.encode("latin-1")),
            (b"access-control-max-age", b"600"),
            (b"content-length", b"0"),
        ]
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    def _with_cors(self, origin: str | None, send: Send) -> Send:
        extra = self._cors_headers(origin)
        if not extra:
            return send

        async def with_cors(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        return with_cors


def too_large() -> ApiError:
    return ApiError(413, "The request body is too large.", code="body_too_large")
