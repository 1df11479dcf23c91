"""How bench/engine.py reports: titled sections, one line per engine run, the summary.

Every section's footer states how long it took and how busy the CPUs were, because a
timing taken on a busy or stolen-from machine must be recognisable as such. The run
ends with one line per metric, `name=value  (what it is; target …: met or MISSED)`,
so that runs can be compared with grep.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from engine_overhead import OVERHEAD_LENGTHS, Overhead, Turn, later_turns
from engine_settings import PP_TOKENS, TG_TOKENS, gib, say
from engine_speed import EngineResult, Option
from llama_bench import BenchResult
from machine import cpu_ticks

TARGETS = {
    "tg_ratio": (0.98, "≥"),
    "pp_ratio": (0.98, "≥"),
    "rss_ratio": (1.15, "≤"),
    "overhead_ratio": (1.10, "≤"),
    "reeval_ratio": (1.05, "≤"),
}


def verdict(name: str, value: float | None) -> str:
    target, sign = TARGETS[name]
    if value is None:
        return "not measured"
    met = value >= target if sign == "≥" else value <= target
    return f"target {sign} {target:g}: {'met' if met else 'MISSED'}"


def report_engine(result: EngineResult, label: str) -> None:
    if result.error:
        say(f"  {label}: FAILED: {result.error}")
        return
    say(
        f"  {label}: load {result.load_s:.1f} s (client.load {result.load_wall_s:.1f} s), "
        f"peak RSS {gib(result.peak_rss)} (now {gib(result.rss)}), pp{PP_TOKENS} "
        f"{result.pp:.2f} tok/s {[round(x, 2) for x in result.pp_samples]} evaluated "
        f"{result.pp_evaluated}, tg{result.tg_tokens} {result.tg:.2f} tok/s "
        f"{[round(x, 2) for x in result.tg_samples]}"
    )
    if result.pp_evaluated != result.pp_expected:
        say(f"      evaluated {result.pp_evaluated} ≠ expected {result.pp_expected}")


@contextmanager
def section(title: str) -> Iterator[None]:
    """A titled block; its footer says how long it took and how busy the CPUs were."""
    say(f"\n== {title} ==")
    started, before = time.perf_counter(), cpu_ticks()
    yield
    delta = [b - a for a, b in zip(before, cpu_ticks(), strict=True)]
    total = sum(delta) or 1
    busy = (total - delta[3] - delta[4] - delta[7]) / total
    say(
        f"   ({time.perf_counter() - started:.0f} s; CPUs busy {busy:.0%}, "
        f"stolen by the hypervisor {delta[7] / total:.1%})"
    )


def summarize(
    *,
    quick: bool,
    pair: Sequence[EngineResult],
    bench: BenchResult | None,
    chosen: EngineResult | None,
    plan: Option,
    denominator: int,
    overhead: Overhead,
    turns: Sequence[Turn],
) -> None:
    """One line per metric, `name=value  (what it is; target: met or MISSED)`."""
    measured = [r for r in pair if r.error is None]
    tg_ratio = pp_ratio = None
    if measured and bench is not None:
        # all engine samples of the runs before and after llama-bench
        engine_tg = statistics.median(x for r in measured for x in r.tg_samples)
        engine_pp = statistics.median(x for r in measured for x in r.pp_samples)
        tg_ratio, pp_ratio = engine_tg / bench.tg, engine_pp / bench.pp
        for r, when in zip(measured, ("before", "after"), strict=False):
            say(
                f"engine {when} llama-bench: tg {r.tg / bench.tg:.3f}, pp {r.pp / bench.pp:.3f} "
                f"of llama-bench"
            )
    memory_source = chosen if chosen is not None else (pair[0] if pair else None)
    chosen_ok = memory_source if memory_source and memory_source.error is None else None
    rss_ratio = chosen_ok.peak_rss / denominator if chosen_ok else None

    def line(name: str, value: float | None, note: str) -> None:
        shown = f"{value:.3f}" if value is not None else "n/a"
        say(f"{name}={shown}  ({note}; {verdict(name, value)})")

    which = f"option ({chosen_ok.option.key})" if chosen_ok else "no option"
    if quick:
        line("tg_ratio", None, "--quick: no llama-bench")
        line("pp_ratio", None, "--quick: no llama-bench")
    else:
        same = f"option ({plan.key}), median of both engine runs"
        line("tg_ratio", tg_ratio, f"engine tg{TG_TOKENS} ÷ llama-bench tg{TG_TOKENS}, {same}")
        line(
            "pp_ratio",
            pp_ratio,
            f"engine pp{PP_TOKENS} ÷ llama-bench pp{PP_TOKENS}, {same}; bench/pp_pairs.py "
            "measures it in alternating pairs, which this machine's drift affects less",
        )
    line(
        "rss_ratio",
        rss_ratio,
        f"peak RSS ÷ (GGUF + KV cache), {which}"
        + (" — tiny model, not meaningful" if quick else ""),
    )
    short, long = OVERHEAD_LENGTHS
    line(
        "overhead_ratio",
        overhead.ratio,
        f"engine ÷ bare time per token at {long}, ÷ the same at {short}: "
        f"{overhead.slowdown(long):.3f} ÷ {overhead.slowdown(short):.3f}; 1.0 = overhead "
        f"grows no faster than decoding",
    )
    evaluated, _, minimum = later_turns(turns)
    line("reeval_ratio", evaluated / minimum, "prompt tokens evaluated ÷ minimum, turns 2–6")
