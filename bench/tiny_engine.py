"""Per-token cost of our engine against llama-cpp-python's create_completion, on the tiny model.

Three loops generate exactly N tokens (end tokens banned) from the same prompt
on the same GGUF with the same threads and sampler:
  bare    decode + sample only, in-process: what llama.cpp itself costs
          (bare_loop.py, the loop bench/engine.py measures against too);
  engine  our engine process end to end (detokenizing, harmony parsing, IPC);
  theirs  llama-cpp-python's create_completion.
A token's decode cost grows with the context (attention), so tokens/s falls
for everyone; the overhead per token (time above bare ÷ N) must not grow.
Also prints how long a cancel takes to be confirmed, while generating and in
the middle of one long prompt batch.

    python bench/tiny_engine.py [--threads 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bare_loop import BareLoop  # noqa: E402

from app.core.engine.client import EngineClient  # noqa: E402
from app.core.engine.protocol import (  # noqa: E402
    Delta,
    Done,
    GenerateRequest,
    LoadSettings,
    SamplingSettings,
)
from app.core.harmony import Message  # noqa: E402
from app.core.synthetic import build_gptoss_gguf  # noqa: E402

LENGTHS = (100, 4000)
PROMPT = "Tell me a long story about a lighthouse keeper."


def ours(client: EngineClient, n: int) -> float:
    """Seconds for N tokens through the engine process."""
    request = GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=PROMPT),),
        sampling=SamplingSettings(temperature=1.0, seed=1),
        max_tokens=n,
        ignore_end=True,
    )
    started = time.perf_counter()
    done = next(e for e in client.generate(request) if isinstance(e, Done))
    elapsed = time.perf_counter() - started
    assert done.completion_tokens == n, done
    return elapsed


class Theirs:
    def __init__(self, model: Path, threads: int) -> None:
        from app.core.engine.tile_guard import refuse_amx_tiles

        refuse_amx_tiles()  # the same kernels as the engine's: AMX crashes gpt-oss
        import llama_cpp

        self.llm = llama_cpp.Llama(
            model_path=str(model),
            n_ctx=8192,
            n_batch=512,
            n_threads=threads,
            n_threads_batch=threads,
            verbose=False,
        )
        vocab = self.llm._model.vocab
        self.ends = [t for t in range(self.llm.n_vocab()) if llama_cpp.llama_vocab_is_eog(vocab, t)]

    def seconds(self, n: int) -> float:
        started = time.perf_counter()
        result = self.llm.create_completion(
            PROMPT,
            max_tokens=n,
            temperature=1.0,
            top_p=1.0,
            seed=1,
            logit_bias=dict.fromkeys(self.ends, -1e9),
        )
        elapsed = time.perf_counter() - started
        assert result["usage"]["completion_tokens"] == n  # type: ignore[index]
        return elapsed


def cancel_latency(client: EngineClient, repeats: int) -> list[float]:
    latencies = []
    for _ in range(repeats):
        request = GenerateRequest(
            request_id=0,
            messages=(Message(role="user", content=PROMPT),),
            max_tokens=1_000_000,
            ignore_end=True,
        )
        flagged = None
        for event in client.generate(request):
            if isinstance(event, Delta) and flagged is None:
                time.sleep(0.1)
                flagged = time.perf_counter()
                client.cancel()
            if isinstance(event, Done):
                assert flagged is not None and event.finish_reason == "cancelled"
                latencies.append(time.perf_counter() - flagged)
    return latencies


def _consume(client: EngineClient, request: GenerateRequest, done_at: list[float]) -> None:
    for event in client.generate(request):
        if isinstance(event, Done):
            assert event.finish_reason == "cancelled", event
            done_at.append(time.perf_counter())


def prompt_cancel_latency(model: Path, threads: int, repeats: int) -> tuple[list[float], float]:
    """Cancel 0.5 s into one 4,096-token prompt batch of the small model; also its full time."""
    latencies = []
    request = GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content="word " * 3000),),
        max_tokens=1,
        ignore_end=True,
    )
    with EngineClient() as client:
        client.load(LoadSettings(model_path=model, n_ctx=8192, n_batch=4096, n_threads=threads))
        started = time.perf_counter()
        list(client.generate(request))
        full_prompt = time.perf_counter() - started
        for _ in range(repeats):
            client.unload()  # a cold cache: the whole prompt again
            client.load(LoadSettings(model_path=model, n_ctx=8192, n_batch=4096, n_threads=threads))
            done: list[float] = []
            consumer = threading.Thread(target=_consume, args=(client, request, done))
            consumer.start()
            time.sleep(0.5)
            flagged = time.perf_counter()
            client.cancel()
            consumer.join()
            latencies.append(done[0] - flagged)
    return latencies, full_prompt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        model = build_gptoss_gguf(Path(folder) / "tiny.gguf", preset="tiny", seed=0)
        seconds: dict[tuple[str, int], float] = {}

        def measure(who: str, run: Callable[[int], float]) -> None:
            run(20)  # warm-up
            for n in LENGTHS:
                seconds[who, n] = statistics.median(run(n) for _ in range(args.repeats))

        with EngineClient() as client:
            client.load(LoadSettings(model_path=model, n_ctx=8192, n_threads=args.threads))
            measure("engine", lambda n: ours(client, n))
            latencies = cancel_latency(client, 10)
        bare = BareLoop(model, args.threads, prompt=PROMPT)
        measure("bare", bare.seconds)
        bare.close()
        measure("theirs", Theirs(model, args.threads).seconds)
        small = build_gptoss_gguf(Path(folder) / "small.gguf", preset="small", seed=0)
        prompt_latencies, full_prompt = prompt_cancel_latency(small, args.threads, 5)
    short, long = LENGTHS
    print(f"tiny model, {args.threads} threads, median of {args.repeats}")
    for who, label in (
        ("bare", "bare decode + sample"),
        ("engine", "engine (end to end)"),
        ("theirs", "llama-cpp-python create_completion"),
    ):
        rates = ", ".join(f"{n / seconds[who, n]:,.0f} tok/s at {n}" for n in LENGTHS)
        print(f"  {label:36s} {rates}")

    def overhead_us(who: str, n: int) -> float:
        return (seconds[who, n] - seconds["bare", n]) / n * 1e6

    for who in ("engine", "theirs"):
        print(
            f"  {who} overhead per token: {overhead_us(who, short):.0f} µs at {short}, "
            f"{overhead_us(who, long):.0f} µs at {long}"
        )
    for n in LENGTHS:
        print(
            f"speed_ratio_at_{n}={seconds['theirs', n] / seconds['engine', n]:.2f}  "
            "(engine tok/s ÷ create_completion tok/s)"
        )
    # Not µs ÷ µs: a few µs of overhead divided by a difference that noise can make
    # zero or negative says nothing. The slowdown against bare is measured well at both
    # lengths (as bench/engine_overhead.py does); flat overhead gives 1.0 or less.
    for who in ("engine", "theirs"):
        slowdown = {n: seconds[who, n] / seconds["bare", n] for n in LENGTHS}
        print(
            f"{who}_overhead_ratio={slowdown[long] / slowdown[short]:.3f}  ({who} ÷ bare "
            f"time per token at {long}: {slowdown[long]:.3f}, over the same at {short}: "
            f"{slowdown[short]:.3f})"
        )
    print(
        f"cancel_latency_ms median={statistics.median(latencies) * 1000:.1f} "
        f"max={max(latencies) * 1000:.1f}  (flag raised → done(cancelled) received, 10 runs)"
    )
    print(
        f"prompt_cancel_latency_ms median={statistics.median(prompt_latencies) * 1000:.1f} "
        f"max={max(prompt_latencies) * 1000:.1f}  (small model, one 3,000-token batch that "
        f"takes {full_prompt:.1f} s uncancelled, 5 runs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
