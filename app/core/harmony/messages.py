"""Plain data types for a harmony conversation.

These mirror the reference library's model (``openai_harmony``) closely enough that a
conversation built here renders to the same text, but they are simple frozen
dataclasses with no behaviour of their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal, get_args

ReasoningEffort = Literal["low", "medium", "high"]

ROLES: Final[tuple[str, ...]] = ("user", "assistant", "system", "developer", "tool")

# The reference library's SystemContent defaults.
DEFAULT_MODEL_IDENTITY: Final = "You are ChatGPT, a large language model trained by OpenAI."
DEFAULT_REASONING_EFFORT: Final[ReasoningEffort] = "medium"
DEFAULT_KNOWLEDGE_CUTOFF: Final = "2024-06"
DEFAULT_CHANNELS: Final[tuple[str, ...]] = ("analysis", "commentary", "final")


@dataclass(frozen=True, slots=True)
class Message:
    """One harmony message.

    ``role`` is one of ``ROLES``. Tool results use role ``"tool"`` with the tool's
    name in ``author_name`` (e.g. ``"functions.get_weather"``). ``content_type`` is the
    header's type word, e.g. ``"<|constrain|>json"`` or ``"code"``.
    """

    role: str
    content: str
    channel: str | None = None
    recipient: str | None = None
    content_type: str | None = None
    author_name: str | None = None


@dataclass(frozen=True, slots=True)
class ToolSpec:
    """One tool: ``parameters`` is a JSON-schema object (key order matters) or None."""

    name: str
    description: str
    parameters: dict[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class ToolNamespace:
    """A tool namespace, e.g. ``browser`` or ``python``, rendered in the system message."""

    name: str
    description: str | None = None
    tools: tuple[ToolSpec, ...] = ()

    def __post_init__(self) -> None:
        # Accept lists from callers but keep the stored value immutable.
        object.__setattr__(self, "tools", tuple(self.tools))


@dataclass(frozen=True, slots=True)
class SystemConfig:
    """Contents of the system message. ``None`` leaves a line out."""

    model_identity: str | None = DEFAULT_MODEL_IDENTITY
    reasoning_effort: ReasoningEffort | None = DEFAULT_REASONING_EFFORT
    conversation_start_date: str | None = None
    knowledge_cutoff: str | None = DEFAULT_KNOWLEDGE_CUTOFF
    valid_channels: tuple[str, ...] = DEFAULT_CHANNELS
    channel_required: bool = True
    # Rendered in the order given (the reference keeps them sorted by name).
    tools: tuple[ToolNamespace, ...] = ()

    def __post_init__(self) -> None:
        if self.reasoning_effort is not None and self.reasoning_effort not in get_args(
            ReasoningEffort
        ):
            raise ValueError(f"invalid reasoning effort: {self.reasoning_effort!r}")
        object.__setattr__(self, "valid_channels", tuple(self.valid_channels))
        object.__setattr__(self, "tools", tuple(self.tools))


@dataclass(frozen=True, slots=True)
class DeveloperConfig:
    """Contents of the developer message.

    ``function_tools`` is the ``functions`` namespace. ``None`` means no namespace; an
    empty tuple still renders an (empty) ``functions`` namespace, as the reference does.
    """

    instructions: str | None = None
    function_tools: tuple[ToolSpec, ...] | None = None

    def __post_init__(self) -> None:
        if self.function_tools is not None:
            object.__setattr__(self, "function_tools", tuple(self.function_tools))


@dataclass(frozen=True, slots=True)
class Conversation:
    """System message, developer message, then ``messages`` in order."""

    system: SystemConfig | None = None
    developer: DeveloperConfig | None = None
    messages: tuple[Message, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "messages", tuple(self.messages))
