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

from app.core.engine.load_plan import LoadPlan, PlanRefusal
from app.core.engine.model_setup import plan_for_header
from app.core.engine.protocol import SystemReport
from app.core.gguf import GGUFHeader, read_gguf_header
from app.core.models.catalog import CatalogEntry
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence


@dataclass(frozen=True)
class FitVerdict:
    fits: bool | None  # None: cannot tell (an unknown shape, an unreadable file)
    short: str  # a few words for a list
    sentence: str  # the planner's explanation or refusal
    plan: LoadPlan | PlanRefusal | None = None


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


def verdict_for_header(header: GGUFHeader, report: SystemReport) -> FitVerdict:
    try:
        plan = plan_for_header(header, report)
    except ValueError as exc:
        return FitVerdict(None, _unknown(), str(exc))
    if isinstance(plan, PlanRefusal):
        too_big = Sentence(QT_TRANSLATE_NOOP("core", "Too big for this computer"))
        return FitVerdict(False, too_big, plan.reason, plan)
    if plan.placement == "gpu":
        short = Sentence(QT_TRANSLATE_NOOP("core", "Fits on %1"), plan.device)
    elif plan.placement == "cpu":
        short = Sentence(QT_TRANSLATE_NOOP("core", "Fits (processor only)"))
    else:
        short = Sentence(QT_TRANSLATE_NOOP("core", "Fits (%1 and RAM)"), plan.device)
    return FitVerdict(True, short, plan.explanation, plan)


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
