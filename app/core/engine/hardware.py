"""Facts about this computer that the engine's defaults depend on."""

from __future__ import annotations

import os
from pathlib import Path


def physical_cores() -> int:
    """Physical cores available to this process.

    llama.cpp generates fastest with one thread per physical core: hyper-threads
    share the same vector units and only add contention.
    """
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    logical = available or os.cpu_count() or 1
    cores = _linux_physical_cores()
    if cores is None:
        return max(1, logical)
    return max(1, min(cores, logical))


def _linux_physical_cores() -> int | None:
    cpuinfo = Path("/proc/cpuinfo")
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    pairs: set[tuple[str, str]] = set()
    physical_id = core_id = ""
    for line in [*text.splitlines(), ""]:
        key, _, value = line.partition(":")
        key = key.strip()
        if key == "physical id":
            physical_id = value.strip()
        elif key == "core id":
            core_id = value.strip()
        elif not line.strip():
            if core_id:
                pairs.add((physical_id, core_id))
            physical_id = core_id = ""
    return len(pairs) or None
