"""Engine events → a Responses API response and its stream events.

Chat deltas from ChatAnswer (which also applies stop sequences and checks
tool-call arguments) are regrouped into output items: reasoning, message,
function_call, each opened, filled and closed with the events OpenAI's
streaming clients expect.
"""

from __future__ import annotations

import time
from typing import Any

from app.core.engine.protocol import Event
from app.core.server.chat_output import ChatAnswer, new_id
from app.core.server.responses_models import ResponsesRequest


class ResponseBuilder:
    def __init__(
        self, body: ResponsesRequest, model: str, stops: tuple[str, ...] = (), *, effort: str
    ) -> None:
        self.body = body
        self.answer = ChatAnswer(model=model, stops=stops)
        self.id = new_id("resp_")
        self.created_at = int(time.time())
        self.effort = effort
        self.output: list[dict[str, Any]] = []
        self._open: dict[str, Any] | None = None  # the item being written
        self._sequence = 0

    # --- the response object ---------------------------------------------------

    def response(self, status: str = "completed") -> dict[str, Any]:
        done = self.answer.done
        incomplete = None
        if done is not None and done.finish_reason in ("length", "context_full"):
            status, incomplete = "incomplete", {"reason": "max_output_tokens"}
        body = self.body
        fmt = body.text.format if body.text and body.text.format else None
        return {
            "id": self.id,
            "object": "response",
            "created_at": self.created_at,
            "status": status,
            "error": None,
            "incomplete_details": incomplete,
            "instructions": body.instructions,
            "max_output_tokens": body.max_output_tokens,
            "model": self.answer.model,
            "output": self.output if status != "in_progress" else [],
            "parallel_tool_calls": False,
            "previous_response_id": body.previous_response_id,
            "reasoning": {"effort": self.effort, "summary": None},
            "store": body.store,
            "temperature": 1.0 if body.temperature is None else body.temperature,
            "text": {
                "format": fmt.model_dump(by_alias=True, exclude_none=True)
                if fmt
                else {"type": "text"}
            },
            "tool_choice": _tool_choice(body),
            "tools": [t.model_dump(exclude_none=True) for t in body.tools or []],
            "top_p": 1.0 if body.top_p is None else body.top_p,
            "truncation": "disabled",
            "usage": self._usage(),
            "metadata": body.metadata or {},
        }

    def _usage(self) -> dict[str, Any] | None:
        done = self.answer.done
        if done is None:
            return None
        return {
            "input_tokens": done.prompt_tokens,
            "input_tokens_details": {
                "cached_tokens": done.prompt_tokens - done.prompt_tokens_evaluated
            },
            "output_tokens": done.completion_tokens,
            "output_tokens_details": {"reasoning_tokens": done.analysis_tokens},
            "total_tokens": done.prompt_tokens + done.completion_tokens,
        }

    # --- events ------------------------------------------------------------------

    def start(self) -> list[dict[str, Any]]:
        return [
            self._event("response.created", response=self.response("in_progress")),
            self._event("response.in_progress", response=self.response("in_progress")),
        ]

    def take(self, event: Event) -> list[dict[str, Any]]:
        """Record an engine event; returns the stream events it makes (ApiError on failure)."""
        delta = self.answer.take(event)
        events: list[dict[str, Any]] = []
        if delta:
            if "reasoning_content" in delta:
                events += self._text("reasoning", str(delta["reasoning_content"]))
            if "content" in delta:
                events += self._text("message", str(delta["content"]))
            for call in delta.get("tool_calls", []):
                events += self._call(call)
        if self.answer.done is not None:
            events += self._close()
            status = self.response()["status"]
            name = "response.completed" if status == "completed" else "response.incomplete"
            events.append(self._event(name, response=self.response()))
        return events

    def _event(self, kind: str, **fields: Any) -> dict[str, Any]:
        self._sequence += 1
        return {"type": kind, "sequence_number": self._sequence, **fields}

    def _text(self, kind: str, text: str) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        if self._open is None or self._open["type"] != kind:
            events += self._close()
            events += self._open_text_item(kind)
        assert self._open is not None
        part = self._open["content"][0]
        part["text"] += text
        name = (
            "response.reasoning_text.delta"
            if kind == "reasoning"
            else ("response.output_text.delta")
        )
        events.append(self._event(name, **self._where(), content_index=0, delta=text))
        return events

    def _open_text_item(self, kind: str) -> list[dict[str, Any]]:
        if kind == "reasoning":
            item: dict[str, Any] = {
                "type": "reasoning",
                "id": new_id("rs_"),
                "summary": [],
                "content": [{"type": "reasoning_text", "text": ""}],
                "status": "in_progress",
            }
        else:
            item = {
                "type": "message",
                "id": new_id("msg_"),
                "status": "in_progress",
                "role": "assistant",
                "content": [{"type": "output_text", "text": "", "annotations": []}],
            }
        self.output.append(item)
        self._open = item
        empty_part = {**item["content"][0], "text": ""}
        return [
            self._event(
                "response.output_item.added", output_index=len(self.output) - 1,
                item={**item, "content": []},
            ),
            self._event(
                "response.content_part.added", **self._where(), content_index=0, part=empty_part
            ),
        ]  # fmt: skip

    def _where(self) -> dict[str, Any]:
        assert self._open is not None
        return {"item_id": self._open["id"], "output_index": len(self.output) - 1}

    def _close(self) -> list[dict[str, Any]]:
        item, self._open = self._open, None
        if item is None:
            return []
        self._open = item  # for _where()
        where = self._where()
        self._open = None
        item["status"] = "completed"
        part = item["content"][0]
        done_name = (
            "response.reasoning_text.done"
            if item["type"] == "reasoning"
            else "response.output_text.done"
        )
        return [
            self._event(done_name, **where, content_index=0, text=part["text"]),
            self._event("response.content_part.done", **where, content_index=0, part=part),
            self._event("response.output_item.done", output_index=where["output_index"], item=item),
        ]

    def _call(self, call: dict[str, Any]) -> list[dict[str, Any]]:
        events = self._close()
        item = {
            "type": "function_call",
            "id": new_id("fc_"),
            "call_id": call["id"],
            "name": call["function"]["name"],
            "arguments": call["function"]["arguments"],
            "status": "completed",
        }
        self.output.append(item)
        index = len(self.output) - 1
        where = {"item_id": item["id"], "output_index": index}
        return [
            *events,
            self._event(
                "response.output_item.added", output_index=index,
                item={**item, "arguments": "", "status": "in_progress"},
            ),
            self._event("response.function_call_arguments.delta", **where, delta=item["arguments"]),
            self._event(
                "response.function_call_arguments.done", **where, arguments=item["arguments"]
            ),
            self._event("response.output_item.done", output_index=index, item=item),
        ]  # fmt: skip

    def stored_items(self) -> list[dict[str, Any]]:
        """This response's output as input items for a later previous_response_id."""
        out = []
        for item in self.output:
            kept = {k: v for k, v in item.items() if k != "status"}
            out.append(kept)
        return out


def _tool_choice(body: ResponsesRequest) -> Any:
    choice = body.tool_choice
    if choice is None:
        return "auto"
    return choice if isinstance(choice, str) else choice.model_dump()
