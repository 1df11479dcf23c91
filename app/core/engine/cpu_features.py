"""The CPU features that decide which llama.cpp kernels run, for doctor, the log and the
crash guard's key (safe_mode.py)."""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

# /proc/cpuinfo flag → the name people know it by. AMX is listed three ways because
# ggml needs amx_int8 and the tiles; the others decide between ggml's CPU variants.
NOTABLE_FLAGS = {
    "avx2": "AVX2",
    "avx512f": "AVX-512",
    "avx512_vnni": "AVX-512 VNNI",
    "avx512_bf16": "AVX-512 BF16",
    "avx_vnni": "AVX-VNNI",
    "amx_tile": "AMX",
    "amx_int8": "AMX-INT8",
    "amx_bf16": "AMX-BF16",
}


@dataclass(frozen=True)
class CpuFeatures:
    model: str
    notable: tuple[str, ...]  # the NOTABLE_FLAGS names this CPU has, in their order

    @property
    def has_amx(self) -> bool:
        return "AMX" in self.notable

    def summary(self) -> str:
        """E.g. "Intel Xeon … (AVX2, AVX-512, AVX-512 VNNI, AMX)"."""
        if not self.notable:
            return f"{self.model} (none of AVX2, AVX-512, AMX)"
        return f"{self.model} ({', '.join(self.notable)})"


def cpu_features(cpuinfo: Path = Path("/proc/cpuinfo")) -> CpuFeatures:
    """This computer's CPU; on systems without /proc/cpuinfo, its name only."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return CpuFeatures(platform.processor() or platform.machine() or "unknown CPU", ())
    return parse_cpuinfo(text)


def parse_cpuinfo(text: str) -> CpuFeatures:
    """The first processor's model name and notable flags."""
    model = ""
    flags: set[str] = set()
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip()
        if key in ("model name", "Model Name", "cpu model") and not model:
            model = value.strip()
        elif key in ("flags", "Features") and not flags:
            flags = set(value.split())
    notable = tuple(name for flag, name in NOTABLE_FLAGS.items() if flag in flags)
    return CpuFeatures(model or platform.machine() or "unknown CPU", notable)


def cpu_variant_name(library: str) -> str:
    """ "haswell" for libggml-cpu-haswell.so or ggml-cpu-haswell.dll."""
    stem = library.split(".", 1)[0]
    return stem.split("ggml-cpu-", 1)[1] if "ggml-cpu-" in stem else stem


def choose_cpu_variant(scored: Sequence[tuple[str, int]]) -> str | None:
    """The best-scoring variant this CPU runs (score > 0) that has no AMX kernels."""
    usable = [(score, name) for name, score in scored if score > 0 and "sapphirerapids" not in name]
    return max(usable)[1] if usable else None
