"""The memory options against each other in rounds, so the machine's drift hits all alike.

bench/engine.py measures the options one after the other, minutes apart, and this
machine's speed moves by more than the 3 % the target allows over that time. Here
every round measures each option once in a fresh engine process (load, llama-bench's
warm-up, one pp512, one tg128), and the order reverses from round to round (a b c d,
d c b a, …), so a machine that speeds up or slows down favours none. Option (d) is
(b) without the huge pages the engine process asks for: it shows what they bring. Each option's
speed is taken relative to the fastest of its own round; the verdict is the median
over rounds of the planner's choice, (b) mmap off + repack, against the fastest.

    python bench/memory_rounds.py [--rounds 2] [--threads 2] [--model PATH]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine_prompts import PP_DATES, PromptTokens, pp_prompts  # noqa: E402
from engine_report import report_engine  # noqa: E402
from engine_settings import FULL_MODEL, N_CTX, TG_TOKENS, gib, say  # noqa: E402
from engine_speed import (  # noqa: E402
    HUGE_PAGES_OFF,
    OPTIONS,
    EngineResult,
    kv_cache_bytes,
    measure_engine,
)
from machine import warm_page_cache  # noqa: E402

from app.core.engine.load_plan import CPU_WEIGHTS_POLICY  # noqa: E402
from app.core.synthetic import PRESETS  # noqa: E402

# The engine's three memory options, and (b) with 4 KiB pages.
ROUND_OPTIONS = (*OPTIONS, HUGE_PAGES_OFF)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", type=Path, default=FULL_MODEL)
    args = parser.parse_args()
    tokens = PromptTokens(args.model)
    prompts = pp_prompts(tokens, PP_DATES[:2])  # the warm-up prompt and one measured
    tokens.close()
    denominator = args.model.stat().st_size + kv_cache_bytes(PRESETS["full"], N_CTX)
    policy = (CPU_WEIGHTS_POLICY.use_mmap, CPU_WEIGHTS_POLICY.repack_weights)
    chosen = next(o for o in ROUND_OPTIONS if (o.use_mmap, o.repack) == policy)
    relative: dict[str, list[tuple[float, float]]] = {o.key: [] for o in ROUND_OPTIONS}
    loads: dict[str, list[float]] = {o.key: [] for o in ROUND_OPTIONS}
    for number in range(1, args.rounds + 1):
        order = ROUND_OPTIONS if number % 2 else tuple(reversed(ROUND_OPTIONS))
        say(f"\n== round {number}: {' '.join(o.key for o in order)} ==")
        results: list[EngineResult] = []
        for option in order:
            warm_page_cache(args.model)  # what the previous option evicted
            result = measure_engine(args.model, option, args.threads, prompts, TG_TOKENS, 1)
            report_engine(result, f"({option.key}) {option.label}")
            if result.error is None:
                results.append(result)
        best_pp, best_tg = max(r.pp for r in results), max(r.tg for r in results)
        for r in results:
            relative[r.option.key].append((r.pp / best_pp, r.tg / best_tg))
            loads[r.option.key].append(r.load_s)
            say(
                f"  ({r.option.key}) pp {r.pp / best_pp:.3f} and tg {r.tg / best_tg:.3f} of "
                f"the round's fastest; rss_ratio {r.peak_rss / denominator:.3f} "
                f"(peak {gib(r.peak_rss)})"
            )
    say("\n== over all rounds (median of each option's share of its round's fastest) ==")
    for option in ROUND_OPTIONS:
        shares = relative[option.key]
        if shares:
            pp = statistics.median(s[0] for s in shares)
            tg = statistics.median(s[1] for s in shares)
            load = statistics.median(loads[option.key])
            say(f"  ({option.key}) {option.label}: pp {pp:.3f}, tg {tg:.3f}, load {load:.1f} s")
    shares = relative[chosen.key]
    speed = min(statistics.median(s[0] for s in shares), statistics.median(s[1] for s in shares))
    verdict = "met" if speed >= 0.97 else "MISSED"
    say(
        f"chosen_speed={speed:.3f}  (option ({chosen.key}), the planner's CPU choice: the "
        f"lower of its pp and tg shares of the fastest; target ≥ 0.97: {verdict})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
