"""What one request may ask of the server; past these it is refused with a 400 or 413."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_body_bytes: int = 4 * 1024 * 1024
    max_messages: int = 1000
    max_tools: int = 128
    max_stop_sequences: int = 4
    # None: the model's context length.
    max_tokens: int | None = None
    default_max_tokens: int = 4096
    # Requests waiting behind the one that runs; more are answered 429.
    max_waiting: int = 4
