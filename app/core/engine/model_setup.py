"""From a model file and what llama.cpp sees of this computer to the settings to load it with.

The planner (load_plan.py) is pure; this is where its inputs are gathered:
the GGUF header, the engine's device probe and the free memory right now.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Literal

from app.core.engine.hardware import logical_cpus, memory_status, physical_cores
from app.core.engine.load_plan import (
    NO_OVERRIDES,
    Device,
    LoadPlan,
    Machine,
    Overrides,
    PlanRefusal,
    footprint_from_header,
    plan_load,
    unified_memory,
)
from app.core.engine.protocol import LoadSettings, SystemReport
from app.core.gguf import GGUFHeader, GGUFValidationError, read_gguf_header
from app.core.gguf.validate import FULL_ARRAYS, check_architecture, validate_header
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence, message_of

log = logging.getLogger("lokal.engine")


def machine_from_report(report: SystemReport) -> Machine:
    total, available = memory_status()
    devices = tuple(
        Device(
            name=d.name,
            description=d.description,
            kind=d.kind,
            backend=d.backend,
            free_bytes=d.free_bytes,
            total_bytes=d.total_bytes,
            unified_memory=unified_memory(d.kind, d.backend),
        )
        for d in report.devices
    )
    return Machine(devices, available, total, physical_cores(), logical_cpus())


def plan_for_header(
    header: GGUFHeader, report: SystemReport, overrides: Overrides = NO_OVERRIDES
) -> LoadPlan | PlanRefusal:
    """The plan for a header already read; GGUFValidationError (a sentence) for a model of
    another architecture or a header that does not say how big the model is."""
    check_architecture(header)
    return plan_load(footprint_from_header(header), machine_from_report(report), overrides)


def plan_for_file(
    path: Path, report: SystemReport, overrides: Overrides = NO_OVERRIDES
) -> LoadPlan | PlanRefusal:
    """The plan for a model file, or a refusal saying why not; it never raises, so that
    neither the terminal nor the window sees anything but one sentence."""
    try:
        header = read_gguf_header(path, full_arrays=FULL_ARRAYS)
        validate_header(header)  # a model Lokal cannot run is refused before any planning
        return plan_for_header(header, report, overrides)
    except GGUFValidationError as exc:
        return PlanRefusal(message_of(exc))
    except Exception as exc:  # the default error path: a sentence, never a traceback
        log.exception("planning the load of %s failed", path.name)
        reason = getattr(exc, "strerror", None) or str(exc)
        if not reason:
            return PlanRefusal(
                Sentence(
                    QT_TRANSLATE_NOOP("core", "Lokal could not plan how to load %1."), path.name
                )
            )
        return PlanRefusal(
            Sentence(
                QT_TRANSLATE_NOOP("core", "Lokal could not plan how to load %1: %2"),
                path.name,
                reason,
            )
        )


def settings_from_plan(path: Path, plan: LoadPlan) -> LoadSettings:
    kv: Literal["f16", "q8_0"] = "q8_0" if plan.kv_cache_type == "q8_0" else "f16"
    return LoadSettings(
        model_path=path,
        n_ctx=plan.n_ctx,
        n_batch=plan.n_batch,
        n_ubatch=plan.n_ubatch,
        n_threads=plan.n_threads,
        n_gpu_layers=plan.n_gpu_layers,
        flash_attention=plan.flash_attention,
        use_mmap=plan.use_mmap,
        repack_weights=plan.repack_weights,
        experts_on_cpu=plan.experts_on_cpu,
        kv_cache_type=kv,
    )
