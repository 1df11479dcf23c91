"""Shared pytest fixtures."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

# Qt draws into memory in tests; screenshots of real windows are taken under Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _own_data_folder(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    """Every test gets an empty data folder (a window that starts resumes downloads it finds
    there) and no HF_ENDPOINT from outside, and leaves offline mode off."""
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path_factory.mktemp("lokal-data")))
    # No Hub but a test's own: a local hub sets HF_ENDPOINT, and this puts it back after.
    monkeypatch.delenv("HF_ENDPOINT", raising=False)
    yield
    from app.core import network_guard

    if network_guard.is_offline():
        network_guard.set_offline(False)


@pytest.fixture(scope="session")
def tiny_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic gpt-oss GGUF (~0.2 MiB, real architecture and metadata), built once."""
    from app.core.synthetic import build_gptoss_gguf

    return build_gptoss_gguf(tmp_path_factory.mktemp("gguf") / "tiny-gpt-oss.gguf", "tiny", seed=0)


@pytest.fixture(scope="session")
def slow_gguf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A larger synthetic gpt-oss (~60 MB) whose long prompts take seconds: for cancellation."""
    from app.core.synthetic import build_gptoss_gguf

    return build_gptoss_gguf(tmp_path_factory.mktemp("gguf") / "small-gpt-oss.gguf", "small")
