"""The `lokal` command as a person or a script uses it: real subprocesses."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def lokal(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_ask_json_prints_one_object_per_event(tiny_gguf: Path) -> None:
    result = lokal("ask", "--model", str(tiny_gguf), "--json", "--max-tokens", "30", "hi")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records, "no events"
    assert records[-1]["event"] == "done"
    assert records[-1]["completion_tokens"] <= 30
    assert all("request_id" in r for r in records)


def test_ask_streams_text_and_reports_statistics(tiny_gguf: Path) -> None:
    result = lokal("ask", "--model", str(tiny_gguf), "--show-reasoning", "--max-tokens", "20", "hi")
    assert result.returncode == 0, result.stderr
    assert "tokens" in result.stderr  # the closing statistics line


def test_ask_with_a_broken_model_says_why_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"not a model at all" * 10)
    result = lokal("ask", "--model", str(broken), "hi")
    assert result.returncode == 1
    assert result.stderr.startswith("lokal: ")
    assert "Traceback" not in result.stderr


def test_ask_with_a_missing_file_says_so(tmp_path: Path) -> None:
    result = lokal("ask", "--model", str(tmp_path / "nope.gguf"), "hi")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "nope.gguf" in result.stderr or "not" in result.stderr.lower()


def test_selftest_names_the_backend_and_ends_with_one_verdict_line() -> None:
    result = lokal("selftest", timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 2 and lines[-1].startswith("selftest: ok"), result.stdout
    # Which backend runs the model, and why (this machine has no GPU backend).
    assert lines[0].startswith("selftest: Using the CPU") and ": " in lines[0][20:], lines[0]


def test_doctor_reports_backends_devices_memory_and_disk() -> None:
    result = lokal("doctor", "--json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)
    assert "CPU" in facts["llama_cpp"]["backends"]
    assert any(d["kind"] == "cpu" and d["total_bytes"] > 0 for d in facts["devices"])
    assert facts["system"]["ram_total_bytes"] >= facts["system"]["ram_available_bytes"] > 0
    assert facts["system"]["physical_cores"] >= 1
    # The CPU features that pick llama.cpp's kernels, and which kernels were picked.
    assert isinstance(facts["system"]["cpu_features"], list) and facts["system"]["cpu"]
    assert facts["llama_cpp"]["cpu_variant"]
    if sys.platform == "linux":
        assert facts["llama_cpp"]["amx_tiles"] == "refused"
    assert facts["system"]["transparent_huge_pages"] in ("always", "madvise", "never", None)
    assert facts["models_folder"]["free_bytes"] > 0
    assert facts["plan"]["model"] == "gpt-oss-20b"
    assert facts["plan"].get("explanation") or facts["plan"].get("refused")
    text = lokal("doctor")
    assert text.returncode == 0 and "Backends" in text.stdout and "Device" in text.stdout
    assert "Plan        gpt-oss-20b:" in text.stdout


def test_a_crash_in_the_warm_up_is_survived_and_named_by_selftest_doctor_and_the_log(
    tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.paths import data_dir

    monkeypatch.setenv("LOKAL_ENGINE_FAULT", "warm-up:SIGSEGV")
    selftest = lokal("selftest", timeout=180)
    assert selftest.returncode == 0, selftest.stdout + selftest.stderr
    lines = selftest.stdout.strip().splitlines()
    assert lines[1].startswith("selftest: The engine crashed (SIGSEGV) while trying this model")
    assert lines[-1].startswith("selftest: ok")
    asked = lokal("ask", "--model", str(tiny_gguf), "--max-tokens", "4", "hello")
    assert asked.returncode == 0, asked.stderr
    doctor = lokal("doctor")
    assert f"Safe mode   {tiny_gguf.name}: The engine crashed (SIGSEGV)" in doctor.stdout
    log = (data_dir() / "logs" / "lokal.log").read_text()
    assert log.count("The engine crashed (SIGSEGV) during the warm-up") == 2  # both programs
    assert "hello" not in log


def test_doctor_plans_for_a_given_file(tiny_gguf: Path) -> None:
    result = lokal("doctor", "--json", "--model", str(tiny_gguf))
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)["plan"]
    assert plan["placement"] == "cpu" and plan["n_ctx"] >= 2048


def test_the_window_selftest_starts_the_window_and_loads_a_model() -> None:
    result = lokal("selftest", "--window", timeout=180)
    assert result.returncode == 0, result.stdout + result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("selftest: window ok - Qt platform offscreen, icon, German"), last
    assert "model loaded in the window" in last


def test_the_window_selftest_names_what_is_broken(
    qapp: object, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.selftest_window import run_window_selftest
    from app.ui import appearance

    monkeypatch.setattr(appearance, "apply_language", lambda app, language: "en")
    assert run_window_selftest() == 1
    out = capsys.readouterr().out.strip()
    assert out == "selftest: window FAILED - the German translations could not be loaded"
