"""Where generation time goes, in-process on the full synthetic model (a helper of engine.py).

Loads the model with our LlamaRuntime and times, on the same context:
  decode      llama_decode of one token at a time, no sampling (what llama-bench tg does);
  sample      llama_sampler_sample alone on one set of logits, with the chain we ship
              (end-token logit bias, temperature 1, dist) and variants;
  bare        decode + sample, the engine's loop without anything of ours around it.

    python bench/_profile_tg.py [--threads 2] [--mmap 0|1] [--repack 0|1] [-n 128]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from app.core.engine.generation import Generator
from app.core.engine.llama_runtime import LlamaRuntime
from app.core.engine.protocol import GenerateRequest, LoadSettings, SamplingSettings
from app.core.harmony import Message

MODEL = Path(__file__).resolve().parent / ".cache" / "gpt-oss-20b-synthetic.gguf"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=MODEL)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--mmap", type=int, default=1)
    parser.add_argument("--repack", type=int, default=1)
    parser.add_argument("-n", type=int, default=128)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    n: int = args.n
    runtime = LlamaRuntime(
        LoadSettings(
            model_path=args.model,
            n_threads=args.threads,
            use_mmap=bool(args.mmap),
            repack_weights=bool(args.repack),
        )
    )
    print(f"loaded in {runtime.load_seconds:.1f} s; n_vocab {runtime.n_vocab}", flush=True)
    request = GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content="Tell me a long story about a lighthouse keeper."),),
        conversation_date="2025-06-01",
    )
    prompt = Generator(runtime).prompt_tokens(request)
    runtime.evaluate(prompt)
    rng = random.Random(0)
    bias = dict.fromkeys(runtime.end_ids, float("-inf"))

    def decode_only() -> float:
        runtime.truncate_cache(len(prompt))
        started = time.perf_counter()
        for _ in range(n):
            runtime.evaluate([rng.randrange(runtime.n_vocab - 1000)])
        return n / (time.perf_counter() - started)

    def bare() -> float:
        runtime.truncate_cache(len(prompt) - 1)
        sampler = runtime.make_sampler(SamplingSettings(seed=1), logit_bias=bias)
        started = time.perf_counter()
        runtime.evaluate(prompt[-1:])
        for _ in range(n):
            runtime.evaluate([sampler.sample()])
        rate = n / (time.perf_counter() - started)
        sampler.close()
        return rate

    def sample_ms(
        settings: SamplingSettings, with_bias: bool, vectorised: bool, calls: int = 200
    ) -> float:
        runtime.truncate_cache(len(prompt) - 1)
        runtime.evaluate(prompt[-1:])
        sampler = runtime.make_sampler(
            settings, logit_bias=bias if with_bias else None, vectorised=vectorised
        )
        sampler.sample()
        started = time.perf_counter()
        for _ in range(calls):
            sampler.sample()
        elapsed = (time.perf_counter() - started) / calls * 1000
        sampler.close()
        return elapsed

    def median(run: Callable[[], float]) -> float:
        run()
        return statistics.median(run() for _ in range(args.repeats))

    decode = median(decode_only)
    both = median(bare)
    print(f"decode only        {decode:.2f} tok/s ({1000 / decode:.1f} ms/token)")
    print(f"bare decode+sample {both:.2f} tok/s ({1000 / both:.1f} ms/token)")
    for label, settings, with_bias in (
        ("shipped: bias+temp 1+dist", SamplingSettings(seed=1), True),
        ("temp 1+dist (no bias)", SamplingSettings(seed=1), False),
        ("greedy", SamplingSettings(temperature=0.0), False),
        ("top_k 64+temp 1+dist", SamplingSettings(seed=1, top_k=64), True),
    ):
        ours = sample_ms(settings, with_bias, vectorised=True)
        chain = sample_ms(settings, with_bias, vectorised=False)
        print(
            f"sample {label:28s} ours {ours:.2f} ms/call, llama.cpp chain {chain:.2f}", flush=True
        )
    runtime.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
