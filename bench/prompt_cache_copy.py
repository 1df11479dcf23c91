"""Copying a KV state out of llama.cpp after an answer: where the time goes, and how long
the engine's loop is held, old way (a new buffer each time) against new (a buffer the
writer thread made ready), in alternating rounds of one run.

The model has gpt-oss-20b's attention and KV cache (24 layers, 8 KV heads of 64: 48 KiB
per token with every cell) but tiny embeddings and experts (synthetic preset kv20b),
so a long conversation is evaluated in minutes instead of the 20B model's hour.

    python bench/prompt_cache_copy.py --tokens 2000
    GLIBC_TUNABLES=glibc.malloc.hugetlb=1 python bench/prompt_cache_copy.py   # as the engine
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.engine.llama_runtime import LlamaRuntime  # noqa: E402
from app.core.engine.prompt_cache import StateBuffers  # noqa: E402
from app.core.engine.protocol import LoadSettings  # noqa: E402
from app.core.synthetic import build_gptoss_gguf  # noqa: E402

TEXT = "the keeper climbed the stairs at dusk and wrote the weather in a small book "


def ms(seconds: list[float]) -> str:
    return f"median {1000 * statistics.median(seconds):.1f} ms, max {1000 * max(seconds):.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tokens", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        model = build_gptoss_gguf(Path(scratch) / "kv20b.gguf", "kv20b", seed=0)
        runtime = LlamaRuntime(
            LoadSettings(model_path=model, n_ctx=8192, n_threads=2, flash_attention="on")
        )
        tokens = runtime.tokenize_plain(TEXT * (args.tokens // 10 + 1))[: args.tokens]
        started = time.perf_counter()
        for i in range(0, len(tokens), 512):
            runtime.evaluate(tokens[i : i + 512])
        print(f"evaluated {len(tokens)} tokens in {time.perf_counter() - started:.1f} s")
        size = runtime.sequence_state_size()
        print(f"state {size / 2**20:.1f} MiB ({size / len(tokens) / 1024:.1f} KiB per token)")

        allocate: list[float] = []
        old_hold: list[float] = []
        new_hold: list[float] = []
        buffers = StateBuffers()
        buffers.ready(size)  # what the writer thread does after each write
        for _ in range(args.rounds):
            # old: a new buffer (bytearray zeroes it: every page faulted in) and the copy
            started = time.perf_counter()
            state = runtime.sequence_state()
            old_hold.append(time.perf_counter() - started)
            assert state is not None
            state.release()
            # of which allocating (bytearray zeroes it: every page is faulted in)
            started = time.perf_counter()
            fresh = bytearray(size)
            allocate.append(time.perf_counter() - started)
            del fresh
            # new: the ready buffer, then the writer thread readies it again
            started = time.perf_counter()
            buffer = buffers.take(size)
            state = runtime.sequence_state(buffer)
            new_hold.append(time.perf_counter() - started)
            assert state is not None
            state.release()
            buffers.ready(size, buffer)
        runtime.close()
    print(f"allocating a new buffer: {ms(allocate)}")
    print(f"loop held, old (new buffer each save): {ms(old_hold)}")
    print(f"loop held, new (ready buffer: llama_state_seq_get_data alone): {ms(new_hold)}")
    ratio = statistics.median(new_hold) / statistics.median(old_hold)
    print(f"hold_ratio={ratio:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
