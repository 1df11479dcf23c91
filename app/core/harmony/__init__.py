"""Lokal's own implementation of OpenAI's harmony chat format (gpt-oss).

Pure Python and stdlib only. ``render_segments`` turns a ``Conversation`` into prompt
segments (text and control tokens kept apart); ``StreamParser`` reads a completion
back, token by token, into ``Message`` objects.
"""

from .errors import HarmonyError, HarmonyParseError, HarmonyRenderError
from .markers import MarkerFilter, strip_markers
from .messages import (
    ROLES,
    Conversation,
    DeveloperConfig,
    Message,
    ReasoningEffort,
    SystemConfig,
    ToolNamespace,
    ToolSpec,
)
from .parser import ContentDelta, MessageDone, ParseEvent, StreamParser, parse_text
from .render import Segment, render_segments, render_text, segments_to_text
from .tokens import (
    CALL,
    CHANNEL,
    CONSTRAIN,
    END,
    ENDOFTEXT,
    FORMAT_TOKENS,
    HARMONY_SPECIALS,
    MARKER_RE,
    MESSAGE,
    O200K_HARMONY_IDS,
    RETURN,
    START,
    STARTOFTEXT,
    STOP_TOKENS,
    Special,
    is_harmony_special,
    split_specials,
)
from .typescript import render_tools_section, schema_to_typescript

__all__ = [
    "CALL",
    "CHANNEL",
    "CONSTRAIN",
    "END",
    "ENDOFTEXT",
    "FORMAT_TOKENS",
    "HARMONY_SPECIALS",
    "MARKER_RE",
    "MESSAGE",
    "O200K_HARMONY_IDS",
    "RETURN",
    "ROLES",
    "START",
    "STARTOFTEXT",
    "STOP_TOKENS",
    "ContentDelta",
    "Conversation",
    "DeveloperConfig",
    "HarmonyError",
    "HarmonyParseError",
    "HarmonyRenderError",
    "MarkerFilter",
    "Message",
    "MessageDone",
    "ParseEvent",
    "ReasoningEffort",
    "Segment",
    "Special",
    "StreamParser",
    "SystemConfig",
    "ToolNamespace",
    "ToolSpec",
    "is_harmony_special",
    "parse_text",
    "render_segments",
    "render_text",
    "render_tools_section",
    "schema_to_typescript",
    "segments_to_text",
    "split_specials",
    "strip_markers",
]
