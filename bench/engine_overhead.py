"""What our engine adds per token, and what it re-evaluates between turns (tiny model).

Overhead per token. The engine and the bare decode + sample loop (bare_loop.py)
generate N tokens each, N = 100 and 4,000, in interleaved pairs (bare, engine, bare,
engine …) so that the machine's drift hits both alike. Our work per token
(detokenizing, harmony parsing, IPC) must not grow with the length of the answer.

The absolute overhead (engine − bare, per token) is printed with its spread, but it
cannot be the summary metric: at 100 tokens it is a difference of two nearly equal
times, tens of µs against a noise of milliseconds on a shared machine, often ≤ 0, so
"overhead at 4,000 ÷ overhead at 100" swings wildly or is undefined. overhead_ratio
therefore divides slowdowns instead:

    slowdown(N)    = engine seconds per token ÷ bare seconds per token at N
                     (median of the paired ratios, so that each pair's drift cancels)
    overhead_ratio = slowdown(4,000) ÷ slowdown(100)

Its denominator is ≥ about 1 and stable. A constant overhead per token gives a ratio
at or below 1.0 (the bare cost per token grows with the context, so a fixed extra
weighs less); overhead that grows with the answer's length (say, rescanning the
whole text for every token: 40 times as much at 4,000 as at 100) makes the ratio
climb well above 1.0, because bare decoding slows down far less over that range.
What it cannot see is overhead growing exactly as fast as llama.cpp's own decode
cost, which is why the absolute µs figures stay in the output.

Re-evaluation. A 6-turn conversation whose answers a grammar forces into
well-formed harmony; each answer's final message goes back into the conversation
and its analysis is dropped, as the app does. Per turn: prompt tokens, tokens the
engine evaluated, and the minimum it could have (those after the longest common
prefix with what the cache held).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from bare_loop import BareLoop
from engine_prompts import PromptTokens, finish
from engine_settings import DATE, N_CTX, TG_PROMPT

from app.core.engine.client import EngineClient
from app.core.engine.generation import common_prefix_length
from app.core.engine.protocol import GenerateRequest, LoadSettings, SamplingSettings
from app.core.grammar import forced_harmony_grammar
from app.core.harmony import CHANNEL, Message

OVERHEAD_LENGTHS = (100, 4000)
OVERHEAD_REPEATS = 9


def engine_seconds(client: EngineClient, n: int) -> float:
    request = GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=TG_PROMPT),),
        sampling=SamplingSettings(temperature=1.0, top_p=1.0, seed=1),
        max_tokens=n,
        ignore_end=True,
        conversation_date=DATE,
    )
    started = time.perf_counter()
    done = finish(client, request)
    elapsed = time.perf_counter() - started
    assert done.completion_tokens == n, done
    return elapsed


def _half_iqr(values: list[float]) -> float:
    q1, _, q3 = statistics.quantiles(sorted(values), n=4)
    return (q3 - q1) / 2


@dataclass
class Overhead:
    """Seconds per run, bare and engine runs interleaved (bare, engine, bare, engine …)
    so that the machine's drift hits both alike; overhead = median of the paired
    differences ÷ N, slowdown = median of the paired ratios."""

    engine: dict[int, list[float]]
    bare: dict[int, list[float]]

    def _pairs(self, n: int) -> list[tuple[float, float]]:
        return list(zip(self.engine[n], self.bare[n], strict=True))

    def rate(self, who: str, n: int) -> float:
        runs = self.engine[n] if who == "engine" else self.bare[n]
        return n / statistics.median(runs)

    def per_token_us(self, n: int) -> float:
        return statistics.median(e - b for e, b in self._pairs(n)) / n * 1e6

    def spread_us(self, n: int) -> float:
        """Half the interquartile range of the paired differences, per token: the noise."""
        return _half_iqr([e - b for e, b in self._pairs(n)]) / n * 1e6

    def slowdown(self, n: int) -> float:
        """Engine seconds per token ÷ bare seconds per token at N (1.0: no overhead)."""
        return statistics.median(e / b for e, b in self._pairs(n))

    def slowdown_spread(self, n: int) -> float:
        """Half the interquartile range of the paired ratios: the noise of slowdown()."""
        return _half_iqr([e / b for e, b in self._pairs(n)])

    @property
    def ratio(self) -> float:
        """slowdown at the long length ÷ at the short one: ~1.0 or below when our
        overhead per token does not grow with the length (see the module docstring)."""
        short, long = OVERHEAD_LENGTHS
        return self.slowdown(long) / self.slowdown(short)


def measure_overhead(model: Path, threads: int, repeats: int = OVERHEAD_REPEATS) -> Overhead:
    engine: dict[int, list[float]] = {n: [] for n in OVERHEAD_LENGTHS}
    bare: dict[int, list[float]] = {n: [] for n in OVERHEAD_LENGTHS}
    bare_loop = BareLoop(model, threads, prompt=TG_PROMPT, conversation_date=DATE, n_ctx=N_CTX)
    try:
        with EngineClient() as client:
            client.load(LoadSettings(model_path=model, n_ctx=N_CTX, n_threads=threads))
            engine_seconds(client, 20)  # warm-up
            bare_loop.seconds(20)
            for _ in range(repeats):
                for n in OVERHEAD_LENGTHS:
                    bare[n].append(bare_loop.seconds(n))
                    engine[n].append(engine_seconds(client, n))
    finally:
        bare_loop.close()
    return Overhead(engine, bare)


@dataclass
class Turn:
    prompt_tokens: int
    evaluated: int
    growth: int  # prompt tokens − previous prompt tokens
    minimum: int  # tokens after the longest common prefix with what the cache held
    completion_tokens: int
    finish: str


def measure_reevaluation(model: Path, threads: int, turns: int = 6) -> list[Turn]:
    """A conversation whose answers are forced into well-formed harmony; each answer's
    final message goes back into the conversation, its analysis is dropped."""
    grammar = forced_harmony_grammar(analysis_words=30, final_words=20)
    tokens = PromptTokens(model)
    channel = tokens.runtime.special_ids[CHANNEL]
    messages: list[Message] = []
    out: list[Turn] = []
    cached: list[int] = []
    previous_prompt = 0
    try:
        with EngineClient() as client:
            client.load(LoadSettings(model_path=model, n_ctx=N_CTX, n_threads=threads))
            for k in range(turns):
                messages.append(
                    Message(role="user", content=f"Question {k + 1}: what do you think of it?")
                )
                request = GenerateRequest(
                    request_id=0,
                    messages=tuple(messages),
                    max_tokens=2000,
                    sampling=SamplingSettings(temperature=1.0, top_p=1.0, seed=k),
                    conversation_date=DATE,
                    completion_grammar=grammar,
                )
                prompt = tokens(request)
                done = finish(client, request)
                assert done.prompt_tokens == len(prompt), (done.prompt_tokens, len(prompt))
                out.append(
                    Turn(
                        prompt_tokens=len(prompt),
                        evaluated=done.prompt_tokens_evaluated,
                        growth=len(prompt) - previous_prompt,
                        minimum=len(prompt) - common_prefix_length(cached, prompt),
                        completion_tokens=done.completion_tokens,
                        finish=done.finish_reason,
                    )
                )
                final = done.messages[-1] if done.messages else None
                assert final is not None and final.channel == "final", done.messages
                messages.append(final)
                # What the cache holds now: this prompt, then the completion, which the
                # grammar opens with <|channel|>analysis; what follows it differs from
                # the next prompt (…<|channel|>final) in any case.
                cached = [*prompt, channel]
                previous_prompt = len(prompt)
    finally:
        tokens.close()
    return out


def later_turns(turns: Sequence[Turn]) -> tuple[int, int, int]:
    """Turns 2 onwards: (evaluated, prompt growth, minimum) summed."""
    later = turns[1:]
    return (
        sum(t.evaluated for t in later),
        sum(t.growth for t in later),
        sum(t.minimum for t in later),
    )
