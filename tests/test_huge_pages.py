"""The engine process asks Linux for huge pages for the weights; nothing else does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app.core.engine.client import EngineClient
from app.core.engine.huge_pages import (
    TUNABLE,
    VARIABLE,
    huge_pages_for_children,
    transparent_huge_pages_mode,
    with_huge_pages,
)
from app.core.engine.protocol import LoadSettings


def test_the_tunable_is_added_and_others_are_kept() -> None:
    assert with_huge_pages(None) == TUNABLE
    assert with_huge_pages("") == TUNABLE
    assert with_huge_pages("glibc.malloc.arena_max=2") == f"glibc.malloc.arena_max=2:{TUNABLE}"
    assert with_huge_pages("glibc.malloc.hugetlb=0:glibc.rtld.x=1") == f"glibc.rtld.x=1:{TUNABLE}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="a glibc tunable")
def test_only_processes_started_inside_inherit_it() -> None:
    env: dict[str, str] = {"OTHER": "1"}
    with huge_pages_for_children(env):
        assert env[VARIABLE] == TUNABLE
    assert env == {"OTHER": "1"}
    env[VARIABLE] = "glibc.malloc.arena_max=2"
    with huge_pages_for_children(env):
        assert env[VARIABLE].endswith(TUNABLE)
    assert env[VARIABLE] == "glibc.malloc.arena_max=2"


def test_the_kernel_mode_is_the_bracketed_word(tmp_path: Path) -> None:
    mode_file = tmp_path / "enabled"
    mode_file.write_text("always [madvise] never\n")
    assert transparent_huge_pages_mode(mode_file) == "madvise"
    mode_file.write_text("[never]\n")
    assert transparent_huge_pages_mode(mode_file) == "never"
    assert transparent_huge_pages_mode(tmp_path / "missing") is None


def advised_mappings(pid: int, min_bytes: int = 4 << 20) -> list[int]:
    """Sizes of the process's mappings of at least min_bytes that asked for huge pages."""
    sizes, size = [], 0
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        if line.startswith("Size:"):
            size = int(line.split()[1]) * 1024
        elif line.startswith("VmFlags:") and "hg" in line.split()[1:] and size >= min_bytes:
            sizes.append(size)
    return sizes


@pytest.mark.skipif(
    transparent_huge_pages_mode() not in ("madvise", "always"),
    reason="this kernel offers no transparent huge pages",
)
@pytest.mark.parametrize("huge_pages", [True, False])
def test_the_weights_held_in_memory_ask_for_huge_pages(slow_gguf: Path, huge_pages: bool) -> None:
    settings = LoadSettings(model_path=slow_gguf, n_ctx=512, use_mmap=False, n_threads=1)
    with EngineClient(huge_pages=huge_pages) as client:
        client.load(settings)
        assert client.pid is not None
        advised = advised_mappings(client.pid)
    weights = slow_gguf.stat().st_size
    if huge_pages:
        assert sum(advised) >= weights * 0.9, advised
    else:
        assert advised == []
