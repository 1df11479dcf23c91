"""Render a ``Conversation`` to harmony prompt text.

The primary output is a list of segments: plain ``str`` pieces and ``Special`` control
tokens. Each ``str`` is exactly one piece the reference renderer tokenizes on its own
(``render_text_into``), so tokenizing the pieces separately, with special-token
recognition off, reproduces the reference token ids. Joining the segments gives the
text form used by the conformance cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .errors import HarmonyRenderError
from .messages import Conversation, DeveloperConfig, Message, SystemConfig, ToolNamespace
from .tokens import CALL, CHANNEL, CONSTRAIN, END, MESSAGE, RETURN, START, Special
from .typescript import render_tools_section

Segment = str | Special

_FUNCTIONS_LINE = "Calls to these tools must go to the commentary channel: 'functions'."


@dataclass(frozen=True, slots=True)
class _Item:
    """A message to render: plain text, or the system/developer config as content."""

    message: Message
    body: SystemConfig | DeveloperConfig | None = None


def _system_text(system: SystemConfig, has_function_tools: bool) -> str:
    sections: list[str] = []
    top = []
    if system.model_identity is not None:
        top.append(system.model_identity)
    if system.knowledge_cutoff is not None:
        top.append(f"Knowledge cutoff: {system.knowledge_cutoff}")
    if system.conversation_start_date is not None:
        top.append(f"Current date: {system.conversation_start_date}")
    if top:
        sections.append("\n".join(top))
    if system.reasoning_effort is not None:
        sections.append(f"Reasoning: {system.reasoning_effort}")
    if system.tools:
        sections.append(render_tools_section(system.tools))
    if system.valid_channels:
        header = f"# Valid channels: {', '.join(system.valid_channels)}."
        if system.channel_required:
            header += " Channel must be included for every message."
        # Function calls live in the commentary channel; the model is told so here.
        if has_function_tools:
            header += "\n" + _FUNCTIONS_LINE
        sections.append(header)
    return "\n\n".join(sections)


def _developer_text(developer: DeveloperConfig) -> str:
    sections: list[str] = []
    if developer.instructions is not None:
        sections.append("# Instructions")
        sections.append(developer.instructions)
    if developer.function_tools is not None:
        functions = ToolNamespace("functions", None, developer.function_tools)
        sections.append(render_tools_section([functions]))
    return "\n\n".join(sections)


def _render_message(item: _Item, has_function_tools: bool, out: list[Segment]) -> None:
    message = item.message
    out.append(Special(START))
    if message.role == "tool":
        # Tool results are authored by the tool itself, named e.g. "browser.search".
        if message.author_name is None:
            raise HarmonyRenderError("tool messages need an author_name (the tool's name)")
        out.append(message.author_name)
    else:
        out.append(message.role)
        if message.author_name is not None:
            out.append(f":{message.author_name}")
    if message.recipient is not None and message.recipient != "all":
        out.append(f" to={message.recipient}")
    if message.channel is not None:
        out.append(Special(CHANNEL))
        out.append(message.channel)
    if message.content_type is not None:
        if message.content_type.startswith(CONSTRAIN):
            # <|constrain|> must be the real token, never text.
            out.append(" ")
            out.append(Special(CONSTRAIN))
            rest = message.content_type[len(CONSTRAIN) :]
            if rest:
                out.append(rest)
        else:
            out.append(f" {message.content_type}")
    out.append(Special(MESSAGE))
    if isinstance(item.body, SystemConfig):
        text = _system_text(item.body, has_function_tools)
    elif isinstance(item.body, DeveloperConfig):
        text = _developer_text(item.body)
    else:
        text = message.content
    if text:
        out.append(text)
    # An assistant message addressed to someone is a tool call and ends with <|call|>.
    if message.role == "assistant" and message.recipient is not None:
        out.append(Special(CALL))
    else:
        out.append(Special(END))


def _items(conv: Conversation) -> list[_Item]:
    items: list[_Item] = []
    if conv.system is not None:
        items.append(_Item(Message("system", ""), conv.system))
    if conv.developer is not None:
        items.append(_Item(Message("developer", ""), conv.developer))
    items.extend(_Item(m) for m in conv.messages)
    return items


def _kept(items: Sequence[_Item], auto_drop_analysis: bool) -> list[_Item]:
    """Apply the chain-of-thought dropping rule.

    Once the assistant has given a final answer, earlier reasoning is not shown to the
    model again: if the last assistant message is on ``final``, every ``analysis``
    message before the first ``final`` message is left out.
    """
    last_assistant = next((i for i in reversed(items) if i.message.role == "assistant"), None)
    if not auto_drop_analysis or last_assistant is None:
        return list(items)
    if last_assistant.message.channel != "final":
        return list(items)
    first_final = next((n for n, i in enumerate(items) if i.message.channel == "final"), len(items))
    return [
        item
        for n, item in enumerate(items)
        if not (n < first_final and item.message.channel == "analysis")
    ]


def render_segments(
    conv: Conversation,
    *,
    for_completion: bool,
    next_role: str = "assistant",
    auto_drop_analysis: bool = True,
    for_training: bool = False,
) -> list[Segment]:
    """Render ``conv`` as segments (``str`` text pieces and ``Special`` tokens).

    ``for_completion`` appends ``<|start|>`` + ``next_role`` so the model writes the
    next message. ``for_training`` renders without that header (it wins over
    ``for_completion``) and, when the last message is an assistant ``final`` message,
    ends it with ``<|return|>`` as the model emits it when sampling stops.
    """
    items = _items(conv)
    has_function_tools = bool(conv.developer and conv.developer.function_tools)
    out: list[Segment] = []
    for item in _kept(items, auto_drop_analysis):
        _render_message(item, has_function_tools, out)
    if for_training:
        last = items[-1].message if items else None
        if last is not None and last.role == "assistant" and last.channel == "final":
            out[-1] = Special(RETURN)
    elif for_completion:
        out.append(Special(START))
        if next_role:
            out.append(next_role)
    return out


def segments_to_text(segments: Sequence[Segment]) -> str:
    """Join segments, writing each ``Special`` as its literal token string."""
    return "".join(s.text if isinstance(s, Special) else s for s in segments)


def render_text(
    conv: Conversation,
    *,
    for_completion: bool,
    next_role: str = "assistant",
    auto_drop_analysis: bool = True,
    for_training: bool = False,
) -> str:
    """Render ``conv`` as one string, control tokens written as their literal text."""
    return segments_to_text(
        render_segments(
            conv,
            for_completion=for_completion,
            next_role=next_role,
            auto_drop_analysis=auto_drop_analysis,
            for_training=for_training,
        )
    )
