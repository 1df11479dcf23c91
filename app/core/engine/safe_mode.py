"""The crash guard: a new (model file, llama.cpp build, CPU) combination is proven with a
short decode before it is called ready, and falls back to a safe configuration if the
engine process dies there.

llama.cpp's CPU kernels differ by CPU (AVX2, AVX-512, AMX) and by build, and some of
them crash on some models (the AMX kernels on gpt-oss, tile_guard.py). The next such
bug will be another one, on a CPU nobody here has. So the first load of a combination
runs a warm-up decode (engine_process.py); when the process dies in the load or the
warm-up by a crash signal, the client loads once more in the safe configuration and
remembers, per combination, which configuration worked.

`LOKAL_ENGINE_FAULT=warm-up:SIGSEGV` (or SIGILL, SIGBUS, SIGABRT) makes the warm-up of a
standard configuration crash, so the guard can be tested on any computer and checked
in an installed package.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import signal
import sys
from pathlib import Path
from typing import Literal

from app.core.atomic_file import write_text_atomically
from app.core.engine.cpu_features import CpuFeatures
from app.core.engine.protocol import LoadSettings, SystemReport
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger("lokal.engine")

Configuration = Literal["standard", "safe"]
FAULT_VARIABLE = "LOKAL_ENGINE_FAULT"

# Signals that mean llama.cpp itself broke, not that someone stopped the engine
# (SIGKILL is the OOM killer's, SIGTERM a person's): a safer configuration may help.
_CRASH_SIGNALS = {signal.SIGSEGV, signal.SIGILL, signal.SIGABRT, signal.SIGFPE}
if hasattr(signal, "SIGBUS"):
    _CRASH_SIGNALS.add(signal.SIGBUS)
# Windows reports crashes as NTSTATUS exit codes; abort() exits with 3.
_WINDOWS_CRASH_CODES = {
    0xC0000005: "access violation",
    0xC000001D: "illegal instruction",
    0xC0000409: "stack buffer overrun",
    0xC0000096: "privileged instruction",
    0x00000003: "abort",
}


def safe_settings(settings: LoadSettings) -> LoadSettings:
    """The configuration least likely to meet a kernel bug: CPU only, weights used as
    stored (no repacking into ggml's extra buffer types), no flash attention."""
    return dataclasses.replace(
        settings,
        safe_mode=True,
        n_gpu_layers=0,
        experts_on_cpu=False,
        repack_weights=False,
        flash_attention="off",
    )


def crash_name(exit_code: int | None) -> str | None:
    """The crash's name ("SIGSEGV" and the like) when ``exit_code`` is a crash, else None."""
    if exit_code is None:
        return None
    if exit_code < 0:
        try:
            sig = signal.Signals(-exit_code)
        except ValueError:
            return None
        return sig.name if sig in _CRASH_SIGNALS else None
    if sys.platform != "win32":
        return None
    code = exit_code & 0xFFFFFFFF
    name = _WINDOWS_CRASH_CODES.get(code)
    return f"{name} (0x{code:08X})" if name else None
    return None


def combination_key(model_path: Path, report: SystemReport, cpu: CpuFeatures) -> str:
    """The file (by path, size and modification time: hashing 12 GB would take a minute),
    the llama.cpp build and its CPU features, and the CPU."""
    try:
        stat = model_path.stat()
        file_id = f"{model_path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}"
    except OSError:
        file_id = str(model_path)
    parts = (
        file_id,
        report.llama_cpp_python_version,
        report.system_info.strip(),
        report.cpu_variant,
        cpu.model,
        ",".join(cpu.notable),
    )
    return hashlib.sha256("\n".join(parts).encode("utf-8", "replace")).hexdigest()[:32]


class ProvenConfigurations:
    """Which configuration worked for which combination, in a small JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, dict[str, str]]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> Configuration | None:
        entry = self._read().get(key)
        value = entry.get("configuration") if isinstance(entry, dict) else None
        return value if value in ("standard", "safe") else None  # type: ignore[return-value]

    def safe_models(self) -> list[tuple[str, str]]:
        """(model file name, crash) of every combination that runs in the safe configuration."""
        return [
            (str(entry.get("model", "?")), str(entry.get("crash", "?")))
            for entry in self._read().values()
            if isinstance(entry, dict)
            and entry.get("configuration") == "safe"
            and Path(str(entry.get("path", ""))).is_file()
        ]

    def remember(self, key: str, configuration: Configuration, model: Path, **facts: str) -> None:
        """Record ``configuration`` for ``key``; entries of files that are gone are dropped
        (the self-test's model lives in a temporary folder)."""
        data = {
            k: entry
            for k, entry in self._read().items()
            if isinstance(entry, dict) and Path(str(entry.get("path", ""))).is_file()
        }
        data[key] = {"configuration": configuration, "model": model.name, "path": str(model)}
        data[key].update(facts)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomically(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")
        except OSError as exc:  # forgetting costs one more warm-up next time, nothing else
            log.warning("Could not record the engine configuration in %s: %s", self.path, exc)


def proven_configurations() -> ProvenConfigurations:
    """The record in the user's data folder."""
    from app.core.paths import data_dir

    return ProvenConfigurations(data_dir() / "engine-configurations.json")


def fallback_sentence(crash: str) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "The engine crashed (%1) while trying this model on this computer, so it runs in a "
            "safe configuration: CPU only, without AMX or repacked weights. It may be slower.",
        ),
        crash,
    )


def remembered_sentence() -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "This model crashed the engine on this computer before, so it runs in a safe "
            "configuration: CPU only, without AMX or repacked weights. It may be slower.",
        )
    )


def injected_fault(stage: str, settings: LoadSettings) -> signal.Signals | None:
    """The crash to simulate at ``stage`` ("load" or "warm-up"), from LOKAL_ENGINE_FAULT;
    never in the safe configuration, which is what the fallback must reach."""
    wanted = os.environ.get(FAULT_VARIABLE, "")
    where, _, name = wanted.partition(":")
    if where != stage or settings.safe_mode:
        return None
    try:
        return signal.Signals[name or "SIGSEGV"]
    except KeyError:
        return None
