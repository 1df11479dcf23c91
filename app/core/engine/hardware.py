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


def process_memory() -> tuple[int, int]:
    """(resident bytes now, peak resident bytes) of this process."""
    status = Path("/proc/self/status")
    try:
        fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if ":" in line)
        return _kib(fields["VmRSS"]), _kib(fields["VmHWM"])
    except (OSError, KeyError, ValueError):
        import resource
        import sys

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak_bytes = peak if sys.platform == "darwin" else peak * 1024  # macOS: bytes
        return peak_bytes, peak_bytes


def _kib(value: str) -> int:
    return int(value.strip().split()[0]) * 1024


def memory_status() -> tuple[int, int]:
    """(total, available) bytes of system memory."""
    try:
        fields = dict(line.split(":", 1) for line in Path("/proc/meminfo").read_text().splitlines())
        return _kib(fields["MemTotal"]), _kib(fields["MemAvailable"])
    except (OSError, KeyError, ValueError):
        pages = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        # No portable "available" figure without extra packages: assume half is free.
        return pages, pages // 2


def logical_cpus() -> int:
    """Processors this process may run on, hyper-threads included: more threads than
    this only wait for each other (and ggml's pool cannot even start 100,000)."""
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None
    return max(1, available or os.cpu_count() or 1)
