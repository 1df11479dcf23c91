"""Facts about the machine that make a timing trustworthy or not.

Timings on a shared machine drift, so every run states the CPU, the memory, the load
average before and after, and each section how busy the CPUs were and how much time
the hypervisor stole; loads read the model from a warm page cache so that disk speed
never counts as engine speed.
"""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path


def load_average() -> float:
    return os.getloadavg()[0]


def meminfo() -> dict[str, int]:
    """/proc/meminfo in bytes; empty where it cannot be read."""
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


def cpu_ticks() -> list[int]:
    """/proc/stat's first line: user nice system idle iowait irq softirq steal …"""
    try:
        return [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return [0] * 8


def warm_page_cache(path: Path) -> float:
    """Read a file once so that every load below finds it in the page cache; seconds taken."""
    started = time.perf_counter()
    with path.open("rb", buffering=0) as f:
        while f.read(64 * 2**20):
            pass
    return time.perf_counter() - started
