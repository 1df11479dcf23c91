"""Engine events → OpenAI chat completion objects and stream chunks."""

from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass, field
from typing import Any

from app.core.engine.protocol import Delta, Done, EngineError, Event, ToolCall
from app.core.server.errors import ApiError
from app.core.server.stop_filter import StopFilter

FINISH = {
    "stop": "stop",
    "tool_call": "tool_calls",
    "length": "length",
    "context_full": "length",
    "cancelled": "stop",
    "error": "stop",
}


def new_id(prefix: str) -> str:
    return f"{prefix}{secrets.token_hex(12)}"


def function_name(recipient: str) -> str:
    return recipient.removeprefix("functions.")


def invalid_arguments(name: str) -> ApiError:
    return ApiError(
        500,
        f"The model wrote arguments for '{name}' that are not valid JSON.",
        code="invalid_tool_arguments",
    )


def usage(done: Done) -> dict[str, Any]:
    return {
        "prompt_tokens": done.prompt_tokens,
        "completion_tokens": done.completion_tokens,
        "total_tokens": done.prompt_tokens + done.completion_tokens,
        "prompt_tokens_details": {
            "cached_tokens": done.prompt_tokens - done.prompt_tokens_evaluated
        },
        "completion_tokens_details": {"reasoning_tokens": done.analysis_tokens},
    }


def engine_failure(event: EngineError) -> ApiError:
    if event.prompt_tokens is not None and not event.fatal:
        # The request is too long for the loaded model's context: the client's to fix, as
        # OpenAI's API says with 400 and this code.
        return ApiError(400, event.message, param="messages", code="context_length_exceeded")
    status = 503 if event.fatal else 500
    return ApiError(status, event.message, code="engine_error")


@dataclass
class ChatAnswer:
    """What has come of one chat request so far."""

    model: str
    stops: tuple[str, ...] = ()
    # The functions the request offered; a call to any other is not passed on
    # (the model wrote it, but the client cannot act on it).
    functions: frozenset[str] = frozenset()
    id: str = field(default_factory=lambda: new_id("chatcmpl-"))
    created: int = field(default_factory=lambda: int(time.time()))
    content: list[str] = field(default_factory=list)
    reasoning: list[str] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    done: Done | None = None
    stop_filter: StopFilter = field(init=False)

    def __post_init__(self) -> None:
        self.stop_filter = StopFilter(self.stops)

    @property
    def stopped(self) -> bool:
        """A stop sequence was met: the engine's job may be cancelled."""
        return self.stop_filter.stopped

    def take(self, event: Event) -> dict[str, Any] | None:
        """Record `event`; returns the chunk delta it makes (None: nothing to send).
        Raises ApiError for an engine failure or invalid tool arguments."""
        if isinstance(event, Delta):
            if event.channel == "analysis":
                self.reasoning.append(event.text)
                return {"reasoning_content": event.text, "reasoning": event.text}
            text = self.stop_filter.feed(event.text)
            self.content.append(text)
            return {"content": text} if text else None
        if isinstance(event, ToolCall):
            name = function_name(event.recipient)
            if name not in self.functions or not event.recipient.startswith("functions."):
                return None
            try:
                json.loads(event.arguments)
            except ValueError:
                raise invalid_arguments(name) from None
            call = {
                "id": new_id("call_"),
                "type": "function",
                "function": {"name": name, "arguments": event.arguments},
            }
            self.calls.append(call)
            return {"tool_calls": [{"index": len(self.calls) - 1, **call}]}
        if isinstance(event, EngineError):
            raise engine_failure(event)
        if isinstance(event, Done):
            self.done = event
            tail = self.stop_filter.flush()
            if tail:
                self.content.append(tail)
                return {"content": tail}
        return None

    def finish_reason(self) -> str:
        if self.calls:
            return "tool_calls"
        if self.stopped or self.done is None or self.done.finish_reason == "tool_call":
            return "stop"  # (a call to a function not offered was left out)
        return FINISH[self.done.finish_reason]

    def completion(self) -> dict[str, Any]:
        assert self.done is not None
        content = "".join(self.content)
        reasoning = "".join(self.reasoning)
        message: dict[str, Any] = {
            "role": "assistant",
            "content": content if content or not self.calls else None,
            "reasoning_content": reasoning or None,
            "reasoning": reasoning or None,
            "refusal": None,
        }
        if self.calls:
            message["tool_calls"] = self.calls
        return {
            "id": self.id,
            "object": "chat.completion",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": None,
            "choices": [
                {
                    "index": 0,
                    "message": message,
                    "logprobs": None,
                    "finish_reason": self.finish_reason(),
                }
            ],
            "usage": usage(self.done),
        }

    def chunk(
        self, delta: dict[str, Any], finish: str | None = None, *, with_usage: bool = False
    ) -> dict[str, Any]:
        body: dict[str, Any] = {
            "id": self.id,
            "object": "chat.completion.chunk",
            "created": self.created,
            "model": self.model,
            "system_fingerprint": None,
            "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}],
        }
        if with_usage and self.done is not None:
            body["choices"] = []
            body["usage"] = usage(self.done)
        return body
