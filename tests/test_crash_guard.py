"""A new (model, llama.cpp build, CPU) combination is proven by a warm-up decode; a crash
there falls back to the safe configuration once and is remembered (safe_mode.py). AMX
tiles are refused in the engine process (tile_guard.py)."""

from __future__ import annotations

import errno
import json
import logging
import os
import platform
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.engine.client import EngineClient, EngineCrashed
from app.core.engine.cpu_features import choose_cpu_variant, cpu_variant_name, parse_cpuinfo
from app.core.engine.protocol import (
    Done,
    GenerateRequest,
    LoadSettings,
    SamplingSettings,
    SystemReport,
)
from app.core.engine.safe_mode import (
    FAULT_VARIABLE,
    ProvenConfigurations,
    combination_key,
    crash_name,
    fallback_sentence,
    remembered_sentence,
    safe_settings,
)
from app.core.harmony import Message
from app.core.paths import data_dir

LINUX_X86 = sys.platform == "linux" and platform.machine() in ("x86_64", "AMD64")
CRASHES = ["SIGSEGV", "SIGILL", "SIGBUS", "SIGABRT"]


def settings(model: Path) -> LoadSettings:
    return LoadSettings(model_path=model, n_ctx=1024, n_threads=2)


def answer(client: EngineClient) -> Done:
    request = GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content="Hello"),),
        sampling=SamplingSettings(temperature=0.0),
        max_tokens=8,
        ignore_end=True,
    )
    events = list(client.generate(request))
    assert isinstance(events[-1], Done), events[-1]
    return events[-1]


def proven_file() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(
        (data_dir() / "engine-configurations.json").read_text()
    )
    return data


# --- the guard, with the real engine and an injected crash ------------------------------


@pytest.mark.parametrize("crash", CRASHES)
def test_a_crash_in_the_warm_up_falls_back_to_the_safe_configuration(
    tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, crash: str
) -> None:
    monkeypatch.setenv(FAULT_VARIABLE, f"warm-up:{crash}")
    caplog.set_level(logging.INFO, logger="lokal.engine")
    with EngineClient() as client:
        info = client.load(settings(tiny_gguf))
        assert info.n_ctx == 1024
        assert client.safety_note == fallback_sentence(crash)
        assert answer(client).completion_tokens == 8  # the safe engine answers
    assert [entry["configuration"] for entry in proven_file().values()] == ["safe"]
    crash_lines = [r.getMessage() for r in caplog.records if r.levelno == logging.ERROR]
    assert len(crash_lines) == 1
    assert f"crashed ({crash}) during the warm-up" in crash_lines[0]
    assert "llama-cpp-python" in crash_lines[0] and "CPU" in crash_lines[0]
    assert "Hello" not in caplog.text  # never a word of the conversation


def test_a_remembered_safe_combination_loads_safe_without_crashing_again(
    tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(FAULT_VARIABLE, "warm-up:SIGSEGV")
    with EngineClient() as client:
        client.load(settings(tiny_gguf))
    # A standard load now would crash at once; the remembered safe one never tries it.
    monkeypatch.setenv(FAULT_VARIABLE, "load:SIGSEGV")
    with EngineClient() as client:
        client.load(settings(tiny_gguf))
        assert client.safety_note == remembered_sentence()
        answer(client)


def test_a_proven_standard_combination_is_not_warmed_up_again(
    tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with EngineClient() as client:
        client.load(settings(tiny_gguf))
        assert client.safety_note is None
    assert [entry["configuration"] for entry in proven_file().values()] == ["standard"]
    monkeypatch.setenv(FAULT_VARIABLE, "warm-up:SIGSEGV")
    with EngineClient() as client:
        client.load(settings(tiny_gguf))  # a warm-up would crash and fall back
        assert client.safety_note is None


def test_a_changed_model_file_is_a_new_combination(
    tiny_gguf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = tmp_path / "model.gguf"
    model.write_bytes(tiny_gguf.read_bytes())
    with EngineClient() as client:
        client.load(settings(model))
    os.utime(model, ns=(1, 1))  # replaced by another file of the same name
    monkeypatch.setenv(FAULT_VARIABLE, "warm-up:SIGILL")
    with EngineClient() as client:
        client.load(settings(model))
        assert client.safety_note == fallback_sentence("SIGILL")


def test_a_crash_in_the_safe_configuration_too_is_a_failure_with_a_sentence(
    tiny_gguf: Path,
) -> None:
    from tests.crashing_engine import engine_main_whose_warm_up_crashes

    with (
        EngineClient(process_main=engine_main_whose_warm_up_crashes) as client,
        pytest.raises(EngineCrashed) as failure,
    ):
        client.load(settings(tiny_gguf))
    assert str(failure.value).startswith("The engine aborted (SIGABRT)")
    assert not (data_dir() / "engine-configurations.json").exists()


# --- AMX ------------------------------------------------------------------------------


@pytest.mark.skipif(not LINUX_X86, reason="the AMX permission exists on Linux x86-64 only")
def test_the_engine_process_refuses_amx_tiles() -> None:
    with EngineClient() as client:
        report = client.probe()
    assert report.amx_tiles == "refused"


@pytest.mark.skipif(not LINUX_X86, reason="the AMX permission exists on Linux x86-64 only")
def test_the_filter_answers_the_tile_request_with_eperm_and_nothing_else() -> None:
    script = (
        "import ctypes, threading\n"
        "from app.core.engine import tile_guard as g\n"
        "before = g.request_tiles()\n"
        "state = g.refuse_amx_tiles()\n"
        "after = []\n"
        "t = threading.Thread(target=lambda: after.append(g.request_tiles()))\n"
        "t.start(); t.join()\n"
        "libc = ctypes.CDLL('libc.so.6', use_errno=True)\n"
        "fs = ctypes.c_ulong()\n"
        "other = libc.syscall(158, 0x1003, ctypes.byref(fs))\n"  # ARCH_GET_FS still works
        "print(before, state, after[0], other)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    ).stdout.split()
    before, state, after, other = int(out[0]), out[1], int(out[2]), int(out[3])
    if not _filtered_already():
        assert before != errno.EPERM  # granted (0) on an AMX CPU, EOPNOTSUPP/EINVAL elsewhere
    assert (state, after, other) == ("refused", errno.EPERM, 0)


def _filtered_already() -> bool:
    """Whether this test process carries a seccomp filter (children inherit it): it does
    once a test has imported llama_runtime in-process."""
    status = Path("/proc/self/status").read_text()
    return any(
        line.split()[1:] == ["2"] for line in status.splitlines() if line.startswith("Seccomp:")
    )


def test_lokal_allow_amx_leaves_the_permission_alone() -> None:
    script = "from app.core.engine import tile_guard as g; print(g.refuse_amx_tiles())"
    env = {**os.environ, "LOKAL_ALLOW_AMX": "1"}
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60
    )
    assert out.stdout.strip() == "allowed"


# --- units ------------------------------------------------------------------------------


def test_crash_names() -> None:
    assert crash_name(-signal.SIGSEGV) == "SIGSEGV"
    assert crash_name(-signal.SIGILL) == "SIGILL"
    assert crash_name(-signal.SIGKILL) is None  # out of memory: a safer kernel will not help
    assert crash_name(-signal.SIGTERM) is None
    assert crash_name(0) is None and crash_name(1) is None and crash_name(None) is None


def test_the_safe_configuration() -> None:
    standard = LoadSettings(model_path=Path("m.gguf"), n_gpu_layers=99, experts_on_cpu=True)
    safe = safe_settings(standard)
    assert (safe.safe_mode, safe.n_gpu_layers, safe.repack_weights) == (True, 0, False)
    assert (safe.flash_attention, safe.experts_on_cpu) == ("off", False)
    assert (safe.n_ctx, safe.model_path) == (standard.n_ctx, standard.model_path)


def test_the_amx_variant_is_never_chosen_for_the_safe_configuration() -> None:
    scored = [("x64", 1), ("haswell", 7), ("icelake", 30), ("sapphirerapids", 50), ("zen4", 0)]
    assert choose_cpu_variant(scored) == "icelake"
    assert choose_cpu_variant([("sapphirerapids", 50), ("zen4", 0)]) is None
    assert cpu_variant_name("libggml-cpu-haswell.so") == "haswell"
    assert cpu_variant_name("ggml-cpu-sapphirerapids.dll") == "sapphirerapids"


def test_cpu_features_from_cpuinfo() -> None:
    text = (
        "processor\t: 0\nmodel name\t: Intel(R) Xeon(R) Platinum 8488C\n"
        "flags\t\t: fpu sse4_2 avx avx2 avx512f avx512_vnni amx_bf16 amx_tile amx_int8\n\n"
        "processor\t: 1\nmodel name\t: Intel(R) Xeon(R) Platinum 8488C\nflags\t\t: fpu\n"
    )
    cpu = parse_cpuinfo(text)
    assert cpu.model == "Intel(R) Xeon(R) Platinum 8488C"
    assert cpu.notable == ("AVX2", "AVX-512", "AVX-512 VNNI", "AMX", "AMX-INT8", "AMX-BF16")
    assert cpu.has_amx
    assert "AMX" in cpu.summary()
    assert not parse_cpuinfo("model name : Old\nflags : fpu sse2\n").has_amx


def test_the_combination_key_names_file_build_and_cpu(tmp_path: Path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"x")
    report = SystemReport((), (), False, "CPU : AVX2 = 1", "0.3.36", "native build", "refused")
    cpu = parse_cpuinfo("model name : A\nflags : avx2\n")
    key = combination_key(model, report, cpu)
    assert key == combination_key(model, report, cpu)
    other_build = SystemReport((), (), False, "CPU : AVX2 = 1", "0.3.37", "native build", "")
    assert combination_key(model, other_build, cpu) != key
    assert combination_key(model, report, parse_cpuinfo("model name : B\nflags : avx2")) != key
    model.write_bytes(b"xy")
    assert combination_key(model, report, cpu) != key


def test_records_of_files_that_are_gone_are_dropped(tmp_path: Path) -> None:
    proven = ProvenConfigurations(tmp_path / "engine-configurations.json")
    kept, gone = tmp_path / "kept.gguf", tmp_path / "gone.gguf"
    kept.write_bytes(b"x")
    gone.write_bytes(b"x")
    proven.remember("gone", "safe", gone, crash="SIGILL")
    gone.unlink()
    proven.remember("kept", "standard", kept)
    assert (proven.get("gone"), proven.get("kept")) == (None, "standard")


def test_an_unreadable_record_is_forgotten_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "engine-configurations.json"
    path.write_text("{not json")
    proven = ProvenConfigurations(path)
    assert proven.get("k") is None
    model = tmp_path / "m.gguf"
    model.write_bytes(b"x")
    proven.remember("k", "safe", model, crash="SIGSEGV")
    assert proven.get("k") == "safe"
    assert proven.safe_models() == [("m.gguf", "SIGSEGV")]
    path.write_text(json.dumps({"k": {"configuration": "turbo"}}))
    assert proven.get("k") is None
