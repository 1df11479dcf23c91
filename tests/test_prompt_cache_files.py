"""Prompt-cache files on disk: format, checksum, setup keys, LRU budget, deleting for good."""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path

import pytest

from app.core.engine import prompt_cache
from app.core.engine.prompt_cache import (
    CacheFolder,
    CacheSetup,
    CacheWriter,
    Snapshot,
    model_identity,
    token_bytes,
)

SETUP = CacheSetup("model", "build", "n_ctx=4096").digest()
PROMPT = tuple(range(100, 400))


def snapshot(conversation: int = 1, size: int = 4096, tokens: tuple[int, ...] = PROMPT) -> Snapshot:
    return Snapshot(conversation, SETUP, tokens, bytearray(os.urandom(size)))


def test_a_saved_state_comes_back_exactly(tmp_path: Path) -> None:
    folder = CacheFolder(tmp_path)
    saved = snapshot()
    path = folder.save(saved, max_bytes=10**9)
    assert path is not None and path.is_file()
    loaded = folder.load(1, SETUP, (*PROMPT, 7, 7))
    assert loaded is not None
    assert loaded.tokens == PROMPT and loaded.state == saved.state


def test_another_setup_or_an_unrelated_prompt_finds_nothing(tmp_path: Path) -> None:
    folder = CacheFolder(tmp_path)
    folder.save(snapshot(), max_bytes=10**9)
    other = CacheSetup("model", "another build", "n_ctx=4096").digest()
    assert folder.load(1, other, PROMPT) is None
    assert folder.load(1, SETUP, (5, *PROMPT)) is None  # no common prefix: state not read
    assert folder.load(1, SETUP, PROMPT[:-1]) is None  # the prompt stops short of the state
    assert folder.load(1, SETUP, PROMPT) is not None
    assert folder.load(2, SETUP, PROMPT) is None


@pytest.mark.parametrize("damage", ["flip", "truncate", "extend", "header"])
def test_a_damaged_file_is_ignored_logged_and_removed(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, damage: str
) -> None:
    folder = CacheFolder(tmp_path)
    path = folder.save(snapshot(), max_bytes=10**9)
    assert path is not None
    data = bytearray(path.read_bytes())
    if damage == "flip":
        data[-100] ^= 0x01
    elif damage == "truncate":
        del data[-1000:]
    elif damage == "extend":
        data += b"\0"
    else:
        data[12:20] = b"{{{{{{{{"
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING, logger="lokal.engine.prompt_cache"):
        assert folder.load(1, SETUP, PROMPT) is None
    assert any("ignored" in record.getMessage() for record in caplog.records)
    assert not path.exists()


def test_a_file_of_an_older_format_is_not_restored(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Older files hold the KV state laid out differently: llama.cpp would refuse it, or worse.
    folder = CacheFolder(tmp_path)
    monkeypatch.setattr(prompt_cache, "VERSION", prompt_cache.VERSION - 1)
    path = folder.save(snapshot(), max_bytes=10**9)
    monkeypatch.undo()
    assert path is not None
    with caplog.at_level(logging.WARNING, logger="lokal.engine.prompt_cache"):
        assert folder.load(1, SETUP, PROMPT) is None
    assert any("format" in record.getMessage() for record in caplog.records)
    assert not path.exists()


def test_least_recently_used_files_go_first_beyond_the_budget(tmp_path: Path) -> None:
    folder = CacheFolder(tmp_path)
    for conversation in (1, 2, 3):
        path = folder.save(snapshot(conversation, size=10_000), max_bytes=10**9)
        assert path is not None
        # Distinct use times without waiting: the order is set explicitly.
        stamp = time.time() - 100 + conversation
        os.utime(path, (stamp, stamp))
    assert folder.load(1, SETUP, PROMPT) is not None  # conversation 1 is now the newest
    one_file = folder.path_for(1, SETUP).stat().st_size
    folder.save(snapshot(4, size=10_000), max_bytes=3 * one_file)
    left = {p.name.split("-")[0] for p in folder.cache_files()}
    assert left == {"c1", "c3", "c4"}
    assert folder.bytes_used() <= 3 * one_file


def test_a_state_larger_than_the_budget_is_not_written(tmp_path: Path) -> None:
    folder = CacheFolder(tmp_path)
    assert folder.save(snapshot(size=50_000), max_bytes=10_000) is None
    assert folder.cache_files() == []


def test_forgetting_overwrites_and_removes_and_blocks_late_saves(tmp_path: Path) -> None:
    folder = CacheFolder(tmp_path)
    marker = tuple(range(70_000, 70_300))
    path = folder.save(snapshot(5, tokens=marker), max_bytes=10**9)
    assert path is not None
    inode_data = token_bytes(marker)
    assert inode_data in path.read_bytes()
    assert folder.forget(5) == 1
    assert not path.exists()
    # A save that was already on its way when the conversation was deleted.
    assert folder.save(snapshot(5, tokens=marker), max_bytes=10**9) is None
    for found in tmp_path.rglob("*"):
        if found.is_file():
            assert inode_data not in found.read_bytes()
            assert not found.name.startswith("c5-")


def test_the_writer_thread_saves_what_it_is_given(tmp_path: Path) -> None:
    writer = CacheWriter()
    folder = CacheFolder(tmp_path)
    for conversation in (1, 2):
        writer.submit(folder, snapshot(conversation), 10**9)
    writer.wait()
    assert writer.stats.saves == 2
    assert len(folder.cache_files()) == 2
    writer.close()


def test_model_identity_changes_with_the_file(tmp_path: Path) -> None:
    model = tmp_path / "m.gguf"
    model.write_bytes(b"GGUF" + bytes(3 << 20))
    first = model_identity(model)
    assert model_identity(model) == first
    with model.open("r+b") as handle:
        handle.seek(-10, os.SEEK_END)
        handle.write(b"x")
    assert model_identity(model) != first


def test_the_budget_setting_accepts_megabytes_and_ignores_nonsense() -> None:
    from app.core.settings import Settings, from_mapping

    assert Settings().prompt_cache_bytes == 2_000_000_000
    chosen, ignored = from_mapping({"prompt_cache_mb": 300})
    assert chosen.prompt_cache_bytes == 300_000_000 and not ignored
    for wrong in (-1, "2GB", True, 10**9):
        chosen, ignored = from_mapping({"prompt_cache_mb": wrong})
        assert chosen.prompt_cache_mb == 2000 and ignored == ["prompt_cache_mb"]
