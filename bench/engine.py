"""Our engine against llama.cpp's own llama-bench, on the 20B-shaped synthetic gpt-oss.

One run prints everything:
  1. builds llama-bench from the vendor/llama.cpp of the installed llama-cpp-python's
     sdist (cached in bench/.cache/) and writes the full synthetic model there if missing;
  2. llama-bench pp512 and tg128 against our engine's pp512 (a prompt of exactly 512
     evaluated tokens) and tg128 (the sampler we ship: temperature 1, top-p 1), same
     file, threads, flash attention, batch sizes, load mode and repacking;
     — measured engine, llama-bench, engine again, because this machine's speed drifts;
  3. the memory options of our engine on the full model, each in a fresh engine
     process: peak RSS, load time, speed; rss_ratio = peak RSS ÷ (GGUF + KV cache);
     the recommended option's settings are the ones used for step 2;
  4. on the tiny model: per-token overhead at 4,000 vs 100 tokens, and how many prompt
     tokens a 6-turn conversation re-evaluates (analysis dropped between turns).
It ends with one line per metric: tg_ratio, pp_ratio, rss_ratio, overhead_ratio,
reeval_ratio. overhead_ratio is the engine's slowdown against the bare loop at 4,000
tokens ÷ the same at 100 (engine_overhead.py says why not the absolute overheads).

This file is the run order and its sections; the measurements live beside it:
llama_bench.py (building and running llama-bench), engine_prompts.py (exact 512-token
prompts), engine_speed.py (our pp/tg and the memory options), engine_overhead.py
(overhead per token, re-evaluation), bare_loop.py, machine.py, engine_settings.py,
and engine_report.py (section footers, the summary lines and their targets).

    python bench/engine.py [--threads 2] [--quick] [--skip-memory-options]

--quick uses the tiny model only and no llama-bench (a smoke test of every code path).
Take timings on a quiet machine: nothing else busy (the 1-minute load well below 1).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine_overhead import (  # noqa: E402
    OVERHEAD_LENGTHS,
    OVERHEAD_REPEATS,
    Overhead,
    Turn,
    later_turns,
    measure_overhead,
    measure_reevaluation,
)
from engine_prompts import PP_DATES, PromptTokens, cache_depth, pp_prompts  # noqa: E402
from engine_report import TARGETS, report_engine, section, summarize  # noqa: E402
from engine_settings import (  # noqa: E402
    CACHE,
    FULL_MODEL,
    N_BATCH,
    N_CTX,
    PP_TOKENS,
    REPEATS,
    TG_TOKENS,
    gib,
    say,
)
from engine_speed import (  # noqa: E402
    OPTIONS,
    EngineResult,
    Option,
    kv_cache_bytes,
    measure_engine,
    recommend,
)
from llama_bench import (  # noqa: E402
    BenchResult,
    build_llama_bench,
    cpu_features,
    installed_system_info,
    llama_bench_paths,
    llama_cpp_python_version,
    run_llama_bench,
    system_info_of,
)
from machine import cpu_model, load_average, meminfo, warm_page_cache  # noqa: E402

from app.core.engine.protocol import GenerateRequest  # noqa: E402
from app.core.synthetic import PRESETS, Preset, build_gptoss_gguf  # noqa: E402

FULL_MODEL_BYTES = 12_102_000_000  # tensors 12,101,927,392 bytes plus the header
BUILD_BYTES = 1_500_000_000  # sdist, its unpacked tree and the cmake build folder
DISK_MARGIN = 2_000_000_000

Prompts = list[tuple[GenerateRequest, int]]


# --- before the measurements -----------------------------------------------------------


def describe_machine(version: str, threads: int) -> str:
    """The header lines; returns the installed wheel's llama_print_system_info()."""
    memory = meminfo()
    say(f"bench/engine.py  {time.strftime('%Y-%m-%d %H:%M:%S')}")
    say(
        f"machine: {cpu_model()}, {os.cpu_count()} CPUs, "
        f"RAM {gib(memory.get('MemTotal', 0))} ({gib(memory.get('MemAvailable', 0))} "
        f"available), load average {load_average():.2f}"
    )
    if load_average() > 0.8:
        say("WARNING: the machine is busy (1-minute load > 0.8): timings will be low and noisy")
    say(f"llama-cpp-python {version}, threads {threads}, n_ctx {N_CTX}, batch {N_BATCH}")
    wheel_info = installed_system_info()
    say(f"installed wheel:  {wheel_info}")
    return wheel_info


def prepare_llama_bench(version: str, wheel_info: str) -> Path | None:
    """llama-bench built and its CPU features compared with the wheel's; None (after
    saying why) when the disk cannot hold the build and the full model."""
    _, binary = llama_bench_paths(version)
    need = (0 if FULL_MODEL.exists() else FULL_MODEL_BYTES) + (
        0 if binary.exists() else BUILD_BYTES
    )
    free = shutil.disk_usage(CACHE).free
    if need and free < need + DISK_MARGIN:
        say(
            f"Refusing to start: the synthetic model and llama-bench need about "
            f"{need / 1e9:.1f} GB in {CACHE} (plus {DISK_MARGIN / 1e9:.0f} GB to spare) "
            f"and only {free / 1e9:.1f} GB are free."
        )
        return None
    binary = build_llama_bench(version)
    bench_info = system_info_of(binary.parent / "libllama.so")
    say(f"llama-bench build: {bench_info}")
    missing = cpu_features(wheel_info) ^ cpu_features(bench_info)
    say(
        "CPU features match: yes"
        if not missing
        else f"CPU features DIFFER: {', '.join(sorted(missing))}"
    )
    return binary


def describe_model(model: Path, preset: Preset) -> int:
    """The model line; returns rss_ratio's denominator, GGUF + KV cache bytes."""
    gguf_bytes = model.stat().st_size
    kv = kv_cache_bytes(preset, N_CTX)
    say(
        f"model: {model.name} ({preset.name}), {gguf_bytes:,} bytes ({gib(gguf_bytes)}); "
        f"KV cache at n_ctx {N_CTX}: {preset.n_layer} layers × {N_CTX} × "
        f"{preset.n_head_kv} kv heads × {preset.head_dim} × 2 (K,V) × 2 bytes = "
        f"{kv:,} bytes ({gib(kv)})"
    )
    return gguf_bytes + kv


def prepare_prompts(model: Path) -> tuple[Prompts, int]:
    """Warm the page cache where memory allows, then size the pp prompts exactly.

    Also returns the cache depth of the measured prompts: what the previous prompt
    left in the cache (the system message up to its date), which llama-bench's -d
    reproduces so that both attend over the same cache."""
    gguf_bytes = model.stat().st_size
    if meminfo().get("MemAvailable", 0) > gguf_bytes * 1.2:
        warm_s = warm_page_cache(model)
        say(
            f"page cache warmed: read the model in {warm_s:.1f} s "
            f"({gguf_bytes / warm_s / 1e9:.2f} GB/s); load times below are warm-cache"
        )
    tokens = PromptTokens(model)
    prompts = pp_prompts(tokens, PP_DATES[: 1 + REPEATS])
    depths = [cache_depth(tokens, request, expected) for request, expected in prompts[1:]]
    tokens.close()
    say(
        f"pp prompts: {[len(r.messages[0].content.split()) for r, _ in prompts]} filler "
        f"words → expected evaluated tokens {[n for _, n in prompts]} (first = warm-up), "
        f"after {depths} cached tokens"
    )
    return prompts, max(depths)


# --- the sections -----------------------------------------------------------------------


def run_memory_options(
    model: Path, threads: int, prompts: Prompts, denominator: int, quick: bool
) -> EngineResult | None:
    """Every memory option in a fresh engine process; returns the recommended one."""
    results: list[EngineResult] = []
    with section(
        f"memory options, our engine: pp{PP_TOKENS} / tg{TG_TOKENS}, median of "
        f"{REPEATS}, fresh engine process per option"
    ):
        for option in OPTIONS:
            if not quick:
                warm_page_cache(model)  # what the previous option evicted
            result = measure_engine(model, option, threads, prompts, TG_TOKENS)
            results.append(result)
            report_engine(result, f"({option.key}) {option.label}")
    chosen = recommend(results, denominator, TARGETS["rss_ratio"][0])
    ok = [r for r in results if r.error is None]
    if ok:
        best_pp, best_tg = max(r.pp for r in ok), max(r.tg for r in ok)
        say(f"  memory options (rss_ratio = peak RSS ÷ {gib(denominator)}):")
        for r in ok:
            say(
                f"    ({r.option.key}) rss_ratio={r.peak_rss / denominator:.3f}  "
                f"pp {r.pp / best_pp:.3f} and tg {r.tg / best_tg:.3f} of the fastest  "
                f"load {r.load_s:.1f} s"
            )
    if chosen is not None:
        say(
            f"  recommended: ({chosen.option.key}) {chosen.option.label} → "
            f"CPU_WEIGHTS_POLICY use_mmap={chosen.option.use_mmap}, "
            f"repack_weights={chosen.option.repack}"
        )
    return chosen


def run_engine_vs_llama_bench(
    binary: Path,
    model: Path,
    plan: Option,
    threads: int,
    prompts: Prompts,
    denominator: int,
    depth: int,
) -> tuple[list[EngineResult], BenchResult]:
    """Engine, llama-bench, engine: the same settings, and a steady drift cancels."""
    pair: list[EngineResult] = []
    with section(
        f"engine vs llama-bench, settings of option ({plan.key}): engine, then "
        f"llama-bench, then engine again (this machine's speed drifts by up to ±20 % "
        f"over minutes; the symmetric order cancels a steady drift)"
    ):
        warm_page_cache(model)
        pair.append(measure_engine(model, plan, threads, prompts, TG_TOKENS))
        report_engine(pair[-1], "engine, before")
        warm_page_cache(model)
        bench = run_llama_bench(
            binary, model, threads, use_mmap=plan.use_mmap, repack=plan.repack, depth=depth
        )
        say(f"  {' '.join(bench.command)}")
        load = f"{bench.load_s:.1f} s" if bench.load_s is not None else "?"
        say(
            f"  llama-bench: pp{PP_TOKENS} {bench.pp:.2f} tok/s {bench.pp_samples} "
            f"(avg {bench.pp_avg:.2f}); tg{TG_TOKENS} {bench.tg:.2f} tok/s "
            f"{bench.tg_samples} (avg {bench.tg_avg:.2f}); load {load}; peak RSS "
            f"{gib(bench.peak_rss)} (rss_ratio {bench.peak_rss / denominator:.3f}); "
            f"wall {bench.wall_s:.0f} s"
        )
        warm_page_cache(model)
        pair.append(measure_engine(model, plan, threads, prompts, TG_TOKENS))
        report_engine(pair[-1], "engine, after")
    return pair, bench


def run_overhead(tiny: Path, threads: int) -> Overhead:
    with section(
        f"tiny model: per-token overhead at {OVERHEAD_LENGTHS} tokens, "
        f"{OVERHEAD_REPEATS} interleaved pairs"
    ):
        overhead = measure_overhead(tiny, threads)
        for who, label in (("bare", "bare decode + sample"), ("engine", "engine")):
            rates = ", ".join(
                f"{overhead.rate(who, n):,.0f} tok/s at {n}" for n in OVERHEAD_LENGTHS
            )
            say(f"  {label:22s} {rates} (medians)")
        short, long = OVERHEAD_LENGTHS
        say(
            f"  engine overhead per token (median of paired differences ± half IQR): "
            f"{overhead.per_token_us(short):.1f} ± {overhead.spread_us(short):.1f} µs at "
            f"{short}, {overhead.per_token_us(long):.1f} ± {overhead.spread_us(long):.1f} µs "
            f"at {long}"
        )
        say(
            f"  engine ÷ bare time per token (median of paired ratios ± half IQR): "
            f"{overhead.slowdown(short):.3f} ± {overhead.slowdown_spread(short):.3f} at "
            f"{short}, {overhead.slowdown(long):.3f} ± {overhead.slowdown_spread(long):.3f} "
            f"at {long}"
        )
    return overhead


def run_reevaluation(tiny: Path, threads: int) -> list[Turn]:
    with section("tiny model: prompt re-evaluation over 6 turns, analysis dropped"):
        turns = measure_reevaluation(tiny, threads)
        for k, t in enumerate(turns, 1):
            say(
                f"  turn {k}: prompt {t.prompt_tokens}, evaluated {t.evaluated}, "
                f"growth {t.growth}, minimum {t.minimum}, completion {t.completion_tokens} "
                f"({t.finish})"
            )
        evaluated, growth, minimum = later_turns(turns)
        say(
            f"  turns 2–6: evaluated {evaluated}; prompt growth {growth} "
            f"(ratio {evaluated / growth:.3f}); minimum after the longest common prefix "
            f"{minimum} (ratio {evaluated / minimum:.3f})"
        )
        say(
            "  The fair denominator is the minimum: the cache held the previous prompt and "
            "its completion, which opens with <|channel|>analysis; the next prompt has "
            "<|channel|>final there (analysis dropped), so everything after that "
            "<|channel|> token must be evaluated, and nothing before it."
        )
    return turns


# --- the run ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--quick", action="store_true", help="tiny model only, no llama-bench")
    parser.add_argument("--skip-memory-options", action="store_true")
    args = parser.parse_args()
    threads: int = args.threads
    quick: bool = args.quick
    started = time.perf_counter()
    CACHE.mkdir(parents=True, exist_ok=True)
    version = llama_cpp_python_version()
    wheel_info = describe_machine(version, threads)

    with tempfile.TemporaryDirectory() as folder:
        tiny = build_gptoss_gguf(Path(folder) / "tiny.gguf", preset="tiny", seed=0)
        binary: Path | None = None
        if quick:
            model, preset = tiny, PRESETS["tiny"]
        else:
            binary = prepare_llama_bench(version, wheel_info)
            if binary is None:
                return 2
            if not FULL_MODEL.exists():
                say(f"writing {FULL_MODEL} (about 80 s) …")
                build_gptoss_gguf(FULL_MODEL, preset="full", seed=0)
            model, preset = FULL_MODEL, PRESETS["full"]
        denominator = describe_model(model, preset)
        prompts, depth = prepare_prompts(model)

        chosen: EngineResult | None = None
        if args.skip_memory_options:
            say("\n(memory options skipped: option (a), the defaults, is used below)")
        else:
            chosen = run_memory_options(model, threads, prompts, denominator, quick)
        plan = chosen.option if chosen is not None else OPTIONS[0]

        pair: list[EngineResult] = []
        bench: BenchResult | None = None
        if binary is not None:
            pair, bench = run_engine_vs_llama_bench(
                binary, model, plan, threads, prompts, denominator, depth
            )
        overhead = run_overhead(tiny, threads)
        turns = run_reevaluation(tiny, threads)

    say(f"\ntotal {time.perf_counter() - started:.0f} s, load average now {load_average():.2f}")
    summarize(
        quick=quick,
        pair=pair,
        bench=bench,
        chosen=chosen,
        plan=plan,
        denominator=denominator,
        overhead=overhead,
        turns=turns,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
