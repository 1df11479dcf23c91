"""The harmony conversation for a generate request: system and developer messages first."""

from __future__ import annotations

import json
from datetime import date

from app.core.engine.protocol import GenerateRequest
from app.core.harmony import Conversation, DeveloperConfig, SystemConfig


def build_conversation(request: GenerateRequest) -> Conversation:
    system = SystemConfig(
        reasoning_effort=request.reasoning_effort,
        conversation_start_date=request.conversation_date or date.today().isoformat(),
        tools=tuple(request.builtin_tools),
    )
    instructions = request.instructions
    if request.response_schema is not None:
        # The format OpenAI documents for gpt-oss structured output: the schema
        # is described to the model; the grammar then holds it to it.
        section = "# Response Formats\n\n## response\n\n" + json.dumps(
            request.response_schema, separators=(",", ":")
        )
        instructions = f"{instructions}\n\n{section}" if instructions else section
    developer = None
    if instructions or request.tools:
        developer = DeveloperConfig(
            instructions=instructions,
            function_tools=tuple(request.tools) if request.tools else None,
        )
    return Conversation(system=system, developer=developer, messages=tuple(request.messages))
