"""LOKAL_CHILD_LAUNCHER: the engine and extraction children start through a prefix (qemu in
the installer check), because qemu-user emulates only the process it starts."""

from __future__ import annotations

import multiprocessing
import multiprocessing.spawn
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core import child_launcher

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the launcher is POSIX-only")

MARK = "LOKAL_LAUNCHED_BY_TEST"


@pytest.fixture
def restore_executable() -> Iterator[None]:
    before = multiprocessing.spawn.get_executable()
    yield
    multiprocessing.set_executable(before)
    child_launcher._applied = None


def test_the_prefix_comes_from_the_environment_word_by_word() -> None:
    env = {child_launcher.LAUNCHER_VARIABLE: "qemu-x86_64 -cpu 'Haswell-v4'"}
    assert child_launcher.launcher_prefix(env) == ["qemu-x86_64", "-cpu", "Haswell-v4"]
    assert child_launcher.launcher_prefix({}) == []


def test_the_wrapper_runs_the_executable_under_the_prefix_with_its_arguments(
    tmp_path: Path,
) -> None:
    script = tmp_path / "launch"
    text = child_launcher.wrapper_script(["env", f"{MARK}=yes"], sys.executable)
    script.write_text(text, encoding="utf-8")
    script.chmod(0o700)
    code = f"import os, sys; print(os.environ['{MARK}'], sys.argv[1:])"
    out = subprocess.run(
        [str(script), "-c", code, "a b", "--multiprocessing-fork"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert out.strip() == "yes ['a b', '--multiprocessing-fork']"


def test_spawned_children_start_through_the_launcher(
    monkeypatch: pytest.MonkeyPatch, restore_executable: None
) -> None:
    monkeypatch.setenv(child_launcher.LAUNCHER_VARIABLE, f"env {MARK}=yes")
    monkeypatch.delenv(MARK, raising=False)
    context = child_launcher.spawn_context()
    with context.Pool(1) as pool:
        assert pool.apply(os.getenv, (MARK,)) == "yes"


def test_without_the_variable_children_start_as_before(
    monkeypatch: pytest.MonkeyPatch, restore_executable: None
) -> None:
    monkeypatch.delenv(child_launcher.LAUNCHER_VARIABLE, raising=False)
    before = multiprocessing.spawn.get_executable()
    child_launcher.spawn_context()
    assert multiprocessing.spawn.get_executable() == before


def _marking_launcher(marker: Path) -> str:
    """A launcher that leaves a file behind, then runs the child as given."""
    return f'sh -c \'touch {marker}; exec "$0" "$@"\''


def test_the_extraction_process_starts_through_the_launcher(
    monkeypatch: pytest.MonkeyPatch, restore_executable: None, tmp_path: Path
) -> None:
    from app.core.documents.sandbox import extract_file

    marker = tmp_path / "launched"
    monkeypatch.setenv(child_launcher.LAUNCHER_VARIABLE, _marking_launcher(marker))
    note = tmp_path / "note.txt"
    note.write_text("The ferry leaves at nine.\n", encoding="utf-8")
    document = extract_file(note)
    assert "ferry" in str(document) or "ferry" in repr(document)
    assert marker.exists()


def test_the_engine_process_starts_through_the_launcher(
    monkeypatch: pytest.MonkeyPatch, restore_executable: None, tmp_path: Path
) -> None:
    from app.core.engine.client import EngineClient

    marker = tmp_path / "launched"
    monkeypatch.setenv(child_launcher.LAUNCHER_VARIABLE, _marking_launcher(marker))
    with EngineClient() as client:
        report = client.probe()
    assert report.llama_cpp_python_version
    assert marker.exists()
