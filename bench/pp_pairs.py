"""Prompt speed, our engine against llama-bench, measured in alternating pairs.

bench/engine.py measures all engine runs, then llama-bench, then the engine
again: each phase takes minutes at 10 tokens/s on a 2-core laptop CPU, and
this machine's speed moves by more than the 2 % the target allows over that
time. Here one engine pp512 run and one llama-bench pp512 run (its own load
and warm-up, then one measured repetition) alternate, so each pair sees the
same machine, and which side goes first alternates from pair to pair (ABBA),
so a machine that speeds up or slows down over minutes favours neither;
pp_ratio is the median of the pairs' ratios, printed after every pair. The
engine's measured prompt follows a warm-up prompt whose system message it shares
up to the date; llama-bench gets the same number of cached tokens (-d) first.

    python bench/pp_pairs.py [--pairs 6] [--threads 2] [--model PATH]

Uses the CPU plan's load settings (mmap off, repack on) for both.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine_prompts import PromptTokens, cache_depth, finish, pp_prompts  # noqa: E402
from engine_settings import FULL_MODEL, N_BATCH, N_CTX, PP_TOKENS  # noqa: E402
from llama_bench import (  # noqa: E402
    build_llama_bench,
    llama_bench_command,
    llama_cpp_python_version,
)

from app.core.engine.client import EngineClient  # noqa: E402
from app.core.engine.protocol import GenerateRequest, LoadSettings  # noqa: E402

# A different date per prompt: the cache diverges early, so each run evaluates a fresh 512.
DATES = tuple(f"2025-01-{day:02d}" for day in range(1, 29))


def llama_bench_pp(binary: Path, model: Path, threads: int, depth: int) -> float:
    """One llama-bench process: load, its warm-up run, one measured pp512 (tokens/s)
    after `depth` cached tokens, as the engine's measured prompt has."""
    command = llama_bench_command(
        binary, model, threads, n_gen=0, repeats=1, use_mmap=False, repack=True, depth=depth
    )
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    [test] = [t for t in json.loads(output) if t["n_prompt"] == PP_TOKENS]
    return float(test["avg_ts"])


def engine_pp(
    settings: LoadSettings, warm_up: GenerateRequest, request: GenerateRequest, expected: int
) -> float:
    """One engine process: load, a warm-up prompt, one measured pp512 (tokens/s)."""
    # Each side loads the model itself: both copies would not fit in memory at once.
    with EngineClient(load_timeout=1800) as client:
        client.load(settings)
        finish(client, warm_up)  # as llama-bench warms up
        done = finish(client, request)
    assert done.prompt_tokens_evaluated == expected, done
    return done.prompt_tokens_per_second or 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=6)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--model", type=Path, default=FULL_MODEL)
    args = parser.parse_args()
    binary = build_llama_bench(llama_cpp_python_version())
    tokens = PromptTokens(args.model)
    # Per pair: a warm-up prompt, then one whose last 512 tokens are new after it.
    pairs = [pp_prompts(tokens, (DATES[0], DATES[pair])) for pair in range(1, args.pairs + 1)]
    # The measured prompt follows what the warm-up left in the cache; llama-bench gets
    # as many tokens in its cache first, so both attend over the same cache.
    depths = [cache_depth(tokens, request, expected) for _, (request, expected) in pairs]
    tokens.close()
    settings = LoadSettings(
        model_path=args.model, n_ctx=N_CTX, n_batch=N_BATCH, n_ubatch=N_BATCH,
        n_threads=args.threads, flash_attention="auto", use_mmap=False, repack_weights=True,
    )  # fmt: skip
    ratios = []
    for pair, ((warm_up, _), (request, expected)) in enumerate(pairs, start=1):
        depth = depths[pair - 1]
        if pair % 2:
            ours = engine_pp(settings, warm_up, request, expected)
            theirs = llama_bench_pp(binary, args.model, args.threads, depth)
        else:
            theirs = llama_bench_pp(binary, args.model, args.threads, depth)
            ours = engine_pp(settings, warm_up, request, expected)
        ratios.append(ours / theirs)
        print(f"pair {pair} ({'engine' if pair % 2 else 'llama-bench'} first, depth {depth}): "
              f"engine {ours:.2f} tok/s, llama-bench {theirs:.2f} tok/s, "
              f"ratio {ours / theirs:.3f}, median so far {statistics.median(ratios):.3f}",
              flush=True)  # fmt: skip
    ratio = statistics.median(ratios)
    verdict = "met" if ratio >= 0.98 else "MISSED"
    print(f"pp_ratio={ratio:.3f}  (engine pp512 ÷ llama-bench pp512, median of {len(ratios)} "
          f"alternating pairs; target ≥ 0.98: {verdict})")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
