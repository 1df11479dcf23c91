"""Shared pytest fixtures."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Qt draws into memory in tests; screenshots of real windows are taken under Xvfb.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
