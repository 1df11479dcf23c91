"""Plan how to load a model on this computer: which device, how many GPU layers, where the
MoE experts go, how long a context, which KV cache type. A pure function of the model's
footprint (from its GGUF header) and the devices' free memory, explained in a sentence.

Policy
------
Budgets. Keep 1.5 GiB of RAM and 0.5 GiB of GPU memory free for the OS, the desktop and the
app, and never plan more than 90 % of what is free. On unified memory (Apple Silicon, an
integrated GPU) RAM and GPU memory are one pool: everything counts against RAM, and the
GPU's part must also stay under 70 % of total RAM (about what macOS lets the GPU wire by
default) and under the limit the device reports (Metal: recommendedMaxWorkingSetSize,
about 2/3 of RAM on 16-32 GB Macs). mmap stays on there: the GPU uses the file's pages in
place, and repacking is off, since a repacked copy would be a second copy in the pool.

Context. 8192 tokens by default (enough to chat about a document), never above the trained
context; when memory is short, 4096, then 2048, then refuse. An n_ctx override is used as
given, or refused with a reason that names the number. Context comes first: a plan with a
longer context beats a faster placement with a shorter one, so more memory never yields a
shorter context.

Placement, for each context from the longest:
1. The whole model on the best GPU (a discrete GPU before an integrated one, then the most
   usable memory) when weights, KV cache and compute buffers fit.
2. Else either the experts in system RAM with attention, KV cache and the other layers on
   the GPU, or as many whole layers as fit on the GPU (a split). The split is taken only
   when it reads under 75 % of the bytes per token from system RAM that experts-in-RAM
   reads (generation speed is RAM bandwidth); otherwise experts-in-RAM, which keeps all
   attention and the whole cache on the GPU. On gpt-oss-20b an 8 GB GPU gets the experts
   in RAM and a 12 GB GPU a split of 20 of 24 layers.
3. Else the CPU alone, with one thread per physical core. How it holds the weights is
   CPU_WEIGHTS_POLICY: by default read into memory (no mmap) and repacked, one copy in a
   faster layout; mmap with repacking would keep the mapped file *and* the repacked copy.
GPU plans keep mmap on: weights left in RAM are then the file's own pages.

KV cache. f16, unless q8_0 makes a longer context or a better placement fit; flash
attention is then "on" (llama.cpp needs it for a quantized V cache), else "auto".

A CPU plan has experts_on_cpu False: the runtime's expert override names the plain CPU
buffer type, which would stop the experts from being repacked. A plan names one device;
llama.cpp itself would spread layers over every GPU it sees, so the runtime should load
with only that device (and with none for a CPU plan).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from app.core.engine import load_plan_text as text
from app.core.engine.load_plan_estimate import (
    RAM_HEADROOM,
    VRAM_HEADROOM,
    CpuWeights,
    Estimate,
    Placement,
    estimate,
    free_needed,
    ram_reads_per_token,
    unified_cap,
    usable,
)
from app.core.engine.load_plan_footprint import (
    KV_CACHE_TYPES,
    ModelFootprint,
    compute_buffer_bytes,
    footprint_from_header,
    kv_cache_bytes,
)
from app.core.engine.load_plan_types import Device, LoadPlan, Machine, Overrides, PlanRefusal
from app.core.engine.threads import threads_to_use
from app.core.sentence import Sentence

__all__ = [
    "CPU_WEIGHTS_POLICY",
    "CpuWeights",
    "Device",
    "LoadPlan",
    "Machine",
    "ModelFootprint",
    "Overrides",
    "PlanRefusal",
    "compute_buffer_bytes",
    "describe_plan",
    "footprint_from_header",
    "gpu_budget",
    "kv_cache_bytes",
    "plan_load",
    "unified_memory",
]

#: Module-level so a benchmark can try the others (mmap on/off × repack on/off).
CPU_WEIGHTS_POLICY = CpuWeights(use_mmap=False, repack_weights=True)
DEFAULT_CONTEXT = 8192
CONTEXT_STEPS = (8192, 4096, 2048)
N_BATCH = 512  # llama.cpp's batch sizes; larger ones grow the logits buffer
SPLIT_ADVANTAGE = 0.75
NO_OVERRIDES = Overrides()  # frozen, so one shared default is safe


@dataclass(frozen=True)
class _Setting:
    """Everything fixed before the search: budgets, the GPU, what the overrides allow."""

    fp: ModelFootprint
    machine: Machine
    gpu: Device | None
    ram_budget: int
    gpu_budget: int
    cpu_weights: CpuWeights
    n_ubatch: int

    def estimate(self, p: Placement, n_ctx: int, kv: str) -> Estimate:
        unified = self.gpu is not None and self.gpu.unified_memory and p.n_gpu_layers > 0
        return estimate(
            self.fp,
            p,
            n_ctx,
            kv,
            unified=unified,
            cpu_weights=self.cpu_weights,
            n_ubatch=self.n_ubatch,
        )

    def fits(self, e: Estimate) -> bool:
        return e.ram <= self.ram_budget and e.vram <= self.gpu_budget


def gpu_budget(device: Device, machine: Machine) -> int:
    if device.unified_memory:
        # Metal reports its working-set limit (recommendedMaxWorkingSetSize) less what this
        # process holds: a cap, not free memory, so no headroom is taken off it; the
        # headroom is kept in RAM, which the GPU's part is also counted against.
        cap = unified_cap(machine.total_ram_bytes)
        if device.total_bytes > 0:
            cap = min(cap, device.free_bytes)
        return min(cap, usable(machine.free_ram_bytes, RAM_HEADROOM))
    return usable(device.free_bytes, VRAM_HEADROOM)


def unified_memory(kind: str, backend: str) -> bool:
    """Whether a ggml device's memory is system RAM: Apple's Metal GPUs (which ggml reports
    as plain GPUs) and integrated GPUs."""
    return backend == "Metal" or kind == "igpu"


def best_gpu(machine: Machine) -> Device | None:
    gpus = [
        d
        for d in machine.devices
        if d.kind in ("gpu", "igpu") and (d.total_bytes > 0 or d.unified_memory)
    ]
    if not gpus:
        return None
    return max(gpus, key=lambda d: (d.kind == "gpu", gpu_budget(d, machine)))


def _context_steps(fp: ModelFootprint, n_ctx: int | None) -> list[int]:
    if n_ctx is not None:
        return [n_ctx]
    top = min(DEFAULT_CONTEXT, fp.n_ctx_train) if fp.n_ctx_train > 0 else DEFAULT_CONTEXT
    return [top, *(c for c in CONTEXT_STEPS if c < top)]


def _tiers(s: _Setting, o: Overrides) -> Iterator[list[Placement]]:
    """Placements in order of preference; each list is one tier (chosen between by speed)."""
    L = s.fp.n_layer
    if s.gpu is None:
        yield [Placement("cpu", 0, False)]
        return
    if o.n_gpu_layers is not None:
        k = min(o.n_gpu_layers, L + 1)
        moe = bool(o.experts_on_cpu) and s.fp.expert_bytes > 0
        if k <= 0:
            yield [Placement("cpu", 0, False)]
        elif k == L + 1:
            yield [Placement("experts_in_ram" if moe else "gpu", k, moe)]
        else:
            yield [Placement("split", k, moe)]
        return
    if o.experts_on_cpu is not True or s.fp.expert_bytes == 0:
        yield [Placement("gpu", L + 1, False)]
    middle = []
    if o.experts_on_cpu is not False and s.fp.expert_bytes > 0:
        middle.append(Placement("experts_in_ram", L + 1, True))
    if o.experts_on_cpu is not True:
        middle += [Placement("split", k, False) for k in range(L, 0, -1)]
    yield middle
    if o.experts_on_cpu is not True:
        yield [Placement("cpu", 0, False)]


def _pick(
    s: _Setting, tier: list[Placement], n_ctx: int, kv: str
) -> tuple[Placement, Estimate] | None:
    fitting = [(p, e) for p in tier if s.fits(e := s.estimate(p, n_ctx, kv))]
    moe = next(((p, e) for p, e in fitting if p.kind == "experts_in_ram"), None)
    # Splits are listed from the most GPU layers down: the first that fits is the best.
    others = [(p, e) for p, e in fitting if p.kind != "experts_in_ram"][:1]
    if moe and others:
        split_reads = ram_reads_per_token(s.fp, others[0][0], n_ctx, kv)
        moe_reads = ram_reads_per_token(s.fp, moe[0], n_ctx, kv)
        return others[0] if split_reads < SPLIT_ADVANTAGE * moe_reads else moe
    return moe or (others[0] if others else None)


def plan_load(
    fp: ModelFootprint,
    machine: Machine,
    overrides: Overrides = NO_OVERRIDES,
    *,
    cpu_weights: CpuWeights | None = None,
) -> LoadPlan | PlanRefusal:
    """The best way to load ``fp`` on ``machine``, or why it cannot be loaded."""
    o = overrides
    problem = text.check_overrides(fp, o.n_ctx, o.n_gpu_layers, o.threads, o.kv_cache_type)
    if problem:
        return PlanRefusal(problem)
    gpu = None if o.force_cpu or o.n_gpu_layers == 0 else best_gpu(machine)
    if o.n_gpu_layers and gpu is None:
        return PlanRefusal(text.no_gpu_for_layers(o.n_gpu_layers))
    steps = _context_steps(fp, o.n_ctx)
    s = _Setting(
        fp=fp,
        machine=machine,
        gpu=gpu,
        ram_budget=usable(machine.free_ram_bytes, RAM_HEADROOM),
        gpu_budget=gpu_budget(gpu, machine) if gpu else 0,
        cpu_weights=cpu_weights or CPU_WEIGHTS_POLICY,
        n_ubatch=min(N_BATCH, steps[0]),
    )
    kv_types = [o.kv_cache_type] if o.kv_cache_type else list(KV_CACHE_TYPES)
    tiers = list(_tiers(s, o))
    return _search(s, o, tiers, steps, kv_types) or _refuse(s, o, tiers, steps, kv_types)


def _search(
    s: _Setting, o: Overrides, tiers: list[list[Placement]], steps: list[int], kvs: list[str]
) -> LoadPlan | None:
    for n_ctx in steps:  # context first: see the module docstring
        for tier in tiers:
            for kv in kvs:
                found = _pick(s, tier, n_ctx, kv)
                if found:
                    return _plan(s, o, found[0], found[1], n_ctx, kv)
    return None


def _plan(s: _Setting, o: Overrides, p: Placement, e: Estimate, n_ctx: int, kv: str) -> LoadPlan:
    fp, gpu = s.fp, s.gpu if p.n_gpu_layers > 0 else None
    unified = gpu is not None and gpu.unified_memory
    m = s.machine
    threads, threads_note = threads_to_use(o.threads, m.physical_cores, m.logical_cpus)
    if gpu is None:
        mmap, repack = s.cpu_weights.use_mmap, s.cpu_weights.repack_weights
    else:
        # Unified memory: the GPU maps the file's pages, and a repacked copy of the CPU
        # layers would be a second copy in the same pool.
        mmap, repack = True, not unified
    whole = s.estimate(Placement("gpu", fp.n_layer + 1, False), n_ctx, kv) if gpu else e
    why = text.explain(
        fp,
        p,
        e,
        whole_vram=whole.vram,
        gpu=gpu,
        gpu_budget=s.gpu_budget,
        machine=s.machine,
        threads=threads,
        n_ctx=n_ctx,
        kv=kv,
        asked=o.force_cpu or o.n_gpu_layers is not None or bool(o.experts_on_cpu),
        kv_asked=o.kv_cache_type is not None,
        shortened=o.n_ctx is None and n_ctx < _context_steps(fp, None)[0],
        any_gpu=best_gpu(s.machine) is not None,
    )
    if threads_note is not None:
        why = Sentence("%1 %2", why, threads_note)
    return LoadPlan(
        backend=gpu.backend if gpu else "CPU",
        device=gpu.name if gpu else "CPU",
        placement=p.kind,
        n_gpu_layers=p.n_gpu_layers,
        experts_on_cpu=p.experts_on_cpu and gpu is not None,
        n_ctx=n_ctx,
        kv_cache_type=kv,
        flash_attention="on" if kv != "f16" else "auto",
        use_mmap=mmap,
        repack_weights=repack,
        n_threads=threads,
        n_batch=min(N_BATCH, n_ctx),
        n_ubatch=min(N_BATCH, n_ctx),
        ram_bytes=e.ram,
        vram_bytes=e.vram,
        explanation=why,
        n_layer=fp.n_layer,
        threads_note=threads_note,
    )


def _refuse(
    s: _Setting, o: Overrides, tiers: list[list[Placement]], steps: list[int], kvs: list[str]
) -> PlanRefusal:
    """Say what would have been needed, at the smallest context and cache tried."""
    n_ctx, kv = steps[-1], kvs[-1]
    placements = [p for tier in tiers for p in tier]
    estimates = [s.estimate(p, n_ctx, kv) for p in placements]
    gpu_ok = [e for e in estimates if e.vram <= s.gpu_budget]
    if not gpu_ok and s.gpu is not None:  # overrides demand a GPU placement that is too big
        need = min(e.vram for e in estimates)
        asked = (
            text.layers_need(o.n_gpu_layers)
            if o.n_gpu_layers is not None
            else text.experts_in_ram_need()
        )
        return PlanRefusal(text.gpu_too_small(asked, need, s.gpu, s.gpu_budget))
    need_free = free_needed(min(e.ram for e in gpu_ok or estimates), RAM_HEADROOM)
    if o.n_ctx is not None:
        # Suggest the longest power-of-two context that would fit with the same overrides.
        top = min(o.n_ctx - 1, s.fp.n_ctx_train or o.n_ctx)
        tries = (1 << b for b in range(top.bit_length() - 1, 10, -1))
        plans = (_search(s, replace(o, n_ctx=c), tiers, [c], kvs) for c in tries)
        fits = next((p.n_ctx for p in plans if p), None)
        reason = text.context_too_big(o.n_ctx, need_free, s.machine.free_ram_bytes, fits)
        return PlanRefusal(reason, need_free)
    return PlanRefusal(text.not_enough_ram(s.fp, s.machine.free_ram_bytes, need_free), need_free)


describe_plan = text.describe_plan
