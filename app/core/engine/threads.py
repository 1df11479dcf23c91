"""How many threads llama.cpp gets: what was asked, within what this computer runs at once.

`--threads 100000` (or a settings file that says so) made ggml try to start that
many threads and the engine crashed. A number above the processors this process
may use is clamped to them, and the plan says so in a sentence.
"""

from __future__ import annotations

from app.core.engine.protocol import MAX_THREADS
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence


def threads_to_use(
    asked: int | None, physical_cores: int, logical_cpus: int
) -> tuple[int, Sentence | None]:
    """(threads, a sentence if fewer than asked are used). Unasked: one per physical core."""
    if asked is None:
        return max(1, physical_cores), None
    most = min(max(1, physical_cores, logical_cpus), MAX_THREADS)
    if asked <= most:
        return asked, None
    return most, Sentence(
        QT_TRANSLATE_NOOP(
            "core", "%1 threads were asked for; this computer runs %2 at once, so %2 are used."
        ),
        f"{asked:,}",
        str(most),
    )
