"""Exceptions raised by the harmony renderer and (strict) parser."""

from __future__ import annotations


class HarmonyError(ValueError):
    """Base class for harmony errors."""


class HarmonyRenderError(HarmonyError):
    """A conversation that cannot be rendered (e.g. a tool message without a name)."""


class HarmonyParseError(HarmonyError):
    """Malformed completion text. Only the strict parser raises this."""
