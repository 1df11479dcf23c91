"""The load planner's inputs and outputs (see load_plan.py for the policy).

Plain frozen dataclasses of builtins: a plan travels to the engine process with pickle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal


@dataclass(frozen=True)
class Device:
    """A ggml device as llama.cpp reports it (ggml_backend_dev_*)."""

    name: str  # "CUDA0", "Metal", "Vulkan0", "CPU"
    description: str
    kind: Literal["cpu", "gpu", "igpu", "accel", "other"]
    backend: str  # "CPU", "CUDA", "Metal", "Vulkan", …
    free_bytes: int
    total_bytes: int
    unified_memory: bool = False  # its memory is system RAM (Apple Silicon, integrated GPUs)


@dataclass(frozen=True)
class Machine:
    devices: tuple[Device, ...]
    free_ram_bytes: int  # available to a new program (MemAvailable), not merely unused
    total_ram_bytes: int
    physical_cores: int
    # Processors this process may use, hyper-threads included; 0: not known (as many
    # as physical cores).
    logical_cpus: int = 0


@dataclass(frozen=True)
class Overrides:
    """What a person asked for; each one wins if it fits, else the plan is refused."""

    n_ctx: int | None = None
    n_gpu_layers: int | None = None  # llama.cpp's count; 0: CPU only
    threads: int | None = None
    force_cpu: bool = False
    kv_cache_type: str | None = None  # "f16" or "q8_0"
    experts_on_cpu: bool | None = None


@dataclass(frozen=True)
class LoadPlan:
    """LoadSettings fields (same names) plus what the plan expects and why."""

    backend: str
    device: str
    placement: Literal["gpu", "experts_in_ram", "split", "cpu"]
    n_gpu_layers: int
    experts_on_cpu: bool
    n_ctx: int
    kv_cache_type: str
    flash_attention: Literal["auto", "on", "off"]
    use_mmap: bool
    repack_weights: bool
    n_threads: int
    n_batch: int
    n_ubatch: int
    ram_bytes: int
    vram_bytes: int
    explanation: str
    n_layer: int = field(default=0, repr=False)  # for describing the plan
    # Set when fewer threads are used than were asked for (also in `explanation`).
    threads_note: str | None = None


@dataclass(frozen=True)
class PlanRefusal:
    reason: str
    min_free_ram_bytes: int | None = None  # free RAM that would have been enough
