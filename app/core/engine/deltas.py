"""Coalescing per-token text into a few events per second-fraction.

At thousands of tokens per second a pipe message per token costs more than the
token itself, and no screen redraws that often. The first text goes out at
once (time to first token is what people feel); after that text is held for
at most `interval` seconds, and a change of channel flushes what is pending.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import cast

from app.core.engine.protocol import Channel, Delta


class DeltaBatcher:
    def __init__(
        self,
        request_id: int,
        *,
        interval: float = 0.015,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        self.request_id = request_id
        self.interval = interval
        self._clock = clock
        self._channel: str | None = None
        self._parts: list[str] = []
        self._last_sent: float | None = None

    def add(self, channel: str, text: str) -> Iterator[Delta]:
        if not text:
            return
        if self._channel is not None and channel != self._channel:
            yield from self.flush()
        self._channel = channel
        self._parts.append(text)
        now = self._clock()
        if self._last_sent is None or now - self._last_sent >= self.interval:
            yield from self.flush()

    def flush(self) -> Iterator[Delta]:
        if self._parts and self._channel is not None:
            text = "".join(self._parts)
            self._parts.clear()
            self._last_sent = self._clock()
            yield Delta(self.request_id, cast(Channel, self._channel), text)
