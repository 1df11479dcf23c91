"""The load planner's sentences: why a plan was chosen, or why none fits.

Sizes are in binary gigabytes written "GB", the unit in which RAM and GPU memory are sold
and shown by operating systems ("an 8 GB GPU"), so people recognise their own numbers.
"""

from __future__ import annotations

from app.core.engine.load_plan_estimate import (
    UNIFIED_GPU_SHARE,
    Estimate,
    Placement,
    unified_cap,
)
from app.core.engine.load_plan_footprint import KV_CACHE_TYPES, ModelFootprint
from app.core.engine.load_plan_types import Device, LoadPlan, Machine, PlanRefusal

GIB = 1 << 30
#: Common memory sizes, for "use a computer with 16 GB or more".
RAM_SIZES_GB = (8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512)
OS_USE = 2 * GIB  # what the OS and a desktop session occupy on a freshly started computer


def gb(n: int) -> str:
    return f"{n / GIB:.1f} GB"


def size_of(total: int) -> str:
    """A device's size as it is sold: 8 GB, not 7.9 GB."""
    x = total / GIB
    return f"{round(x)} GB" if abs(x - round(x)) < 0.15 else f"{x:.1f} GB"


def check_overrides(
    fp: ModelFootprint,
    n_ctx: int | None,
    n_gpu_layers: int | None,
    threads: int | None,
    kv: str | None,
) -> str | None:
    if n_ctx is not None and n_ctx < 1:
        return f"A context of {n_ctx:,} tokens is not possible; ask for at least 1."
    if n_ctx is not None and fp.n_ctx_train and n_ctx > fp.n_ctx_train:
        return (
            f"{fp.label} handles at most {fp.n_ctx_train:,} tokens of context; "
            f"{n_ctx:,} were asked for."
        )
    if n_gpu_layers is not None and n_gpu_layers < 0:
        return f"The number of GPU layers cannot be negative ({n_gpu_layers} was asked for)."
    if threads is not None and threads < 1:
        return f"At least one thread is needed ({threads} was asked for)."
    if kv is not None and kv not in KV_CACHE_TYPES:
        return f"The KV cache type must be one of {', '.join(KV_CACHE_TYPES)}, not {kv!r}."
    return None


def no_gpu_for_layers(k: int) -> str:
    return f"{k} GPU layers were asked for, but this computer has no GPU that Lokal can use."


def gpu_too_small(asked: str, need: int, gpu: Device, budget: int) -> str:
    return (
        f"{asked} {gb(need)} of GPU memory, but the {size_of(gpu.total_bytes)} GPU "
        f"can spare {gb(budget)}. Ask for fewer layers or let Lokal choose."
    )


def context_too_big(n_ctx: int, need_free: int, free: int, fits: int | None) -> str:
    hint = f" {fits:,} tokens would fit." if fits else ""
    return (
        f"A context of {n_ctx:,} tokens needs {gb(need_free)} of free memory; this computer "
        f"has {gb(free)}.{hint}"
    )


def not_enough_ram(fp: ModelFootprint, free: int, need_free: int) -> str:
    size = next((s for s in RAM_SIZES_GB if s * GIB >= need_free + OS_USE), None)
    advice = f"use a computer with {size} GB or more" if size else "use a bigger computer"
    return (
        f"This computer has {gb(free)} of free memory; {fp.label} needs at least "
        f"{gb(need_free)}. Close other programs or {advice}."
    )


def _gpu_cap_words(gpu: Device, machine: Machine, budget: int) -> str:
    """Where a unified-memory GPU's limit comes from, e.g. "macOS lets the GPU use ..."."""
    who = "macOS" if gpu.backend == "Metal" else "the system"
    total = size_of(machine.total_ram_bytes)
    if budget == unified_cap(machine.total_ram_bytes):
        share = round(UNIFIED_GPU_SHARE * 100)
        return f"{who} lets the GPU use about {share} % of the {total} memory ({gb(budget)})"
    return f"{who} lets the GPU use {gb(budget)} of the {total} memory"


def explain(
    fp: ModelFootprint,
    p: Placement,
    e: Estimate,
    *,
    whole_vram: int,
    gpu: Device | None,
    gpu_budget: int,
    machine: Machine,
    threads: int,
    n_ctx: int,
    kv: str,
    asked: bool,
    kv_asked: bool,
    shortened: bool,
    any_gpu: bool,
) -> str:
    """One or two sentences: the placement and its deciding numbers, then the context if it
    had to give way."""
    as_asked = ", as requested" if asked else ""
    if gpu is None:
        if asked:
            lead = "The CPU runs the model"
        elif any_gpu:
            lead = "The GPU is too small to help, so the CPU runs the model"
        else:
            lead = "No usable GPU was found, so the CPU runs the model"
        free = gb(machine.free_ram_bytes)
        first = f"{lead} with {threads} threads{as_asked} ({gb(e.ram)} of {free} free memory)."
    elif p.kind == "gpu" and gpu.unified_memory:
        limit = _gpu_cap_words(gpu, machine, gpu_budget)
        first = f"The whole model runs on the GPU ({gb(e.vram)}){as_asked}: {limit}."
    elif p.kind == "gpu":
        first = (
            f"The whole model runs on the {size_of(gpu.total_bytes)} GPU{as_asked}: it needs "
            f"{gb(e.vram)} of the {gb(gpu_budget)} it can spare."
        )
    elif gpu.unified_memory:
        limit = _gpu_cap_words(gpu, machine, gpu_budget)
        first = f"{_where(fp, p)}{as_asked}: the whole model needs {gb(whole_vram)} and {limit}."
    elif asked:
        first = f"{_where(fp, p)}, as requested ({gb(e.vram)} of GPU memory)."
    else:
        first = (
            f"{_where(fp, p)}: the {size_of(gpu.total_bytes)} GPU is too small for the whole "
            f"model ({gb(whole_vram)} needed, {gb(gpu_budget)} to spare)."
        )
    if not shortened and (kv == "f16" or kv_asked):
        return first
    if not shortened:
        return f"{first} An 8-bit cache makes room for {n_ctx:,} tokens of context."
    cache = ", with an 8-bit cache," if kv != "f16" and not kv_asked else ""
    return f"{first} The context is cut to {n_ctx:,} tokens{cache} to fit in memory."


def _where(fp: ModelFootprint, p: Placement) -> str:
    if p.kind == "experts_in_ram":
        return "Experts in RAM, attention on the GPU"
    # llama.cpp's count includes the output layer, which goes to the GPU first.
    layers = p.n_gpu_layers - 1
    where = f"{layers} of {fp.n_layer} layers" if layers else "Only the output layer"
    if p.experts_on_cpu:
        return f"{where} on the GPU with the experts in RAM"
    return f"{where} on the GPU, the rest on the CPU"


def describe_plan(plan: LoadPlan | PlanRefusal) -> str:
    """One line for `lokal doctor`."""
    if isinstance(plan, PlanRefusal):
        return f"refused: {plan.reason}"
    if plan.placement == "cpu":
        where = f"CPU, {plan.n_threads} threads"
    else:
        total = plan.n_layer + 1
        experts = ", experts in RAM" if plan.experts_on_cpu else ""
        where = f"{plan.device} ({plan.backend}) {plan.n_gpu_layers}/{total} layers{experts}"
    return (
        f"{where}; context {plan.n_ctx} {plan.kv_cache_type}, flash attention "
        f"{plan.flash_attention}, mmap {'on' if plan.use_mmap else 'off'}, repack "
        f"{'on' if plan.repack_weights else 'off'}; RAM {gb(plan.ram_bytes)}, "
        f"GPU {gb(plan.vram_bytes)}"
    )
