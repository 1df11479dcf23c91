"""Reading another process's memory on each platform; None wherever it cannot be read."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.documents.process_memory import (
    linux_resident_bytes,
    macos_footprint_bytes,
    resident_bytes,
    windows_memory_bytes,
)


def a_finished_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()  # reaped: the pid names no process now
    return child.pid


def test_this_process_has_memory_and_a_finished_one_has_none() -> None:
    if sys.platform not in ("linux", "darwin", "win32"):
        assert resident_bytes(os.getpid()) is None
        return
    mine = resident_bytes(os.getpid())
    assert mine is not None and 1024**2 < mine < 64 * 1024**3
    grown = b"\x01" * (64 * 1024**2)  # written, so resident
    after = resident_bytes(os.getpid())
    assert after is not None and after > mine + 32 * 1024**2
    del grown
    assert resident_bytes(a_finished_pid()) is None


def test_linux_statm_is_read_in_pages(tmp_path: Path) -> None:
    if not hasattr(os, "sysconf"):
        pytest.skip("no sysconf")
    page = os.sysconf("SC_PAGE_SIZE")
    (tmp_path / "42").mkdir()
    (tmp_path / "42" / "statm").write_text("5000 1234 300 10 0 900 0\n")
    assert linux_resident_bytes(42, proc=tmp_path) == 1234 * page
    (tmp_path / "42" / "statm").write_text("garbled")
    assert linux_resident_bytes(42, proc=tmp_path) is None
    assert linux_resident_bytes(43, proc=tmp_path) is None


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS has libproc")
def test_libproc_is_absent_elsewhere() -> None:
    assert macos_footprint_bytes(os.getpid()) is None


@pytest.mark.skipif(sys.platform == "win32", reason="Windows has kernel32")
def test_kernel32_is_absent_elsewhere() -> None:
    assert windows_memory_bytes(os.getpid()) is None
