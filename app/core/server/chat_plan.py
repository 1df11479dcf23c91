"""From an OpenAI chat request to the engine's generate request, checked against the limits."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.core.engine.protocol import GenerateRequest, SamplingSettings
from app.core.harmony import Message, ReasoningEffort, ToolSpec
from app.core.server.chat_models import ChatMessage, ChatRequest, EffortIn, NamedToolChoice
from app.core.server.errors import ApiError
from app.core.server.forcing import ForcedFunction, SchemaRefused, forced_grammar
from app.core.server.limits import Limits

JSON_CONSTRAINT = "<|constrain|>json"


@dataclass(frozen=True)
class ChatPlan:
    generate: GenerateRequest
    stop: tuple[str, ...]
    include_usage: bool


def effort(value: EffortIn | None) -> ReasoningEffort | None:
    if value is None:
        return None
    if value in ("none", "minimal", "low"):
        return "low"
    if value == "medium":
        return "medium"
    return "high"  # high, xhigh, max


def max_tokens_for(asked: int | None, limits: Limits, n_ctx: int | None, param: str) -> int:
    ceiling = limits.max_tokens or n_ctx or limits.default_max_tokens
    if asked is None:
        return min(limits.default_max_tokens, ceiling)
    if asked > ceiling:
        raise ApiError(
            400, f"'{param}' is {asked}; this server allows at most {ceiling}.", param=param
        )
    return asked


def plan_chat(body: ChatRequest, limits: Limits, n_ctx: int | None) -> ChatPlan:
    if body.n not in (None, 1):
        raise ApiError(400, "Only one choice per request is supported ('n' must be 1).", param="n")
    if body.logprobs:
        raise ApiError(400, "Log probabilities are not available.", param="logprobs")
    if len(body.messages) > limits.max_messages:
        raise ApiError(
            400, f"At most {limits.max_messages} messages per request.", param="messages"
        )
    tools = body.tools or []
    if len(tools) > limits.max_tools:
        raise ApiError(400, f"At most {limits.max_tools} tools per request.", param="tools")
    stop = (body.stop,) if isinstance(body.stop, str) else tuple(body.stop or ())
    stop = tuple(s for s in stop if s)
    if len(stop) > limits.max_stop_sequences:
        raise ApiError(400, f"At most {limits.max_stop_sequences} stop sequences.", param="stop")
    param = "max_completion_tokens" if body.max_completion_tokens is not None else "max_tokens"
    max_tokens = max_tokens_for(body.max_completion_tokens or body.max_tokens, limits, n_ctx, param)
    reasoning = effort(body.reasoning_effort) or effort(
        body.reasoning.effort if body.reasoning else None
    )
    instructions, messages = convert_messages(body.messages)
    specs = tuple(
        ToolSpec(t.function.name, t.function.description or "", t.function.parameters)
        for t in tools
    )
    choice = body.tool_choice or "auto"
    if choice != "auto" and not tools:
        raise ApiError(400, "'tool_choice' needs 'tools'.", param="tool_choice")
    if choice == "none":
        specs = ()
    schema = response_schema(body)
    grammar = chat_grammar(specs, choice, schema, max_tokens)
    sampling = SamplingSettings(
        temperature=1.0 if body.temperature is None else body.temperature,
        top_p=1.0 if body.top_p is None else body.top_p,
        seed=body.seed,
    )
    request = GenerateRequest(
        request_id=0,
        messages=messages,
        reasoning_effort=reasoning or "medium",
        instructions=instructions,
        tools=specs,
        response_schema=schema,
        sampling=sampling,
        max_tokens=max_tokens,
        completion_grammar=grammar,
    )
    include_usage = bool(body.stream_options and body.stream_options.include_usage)
    return ChatPlan(request, stop, include_usage)


def response_schema(body: ChatRequest) -> dict[str, Any] | None:
    fmt = body.response_format
    if fmt is None or fmt.type == "text":
        return None
    if fmt.type == "json_object":
        return {"type": "object"}
    if fmt.json_schema is None:
        raise ApiError(
            400, "'response_format' of type json_schema needs 'json_schema'.",
            param="response_format.json_schema",
        )  # fmt: skip
    return fmt.json_schema.schema_


def chat_grammar(
    specs: tuple[ToolSpec, ...],
    choice: str | NamedToolChoice,
    schema: dict[str, Any] | None,
    max_tokens: int,
    *,
    schema_param: str = "response_format.json_schema.schema",
) -> str | None:
    """The grammar that enforces what the request demands, or None when nothing is forced.

    A named function or "required" must end in a call; a schema must end in a
    matching answer, though a tool the model may call ("auto") stays callable.
    """
    if isinstance(choice, NamedToolChoice):
        forced = [s for s in specs if s.name == choice.function.name]
        if not forced:
            raise ApiError(
                400, f"'tool_choice' names '{choice.function.name}', which is not in 'tools'.",
                param="tool_choice",
            )  # fmt: skip
        schema = None
    elif choice == "required":
        forced, schema = list(specs), None
    elif schema is not None:
        forced = list(specs)
    else:
        return None
    functions = [ForcedFunction(s.name, s.parameters) for s in forced]
    try:
        return forced_grammar(
            functions=functions,
            schema=schema,
            schema_param=schema_param,
            analysis_chars=max_tokens // 2,
        )
    except SchemaRefused as exc:
        raise ApiError(400, str(exc), param=exc.param, code="unsupported_schema") from None


def convert_messages(messages: list[ChatMessage]) -> tuple[str | None, tuple[Message, ...]]:
    """(developer instructions, harmony messages). System and developer texts become the
    instructions, as OpenAI's harmony guide maps them for gpt-oss."""
    instructions: list[str] = []
    out: list[Message] = []
    call_names: dict[str, str] = {}
    for index, message in enumerate(messages):
        where = f"messages[{index}]"
        if message.role in ("system", "developer"):
            if message.text():
                instructions.append(message.text())
        elif message.role == "user":
            out.append(Message(role="user", content=message.text()))
        elif message.role == "assistant":
            out.extend(_assistant(message, call_names, where))
        else:
            name = message.name or call_names.get(message.tool_call_id or "")
            if name is None:
                raise ApiError(
                    400, f"'{where}.tool_call_id' matches no earlier tool call.",
                    param=f"{where}.tool_call_id",
                )  # fmt: skip
            out.append(
                Message(
                    role="tool",
                    content=message.text(),
                    channel="commentary",
                    recipient="assistant",
                    author_name=f"functions.{name}",
                )
            )
    return ("\n\n".join(instructions) or None), tuple(out)


def _assistant(message: ChatMessage, call_names: dict[str, str], where: str) -> list[Message]:
    out: list[Message] = []
    reasoning = message.reasoning_text()
    if reasoning:
        # Kept: harmony shows the model its analysis between the tool calls of one
        # turn, and drops it by itself once a final answer follows.
        out.append(Message(role="assistant", content=reasoning, channel="analysis"))
    if message.text():
        # Text beside tool calls is a preamble (commentary); alone it is the answer.
        channel = "commentary" if message.tool_calls else "final"
        out.append(Message(role="assistant", content=message.text(), channel=channel))
    for n, call in enumerate(message.tool_calls or []):
        try:
            json.loads(call.function.arguments)
        except ValueError:
            raise ApiError(
                400, "Tool-call arguments must be a JSON text.",
                param=f"{where}.tool_calls[{n}].function.arguments",
            ) from None  # fmt: skip
        call_names[call.id] = call.function.name
        out.append(
            Message(
                role="assistant",
                content=call.function.arguments,
                channel="commentary",
                recipient=f"functions.{call.function.name}",
                content_type=JSON_CONSTRAINT,
            )
        )
    return out
