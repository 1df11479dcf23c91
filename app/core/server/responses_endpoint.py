"""POST /v1/responses (streaming and not), GET and DELETE /v1/responses/{id}."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.core.server.context import ServerContext, read_body
from app.core.server.errors import ApiError
from app.core.server.jobs import JobRun
from app.core.server.responses_models import ResponsesRequest
from app.core.server.responses_output import ResponseBuilder
from app.core.server.responses_plan import input_items, plan_response
from app.core.server.responses_store import ResponseStore
from app.core.server.streaming import EventStream, sse_event, unless_disconnected


async def create_response(request: Request, ctx: ServerContext) -> Response:
    body = await read_body(request, ResponsesRequest)
    ctx.check_model(body.model)
    store = ctx.responses_store
    earlier: list[dict[str, Any]] = []
    if body.previous_response_id is not None:
        found = store.items(body.previous_response_id) if store else None
        if found is None:
            raise ApiError(
                400,
                f"Previous response with id '{body.previous_response_id}' not found.",
                param="previous_response_id",
                code="previous_response_not_found",
            )
        earlier = found
    items = [*earlier, *input_items(body.input)]
    plan = plan_response(body, items, ctx.limits, ctx.n_ctx)
    builder = ResponseBuilder(body, ctx.model_id, plan.stop, effort=plan.generate.reasoning_effort)
    run = await unless_disconnected(request, ctx.gateway.start(plan.generate))
    try:
        if not body.stream:
            await unless_disconnected(request, _collect(run, builder))
            _save(store, body, builder, items)
            return JSONResponse(builder.response())
        first = await unless_disconnected(request, run.next_event())
        events = [*builder.start(), *builder.take(first)]
        if builder.answer.stopped:
            run.cancel()
    except BaseException:
        run.close()
        raise
    return EventStream(_stream(run, builder, events, store, body, items), run.close)


async def _collect(run: JobRun, builder: ResponseBuilder) -> None:
    async for event in run.events():
        builder.take(event)
        if builder.answer.stopped:
            run.cancel()


def _save(
    store: ResponseStore | None,
    body: ResponsesRequest,
    builder: ResponseBuilder,
    items: list[dict[str, Any]],
) -> None:
    if store is not None and body.store:
        store.save(builder.response(), [*items, *builder.stored_items()], body.previous_response_id)


async def _stream(
    run: JobRun,
    builder: ResponseBuilder,
    first: list[dict[str, Any]],
    store: ResponseStore | None,
    body: ResponsesRequest,
    items: list[dict[str, Any]],
) -> AsyncIterator[bytes]:
    try:
        for event in first:
            yield sse_event(event["type"], event)
        async for engine_event in run.events():
            try:
                events = builder.take(engine_event)
            except ApiError as exc:
                failed = builder.response("failed")
                failed["error"] = {"code": exc.code or "server_error", "message": exc.message}
                yield sse_event("response.failed", {"type": "response.failed", "response": failed})
                return
            if builder.answer.stopped:
                run.cancel()
            for event in events:
                yield sse_event(event["type"], event)
        _save(store, body, builder, items)
    finally:
        run.close()


async def get_response(request: Request, ctx: ServerContext) -> Response:
    response_id = request.path_params["response_id"]
    store = ctx.responses_store
    found = store.response(response_id) if store else None
    if found is None:
        raise ApiError(404, f"No stored response has the id '{response_id}'.", code="not_found")
    return JSONResponse(found)


async def delete_response(request: Request, ctx: ServerContext) -> Response:
    response_id = request.path_params["response_id"]
    store = ctx.responses_store
    if store is None or not store.delete(response_id):
        raise ApiError(404, f"No stored response has the id '{response_id}'.", code="not_found")
    return JSONResponse({"id": response_id, "object": "response.deleted", "deleted": True})
