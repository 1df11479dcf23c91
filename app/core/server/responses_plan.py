"""From a Responses API request to the chat plan the engine runs.

Input items (and those of the stored previous response) become chat
messages: a reasoning item rides on the assistant message or function call
that follows it, so the analysis between tool calls reaches the model again.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from app.core.server.chat_models import ChatRequest
from app.core.server.chat_plan import ChatPlan, plan_chat
from app.core.server.errors import ApiError, from_validation
from app.core.server.limits import Limits
from app.core.server.responses_models import (
    FunctionCallItem,
    FunctionCallOutputItem,
    MessageItem,
    ReasoningItem,
    ResponsesRequest,
)

ITEM_TYPES: dict[str, type[BaseModel]] = {
    "message": MessageItem,
    "function_call": FunctionCallItem,
    "function_call_output": FunctionCallOutputItem,
    "reasoning": ReasoningItem,
}


def input_items(raw: str | list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The request's input as checked, normalised item dicts."""
    if isinstance(raw, str):
        return [{"type": "message", "role": "user", "content": raw}]
    items = []
    for index, item in enumerate(raw):
        kind = item.get("type") or ("message" if "role" in item else None)
        model = ITEM_TYPES.get(str(kind))
        if model is None:
            raise ApiError(
                400, f"Input items of type {kind!r} are not supported.", param=f"input[{index}]"
            )
        try:
            parsed = model.model_validate({**item, "type": kind})
        except ValidationError as exc:
            error = from_validation(exc)
            error.param = f"input[{index}].{error.param}" if error.param else f"input[{index}]"
            raise error from None
        items.append(parsed.model_dump(mode="json", by_alias=True, exclude_none=True))
    return items


def chat_messages(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    messages: list[dict[str, Any]] = []
    reasoning: str | None = None
    for item in items:
        kind = item["type"]
        if kind == "reasoning":
            text = ReasoningItem.model_validate(item).text()
            reasoning = f"{reasoning}\n{text}" if reasoning else text
        elif kind == "message":
            message = MessageItem.model_validate(item)
            entry: dict[str, Any] = {"role": message.role, "content": message.text()}
            if message.role == "assistant":
                entry["reasoning_content"], reasoning = reasoning, None
            messages.append(entry)
        elif kind == "function_call":
            call = FunctionCallItem.model_validate(item)
            messages.append(
                {
                    "role": "assistant",
                    "content": None,
                    "reasoning_content": reasoning,
                    "tool_calls": [
                        {
                            "id": call.call_id,
                            "type": "function",
                            "function": {"name": call.name, "arguments": call.arguments},
                        }
                    ],
                }
            )
            reasoning = None
        else:
            output = FunctionCallOutputItem.model_validate(item)
            messages.append(
                {"role": "tool", "tool_call_id": output.call_id, "content": output.text()}
            )
    return messages


def chat_request(body: ResponsesRequest, items: list[dict[str, Any]]) -> ChatRequest:
    messages = chat_messages(items)
    if body.instructions:
        messages.insert(0, {"role": "developer", "content": body.instructions})
    if not messages:
        raise ApiError(400, "The input is empty.", param="input")
    fields: dict[str, Any] = {
        "model": body.model,
        "messages": messages,
        "max_tokens": body.max_output_tokens,
        "temperature": body.temperature,
        "top_p": body.top_p,
    }
    if body.tools:
        fields["tools"] = [
            {"type": "function", "function": tool.model_dump(exclude={"type"}, exclude_none=True)}
            for tool in body.tools
        ]
    choice = body.tool_choice
    if choice is not None:
        fields["tool_choice"] = (
            choice
            if isinstance(choice, str)
            else {"type": "function", "function": {"name": choice.name}}
        )
    if body.reasoning and body.reasoning.effort:
        fields["reasoning_effort"] = body.reasoning.effort
    fmt = body.text.format if body.text else None
    if fmt is not None and fmt.type == "json_schema":
        if fmt.schema_ is None:
            raise ApiError(400, "A json_schema format needs 'schema'.", param="text.format.schema")
        fields["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": fmt.name or "response", "schema": fmt.schema_},
        }
    elif fmt is not None and fmt.type == "json_object":
        fields["response_format"] = {"type": "json_object"}
    try:
        return ChatRequest.model_validate(fields)
    except ValidationError as exc:
        raise from_validation(exc) from None


def plan_response(
    body: ResponsesRequest, items: list[dict[str, Any]], limits: Limits, n_ctx: int | None
) -> ChatPlan:
    try:
        return plan_chat(chat_request(body, items), limits, n_ctx)
    except ApiError as exc:
        exc.param = _responses_param(exc.param)
        raise


def _responses_param(param: str | None) -> str | None:
    """Chat parameter names as the Responses API calls them."""
    if param is None:
        return None
    for chat, responses in (
        ("response_format.json_schema.schema", "text.format.schema"),
        ("max_tokens", "max_output_tokens"),
        ("messages", "input"),
    ):
        if param.startswith(chat):
            return responses + param[len(chat) :]
    return param
