"""A scripted stand-in for llama.cpp, for testing the generation loop's logic exactly."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from app.core.engine.protocol import SamplingSettings
from app.core.harmony import O200K_HARMONY_IDS

SPECIALS = dict(O200K_HARMONY_IDS)
ENDS = frozenset({199999, 200002, 200012})


def script(*parts: str) -> list[int]:
    """Token ids for a completion written as text; specials become their ids."""
    tokens: list[int] = []
    for part in parts:
        if part in SPECIALS:
            tokens.append(SPECIALS[part])
        else:
            tokens.extend(part.encode("utf-8"))
    return tokens


@dataclass
class FakeSampler:
    runtime: FakeRuntime
    grammar: str | None
    bias: Mapping[int, float]

    def sample(self) -> int:
        token = self.runtime.outputs.pop(0)
        self.runtime.sampled_with.append(self.grammar)
        return token

    def close(self) -> None:
        pass


@dataclass
class FakeRuntime:
    outputs: list[int]
    n_ctx: int = 4096
    n_vocab: int = 201088
    special_ids: Mapping[str, int] = field(default_factory=lambda: dict(SPECIALS))
    end_ids: frozenset[int] = ENDS
    cache: list[int] = field(default_factory=list)
    evaluated: list[list[int]] = field(default_factory=list)
    sampled_with: list[str | None] = field(default_factory=list)
    abort_on_call: int | None = None  # evaluate() call number that is "aborted"
    can_truncate: bool = True
    rows: list[int] = field(default_factory=list)  # rows of each evaluated batch, filler too

    def tokenize_plain(self, text: str) -> list[int]:
        return list(text.encode("utf-8"))

    def token_bytes(self, token: int) -> bytes:
        return bytes([token]) if token < 256 else b""

    def evaluate(
        self,
        tokens: Sequence[int],
        *,
        should_abort: Callable[[], bool] | None = None,
        min_rows: int = 0,
    ) -> bool:
        self.evaluated.append(list(tokens))
        self.rows.append(max(len(tokens), min_rows))
        if self.abort_on_call is not None and len(self.evaluated) == self.abort_on_call:
            self.cache.extend(tokens[: len(tokens) // 2])  # half written, as llama.cpp may
            return False
        self.cache.extend(tokens)
        return True

    def truncate_cache(self, keep: int) -> bool:
        if not self.can_truncate:
            return False
        del self.cache[keep:]
        return True

    def clear_cache(self) -> None:
        self.cache.clear()

    def make_sampler(
        self,
        sampling: SamplingSettings,
        *,
        grammar: str | None = None,
        logit_bias: Mapping[int, float] | None = None,
    ) -> FakeSampler:
        return FakeSampler(self, grammar, dict(logit_bias or {}))
