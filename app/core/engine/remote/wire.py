"""What goes over the wire: a GenerateRequest as a chat-completions body, and a streamed
chunk read back into (channel, text) pieces, tool-call fragments, a finish reason and usage.

Servers differ in where they put the reasoning (``reasoning_content`` in
llama-server, ``reasoning`` in vLLM and in Ollama's OpenAI-shaped API,
``thinking`` in Ollama's own) and in how they take the effort: every one takes a
top-level ``reasoning_effort``; llama-server builds from before that field read
it only from ``chat_template_kwargs``, so llama-server is sent both. Strict
servers refuse fields they do not know, so nothing else is added.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any, Literal

from app.core.engine.protocol import GenerateRequest
from app.core.engine.remote import builtins

Flavor = Literal["openai", "vllm", "llama.cpp", "ollama", "lokal"]
FLAVORS: tuple[Flavor, ...] = ("openai", "vllm", "llama.cpp", "ollama", "lokal")
REASONING_FIELDS = ("reasoning_content", "reasoning", "thinking")


def chat_body(request: GenerateRequest, model: str, flavor: Flavor = "openai") -> dict[str, Any]:
    """The JSON body of one streamed chat completion for ``request``."""
    body: dict[str, Any] = {
        "model": model,
        "messages": chat_messages(request, flavor),
        "stream": True,
        "stream_options": {"include_usage": True},
        "max_tokens": request.max_tokens,
        "temperature": request.sampling.temperature,
        "top_p": request.sampling.top_p,
        "reasoning_effort": request.reasoning_effort,
    }
    if request.sampling.seed is not None:
        body["seed"] = request.sampling.seed
    if flavor == "llama.cpp":
        body["chat_template_kwargs"] = {"reasoning_effort": request.reasoning_effort}
        if request.completion_grammar:
            # llama-server takes a GBNF grammar for the completion (tests: well-formed
            # harmony from a model with random weights); other servers have no such field.
            body["grammar"] = request.completion_grammar
    tools = [
        {
            "type": "function",
            "function": {
                "name": tool.name,
                "description": tool.description,
                "parameters": tool.parameters or {"type": "object", "properties": {}},
            },
        }
        for tool in request.tools
    ]
    # The built-ins run here as well; the server only sees them as functions.
    tools += builtins.functions(request.builtin_tools, {tool.name for tool in request.tools})
    if tools:
        body["tools"] = tools
        if request.tool_choice is not None:
            body["tool_choice"] = request.tool_choice
    if request.response_schema is not None:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": "answer", "schema": request.response_schema, "strict": True},
        }
    return body


def chat_messages(request: GenerateRequest, flavor: Flavor = "openai") -> list[dict[str, Any]]:
    """Harmony messages as chat messages. Reasoning written before a tool call goes back with
    the call (harmony keeps it between the calls of one turn; dropping it breaks chains)."""
    reasoning_key = "reasoning_content" if flavor == "llama.cpp" else "reasoning"
    out: list[dict[str, Any]] = []
    if request.instructions:
        out.append({"role": "system", "content": request.instructions})
    ids = (f"call_{n}" for n in itertools.count(1))
    open_calls: dict[str, list[str]] = {}  # tool name → ids of calls not yet answered
    reasoning = ""
    for message in request.messages:
        if message.role == "user":
            out.append({"role": "user", "content": message.content})
        elif (
            message.role == "assistant"
            and message.channel == "analysis"
            and not (message.recipient)
        ):
            reasoning += message.content
        elif message.role == "assistant" and message.recipient:
            # Built-ins are called on the analysis channel, functions on commentary.
            name, arguments = builtins.wire_call(message.recipient, message.content)
            call_id = next(ids)
            open_calls.setdefault(name, []).append(call_id)
            call = {"id": call_id, "type": "function"}
            call["function"] = {"name": name, "arguments": arguments}  # type: ignore[assignment]
            entry: dict[str, Any] = {"role": "assistant", "content": None, "tool_calls": [call]}
            if reasoning:
                entry[reasoning_key] = reasoning
            out.append(entry)
            reasoning = ""
        elif message.role == "assistant":
            out.append({"role": "assistant", "content": message.content})
            reasoning = ""
        elif message.role == "tool":
            name = builtins.wire_call(message.author_name or "functions.", "")[0]
            waiting = open_calls.get(name) or []
            call_id = waiting.pop(0) if waiting else next(ids)
            out.append({"role": "tool", "tool_call_id": call_id, "content": message.content})
        elif message.role in ("system", "developer"):
            out.append({"role": "system", "content": message.content})
    return out


@dataclass
class ToolCallPiece:
    index: int
    id: str | None
    name: str
    arguments: str


@dataclass
class Chunk:
    """What one streamed chunk said."""

    reasoning: str = ""
    content: str = ""
    tool_calls: list[ToolCallPiece] = field(default_factory=list)
    finish_reason: str | None = None
    usage: dict[str, Any] | None = None
    error: str | None = None  # an error object sent in the stream


def read_chunk(data: Any) -> Chunk:
    """One decoded ``data:`` object (a chat.completion.chunk, or a whole chat.completion from
    a server that ignored ``stream``). Raises ValueError if it is neither."""
    if not isinstance(data, dict):
        raise ValueError("not an object")
    chunk = Chunk()
    if "error" in data:
        error = data["error"]
        chunk.error = str(error.get("message") if isinstance(error, dict) else error)
        return chunk
    choices = data.get("choices")
    usage = data.get("usage")
    if isinstance(usage, dict):
        chunk.usage = usage
    if choices is None and chunk.usage is not None:
        return chunk
    if not isinstance(choices, list):
        raise ValueError("no choices")
    if not choices:
        return chunk
    choice = choices[0]
    if not isinstance(choice, dict):
        raise ValueError("a choice is not an object")
    delta = choice.get("delta")
    if delta is None:
        delta = choice.get("message")  # a whole completion
    if not isinstance(delta, dict):
        delta = {}
    for key in REASONING_FIELDS:
        value = delta.get(key)
        if isinstance(value, str) and value:
            chunk.reasoning = value
            break
    content = delta.get("content")
    if isinstance(content, str):
        chunk.content = content
    for position, call in enumerate(delta.get("tool_calls") or []):
        if not isinstance(call, dict):
            raise ValueError("a tool call is not an object")
        function = call.get("function") or {}
        arguments = function.get("arguments")
        if not isinstance(arguments, str):  # Ollama's own API sends an object
            arguments = "" if arguments is None else _json(arguments)
        chunk.tool_calls.append(
            ToolCallPiece(
                int(call.get("index", position)),
                call.get("id"),
                str(function.get("name") or ""),
                arguments,
            )
        )
    reason = choice.get("finish_reason")
    if isinstance(reason, str):
        chunk.finish_reason = reason
    return chunk


def _json(value: Any) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
