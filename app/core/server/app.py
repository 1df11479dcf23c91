"""The server's ASGI application: routes, OpenAI-shaped errors, the guard around it all."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from app.core.server.chat_endpoint import chat_completions
from app.core.server.context import ServerContext
from app.core.server.errors import ApiError
from app.core.server.guard import Guard
from app.core.server.responses_endpoint import create_response, delete_response, get_response
from app.core.server.streaming import ClientGone

log = logging.getLogger("lokal.server")

Endpoint = Callable[[Request, ServerContext], Awaitable[Response]]


def _bound(endpoint: Endpoint, ctx: ServerContext) -> Callable[[Request], Awaitable[Response]]:
    async def handle(request: Request) -> Response:
        try:
            return await endpoint(request, ctx)
        except ApiError as exc:
            return exc.response()
        except ClientGone:
            return Response(status_code=499)  # nobody is there to read it

    return handle


async def health(request: Request, ctx: ServerContext) -> Response:
    stats = ctx.gateway.stats
    return JSONResponse(
        {
            "status": "ok" if ctx.gateway.port.model is not None else "no_model",
            "busy": stats.running,
            "waiting": stats.waiting,
            "requests_served": stats.served,
            "requests_cancelled": stats.cancelled,
        }
    )


async def models(request: Request, ctx: ServerContext) -> Response:
    data: list[dict[str, Any]] = []
    loaded = ctx.model_id
    if loaded:
        data.append({"id": loaded, "object": "model", "created": 0, "owned_by": "lokal"})
    for name, created in ctx.installed:
        if name != loaded:
            data.append({"id": name, "object": "model", "created": created, "owned_by": "lokal"})
    return JSONResponse({"object": "list", "data": data})


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = "Unknown path." if exc.status_code == 404 else str(exc.detail)
    return ApiError(exc.status_code, message).response()


async def _crash(request: Request, exc: Exception) -> Response:
    log.exception("request failed", exc_info=exc)
    return ApiError(500, "The server failed to answer this request.").response()


def build_app(
    ctx: ServerContext,
    *,
    hosts: Iterable[str],
    api_key: str | None,
    cors_origins: Iterable[str] = (),
    extra_routes: Iterable[tuple[str, str, Endpoint]] = (),
) -> ASGIApp:
    routes = [
        Route("/health", _bound(health, ctx), methods=["GET"]),
        Route("/v1/models", _bound(models, ctx), methods=["GET"]),
        Route("/v1/chat/completions", _bound(chat_completions, ctx), methods=["POST"]),
        Route("/v1/responses", _bound(create_response, ctx), methods=["POST"]),
        Route("/v1/responses/{response_id}", _bound(get_response, ctx), methods=["GET"]),
        Route("/v1/responses/{response_id}", _bound(delete_response, ctx), methods=["DELETE"]),
    ]
    routes += [Route(p, _bound(e, ctx), methods=[m]) for m, p, e in extra_routes]
    app = Starlette(
        routes=routes,
        exception_handlers={HTTPException: _http_error, Exception: _crash},
    )
    return Guard(
        app,
        hosts=hosts,
        api_key=api_key,
        cors_origins=cors_origins,
        max_body_bytes=ctx.limits.max_body_bytes,
    )
