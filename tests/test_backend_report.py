"""The backend sentence: which backend runs the model and why, for every kind of machine."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.engine.backend_report import (
    backend_sentence,
    cpu_features,
    installed_gpu_backends,
)
from app.core.engine.load_plan_types import LoadPlan, PlanRefusal
from app.core.engine.protocol import DeviceInfo, SystemReport

GIB = 1 << 30
CPU_INFO = "CPU : SSE3 = 1 | SSSE3 = 1 | AVX = 1 | AVX2 = 1 | F16C = 1 | FMA = 1 | "
CPU = DeviceInfo("CPU", "AMD Ryzen 7", "cpu", "CPU", 30 * GIB, 32 * GIB)
RTX = DeviceInfo("CUDA0", "NVIDIA GeForce RTX 4070", "gpu", "CUDA", 7 * GIB, 8 * GIB)
M2 = DeviceInfo("MTL0", "Apple M2", "gpu", "Metal", 11 * GIB, 16 * GIB)


def report(*devices: DeviceInfo, backends: tuple[str, ...] = ("CPU",), info: str = CPU_INFO):
    return SystemReport(
        backends=backends,
        devices=devices,
        dynamic_backends_loaded=True,
        system_info=info,
        llama_cpp_python_version="0.3.36",
    )


def plan(placement: str, device: str = "CUDA0", layers: int = 25, experts: bool = False):
    return LoadPlan(
        backend="CUDA" if device != "CPU" else "CPU",
        device=device,
        placement=placement,  # type: ignore[arg-type]
        n_gpu_layers=layers,
        experts_on_cpu=experts,
        n_ctx=8192,
        kv_cache_type="f16",
        flash_attention="auto",
        use_mmap=True,
        repack_weights=False,
        n_threads=8,
        n_batch=512,
        n_ubatch=512,
        ram_bytes=0,
        vram_bytes=0,
        explanation="",
        n_layer=24,
    )


@pytest.mark.parametrize(
    ("info", "best"),
    [
        (CPU_INFO, "AVX2"),
        ("CPU : SSE3 = 1 | AVX = 1 | AVX2 = 1 | AVX512 = 1 |", "AVX-512"),
        ("CPU : SSE3 = 1 | AVX = 0 | AVX2 = 0 |", "SSE3"),
        ("Metal : EMBED_LIBRARY = 1 | CPU : NEON = 1 | ARM_FMA = 1 |", "NEON"),
        ("", None),
    ],
)
def test_cpu_features_names_the_best_instruction_set(info: str, best: str | None) -> None:
    assert cpu_features(info) == best


def test_cpu_only_build() -> None:
    text = backend_sentence(report(CPU), cores=8, installed=[])
    assert text == "Using the CPU (AVX2, 8 cores): no GPU backend is available in this build"


def test_cuda_build_without_a_driver_says_the_backend_could_not_start() -> None:
    text = backend_sentence(report(CPU), cores=8, installed=["cuda"])
    assert text.startswith("Using the CPU (AVX2, 8 cores): the CUDA backend could not start (")
    assert "NVIDIA" in text


def test_registered_gpu_backend_without_devices() -> None:
    text = backend_sentence(report(CPU, backends=("CUDA", "CPU")), cores=4, installed=["cuda"])
    assert text == "Using the CPU (AVX2, 4 cores): the CUDA backend found no GPU it can use"


def test_experts_in_ram_plan() -> None:
    text = backend_sentence(report(RTX, CPU), plan("experts_in_ram"), cores=8, installed=[])
    assert text == (
        "Using CUDA on NVIDIA GeForce RTX 4070 (8 GB): the model's attention fits in VRAM; "
        "experts stay in RAM"
    )


def test_whole_model_and_split_plans() -> None:
    whole = backend_sentence(report(RTX, CPU), plan("gpu"), cores=8, installed=[])
    assert whole.endswith(": the whole model fits in VRAM")
    split = backend_sentence(report(RTX, CPU), plan("split", layers=13), cores=8, installed=[])
    assert split.endswith(": 12 of 24 layers fit in VRAM; the rest run on the CPU")


def test_cpu_plan_although_a_gpu_is_there() -> None:
    text = backend_sentence(report(RTX, CPU), plan("cpu", device="CPU"), cores=8, installed=[])
    assert text == "Using the CPU (AVX2, 8 cores): the 8 GB GPU is too small to help"


def test_apple_gpu_shares_memory() -> None:
    text = backend_sentence(report(M2, CPU, backends=("Metal", "CPU")), cores=8, installed=[])
    assert text.startswith("Using Metal on Apple M2 (16 GB shared)")


def test_refused_plan_adds_the_reason() -> None:
    refusal = PlanRefusal("This computer has 3.0 GB of free memory; gpt-oss-20b needs 13 GB.")
    text = backend_sentence(report(CPU), refusal, cores=2, installed=[])
    assert text.endswith(". " + refusal.reason)


def test_installed_gpu_backends_reads_library_names(tmp_path: Path) -> None:
    for name in ("libggml-cpu-haswell.so", "libggml-cuda.so", "ggml-vulkan.dll", "libllama.so"):
        (tmp_path / name).write_bytes(b"")
    assert installed_gpu_backends(tmp_path) == ["cuda", "vulkan"]
    assert installed_gpu_backends(tmp_path / "missing") == []
