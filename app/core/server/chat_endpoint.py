"""POST /v1/chat/completions, streaming and not."""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from app.core.engine.protocol import Event
from app.core.server.chat_models import ChatRequest
from app.core.server.chat_output import ChatAnswer
from app.core.server.chat_plan import plan_chat
from app.core.server.context import ServerContext, read_body
from app.core.server.errors import ApiError
from app.core.server.jobs import JobRun
from app.core.server.streaming import EventStream, sse, unless_disconnected


async def chat_completions(request: Request, ctx: ServerContext) -> Response:
    body = await read_body(request, ChatRequest)
    ctx.check_model(body.model)
    plan = plan_chat(body, ctx.limits, ctx.n_ctx)
    answer = ChatAnswer(model=ctx.model_id, stops=plan.stop)
    run = await unless_disconnected(request, ctx.gateway.start(plan.generate))
    try:
        if not body.stream:
            await unless_disconnected(request, _collect(run, answer))
            return JSONResponse(answer.completion())
        # The first event decides the status: an engine that refuses the request
        # (a prompt too long for the context) answers with an error code, not a
        # stream that breaks off.
        first = await unless_disconnected(request, run.next_event())
        delta = _take(answer, first, run)
    except BaseException:
        run.close()
        raise
    return EventStream(_chunks(run, answer, first, delta, plan.include_usage), run.close)


def _take(answer: ChatAnswer, event: Event, run: JobRun) -> dict[str, object] | None:
    delta = answer.take(event)
    if answer.stopped:
        run.cancel()  # a stop sequence: the rest would only be thrown away
    return delta


async def _collect(run: JobRun, answer: ChatAnswer) -> None:
    async for event in run.events():
        _take(answer, event, run)


async def _chunks(
    run: JobRun,
    answer: ChatAnswer,
    first: Event,
    delta: dict[str, object] | None,
    include_usage: bool,
) -> AsyncIterator[bytes]:
    try:
        yield sse(answer.chunk({"role": "assistant", "content": ""}))
        if delta:
            yield sse(answer.chunk(delta))
        async for event in run.events():
            try:
                delta = _take(answer, event, run)
            except ApiError as exc:
                yield sse(exc.body())
                break
            if delta:
                yield sse(answer.chunk(delta))
        else:
            yield sse(answer.chunk({}, answer.finish_reason()))
            if include_usage:
                yield sse(answer.chunk({}, with_usage=True))
        yield sse("[DONE]")
    finally:
        run.close()
