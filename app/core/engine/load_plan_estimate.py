"""Where each byte goes for one placement, and how much memory a device may give.

Part of the load planner (see load_plan.py for the policy). Mirrors llama.cpp 0.3.36
(src/llama-model.cpp): the token embeddings stay on the CPU; ``n_gpu_layers = k`` puts the
output layer and the *last* k - 1 repeating layers on the GPU; each layer's KV cache lives
with its layer; weights left in RAM are copied to the GPU one tensor at a time for prompt
batches (ggml's "op offload"), so the GPU needs room for the largest such tensor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from app.core.engine.load_plan_footprint import (
    ModelFootprint,
    compute_buffer_bytes,
    host_compute_bytes,
    kv_layer_bytes,
)

GIB = 1 << 30
RAM_HEADROOM = 3 * GIB // 2  # for the OS and the app itself
VRAM_HEADROOM = GIB // 2  # for the desktop, the driver and other programs' windows
MAX_SHARE_OF_FREE = 0.90  # never plan the last tenth of what is free
#: macOS lets the GPU wire about 70-75 % of RAM by default (recommendedMaxWorkingSetSize);
#: integrated GPUs on other systems get a similar share of system memory.
UNIFIED_GPU_SHARE = 0.70

Kind = Literal["gpu", "experts_in_ram", "split", "cpu"]


@dataclass(frozen=True)
class CpuWeights:
    """How a CPU-only load holds the weights: mapped from the file or read into memory,
    and repacked (a faster layout, in a second, anonymous copy) or not."""

    use_mmap: bool
    repack_weights: bool


@dataclass(frozen=True)
class Placement:
    kind: Kind
    n_gpu_layers: int  # llama.cpp's count: the output layer + repeating layers
    experts_on_cpu: bool


@dataclass(frozen=True)
class Estimate:
    ram: int  # system memory, including the GPU's part on unified memory
    vram: int  # memory of the GPU (its share of the pool on unified memory)


def usable(free: int, headroom: int) -> int:
    """What may be planned out of ``free`` bytes."""
    return max(0, min(free - headroom, int(free * MAX_SHARE_OF_FREE)))


def free_needed(need: int, headroom: int) -> int:
    """The free memory at which ``usable`` reaches ``need``: the inverse of ``usable``."""
    # +1 byte absorbs the float rounding of int(free * MAX_SHARE_OF_FREE).
    return max(need + headroom, math.ceil(need / MAX_SHARE_OF_FREE) + 1)


def unified_cap(total_ram: int) -> int:
    return int(total_ram * UNIFIED_GPU_SHARE)


def gpu_layers(fp: ModelFootprint, n_gpu_layers: int) -> range:
    """The repeating layers on the GPU: llama.cpp offloads from the last layer down."""
    if n_gpu_layers <= 0:
        return range(fp.n_layer, fp.n_layer)
    return range(max(0, fp.n_layer + 1 - n_gpu_layers), fp.n_layer)


def estimate(
    fp: ModelFootprint,
    p: Placement,
    n_ctx: int,
    kv_type: str,
    *,
    unified: bool,
    cpu_weights: CpuWeights,
    n_ubatch: int,
) -> Estimate:
    kvl = kv_layer_bytes(fp, n_ctx, kv_type)
    if p.n_gpu_layers <= 0:
        # mmap + repack keeps the mapped file and a repacked copy: RSS measured 20.8 GiB
        # for 11.3 GiB of tensors on x86, where only the experts were repacked. Other CPUs
        # repack more types, so count every weight twice.
        copies = 2 if cpu_weights.use_mmap and cpu_weights.repack_weights else 1
        ram = fp.total_bytes * copies + fp.n_layer * kvl + compute_buffer_bytes(fp, n_ubatch)
        return Estimate(ram=ram, vram=0)
    on_gpu = gpu_layers(fp, p.n_gpu_layers)
    weights_gpu = fp.output_bytes + fp.other_bytes
    for i in on_gpu:
        weights_gpu += fp.layer_bytes[i] + (0 if p.experts_on_cpu else fp.layer_expert_bytes[i])
    weights_cpu = fp.total_bytes - weights_gpu + fp.other_bytes
    some_in_ram = len(on_gpu) < fp.n_layer or (p.experts_on_cpu and fp.expert_bytes > 0)
    staging = fp.largest_layer_tensor_bytes if some_in_ram else 0
    vram = weights_gpu + len(on_gpu) * kvl + compute_buffer_bytes(fp, n_ubatch) + staging
    ram = weights_cpu + (fp.n_layer - len(on_gpu)) * kvl + host_compute_bytes(fp, n_ubatch)
    # On unified memory the GPU's buffers come out of the same RAM.
    return Estimate(ram=ram + vram if unified else ram, vram=vram)


def ram_reads_per_token(fp: ModelFootprint, p: Placement, n_ctx: int, kv_type: str) -> float:
    """Bytes the CPU reads from system RAM for one generated token.

    Generation is bound by memory bandwidth, and the CPU's is several times lower than a
    GPU's, so this is what a split costs in speed: the weights of layers left on the CPU
    (only the active experts of MoE layers) and their KV cache at a full context.
    """
    frac = fp.active_expert_fraction()
    on_gpu = gpu_layers(fp, p.n_gpu_layers)
    kvl = kv_layer_bytes(fp, n_ctx, kv_type)
    total = 0.0 if p.n_gpu_layers > 0 else float(fp.output_bytes)
    for i in range(fp.n_layer):
        if i in on_gpu:
            total += fp.layer_expert_bytes[i] * frac if p.experts_on_cpu else 0.0
        else:
            total += fp.layer_bytes[i] + fp.layer_expert_bytes[i] * frac + kvl
    return total
