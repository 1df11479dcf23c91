"""Per-token cost of our engine against llama-cpp-python's create_completion, on the tiny model.

Both generate exactly N tokens (end tokens banned) from the same prompt on the
same GGUF with the same threads; the only difference is the loop around
llama.cpp. Prints tokens/s at 100 and 4,000 tokens and the ratios: a loop with
constant per-token work keeps its rate as the answer grows. Also prints how
long a cancel takes to be confirmed while generating.

    python bench/tiny_engine.py [--threads 2] [--repeats 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.synthetic import build_gptoss_gguf

from app.core.engine.client import EngineClient
from app.core.engine.protocol import (
    Delta,
    Done,
    GenerateRequest,
    LoadSettings,
    SamplingSettings,
)
from app.core.harmony import Message

LENGTHS = (100, 4000)
PROMPT = "Tell me a long story about a lighthouse keeper."


def ours(client: EngineClient, n: int) -> float:
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
    return n / elapsed


def theirs(model: Path, threads: int, n: int) -> float:
    import llama_cpp

    llm = llama_cpp.Llama(
        model_path=str(model),
        n_ctx=4096,
        n_batch=512,
        n_threads=threads,
        n_threads_batch=threads,
        verbose=False,
    )
    vocab = llm._model.vocab
    ends = [t for t in range(llm.n_vocab()) if llama_cpp.llama_vocab_is_eog(vocab, t)]
    started = time.perf_counter()
    result = llm.create_completion(
        PROMPT,
        max_tokens=n,
        temperature=1.0,
        top_p=1.0,
        seed=1,
        logit_bias=dict.fromkeys(ends, -1e9),
    )
    elapsed = time.perf_counter() - started
    produced = result["usage"]["completion_tokens"]  # type: ignore[index]
    llm.close()
    return float(produced) / elapsed


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        model = build_gptoss_gguf(Path(folder) / "tiny.gguf", preset="tiny", seed=0)
        rates: dict[tuple[str, int], float] = {}
        with EngineClient() as client:
            client.load(LoadSettings(model_path=model, n_ctx=4096, n_threads=args.threads))
            ours(client, 20)  # warm-up
            for n in LENGTHS:
                rates["ours", n] = statistics.median(ours(client, n) for _ in range(args.repeats))
            latencies = cancel_latency(client, 10)
        for n in LENGTHS:
            rates["theirs", n] = statistics.median(
                theirs(model, args.threads, n) for _ in range(args.repeats)
            )
    print(f"tiny model, {args.threads} threads, median of {args.repeats}")
    for who, label in (("ours", "engine"), ("theirs", "llama-cpp-python create_completion")):
        line = ", ".join(f"{rates[who, n]:,.0f} tok/s at {n}" for n in LENGTHS)
        print(f"  {label:38s} {line}")
    for n in LENGTHS:
        print(f"speed_ratio_at_{n}={rates['ours', n] / rates['theirs', n]:.2f}  (engine ÷ theirs)")
    for who in ("ours", "theirs"):
        print(
            f"{who}_flatness={rates[who, LENGTHS[1]] / rates[who, LENGTHS[0]]:.2f}  "
            f"(tok/s at {LENGTHS[1]} ÷ at {LENGTHS[0]})"
        )
    print(
        f"cancel_latency_ms median={statistics.median(latencies) * 1000:.1f} "
        f"max={max(latencies) * 1000:.1f}  (flag raised → done(cancelled) received, 10 runs)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
