"""`lokal doctor`: what this computer offers the engine, for support and for curiosity."""

from __future__ import annotations

import argparse
import dataclasses
import json
import platform
import shutil
import sys
from pathlib import Path
from typing import Any

from app.core.engine.backend_report import backend_sentence
from app.core.engine.client import EngineClient, EngineFailure
from app.core.engine.cpu_features import cpu_features
from app.core.engine.hardware import memory_status, physical_cores
from app.core.engine.huge_pages import transparent_huge_pages_mode
from app.core.engine.load_plan import PlanRefusal, describe_plan
from app.core.engine.model_setup import plan_for_header
from app.core.engine.protocol import SystemReport
from app.core.engine.safe_mode import fallback_sentence, proven_configurations
from app.core.gguf import GGUFValidationError, read_gguf_header
from app.core.paths import models_dir
from app.core.synthetic import FULL, preset_header


def plan_facts(model: str | None, report: SystemReport) -> dict[str, Any]:
    """How the model would load here; gpt-oss-20b's real shapes when no file is named."""
    header = read_gguf_header(Path(model).expanduser()) if model else preset_header(FULL)
    plan = plan_for_header(header, report)
    label = Path(model).name if model else "gpt-oss-20b"
    facts: dict[str, Any] = {"model": label, "summary": describe_plan(plan)}
    if isinstance(plan, PlanRefusal):
        facts["refused"] = plan.reason
    else:
        facts.update(dataclasses.asdict(plan))
    return facts


def gather(model: str | None = None) -> dict[str, Any]:
    total, available = memory_status()
    cpu = cpu_features()
    folder = models_dir()
    existing = next((p for p in (folder, *folder.parents) if p.exists()), Path.home())
    disk = shutil.disk_usage(existing)
    with EngineClient() as client:
        report = client.probe()
    return {
        "backend_summary": backend_sentence(report),
        "plan": plan_facts(model, report),
        "system": {
            "os": platform.platform(),
            "python": platform.python_version(),
            "physical_cores": physical_cores(),
            "cpu": cpu.model,
            # The features that decide which llama.cpp kernels run (AVX2, AVX-512, VNNI, AMX).
            "cpu_features": list(cpu.notable),
            "ram_total_bytes": total,
            "ram_available_bytes": available,
            # "always" or "madvise": the engine's weights get huge pages (faster loading)
            "transparent_huge_pages": transparent_huge_pages_mode(),
        },
        "models_folder": {"path": str(folder), "free_bytes": disk.free},
        "llama_cpp": {
            "llama_cpp_python": report.llama_cpp_python_version,
            "commit": report.llama_cpp_commit,
            "ggml": report.ggml_version,
            "build": report.system_info.strip(),
            # "native build" (tuned to the computer that compiled it) or a portable build's
            # CPU variant, e.g. "haswell".
            "cpu_variant": report.cpu_variant,
            # "refused": the engine keeps llama.cpp's AMX kernels out (tile_guard.py).
            "amx_tiles": report.amx_tiles,
            "dynamic_backends_loaded": report.dynamic_backends_loaded,
            "backends": list(report.backends),
        },
        "devices": [dataclasses.asdict(d) for d in report.devices],
        # Models that crashed the engine here and now run in the safe configuration.
        "safe_configuration": [
            {"model": name, "crash": crash, "sentence": fallback_sentence(crash)}
            for name, crash in proven_configurations().safe_models()
        ],
    }


def gib(n: int) -> str:
    return f"{n / 2**30:.1f} GiB"


def print_report(facts: dict[str, Any]) -> None:
    system, llama = facts["system"], facts["llama_cpp"]
    print(f"System      {system['os']}, Python {system['python']}")
    features = ", ".join(system["cpu_features"]) or "none of AVX2, AVX-512, AMX"
    print(f"CPU         {system['cpu']}, {system['physical_cores']} physical cores; {features}")
    huge_pages = {
        "always": "; huge pages on",
        "madvise": "; huge pages for the engine's weights",
        "never": "; huge pages off in this system",
    }.get(system["transparent_huge_pages"] or "", "")
    print(
        f"Memory      {gib(system['ram_available_bytes'])} available "
        f"of {gib(system['ram_total_bytes'])}{huge_pages}"
    )
    print(
        f"Models      {facts['models_folder']['path']} "
        f"({gib(facts['models_folder']['free_bytes'])} free)"
    )
    commit = f" ({llama['commit']}, ggml {llama['ggml']})" if llama.get("commit") else ""
    print(f"llama.cpp   llama-cpp-python {llama['llama_cpp_python']}{commit}; {llama['build']}")
    print(f"CPU kernels {variant_sentence(llama['cpu_variant'], llama['amx_tiles'], system)}")
    loading = "loaded dynamically" if llama["dynamic_backends_loaded"] else "built in"
    print(f"Backends    {', '.join(llama['backends']) or 'none'} ({loading})")
    print(f"Backend     {facts['backend_summary']}")
    plan = facts["plan"]
    print(f"Plan        {plan['model']}: {plan['summary']}")
    for entry in facts["safe_configuration"]:
        print(f"Safe mode   {entry['model']}: {entry['sentence']}")
    for device in facts["devices"]:
        print(
            f"Device      {device['name']} ({device['kind']}, {device['backend']}): "
            f"{device['description']}, {gib(device['free_bytes'])} free "
            f"of {gib(device['total_bytes'])}"
        )


def variant_sentence(variant: str, amx_tiles: str, system: dict[str, Any]) -> str:
    """Which of llama.cpp's CPU kernels run, and what became of AMX."""
    if variant == "native build":
        kernels = "built for the computer that compiled llama-cpp-python (native build)"
    else:
        kernels = f"the portable build's {variant or 'default'} variant"
    amx = {
        "refused": "AMX kept out (its kernels crash gpt-oss)",
        "allowed": "AMX allowed by LOKAL_ALLOW_AMX",
        "failed": "AMX could not be kept out",
    }.get(amx_tiles)
    has_amx = "AMX" in system.get("cpu_features", ())
    return f"{kernels}; {amx}" if amx and (has_amx or amx_tiles != "refused") else kernels


def run_doctor(args: argparse.Namespace) -> int:
    try:
        facts = gather(args.model)
    except (EngineFailure, GGUFValidationError) as exc:
        print(f"lokal: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(facts, indent=2))
    else:
        print_report(facts)
    return 0
