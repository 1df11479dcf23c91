"""The engine process asks Linux for huge pages for the memory that holds the weights.

On CPU the weights are read into memory (mmap off, see load_plan.CPU_WEIGHTS_POLICY):
one allocation of many GB. With 4 KiB pages, filling it costs millions of page
faults; on this project's 2-core test machine loading the 12 GB model took 54–56 s
with them and 33–37 s with 2 MiB pages, with no loss of prompt or generation speed
(bench/memory_rounds.py, option (d) against (b)). Most desktop Linux systems leave
transparent huge pages to programs that ask (mode "madvise"); glibc's malloc asks
for every block it maps when its `hugetlb` tunable is 1. Tunables are read when a
process starts, so the setting goes into the environment the engine process is
started with, and nowhere else. Other systems and older glibc ignore it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, MutableMapping
from pathlib import Path

VARIABLE = "GLIBC_TUNABLES"
TUNABLE = "glibc.malloc.hugetlb=1"
THP_MODE_FILE = Path("/sys/kernel/mm/transparent_hugepage/enabled")


def with_huge_pages(tunables: str | None) -> str:
    """GLIBC_TUNABLES with malloc's hugetlb set to 1, keeping any other tunable."""
    parts = (tunables or "").split(":")
    kept = [t for t in parts if t and t.split("=")[0] != "glibc.malloc.hugetlb"]
    return ":".join([*kept, TUNABLE])


@contextlib.contextmanager
def huge_pages_for_children(environ: MutableMapping[str, str] | None = None) -> Iterator[None]:
    """Within the block, processes started (spawned) inherit the tunable; restored after."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        yield
        return
    before = env.get(VARIABLE)
    env[VARIABLE] = with_huge_pages(before)
    try:
        yield
    finally:
        if before is None:
            env.pop(VARIABLE, None)
        else:
            env[VARIABLE] = before


def transparent_huge_pages_mode(mode_file: Path = THP_MODE_FILE) -> str | None:
    """The kernel's setting: "always", "madvise" or "never"; None where there is none."""
    try:
        text = mode_file.read_text()
    except OSError:
        return None
    start, end = text.find("["), text.find("]")
    return text[start + 1 : end] if 0 <= start < end else None
