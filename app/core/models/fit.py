"""Whether a model fits this computer, in a sentence, before anything is downloaded.

The load planner works from a GGUF header. For a catalog model that is not on
disk yet, the header is the one its known shape would have (gpt-oss-20b's or
gpt-oss-120b's real tensor list, built by app.core.synthetic without writing
anything); for a file on disk it is the file's own header, all shards together.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from app.core.engine.load_plan import (
    LoadPlan,
    Machine,
    ModelFootprint,
    PlanRefusal,
    footprint_from_header,
    plan_load,
)
from app.core.engine.load_plan_text import OS_USE, gb
from app.core.engine.model_setup import machine_from_report
from app.core.engine.protocol import SystemReport
from app.core.gguf import GGUFHeader, read_gguf_header
from app.core.gguf.validate import check_architecture
from app.core.models.catalog import CatalogEntry
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence


@dataclass(frozen=True)
class FitVerdict:
    fits: bool | None  # None: cannot tell (an unknown shape, an unreadable file)
    short: str  # a few words for a list
    sentence: str  # the planner's explanation or refusal
    plan: LoadPlan | PlanRefusal | None = None
    #: The memory this computer must have for the model (its own GPU counted): the one
    #: figure the description and the verdict both name. None when it cannot be told.
    need_bytes: int | None = None
    total_bytes: int = 0  # this computer's memory
    free_bytes: int = 0  # free at the moment of the verdict
    #: It fits this computer, but not in what other programs leave free right now.
    close_others: bool = False


def shape_header(shape: str) -> GGUFHeader:
    """The header a known shape's GGUF has (gpt-oss-120b: 36 layers of 128 experts,
    otherwise gpt-oss-20b's dimensions)."""
    # Imported here: the synthetic-model package pulls in numpy and gguf.
    from app.core.synthetic import FULL, preset_header

    presets = {
        "gpt-oss-20b": FULL,
        "gpt-oss-120b": dataclasses.replace(
            FULL, name="gpt-oss-120b", size_label="120B", n_layer=36, n_expert=128
        ),
    }
    preset = presets[shape]
    return preset_header(preset, name=f"{shape}.gguf")


def merged_header(paths: Sequence[Path]) -> GGUFHeader:
    """One header for a split model: the first shard's metadata, every shard's tensors."""
    headers = [read_gguf_header(p) for p in paths]
    first = headers[0]
    if len(headers) == 1:
        return first
    tensors = tuple(t for h in headers for t in h.tensors)
    return dataclasses.replace(first, tensors=tensors, file_size=sum(h.file_size for h in headers))


def roomy_machine(machine: Machine) -> Machine:
    """This computer as it is with no other program running: the verdict's basis, so it does
    not change while another program takes memory. The system and a desktop keep OS_USE."""
    devices = tuple(
        d
        if d.unified_memory or d.total_bytes <= 0
        else dataclasses.replace(d, free_bytes=d.total_bytes)
        for d in machine.devices
    )
    free = max(0, machine.total_ram_bytes - OS_USE)
    return dataclasses.replace(machine, devices=devices, free_ram_bytes=free)


def _with_memory(machine: Machine, total: int) -> Machine:
    return roomy_machine(dataclasses.replace(machine, total_ram_bytes=total))


def memory_need(footprint: ModelFootprint, machine: Machine) -> int:
    """The least memory a computer with this one's GPUs needs for the model: exactly where
    the verdict on ``roomy_machine`` turns from "too big" to "fits"."""
    refusal = plan_load(footprint, _with_memory(machine, 0))
    if isinstance(refusal, LoadPlan):
        return 0
    guess = (refusal.min_free_ram_bytes or 0) + OS_USE
    if not any(d.unified_memory for d in machine.devices):
        return guess  # RAM is not the GPU's: the refusal's figure is exact
    # On unified memory the GPU's share grows with the RAM: search for the turning point.
    low, high = 0, max(guess, 1 << 30)
    while isinstance(plan_load(footprint, _with_memory(machine, high)), PlanRefusal):
        low, high = high, high * 2
        if high > 1 << 45:
            return guess
    while high - low > 1 << 24:
        middle = (low + high) // 2
        if isinstance(plan_load(footprint, _with_memory(machine, middle)), LoadPlan):
            high = middle
        else:
            low = middle
    return high


def verdict_for_header(header: GGUFHeader, report: SystemReport) -> FitVerdict:
    """Whether the model fits this computer, from its total memory and the plan; what is free
    at the moment only adds that other programs must be closed first."""
    try:
        check_architecture(header)
        footprint = footprint_from_header(header)
    except ValueError as exc:
        return FitVerdict(None, _unknown(), str(exc))
    now = machine_from_report(report)
    total, free = now.total_ram_bytes, now.free_ram_bytes
    need = memory_need(footprint, now)
    plan = plan_load(footprint, roomy_machine(now))
    if isinstance(plan, PlanRefusal):
        too_big = Sentence(QT_TRANSLATE_NOOP("core", "Too big for this computer"))
        reason = Sentence(
            QT_TRANSLATE_NOOP(
                "core", "It needs about %1 of memory on this computer, which has %2."
            ),
            gb(need),
            gb(total),
        )
        return FitVerdict(False, too_big, reason, plan, need, total, free)
    if plan.placement == "gpu":
        short = Sentence(QT_TRANSLATE_NOOP("core", "Fits on %1"), plan.device)
    elif plan.placement == "cpu":
        short = Sentence(QT_TRANSLATE_NOOP("core", "Fits (processor only)"))
    else:
        short = Sentence(QT_TRANSLATE_NOOP("core", "Fits (%1 and RAM)"), plan.device)
    current = plan_load(footprint, now)
    if isinstance(current, LoadPlan):
        return FitVerdict(True, short, current.explanation, current, need, total, free)
    crowded = Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "It fits this computer's %1 of memory, but only %2 is free right now: "
            "close other programs first.",
        ),
        gb(total),
        gb(free),
    )
    return FitVerdict(True, short, crowded, plan, need, total, free, close_others=True)


def verdict_for_entry(entry: CatalogEntry, report: SystemReport) -> FitVerdict:
    if entry.shape is None:
        later = QT_TRANSLATE_NOOP(
            "core", "Lokal can say whether it fits once the file is on this computer."
        )
        return FitVerdict(None, _unknown(), Sentence(later))
    return verdict_for_header(shape_header(entry.shape), report)


def verdict_for_files(paths: Sequence[Path], report: SystemReport) -> FitVerdict:
    try:
        header = merged_header(paths)
    except Exception as exc:
        unreadable = QT_TRANSLATE_NOOP("core", "The model file could not be read (%1).")
        return FitVerdict(None, _unknown(), Sentence(unreadable, str(exc)))
    return verdict_for_header(header, report)


def _unknown() -> Sentence:
    return Sentence(QT_TRANSLATE_NOOP("core", "Unknown"))


def processor_only_report() -> SystemReport:
    """This computer as the planner sees it with no GPU: when the engine cannot be asked."""
    return SystemReport(
        backends=("CPU",),
        devices=(),
        dynamic_backends_loaded=False,
        system_info="",
        llama_cpp_python_version="",
    )


def probe_report() -> SystemReport:
    """Devices and backends as llama.cpp sees them (starts the engine process briefly)."""
    from app.core.engine.client import EngineClient

    try:
        with EngineClient() as client:
            return client.probe()
    except Exception:  # no engine (or it cannot start here): plan as if there were no GPU
        return processor_only_report()
