"""The load planner, on simulated computers, with the real gpt-oss-20b footprint.

The footprint comes from the exact tensor list of the synthetic generator's `full` preset
(the published model's shapes and types), so no 12 GB file is needed.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.engine import load_plan
from app.core.engine.load_plan import (
    CpuWeights,
    Device,
    LoadPlan,
    Machine,
    ModelFootprint,
    Overrides,
    PlanRefusal,
    compute_buffer_bytes,
    describe_plan,
    footprint_from_header,
    gpu_budget,
    kv_cache_bytes,
    plan_load,
)
from app.core.engine.load_plan_estimate import (
    RAM_HEADROOM,
    VRAM_HEADROOM,
    Placement,
    estimate,
    free_needed,
    usable,
)
from app.core.gguf import read_gguf_header
from app.core.synthetic import preset_header
from app.core.synthetic.presets import FULL
from app.core.synthetic.tensors import plan_tensors

GIB = 1 << 30
LAYER_WEIGHTS = 28_625_024  # attention, norms and router of one gpt-oss-20b layer
LAYER_EXPERTS = 424_120_320  # 32 experts × (gate, up, down) in MXFP4, with their biases
EMBEDDING = 615_329_280  # 201,088 × 2880 in Q8_0


FP = footprint_from_header(preset_header(FULL))


# --- simulated computers ------------------------------------------------------

CPU = Device("CPU", "AMD Ryzen 7 5800X", "cpu", "CPU", 0, 0)


def pc(gpu_gb: int, free_ram_gb: float = 24.0, cores: int = 8) -> Machine:
    """A 32 GB desktop with one CUDA GPU; the desktop occupies 0.4 GB of the GPU."""
    gpu = Device(
        "CUDA0",
        f"NVIDIA GeForce ({gpu_gb} GB)",
        "gpu",
        "CUDA",
        int((gpu_gb - 0.4) * GIB),
        gpu_gb * GIB,
    )
    return Machine((CPU, gpu), int(free_ram_gb * GIB), 32 * GIB, cores)


def mac(ram_gb: int, free_gb: float) -> Machine:
    """Apple Silicon: Metal reports recommendedMaxWorkingSetSize (about 2/3 of RAM) as its
    total and free memory."""
    limit = ram_gb * GIB * 2 // 3
    metal = Device("Metal", "Apple M2", "gpu", "Metal", limit, limit, unified_memory=True)
    return Machine((CPU, metal), int(free_gb * GIB), ram_gb * GIB, 8)


def laptop(ram_gb: int, free_gb: float, cores: int = 4) -> Machine:
    return Machine((CPU,), int(free_gb * GIB), ram_gb * GIB, cores)


def planned(fp: ModelFootprint, m: Machine, o: Overrides = load_plan.NO_OVERRIDES) -> LoadPlan:
    plan = plan_load(fp, m, o)
    assert isinstance(plan, LoadPlan), plan
    assert_within_limits(plan, m)
    assert_plain(plan.explanation)
    return plan


def assert_within_limits(plan: LoadPlan, m: Machine) -> None:
    assert plan.ram_bytes <= usable(m.free_ram_bytes, RAM_HEADROOM)
    assert plan.ram_bytes <= 0.9 * m.free_ram_bytes
    if plan.placement == "cpu":
        assert plan.vram_bytes == 0
        return
    device = next(d for d in m.devices if d.name == plan.device)
    assert plan.vram_bytes <= gpu_budget(device, m)
    if device.unified_memory:
        assert plan.vram_bytes <= 0.70 * m.total_ram_bytes
    else:
        assert plan.vram_bytes <= device.free_bytes - VRAM_HEADROOM
        assert plan.vram_bytes <= 0.9 * device.free_bytes


def assert_plain(sentence: str) -> None:
    """One or two short sentences, with numbers and without llama.cpp's vocabulary."""
    assert len(sentence) <= 240, sentence
    assert 1 <= len(re.findall(r"[.!?](?:\s|$)", sentence)) <= 2, sentence
    assert re.search(r"\d", sentence), sentence
    for jargon in ("n_gpu_layers", "ubatch", "mmap", "kv_cache", "ggml", "q8_0", "None"):
        assert jargon not in sentence, sentence


# --- the footprint ------------------------------------------------------------


def test_footprint_of_gpt_oss_20b() -> None:
    assert FP.label == "gpt-oss-20b"
    assert FP.total_bytes == sum(t.nbytes for t in plan_tensors(FULL, FULL.n_vocab))
    # 12,101,927,392 bytes is the file: these tensors plus a ~5.4 MB header (the vocabulary).
    assert FP.total_bytes == 12_096_558_336
    assert FP.layer_bytes == (LAYER_WEIGHTS,) * 24
    assert FP.layer_expert_bytes == (LAYER_EXPERTS,) * 24
    assert FP.expert_bytes == 24 * LAYER_EXPERTS  # 9.5 GiB: 84 % of the model
    assert FP.input_bytes == EMBEDDING
    assert FP.output_bytes == EMBEDDING + 2880 * 4  # projection + norm
    assert FP.other_bytes == 0
    assert FP.largest_layer_tensor_bytes == 2880 * 2880 * 32 // 32 * 17
    assert (FP.n_layer, FP.n_embd, FP.n_head, FP.n_head_kv) == (24, 2880, 64, 8)
    assert (FP.key_length, FP.value_length, FP.sliding_window) == (64, 64, 128)
    assert (FP.n_ctx_train, FP.n_vocab, FP.n_expert, FP.n_expert_used) == (131072, 201088, 32, 4)


def test_kv_cache_is_full_size_in_every_layer() -> None:
    # 24 layers × 8192 cells × 8 kv heads × (64 + 64) × 2 bytes: 384 MiB
    assert kv_cache_bytes(FP, 8192) == 24 * 8192 * 8 * 128 * 2 == 384 << 20
    assert kv_cache_bytes(FP, 8192, "q8_0") == 24 * 8192 * 8 * 128 * 34 // 32
    assert kv_cache_bytes(FP, 131072) == 6 * GIB
    assert kv_cache_bytes(FP, 1000) == kv_cache_bytes(FP, 1024)  # padded to 256 cells
    with pytest.raises(ValueError, match="q4_0"):
        kv_cache_bytes(FP, 8192, "q4_0")


def test_compute_buffer_is_dominated_by_logits() -> None:
    logits = 512 * 201088 * 4  # 393 MiB, as llama.cpp reports for gpt-oss-20b
    assert logits < compute_buffer_bytes(FP, 512) < logits + 256 * (1 << 20)
    assert compute_buffer_bytes(FP, 512, n_outputs=1) < 256 * (1 << 20)


def test_footprint_of_a_real_file(tiny_gguf: Path) -> None:
    header = read_gguf_header(tiny_gguf)
    fp = footprint_from_header(header)
    assert fp.n_layer == 2 and fp.n_expert == 4 and fp.n_ctx_train == 8192
    parts = fp.input_bytes + fp.output_bytes + fp.other_bytes
    assert parts + sum(fp.layer_bytes) + fp.expert_bytes == fp.total_bytes
    assert fp.expert_bytes > 0
    plan = planned(fp, laptop(8, 4))
    assert plan.n_ctx == 8192 and plan.placement == "cpu"


# --- one plan per simulated computer -------------------------------------------


def test_24_and_16_gb_gpus_hold_the_whole_model() -> None:
    for gb in (24, 16):
        plan = planned(FP, pc(gb))
        assert (plan.backend, plan.device, plan.placement) == ("CUDA", "CUDA0", "gpu")
        assert plan.n_gpu_layers == 25 and not plan.experts_on_cpu
        assert (plan.n_ctx, plan.kv_cache_type, plan.flash_attention) == (8192, "f16", "auto")
        assert plan.use_mmap and plan.n_threads == 8 and plan.n_batch >= 512
        assert plan.ram_bytes < 1 * GIB  # only the token embeddings stay in RAM
        assert f"{gb} GB GPU" in plan.explanation and "11.7 GB" in plan.explanation


def test_12_gb_gpu_takes_20_of_24_layers() -> None:
    # The whole model (11.7 GB) is over the 10.3 GB usable; experts-in-RAM would read
    # 1.27 GB per token from RAM, 20 layers on the GPU only 0.49 GB: the split wins.
    plan = planned(FP, pc(12))
    assert plan.placement == "split" and plan.n_gpu_layers == 21 and not plan.experts_on_cpu
    assert (plan.n_ctx, plan.kv_cache_type) == (8192, "f16")
    assert plan.explanation.startswith("20 of 24 layers on the GPU")
    assert "12 GB GPU is too small" in plan.explanation and "11.7 GB needed" in plan.explanation


def test_8_gb_gpu_keeps_the_experts_in_ram() -> None:
    plan = planned(FP, pc(8))
    assert plan.placement == "experts_in_ram" and plan.experts_on_cpu
    assert plan.n_gpu_layers == 25 and (plan.n_ctx, plan.kv_cache_type) == (8192, "f16")
    assert plan.vram_bytes < 3 * GIB and plan.ram_bytes > FP.expert_bytes
    assert plan.explanation.startswith("Experts in RAM, attention on the GPU: the 8 GB GPU")
    assert "11.7 GB needed" in plan.explanation


def test_2_gb_gpu_is_too_small_to_help() -> None:
    plan = planned(FP, pc(2))
    assert plan.placement == "cpu" and plan.backend == "CPU" and not plan.use_mmap
    assert plan.explanation.startswith("The GPU is too small to help, so the CPU runs the model")


def test_16_gb_mac_splits_under_the_macos_gpu_limit() -> None:
    m = mac(16, free_gb=14)
    plan = planned(FP, m)
    assert (plan.backend, plan.placement, plan.n_gpu_layers) == ("Metal", "split", 22)
    # One pool: the 8-bit cache is what lets 8192 tokens fit beside the whole model.
    assert (plan.n_ctx, plan.kv_cache_type, plan.flash_attention) == (8192, "q8_0", "on")
    assert plan.use_mmap and not plan.repack_weights
    assert plan.ram_bytes > FP.total_bytes  # everything is in RAM on unified memory
    assert "macOS lets the GPU use 10.7 GB of the 16 GB memory" in plan.explanation


def test_mac_without_a_reported_limit_uses_70_percent() -> None:
    metal = Device("Metal", "Apple M2", "gpu", "Metal", 0, 0, unified_memory=True)
    m = Machine((CPU, metal), 26 * GIB, 32 * GIB, 8)
    plan = planned(FP, m)
    assert plan.placement == "gpu"
    assert "about 70 % of the 32 GB memory (22.4 GB)" in plan.explanation


def test_32_gb_mac_runs_everything_on_the_gpu() -> None:
    plan = planned(FP, mac(32, free_gb=26))
    assert (plan.backend, plan.placement, plan.n_gpu_layers) == ("Metal", "gpu", 25)
    assert (plan.n_ctx, plan.kv_cache_type) == (8192, "f16")
    assert plan.use_mmap and not plan.repack_weights and not plan.experts_on_cpu
    assert plan.explanation.startswith("The whole model runs on the GPU (11.7 GB)")


def test_cpu_laptops() -> None:
    for ram, free in ((16, 14.0), (32, 26.0)):
        plan = planned(FP, laptop(ram, free))
        assert (plan.backend, plan.placement, plan.n_gpu_layers) == ("CPU", "cpu", 0)
        assert (plan.n_ctx, plan.kv_cache_type, plan.flash_attention) == (8192, "f16", "auto")
        assert not plan.use_mmap and plan.repack_weights and not plan.experts_on_cpu
        assert plan.n_threads == 4
        assert plan.ram_bytes == FP.total_bytes + kv_cache_bytes(FP, 8192) + compute_buffer_bytes(
            FP, 512
        )
        assert "No usable GPU" in plan.explanation and "12.2 GB" in plan.explanation


def test_tight_laptop_gets_an_8_bit_cache_then_a_shorter_context() -> None:
    plan = planned(FP, laptop(16, 13.6))
    assert (plan.n_ctx, plan.kv_cache_type, plan.flash_attention) == (8192, "q8_0", "on")
    assert plan.explanation.endswith("An 8-bit cache makes room for 8,192 tokens of context.")

    cpu = Placement("cpu", 0, False)
    need = estimate(
        FP,
        cpu,
        4096,
        "f16",
        unified=False,
        cpu_weights=load_plan.CPU_WEIGHTS_POLICY,
        n_ubatch=512,
    ).ram
    plan = planned(FP, laptop(16, free_needed(need, RAM_HEADROOM) / GIB))
    assert (plan.n_ctx, plan.kv_cache_type) == (4096, "f16")
    assert plan.explanation.endswith("The context is cut to 4,096 tokens to fit in memory.")


def test_8_gb_laptop_is_refused_with_the_numbers() -> None:
    refusal = plan_load(FP, laptop(8, 5.5))
    assert isinstance(refusal, PlanRefusal)
    assert refusal.reason == (
        "This computer has 5.5 GB of free memory; gpt-oss-20b needs at least 13.4 GB. "
        "Close other programs or use a computer with 16 GB or more."
    )
    assert refusal.min_free_ram_bytes is not None
    assert isinstance(plan_load(FP, laptop(16, refusal.min_free_ram_bytes / GIB)), LoadPlan)
    assert describe_plan(refusal).startswith("refused: This computer has 5.5 GB")


def test_8_bit_cache_when_it_lets_the_whole_model_on_the_gpu() -> None:
    whole = Placement("gpu", 25, False)
    need = {
        kv: estimate(
            FP, whole, 8192, kv, unified=False, cpu_weights=CpuWeights(False, True), n_ubatch=512
        ).vram
        for kv in ("f16", "q8_0")
    }
    free = free_needed(need["q8_0"], VRAM_HEADROOM)
    assert usable(free, VRAM_HEADROOM) < need["f16"]
    gpu = Device("CUDA0", "NVIDIA", "gpu", "CUDA", free, 12 * GIB)
    plan = planned(FP, Machine((CPU, gpu), 24 * GIB, 32 * GIB, 8))
    assert (plan.placement, plan.kv_cache_type, plan.flash_attention) == ("gpu", "q8_0", "on")
    assert plan.n_ctx == 8192


# --- overrides ------------------------------------------------------------------


def test_context_override_that_does_not_fit_is_refused_by_number() -> None:
    refusal = plan_load(FP, laptop(16, 14), Overrides(n_ctx=131072))
    assert isinstance(refusal, PlanRefusal)
    assert "131,072 tokens" in refusal.reason and "14.0 GB" in refusal.reason
    assert "16,384 tokens would fit" in refusal.reason  # with an 8-bit cache

    refusal = plan_load(FP, pc(24), Overrides(n_ctx=200_000))
    assert isinstance(refusal, PlanRefusal)
    assert "131,072" in refusal.reason and "200,000" in refusal.reason


def test_context_override_that_fits_wins() -> None:
    plan = planned(FP, pc(24), Overrides(n_ctx=131072))
    assert (plan.placement, plan.n_ctx, plan.kv_cache_type) == ("gpu", 131072, "f16")
    assert plan.vram_bytes > kv_cache_bytes(FP, 131072)
    plan = planned(FP, laptop(32, 26), Overrides(n_ctx=1024))
    assert (plan.n_ctx, plan.n_batch, plan.n_ubatch) == (1024, 512, 512)


def test_force_cpu_on_a_big_gpu() -> None:
    plan = planned(FP, pc(24), Overrides(force_cpu=True, threads=6))
    assert (plan.backend, plan.device, plan.placement, plan.n_gpu_layers) == (
        "CPU",
        "CPU",
        "cpu",
        0,
    )
    assert plan.n_threads == 6 and not plan.experts_on_cpu
    assert "as requested" in plan.explanation


def test_gpu_layer_overrides() -> None:
    plan = planned(FP, pc(24), Overrides(n_gpu_layers=10))
    assert (plan.placement, plan.n_gpu_layers, plan.experts_on_cpu) == ("split", 10, False)
    assert plan.explanation.startswith("9 of 24 layers on the GPU")
    assert planned(FP, pc(24), Overrides(n_gpu_layers=0)).placement == "cpu"
    assert planned(FP, pc(24), Overrides(n_gpu_layers=99)).n_gpu_layers == 25

    refusal = plan_load(FP, pc(8), Overrides(n_gpu_layers=25))
    assert isinstance(refusal, PlanRefusal)
    assert refusal.reason.startswith("25 GPU layers need") and "8 GB GPU" in refusal.reason

    refusal = plan_load(FP, laptop(32, 26), Overrides(n_gpu_layers=5))
    assert isinstance(refusal, PlanRefusal) and "no GPU" in refusal.reason


def test_expert_overrides() -> None:
    plan = planned(FP, pc(24), Overrides(experts_on_cpu=True))
    assert (plan.placement, plan.experts_on_cpu) == ("experts_in_ram", True)
    assert "as requested" in plan.explanation
    plan = planned(FP, pc(8), Overrides(experts_on_cpu=False))
    assert plan.placement == "split" and not plan.experts_on_cpu
    # On the CPU alone the flag would stop the experts from being repacked: never set.
    assert not planned(FP, laptop(32, 26), Overrides(experts_on_cpu=True)).experts_on_cpu


def test_kv_cache_override() -> None:
    plan = planned(FP, pc(24), Overrides(kv_cache_type="q8_0"))
    assert (plan.kv_cache_type, plan.flash_attention) == ("q8_0", "on")
    refusal = plan_load(FP, pc(24), Overrides(kv_cache_type="q4_0"))
    assert isinstance(refusal, PlanRefusal) and "'q4_0'" in refusal.reason


def test_cpu_weights_policy_is_a_switch() -> None:
    both = CpuWeights(use_mmap=True, repack_weights=True)
    plan = plan_load(FP, laptop(32, 26), cpu_weights=both)
    assert isinstance(plan, LoadPlan) and plan.use_mmap and plan.repack_weights
    assert plan.ram_bytes > 2 * FP.total_bytes  # the mapped file and the repacked copy
    assert isinstance(plan_load(FP, laptop(16, 14), cpu_weights=both), PlanRefusal)


def test_cpu_weights_policy_module_constant(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load_plan, "CPU_WEIGHTS_POLICY", CpuWeights(True, False))
    plan = planned(FP, laptop(32, 26))
    assert plan.use_mmap and not plan.repack_weights


def test_describe_plan_is_one_line() -> None:
    line = describe_plan(planned(FP, pc(8)))
    assert "\n" not in line
    assert line.startswith("CUDA0 (CUDA) 25/25 layers, experts in RAM; context 8192 f16")
    assert describe_plan(planned(FP, laptop(16, 14))).startswith("CPU, 4 threads; context 8192")


# --- properties -------------------------------------------------------------------

_extra = st.floats(min_value=0.0, max_value=64.0)  # GB added to RAM or to each GPU


@st.composite
def machines(draw: st.DrawFn) -> Machine:
    total = draw(st.floats(min_value=4.0, max_value=256.0))
    free = total * draw(st.floats(min_value=0.05, max_value=1.0))
    cores = draw(st.integers(min_value=1, max_value=64))
    devices = [CPU]
    if draw(st.booleans()):  # a Mac: one Metal device with a working-set limit
        if draw(st.booleans()):
            limit = int(total * GIB * draw(st.floats(min_value=0.5, max_value=0.8)))
        else:
            limit = 0
        devices.append(Device("Metal", "Apple", "gpu", "Metal", limit, limit, True))
    else:  # a PC: up to two discrete GPUs and perhaps an integrated one
        for i in range(draw(st.integers(min_value=0, max_value=2))):
            size = draw(st.floats(min_value=1.0, max_value=96.0))
            used = draw(st.floats(min_value=0.0, max_value=1.0))
            devices.append(
                Device(f"CUDA{i}", "NVIDIA", "gpu", "CUDA", int(size * used * GIB), int(size * GIB))
            )
        if draw(st.booleans()):
            heap = int(total * GIB / 2)
            devices.append(Device("Vulkan9", "Intel", "igpu", "Vulkan", heap, heap, True))
    return Machine(tuple(devices), int(free * GIB), int(total * GIB), cores)


def _more(m: Machine, extra_ram: float, extra_gpu: float) -> Machine:
    def grow(d: Device) -> Device:
        if d.kind == "cpu" or d.total_bytes == 0:
            return d
        add = int(extra_gpu * GIB)
        return replace(d, free_bytes=d.free_bytes + add, total_bytes=d.total_bytes + add)

    add = int(extra_ram * GIB)
    return Machine(
        tuple(grow(d) for d in m.devices),
        m.free_ram_bytes + add,
        m.total_ram_bytes + add,
        m.physical_cores,
    )


@settings(max_examples=100, deadline=None)
@given(
    machines(), st.floats(min_value=0.0, max_value=64.0), st.floats(min_value=0.0, max_value=64.0)
)
def test_plans_respect_limits_and_more_memory_never_shortens_context(
    m: Machine, extra_ram: float, extra_gpu: float
) -> None:
    plan = plan_load(FP, m)
    if isinstance(plan, LoadPlan):
        assert_within_limits(plan, m)
        assert_plain(plan.explanation)
        assert plan.n_ctx in (8192, 4096, 2048)
        assert plan.flash_attention == ("on" if plan.kv_cache_type == "q8_0" else "auto")
        assert 1 <= plan.n_threads == m.physical_cores
    else:
        assert plan.min_free_ram_bytes is None or plan.min_free_ram_bytes > m.free_ram_bytes
    bigger = plan_load(FP, _more(m, extra_ram, extra_gpu))
    ctx = plan.n_ctx if isinstance(plan, LoadPlan) else 0
    assert (bigger.n_ctx if isinstance(bigger, LoadPlan) else 0) >= ctx
