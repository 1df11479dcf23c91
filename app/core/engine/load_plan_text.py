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
from app.core.quantity import Number, binary_gb, count
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

GIB = 1 << 30
#: Common memory sizes, for "use a computer with 16 GB or more".
RAM_SIZES_GB = (8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512)
OS_USE = 2 * GIB  # what the OS and a desktop session occupy on a freshly started computer


def gb(n: int) -> Number:
    return binary_gb(n)


def size_of(total: int) -> Number:
    """A device's size as it is sold: 8 GB, not 7.9 GB."""
    x = total / GIB
    return Number(round(x), 0, " GB") if abs(x - round(x)) < 0.15 else Number(x, 1, " GB")


def check_overrides(
    fp: ModelFootprint,
    n_ctx: int | None,
    n_gpu_layers: int | None,
    threads: int | None,
    kv: str | None,
) -> Sentence | None:
    if n_ctx is not None and n_ctx < 1:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core", "A context of %1 tokens is not possible; ask for at least 1."
            ),
            count(n_ctx),
        )
    if n_ctx is not None and fp.n_ctx_train and n_ctx > fp.n_ctx_train:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core", "%1 handles at most %2 tokens of context; %3 were asked for."
            ),
            fp.label,
            count(fp.n_ctx_train),
            count(n_ctx),
        )
    if n_gpu_layers is not None and n_gpu_layers < 0:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core", "The number of GPU layers cannot be negative (%1 was asked for)."
            ),
            str(n_gpu_layers),
        )
    if threads is not None and threads < 1:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "At least one thread is needed (%1 was asked for)."),
            str(threads),
        )
    if kv is not None and kv not in KV_CACHE_TYPES:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "The KV cache type must be one of %1, not %2."),
            ", ".join(KV_CACHE_TYPES),
            repr(kv),
        )
    return None


def no_gpu_for_layers(k: int) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core", "%1 GPU layers were asked for, but this computer has no GPU that Lokal can use."
        ),
        str(k),
    )


def layers_need(k: int) -> Sentence:
    return Sentence(QT_TRANSLATE_NOOP("core", "%1 GPU layers need"), str(k))


def experts_in_ram_need() -> Sentence:
    return Sentence(QT_TRANSLATE_NOOP("core", "Attention on the GPU with the experts in RAM needs"))


def gpu_too_small(asked: str, need: int, gpu: Device, budget: int) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "%1 %2 of GPU memory, but the %3 GPU can spare %4. "
            "Ask for fewer layers or let Lokal choose.",
        ),
        asked,
        gb(need),
        size_of(gpu.total_bytes),
        gb(budget),
    )


def context_too_big(n_ctx: int, need_free: int, free: int, fits: int | None) -> Sentence:
    if fits:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core",
                "A context of %1 tokens needs %2 of free memory; this computer has %3. "
                "%4 tokens would fit.",
            ),
            count(n_ctx),
            gb(need_free),
            gb(free),
            count(fits),
        )
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core", "A context of %1 tokens needs %2 of free memory; this computer has %3."
        ),
        count(n_ctx),
        gb(need_free),
        gb(free),
    )


def not_enough_ram(fp: ModelFootprint, free: int, need_free: int) -> Sentence:
    size = next((s for s in RAM_SIZES_GB if s * GIB >= need_free + OS_USE), None)
    if size is None:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core",
                "This computer has %1 of free memory; %2 needs at least %3. "
                "Close other programs or use a bigger computer.",
            ),
            gb(free),
            fp.label,
            gb(need_free),
        )
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "This computer has %1 of free memory; %2 needs at least %3. "
            "Close other programs or use a computer with %4 GB or more.",
        ),
        gb(free),
        fp.label,
        gb(need_free),
        str(size),
    )


def _gpu_cap_words(gpu: Device, machine: Machine, budget: int) -> Sentence:
    """Where a unified-memory GPU's limit comes from, e.g. "macOS lets the GPU use ..."."""
    who = "macOS" if gpu.backend == "Metal" else Sentence(QT_TRANSLATE_NOOP("core", "the system"))
    total = size_of(machine.total_ram_bytes)
    if budget == unified_cap(machine.total_ram_bytes):
        share = str(round(UNIFIED_GPU_SHARE * 100))
        return Sentence(
            QT_TRANSLATE_NOOP("core", "%1 lets the GPU use about %2 % of the %3 memory (%4)"),
            who,
            share,
            total,
            gb(budget),
        )
    return Sentence(
        QT_TRANSLATE_NOOP("core", "%1 lets the GPU use %2 of the %3 memory"), who, gb(budget), total
    )


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
) -> Sentence:
    """One or two sentences: the placement and its deciding numbers, then the context if it
    had to give way."""
    first = _placement(
        fp, p, e, whole_vram=whole_vram, gpu=gpu, gpu_budget=gpu_budget, machine=machine,
        threads=threads, asked=asked, any_gpu=any_gpu,
    )  # fmt: skip
    if not shortened and (kv == "f16" or kv_asked):
        return first
    if not shortened:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "%1 An 8-bit cache makes room for %2 tokens of context."),
            first,
            count(n_ctx),
        )
    if kv != "f16" and not kv_asked:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core", "%1 The context is cut to %2 tokens, with an 8-bit cache, to fit in memory."
            ),
            first,
            count(n_ctx),
        )
    return Sentence(
        QT_TRANSLATE_NOOP("core", "%1 The context is cut to %2 tokens to fit in memory."),
        first,
        count(n_ctx),
    )


def _placement(
    fp: ModelFootprint,
    p: Placement,
    e: Estimate,
    *,
    whole_vram: int,
    gpu: Device | None,
    gpu_budget: int,
    machine: Machine,
    threads: int,
    asked: bool,
    any_gpu: bool,
) -> Sentence:
    """The first sentence: where the model runs, and the numbers that decided it."""
    if gpu is None:
        if asked:
            lead = QT_TRANSLATE_NOOP(
                "core",
                "The CPU runs the model with %1 threads, as requested (%2 of %3 free memory).",
            )
        elif any_gpu:
            lead = QT_TRANSLATE_NOOP(
                "core",
                "The GPU is too small to help, so the CPU runs the model with %1 threads "
                "(%2 of %3 free memory).",
            )
        else:
            lead = QT_TRANSLATE_NOOP(
                "core",
                "No usable GPU was found, so the CPU runs the model with %1 threads "
                "(%2 of %3 free memory).",
            )
        return Sentence(lead, count(threads), gb(e.ram), gb(machine.free_ram_bytes))
    if p.kind == "gpu" and gpu.unified_memory:
        limit = _gpu_cap_words(gpu, machine, gpu_budget)
        if asked:
            return Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "The whole model runs on the GPU (%1), as requested: %2."
                ),
                gb(e.vram),
                limit,
            )
        return Sentence(
            QT_TRANSLATE_NOOP("core", "The whole model runs on the GPU (%1): %2."),
            gb(e.vram),
            limit,
        )
    if p.kind == "gpu":
        template = (
            QT_TRANSLATE_NOOP(
                "core",
                "The whole model runs on the %1 GPU, as requested: "
                "it needs %2 of the %3 it can spare.",
            )
            if asked
            else QT_TRANSLATE_NOOP(
                "core", "The whole model runs on the %1 GPU: it needs %2 of the %3 it can spare."
            )
        )
        return Sentence(template, size_of(gpu.total_bytes), gb(e.vram), gb(gpu_budget))
    if gpu.unified_memory:
        limit = _gpu_cap_words(gpu, machine, gpu_budget)
        template = (
            QT_TRANSLATE_NOOP("core", "%1, as requested: the whole model needs %2 and %3.")
            if asked
            else QT_TRANSLATE_NOOP("core", "%1: the whole model needs %2 and %3.")
        )
        return Sentence(template, _where(fp, p), gb(whole_vram), limit)
    if asked:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "%1, as requested (%2 of GPU memory)."),
            _where(fp, p),
            gb(e.vram),
        )
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core", "%1: the %2 GPU is too small for the whole model (%3 needed, %4 to spare)."
        ),
        _where(fp, p),
        size_of(gpu.total_bytes),
        gb(whole_vram),
        gb(gpu_budget),
    )


def _where(fp: ModelFootprint, p: Placement) -> Sentence:
    if p.kind == "experts_in_ram":
        return Sentence(QT_TRANSLATE_NOOP("core", "Experts in RAM, attention on the GPU"))
    # llama.cpp's count includes the output layer, which goes to the GPU first.
    layers = p.n_gpu_layers - 1
    where = (
        Sentence(QT_TRANSLATE_NOOP("core", "%1 of %2 layers"), str(layers), str(fp.n_layer))
        if layers
        else Sentence(QT_TRANSLATE_NOOP("core", "Only the output layer"))
    )
    if p.experts_on_cpu:
        return Sentence(QT_TRANSLATE_NOOP("core", "%1 on the GPU with the experts in RAM"), where)
    return Sentence(QT_TRANSLATE_NOOP("core", "%1 on the GPU, the rest on the CPU"), where)


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
