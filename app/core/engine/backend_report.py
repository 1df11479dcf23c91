"""One sentence for people: which backend the engine uses on this computer, and why.

Shown in the window's status area and written to the log at startup, e.g.
"Using CUDA on NVIDIA GeForce RTX 4070 (8 GB): the model's attention fits in VRAM;
experts stay in RAM" or "Using the CPU (AVX2, 8 cores): no GPU backend is
available in this build". Pure functions of the engine's probe and the load plan.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable
from pathlib import Path

from app.core.engine.hardware import physical_cores
from app.core.engine.load_plan_text import size_of
from app.core.engine.load_plan_types import LoadPlan, PlanRefusal
from app.core.engine.protocol import DeviceInfo, SystemReport
from app.core.quantity import count
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

#: ggml backend library names (libggml-<name>*.so, ggml-<name>*.dll) that drive a GPU,
#: with the name people know them by and what they need to start.
GPU_BACKENDS = {
    "cuda": ("CUDA", "no NVIDIA GPU with a recent driver was found"),
    "hip": ("ROCm", "no AMD GPU with ROCm was found"),
    "vulkan": ("Vulkan", "no GPU with a Vulkan driver was found"),
    "metal": ("Metal", "no Metal GPU was found"),
    "sycl": ("SYCL", "no Intel GPU with oneAPI was found"),
    "musa": ("MUSA", "no Moore Threads GPU was found"),
    "opencl": ("OpenCL", "no GPU with an OpenCL driver was found"),
    "cann": ("CANN", "no Ascend NPU was found"),
}
#: The best instruction set llama.cpp reports, most capable first.
_CPU_FEATURES = (
    ("AVX512", "AVX-512"),
    ("AVX2", "AVX2"),
    ("AVX", "AVX"),
    ("SSE3", "SSE3"),
    ("SME", "SME"),
    ("SVE", "SVE"),
    ("NEON", "NEON"),
)
_LIBRARY = re.compile(r"^(?:lib)?ggml-([a-z]+)[-.\w]*\.(?:so|dll|dylib)(?:\.\d+)*$")


def cpu_features(system_info: str) -> str | None:
    """The best vector instruction set in llama.cpp's system line ("AVX2 = 1 | ...")."""
    on = set(re.findall(r"\b([A-Z0-9_]+) = 1\b", system_info))
    return next((label for key, label in _CPU_FEATURES if key in on), None)


def installed_gpu_backends(lib_dir: Path | None = None) -> list[str]:
    """GPU backend libraries shipped with llama-cpp-python (``cuda``, ``vulkan``, ...).

    Found by file name, without importing llama_cpp (the GUI process never loads it):
    with dynamically loaded backends a library that cannot start (no driver) is skipped
    silently, and this tells "not in this build" from "could not start".
    """
    if lib_dir is None:
        spec = importlib.util.find_spec("llama_cpp")
        if spec is None or spec.origin is None:
            return []
        lib_dir = Path(spec.origin).resolve().parent / "lib"
    try:
        names = [p.name for p in lib_dir.iterdir()]
    except OSError:
        return []
    found = {m.group(1) for m in map(_LIBRARY.match, names) if m}
    return sorted(found & GPU_BACKENDS.keys())


def _gpus(report: SystemReport) -> list[DeviceInfo]:
    return [d for d in report.devices if d.kind in ("gpu", "igpu")]


def _on_gpu(device: DeviceInfo) -> Sentence:
    name = device.description or device.name
    size = size_of(device.total_bytes)
    if device.backend == "Metal" or device.kind == "igpu":
        return Sentence(
            QT_TRANSLATE_NOOP("core", "Using %1 on %2 (%3 shared)"), device.backend, name, size
        )
    return Sentence(QT_TRANSLATE_NOOP("core", "Using %1 on %2 (%3)"), device.backend, name, size)


def _on_cpu(report: SystemReport, cores: int) -> Sentence:
    features = cpu_features(report.system_info)
    if features:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "Using the CPU (%1, %2 cores)"), features, count(cores)
        )
    return Sentence(QT_TRANSLATE_NOOP("core", "Using the CPU (%1 cores)"), count(cores))


def _why_no_gpu(report: SystemReport, installed: Iterable[str]) -> Sentence:
    registered = {b.lower() for b in report.backends}
    gpu_registered = [b for b in GPU_BACKENDS if b in registered]
    if gpu_registered:
        label = GPU_BACKENDS[gpu_registered[0]][0]
        return Sentence(QT_TRANSLATE_NOOP("core", "the %1 backend found no GPU it can use"), label)
    installed = list(installed)
    if installed:
        label, need = GPU_BACKENDS[installed[0]]
        return Sentence(
            QT_TRANSLATE_NOOP("core", "the %1 backend could not start (%2)"), label, need
        )
    return Sentence(QT_TRANSLATE_NOOP("core", "no GPU backend is available in this build"))


def _placement_reason(plan: LoadPlan) -> Sentence:
    if plan.placement == "gpu":
        return Sentence(QT_TRANSLATE_NOOP("core", "the whole model fits in VRAM"))
    if plan.placement == "experts_in_ram":
        return Sentence(
            QT_TRANSLATE_NOOP("core", "the model's attention fits in VRAM; experts stay in RAM")
        )
    layers = max(plan.n_gpu_layers - 1, 0)
    if plan.experts_on_cpu:
        template = QT_TRANSLATE_NOOP("core", "%1 of %2 layers fit in VRAM; the experts stay in RAM")
    else:
        template = QT_TRANSLATE_NOOP("core", "%1 of %2 layers fit in VRAM; the rest run on the CPU")
    return Sentence(template, count(layers), count(plan.n_layer))


def _joined(lead: Sentence, reason: str) -> Sentence:
    return Sentence(QT_TRANSLATE_NOOP("core", "%1: %2"), lead, reason)


def _then(first: Sentence, second: str) -> Sentence:
    return Sentence(QT_TRANSLATE_NOOP("core", "%1. %2"), first, second)


def backend_sentence(
    report: SystemReport,
    plan: LoadPlan | PlanRefusal | None = None,
    *,
    cores: int | None = None,
    installed: Iterable[str] | None = None,
) -> str:
    """Which backend runs the model and why, in one sentence (two when no plan fits)."""
    cores = cores or physical_cores()
    installed = installed_gpu_backends() if installed is None else installed
    gpus = _gpus(report)
    if isinstance(plan, LoadPlan) and plan.placement != "cpu":
        device = next((d for d in gpus if d.name == plan.device), gpus[0] if gpus else None)
        if device is not None:
            return _joined(_on_gpu(device), _placement_reason(plan))
    if gpus and not isinstance(plan, LoadPlan):
        found = Sentence(QT_TRANSLATE_NOOP("core", "llama.cpp found this GPU"))
        lead = _joined(_on_gpu(gpus[0]), found)
        return lead if plan is None else _then(lead, plan.reason)
    if gpus:  # a plan that runs on the CPU although there is a GPU
        small = Sentence(
            QT_TRANSLATE_NOOP("core", "the %1 GPU is too small to help"),
            size_of(gpus[0].total_bytes),
        )
        return _joined(_on_cpu(report, cores), small)
    lead = _joined(_on_cpu(report, cores), _why_no_gpu(report, installed))
    return _then(lead, plan.reason) if isinstance(plan, PlanRefusal) else lead
