"""Our engine's pp512 / tg128 and memory, measured through EngineClient as the app uses it.

Each measurement is a fresh engine process (so that peak RSS belongs to one memory
option alone), warmed up the way llama-bench warms up (one prompt run, one generated
token), then pp ×REPEATS with prompts of exactly PP_TOKENS evaluated tokens and tg
×REPEATS with the sampler we ship. The memory options compare mmap and weight
repacking; recommend() picks the fastest one whose peak RSS stays within the limit,
and that option's settings are the ones compared against llama-bench.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from engine_prompts import finish, tg_request
from engine_settings import N_BATCH, N_CTX, REPEATS, TG_TOKENS

from app.core.engine.client import EngineClient, EngineFailure
from app.core.engine.protocol import GenerateRequest, LoadSettings
from app.core.synthetic import Preset


def kv_cache_bytes(preset: Preset, n_ctx: int, bytes_per_value: int = 2) -> int:
    """Full-size (swa_full) f16 K and V for every layer: what our engine allocates."""
    return preset.n_layer * n_ctx * preset.n_head_kv * preset.head_dim * 2 * bytes_per_value


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    use_mmap: bool
    repack: bool
    huge_pages: bool = True  # the engine process asks for them (app/core/engine/huge_pages.py)


OPTIONS = (
    Option("a", "mmap on,  repack on (defaults)", True, True),
    Option("b", "mmap off, repack on", False, True),
    Option("c", "mmap on,  repack off", True, False),
)
# (b) without the huge pages the engine asks for: measured by bench/memory_rounds.py only,
# so bench/engine.py neither loads the model a fourth time nor could recommend it.
HUGE_PAGES_OFF = Option("d", "mmap off, repack on, 4 KiB pages", False, True, huge_pages=False)


@dataclass
class EngineResult:
    option: Option
    load_s: float = 0.0  # llama.cpp model + context, inside the engine process
    load_wall_s: float = 0.0  # client.load(): process start, header check, load
    pp_samples: list[float] = field(default_factory=list)
    pp_evaluated: list[int] = field(default_factory=list)
    pp_expected: list[int] = field(default_factory=list)
    tg_samples: list[float] = field(default_factory=list)
    tg_tokens: int = TG_TOKENS
    peak_rss: int = 0
    rss: int = 0
    error: str | None = None

    @property
    def pp(self) -> float:
        return statistics.median(self.pp_samples) if self.pp_samples else 0.0

    @property
    def tg(self) -> float:
        return statistics.median(self.tg_samples) if self.tg_samples else 0.0


def measure_engine(
    model: Path,
    option: Option,
    threads: int,
    prompts: Sequence[tuple[GenerateRequest, int]],
    tg_tokens: int,
    repeats: int = REPEATS,
) -> EngineResult:
    """A fresh engine process: load, warm up like llama-bench, pp and tg ×repeats, peak RSS."""
    result = EngineResult(option, tg_tokens=tg_tokens)
    settings = LoadSettings(
        model_path=model,
        n_ctx=N_CTX,
        n_batch=N_BATCH,
        n_ubatch=N_BATCH,
        n_threads=threads,
        flash_attention="auto",
        use_mmap=option.use_mmap,
        repack_weights=option.repack,
    )
    try:
        with EngineClient(load_timeout=1800, huge_pages=option.huge_pages) as client:
            started = time.perf_counter()
            info = client.load(settings)
            result.load_wall_s = time.perf_counter() - started
            result.load_s = info.load_seconds
            # llama-bench's warm-up: one full prompt run, then one generated token.
            warm_request, _ = prompts[0]
            finish(client, warm_request)
            finish(client, tg_request(seed=99, n=1))
            for request, expected in prompts[1 : 1 + repeats]:
                done = finish(client, request)
                assert done.prompt_tokens_per_second is not None, done
                result.pp_samples.append(done.prompt_tokens_per_second)
                result.pp_evaluated.append(done.prompt_tokens_evaluated)
                result.pp_expected.append(expected)
            for seed in range(repeats):
                done = finish(client, tg_request(seed=seed, n=tg_tokens))
                assert done.completion_tokens == tg_tokens and done.tokens_per_second, done
                result.tg_samples.append(done.tokens_per_second)
            engine_info = client.info()
            result.peak_rss, result.rss = engine_info.peak_rss_bytes, engine_info.rss_bytes
    except (EngineFailure, AssertionError) as exc:
        result.error = str(exc) or type(exc).__name__
    return result


def recommend(
    results: Sequence[EngineResult], denominator: int, rss_limit: float
) -> EngineResult | None:
    """Fastest option with rss_ratio ≤ rss_limit whose pp and tg are within 3 % of the best."""
    ok = [r for r in results if r.error is None]
    if not ok:
        return None
    best_pp, best_tg = max(r.pp for r in ok), max(r.tg for r in ok)

    def speed(r: EngineResult) -> float:
        return min(r.pp / best_pp, r.tg / best_tg)

    lean = [r for r in ok if r.peak_rss / denominator <= rss_limit]
    good = [r for r in lean if speed(r) >= 0.97]
    pool = good or lean or ok
    return max(pool, key=lambda r: (round(speed(r), 2), -r.peak_rss))
