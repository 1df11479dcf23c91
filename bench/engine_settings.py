"""What every measurement of bench/engine.py shares, so that both sides run alike.

Our engine and llama-bench must see the same context size, batch sizes, test sizes
and repetitions, and every engine request the same date and story prompt: a
difference in any of them would show up as a speed difference that is not ours.
The cache folder holds the full synthetic model and the llama-bench build between runs.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / ".cache"
FULL_MODEL = CACHE / "gpt-oss-20b-synthetic.gguf"

N_CTX = 8192
N_BATCH = 512
PP_TOKENS = 512
TG_TOKENS = 128
REPEATS = 3
DATE = "2025-06-01"
TG_PROMPT = "Tell me a long story about a lighthouse keeper."


def say(text: str = "") -> None:
    """Print at once: the runs take minutes and the output is watched as it comes."""
    print(text, flush=True)


def gib(n: float) -> str:
    return f"{n / 2**30:.2f} GiB"
