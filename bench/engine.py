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
reeval_ratio.

    python bench/engine.py [--threads 2] [--quick] [--skip-memory-options]

--quick uses the tiny model only and no llama-bench (a smoke test of every code path).
Take timings on a quiet machine: nothing else busy (the 1-minute load well below 1).
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.engine.client import EngineClient, EngineFailure  # noqa: E402
from app.core.engine.generation import Generator, common_prefix_length  # noqa: E402
from app.core.engine.protocol import (  # noqa: E402
    Done,
    EngineError,
    GenerateRequest,
    LoadSettings,
    SamplingSettings,
)
from app.core.grammar import forced_harmony_grammar  # noqa: E402
from app.core.harmony import CHANNEL, Message  # noqa: E402
from app.core.synthetic import PRESETS, Preset, build_gptoss_gguf  # noqa: E402

CACHE = ROOT / "bench" / ".cache"
FULL_MODEL = CACHE / "gpt-oss-20b-synthetic.gguf"
FULL_MODEL_BYTES = 12_102_000_000  # tensors 12,101,927,392 bytes plus the header
BUILD_BYTES = 1_500_000_000  # sdist, its unpacked tree and the cmake build folder
DISK_MARGIN = 2_000_000_000

N_CTX = 8192
N_BATCH = 512
PP_TOKENS = 512
TG_TOKENS = 128
REPEATS = 3
DATE = "2025-06-01"
# One date per prompt run: a different date makes the cache diverge early in the
# system message, so each run evaluates a fresh 512 tokens after a short prefix.
PP_DATES = ("2025-06-01", "2025-07-02", "2025-08-03", "2025-09-04", "2025-10-05")
TG_PROMPT = "Tell me a long story about a lighthouse keeper."
FILLER_WORDS = (
    *("the", "water", "of", "the", "world", "is", "one", "answer", "to", "how", "people"),
    *("think", "about", "time", "and", "what", "they", "find", "when", "they", "look", "at"),
    *("the", "day", "and", "the", "number", "of", "people", "who", "come", "over", "to"),
    *("see", "it"),
)

TARGETS = {
    "tg_ratio": (0.98, "≥"),
    "pp_ratio": (0.98, "≥"),
    "rss_ratio": (1.15, "≤"),
    "overhead_ratio": (1.10, "≤"),
    "reeval_ratio": (1.05, "≤"),
}


def say(text: str = "") -> None:
    print(text, flush=True)


# --- the machine --------------------------------------------------------------


def load_average() -> float:
    return os.getloadavg()[0]


def meminfo() -> dict[str, int]:
    fields: dict[str, int] = {}
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            key, _, value = line.partition(":")
            fields[key] = int(value.split()[0]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return fields


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"


def kv_cache_bytes(preset: Preset, n_ctx: int, bytes_per_value: int = 2) -> int:
    """Full-size (swa_full) f16 K and V for every layer: what our engine allocates."""
    return preset.n_layer * n_ctx * preset.n_head_kv * preset.head_dim * 2 * bytes_per_value


def warm_page_cache(path: Path) -> float:
    """Read a file once so that every load below finds it in the page cache; seconds taken."""
    started = time.perf_counter()
    with path.open("rb", buffering=0) as f:
        while f.read(64 * 2**20):
            pass
    return time.perf_counter() - started


def cpu_features(system_info: str) -> set[str]:
    """The flags set to 1 in a llama_print_system_info() line."""
    return {m[1] for m in re.finditer(r"(\w+) = 1\b", system_info)}


# --- llama-bench ----------------------------------------------------------------


def llama_cpp_python_version() -> str:
    return importlib.metadata.version("llama-cpp-python")


def cmake_flags() -> list[str]:
    """The installed wheel's build: scikit-build-core's Release, shared libraries and
    llama.cpp's defaults (native CPU flags, OpenMP, repacking, llamafile kernels)."""
    return [
        "-DCMAKE_BUILD_TYPE=Release",
        "-DBUILD_SHARED_LIBS=ON",
        "-DGGML_NATIVE=ON",
        "-DGGML_OPENMP=ON",
        "-DGGML_CPU_REPACK=ON",
        "-DGGML_LLAMAFILE=ON",
        "-DLLAMA_CURL=OFF",
        "-DLLAMA_BUILD_TESTS=OFF",
        "-DLLAMA_BUILD_EXAMPLES=OFF",
        "-DLLAMA_BUILD_SERVER=OFF",
    ]


def llama_bench_paths(version: str) -> tuple[Path, Path]:
    """(source tree, llama-bench binary) for this llama-cpp-python version."""
    source = CACHE / f"llama_cpp_python-{version}" / "vendor" / "llama.cpp"
    return source, source / "build" / "bin" / "llama-bench"


def build_llama_bench(version: str) -> Path:
    """llama-bench of the llama.cpp that the installed wheel bundles; built once, then reused."""
    source, binary = llama_bench_paths(version)
    if binary.exists():
        return binary
    archive = CACHE / "downloads" / f"llama_cpp_python-{version}.tar.gz"
    if not archive.exists():
        say(f"downloading the llama-cpp-python {version} sdist …")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--no-binary",
                ":all:",
                f"llama-cpp-python=={version}",
                "-d",
                str(archive.parent),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    if not source.exists():
        with tarfile.open(archive) as tar:
            tar.extractall(CACHE, filter="data")
    say("building llama-bench (a few minutes) …")
    started = time.perf_counter()
    generator = ["-G", "Ninja"] if shutil.which("ninja") else []
    subprocess.run(
        ["cmake", "-S", str(source), "-B", str(source / "build"), *generator, *cmake_flags()],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        ["cmake", "--build", str(source / "build"), "--target", "llama-bench", "-j2"],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    say(f"built {binary} in {time.perf_counter() - started:.0f} s")
    return binary


_SYSTEM_INFO_SCRIPT = """
import ctypes, sys
lib = ctypes.CDLL(sys.argv[1])
lib.llama_print_system_info.restype = ctypes.c_char_p
print(lib.llama_print_system_info().decode())
"""


def system_info_of(library: Path) -> str:
    """llama_print_system_info() of a libllama, in its own process (so that its own
    libggml is the one loaded, not the wheel's)."""
    result = subprocess.run(
        [sys.executable, "-c", _SYSTEM_INFO_SCRIPT, str(library)],
        capture_output=True,
        text=True,
        check=False,
    )
    return result.stdout.strip() or f"(failed: {result.stderr.strip()[-200:]})"


def installed_system_info() -> str:
    import llama_cpp

    return str(llama_cpp.llama_print_system_info().decode("utf-8", errors="replace")).strip()


@dataclass
class BenchResult:
    pp_samples: list[float]
    tg_samples: list[float]
    pp_avg: float
    tg_avg: float
    load_s: float | None
    peak_rss: int
    wall_s: float
    command: list[str]

    @property
    def pp(self) -> float:
        return statistics.median(self.pp_samples)

    @property
    def tg(self) -> float:
        return statistics.median(self.tg_samples)


def run_llama_bench(
    binary: Path, model: Path, threads: int, *, use_mmap: bool, repack: bool
) -> BenchResult:
    """pp512 and tg128, 3 repetitions each after llama-bench's own warm-up runs.

    Peak RSS is the child's ru_maxrss from wait4(); load time is from the line
    "starting" to "warmup prompt run" of --progress (model load + context creation).
    """
    command = [
        str(binary),
        "-m",
        str(model),
        "-p",
        str(PP_TOKENS),
        "-n",
        str(TG_TOKENS),
        "-r",
        str(REPEATS),
        "-o",
        "json",
        "-fa",
        "auto",
        "-b",
        str(N_BATCH),
        "-ub",
        str(N_BATCH),
        "-t",
        str(threads),
        "-lm",
        "mmap" if use_mmap else "none",
        "--repack",
        "1" if repack else "0",
        "--progress",
    ]
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    progress: list[tuple[float, str]] = []

    def read_stderr() -> None:
        assert process.stderr is not None
        for line in process.stderr:
            progress.append((time.perf_counter(), line.rstrip()))

    reader = threading.Thread(target=read_stderr, daemon=True)
    reader.start()
    assert process.stdout is not None
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    wall = time.perf_counter() - started
    if process.returncode != 0:
        tail = "\n".join(line for _, line in progress[-15:])
        raise RuntimeError(f"llama-bench failed ({process.returncode}):\n{tail}")
    tests: list[dict[str, Any]] = json.loads(output)
    pp = next(t for t in tests if t["n_prompt"] == PP_TOKENS and t["n_gen"] == 0)
    tg = next(t for t in tests if t["n_gen"] == TG_TOKENS and t["n_prompt"] == 0)

    def stamp(text: str) -> float | None:
        return next((t for t, line in progress if text in line), None)

    begin, warm = stamp("benchmark 1/2: starting"), stamp("benchmark 1/2: warmup")
    return BenchResult(
        pp_samples=[float(x) for x in pp["samples_ts"]],
        tg_samples=[float(x) for x in tg["samples_ts"]],
        pp_avg=float(pp["avg_ts"]),
        tg_avg=float(tg["avg_ts"]),
        load_s=warm - begin if begin is not None and warm is not None else None,
        peak_rss=usage.ru_maxrss * 1024,
        wall_s=wall,
        command=command,
    )


# --- prompts, tokenized exactly as the engine does ----------------------------------


class PromptTokens:
    """The engine's own rendering and tokenization with only the vocabulary loaded."""

    def __init__(self, model: Path) -> None:
        import llama_cpp as ll

        from app.core.engine import llama_runtime

        llama_runtime._init_backend()  # llama.cpp's log goes to the runtime's tail, not stderr
        params = ll.llama_model_default_params()
        params.vocab_only = True
        handle = ll.llama_model_load_from_file(str(model).encode(), params)
        if not handle:
            raise RuntimeError(f"could not read the vocabulary of {model}")
        runtime = llama_runtime.LlamaRuntime.__new__(llama_runtime.LlamaRuntime)
        runtime._model = handle
        runtime._ctx = None
        runtime._vocab = ll.llama_model_get_vocab(handle)
        runtime.n_vocab = int(ll.llama_vocab_n_tokens(runtime._vocab))
        runtime.n_ctx = N_CTX
        runtime._pieces = {}
        runtime.special_ids = runtime._find_special_tokens()
        runtime.end_ids = frozenset(
            t for t in runtime.special_ids.values() if ll.llama_vocab_is_eog(runtime._vocab, t)
        )
        self.runtime = runtime
        self.generator = Generator(runtime)

    def __call__(self, request: GenerateRequest) -> list[int]:
        return self.generator.prompt_tokens(request)

    def close(self) -> None:
        self.runtime.close()


def pp_request(text: str, date: str, seed: int) -> GenerateRequest:
    return GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=text),),
        max_tokens=1,
        ignore_end=True,
        sampling=SamplingSettings(temperature=1.0, top_p=1.0, seed=seed),
        conversation_date=date,
    )


def filler(n_words: int) -> str:
    return " ".join(FILLER_WORDS[i % len(FILLER_WORDS)] for i in range(n_words))


def pp_prompts(tokens: PromptTokens, dates: Sequence[str]) -> list[tuple[GenerateRequest, int]]:
    """One request per date, each sized so that the engine evaluates PP_TOKENS tokens
    after the previous one (the first: after a fresh load). Returns (request, expected
    evaluated tokens); the count is PP_TOKENS unless no filler length hits it exactly."""
    out: list[tuple[GenerateRequest, int]] = []
    previous: list[int] = []
    for i, date in enumerate(dates):
        n_words = PP_TOKENS
        best: tuple[int, int, list[int]] | None = None  # (miss, n_words, prompt)
        seen: set[int] = set()
        while n_words not in seen and n_words > 0:
            seen.add(n_words)
            prompt = tokens(pp_request(filler(n_words), date, i))
            evaluated = len(prompt) - common_prefix_length(previous, prompt)
            miss = PP_TOKENS - evaluated
            if best is None or abs(miss) < abs(best[0]):
                best = (miss, n_words, prompt)
            if miss == 0:
                break
            n_words += miss
        assert best is not None
        miss, n_words, prompt = best
        out.append((pp_request(filler(n_words), date, i), PP_TOKENS - miss))
        previous = prompt
    return out


def tg_request(seed: int, n: int = TG_TOKENS) -> GenerateRequest:
    return GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=TG_PROMPT),),
        max_tokens=n,
        ignore_end=True,
        sampling=SamplingSettings(temperature=1.0, top_p=1.0, seed=seed),
        conversation_date=DATE,
    )


# --- our engine -------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    key: str
    label: str
    use_mmap: bool
    repack: bool


OPTIONS = (
    Option("a", "mmap on,  repack on (defaults)", True, True),
    Option("b", "mmap off, repack on", False, True),
    Option("c", "mmap on,  repack off", True, False),
)


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


def finish(client: EngineClient, request: GenerateRequest) -> Done:
    for event in client.generate(request):
        if isinstance(event, Done):
            return event
        if isinstance(event, EngineError):
            raise EngineFailure(event.message)
    raise EngineFailure("the engine ended the turn without Done")


def measure_engine(
    model: Path,
    option: Option,
    threads: int,
    prompts: Sequence[tuple[GenerateRequest, int]],
    tg_tokens: int,
) -> EngineResult:
    """A fresh engine process: load, warm up like llama-bench, pp ×3, tg ×3, peak RSS."""
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
        with EngineClient(load_timeout=1800) as client:
            started = time.perf_counter()
            info = client.load(settings)
            result.load_wall_s = time.perf_counter() - started
            result.load_s = info.load_seconds
            # llama-bench's warm-up: one full prompt run, then one generated token.
            warm_request, _ = prompts[0]
            finish(client, warm_request)
            finish(client, tg_request(seed=99, n=1))
            for request, expected in prompts[1 : 1 + REPEATS]:
                done = finish(client, request)
                assert done.prompt_tokens_per_second is not None, done
                result.pp_samples.append(done.prompt_tokens_per_second)
                result.pp_evaluated.append(done.prompt_tokens_evaluated)
                result.pp_expected.append(expected)
            for seed in range(REPEATS):
                done = finish(client, tg_request(seed=seed, n=tg_tokens))
                assert done.completion_tokens == tg_tokens and done.tokens_per_second, done
                result.tg_samples.append(done.tokens_per_second)
            engine_info = client.info()
            result.peak_rss, result.rss = engine_info.peak_rss_bytes, engine_info.rss_bytes
    except (EngineFailure, AssertionError) as exc:
        result.error = str(exc) or type(exc).__name__
    return result


# --- tiny model: overhead per token, prompt re-evaluation -------------------------------


OVERHEAD_LENGTHS = (100, 4000)


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


class BareLoop:
    """The same runtime, prompt and sampler with nothing of ours around them
    (the method of bench/tiny_engine.py)."""

    def __init__(self, model: Path, threads: int) -> None:
        from app.core.engine.llama_runtime import LlamaRuntime

        self.runtime = LlamaRuntime(LoadSettings(model_path=model, n_ctx=N_CTX, n_threads=threads))
        request = GenerateRequest(
            request_id=0,
            messages=(Message(role="user", content=TG_PROMPT),),
            conversation_date=DATE,
        )
        self.prompt = Generator(self.runtime).prompt_tokens(request)
        self.runtime.evaluate(self.prompt)

    def seconds(self, n: int) -> float:
        runtime = self.runtime
        runtime.truncate_cache(len(self.prompt) - 1)
        bias = dict.fromkeys(runtime.end_ids, float("-inf"))
        sampler = runtime.make_sampler(SamplingSettings(seed=1), logit_bias=bias)
        started = time.perf_counter()
        runtime.evaluate(self.prompt[-1:])
        for _ in range(n):
            runtime.evaluate([sampler.sample()])
        elapsed = time.perf_counter() - started
        sampler.close()
        return elapsed

    def close(self) -> None:
        self.runtime.close()


@dataclass
class Overhead:
    """Seconds per run, bare and engine runs interleaved (bare, engine, bare, engine …)
    so that the machine's drift hits both alike; overhead = median of the paired
    differences ÷ N."""

    engine: dict[int, list[float]]
    bare: dict[int, list[float]]

    def rate(self, who: str, n: int) -> float:
        runs = self.engine[n] if who == "engine" else self.bare[n]
        return n / statistics.median(runs)

    def per_token_us(self, n: int) -> float:
        pairs = zip(self.engine[n], self.bare[n], strict=True)
        return statistics.median(e - b for e, b in pairs) / n * 1e6

    def spread_us(self, n: int) -> float:
        """Half the interquartile range of the paired differences, per token: the noise."""
        diffs = sorted(e - b for e, b in zip(self.engine[n], self.bare[n], strict=True))
        q1, _, q3 = statistics.quantiles(diffs, n=4)
        return (q3 - q1) / 2 / n * 1e6

    @property
    def ratio(self) -> float | None:
        """None when the overhead at the short length is not above zero (noise)."""
        short, long = OVERHEAD_LENGTHS
        if self.per_token_us(short) <= 0:
            return None
        return self.per_token_us(long) / self.per_token_us(short)


OVERHEAD_REPEATS = 9


def measure_overhead(model: Path, threads: int, repeats: int = OVERHEAD_REPEATS) -> Overhead:
    engine: dict[int, list[float]] = {n: [] for n in OVERHEAD_LENGTHS}
    bare: dict[int, list[float]] = {n: [] for n in OVERHEAD_LENGTHS}
    bare_loop = BareLoop(model, threads)
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


# --- reporting ----------------------------------------------------------------------


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


def recommend(results: Sequence[EngineResult], denominator: int) -> EngineResult | None:
    """Fastest option with rss_ratio ≤ 1.15 whose pp and tg are within 3 % of the best."""
    ok = [r for r in results if r.error is None]
    if not ok:
        return None
    best_pp, best_tg = max(r.pp for r in ok), max(r.tg for r in ok)

    def speed(r: EngineResult) -> float:
        return min(r.pp / best_pp, r.tg / best_tg)

    lean = [r for r in ok if r.peak_rss / denominator <= TARGETS["rss_ratio"][0]]
    good = [r for r in lean if speed(r) >= 0.97]
    pool = good or lean or ok
    return max(pool, key=lambda r: (round(speed(r), 2), -r.peak_rss))


def cpu_ticks() -> list[int]:
    """/proc/stat's first line: user nice system idle iowait irq softirq steal …"""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return [0] * 8


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

    with tempfile.TemporaryDirectory() as folder:
        tiny = build_gptoss_gguf(Path(folder) / "tiny.gguf", preset="tiny", seed=0)
        if quick:
            model, preset = tiny, PRESETS["tiny"]
        else:
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
                return 2
            binary = build_llama_bench(version)
            bench_info = system_info_of(binary.parent / "libllama.so")
            say(f"llama-bench build: {bench_info}")
            missing = cpu_features(wheel_info) ^ cpu_features(bench_info)
            say(
                "CPU features match: yes"
                if not missing
                else f"CPU features DIFFER: {', '.join(sorted(missing))}"
            )
            if not FULL_MODEL.exists():
                say(f"writing {FULL_MODEL} (about 80 s) …")
                build_gptoss_gguf(FULL_MODEL, preset="full", seed=0)
            model, preset = FULL_MODEL, PRESETS["full"]
        gguf_bytes = model.stat().st_size
        kv = kv_cache_bytes(preset, N_CTX)
        denominator = gguf_bytes + kv
        say(
            f"model: {model.name} ({preset.name}), {gguf_bytes:,} bytes ({gib(gguf_bytes)}); "
            f"KV cache at n_ctx {N_CTX}: {preset.n_layer} layers × {N_CTX} × "
            f"{preset.n_head_kv} kv heads × {preset.head_dim} × 2 (K,V) × 2 bytes = "
            f"{kv:,} bytes ({gib(kv)})"
        )

        if meminfo().get("MemAvailable", 0) > gguf_bytes * 1.2:
            warm_s = warm_page_cache(model)
            say(
                f"page cache warmed: read the model in {warm_s:.1f} s "
                f"({gguf_bytes / warm_s / 1e9:.2f} GB/s); load times below are warm-cache"
            )
        tokens = PromptTokens(model)
        prompts = pp_prompts(tokens, PP_DATES[: 1 + REPEATS])
        tokens.close()
        say(
            f"pp prompts: {[len(r.messages[0].content.split()) for r, _ in prompts]} filler "
            f"words → expected evaluated tokens {[n for _, n in prompts]} (first = warm-up)"
        )

        # --- memory options (our engine, fresh process each) ---
        results: list[EngineResult] = []
        chosen: EngineResult | None = None
        if args.skip_memory_options:
            say("\n(memory options skipped: option (a), the defaults, is used below)")
        else:
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
            chosen = recommend(results, denominator)
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
        plan = chosen.option if chosen is not None else OPTIONS[0]

        # --- engine, llama-bench, engine: the same settings, drift cancels ---
        pair: list[EngineResult] = []
        bench: BenchResult | None = None
        if not quick:
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
                    binary, model, threads, use_mmap=plan.use_mmap, repack=plan.repack
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

        # --- tiny model ---
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
        with section("tiny model: prompt re-evaluation over 6 turns, analysis dropped"):
            turns = measure_reevaluation(tiny, threads)
            for k, t in enumerate(turns, 1):
                say(
                    f"  turn {k}: prompt {t.prompt_tokens}, evaluated {t.evaluated}, "
                    f"growth {t.growth}, minimum {t.minimum}, completion {t.completion_tokens} "
                    f"({t.finish})"
                )
            later = turns[1:]
            evaluated = sum(t.evaluated for t in later)
            growth = sum(t.growth for t in later)
            minimum = sum(t.minimum for t in later)
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

    say(f"\ntotal {time.perf_counter() - started:.0f} s, load average now {load_average():.2f}")
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
        line("pp_ratio", pp_ratio, f"engine pp{PP_TOKENS} ÷ llama-bench pp{PP_TOKENS}, {same}")
    line(
        "rss_ratio",
        rss_ratio,
        f"peak RSS ÷ (GGUF + KV cache), {which}"
        + (" — tiny model, not meaningful" if quick else ""),
    )
    overhead_note = (
        f"engine overhead per token at {long} ÷ at {short}: "
        f"{overhead.per_token_us(long):.1f} µs ÷ {overhead.per_token_us(short):.1f} µs"
    )
    if overhead.ratio is None:
        overhead_note += " — undefined: the overhead at the short length is ≤ 0, i.e. noise"
    line("overhead_ratio", overhead.ratio, overhead_note)
    line("reeval_ratio", evaluated / minimum, "prompt tokens evaluated ÷ minimum, turns 2–6")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
