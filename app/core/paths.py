"""Where Lokal keeps its files (platformdirs), overridable for tests and portable installs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "Lokal"


def data_dir() -> Path:
    """The user's Lokal folder; LOKAL_DATA_DIR replaces it (tests, portable installs)."""
    override = os.environ.get("LOKAL_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def models_dir() -> Path:
    return data_dir() / "models"


def prompt_cache_dir() -> Path:
    """Saved KV states of conversations (app/core/engine/prompt_cache.py)."""
    return data_dir() / "prompt-cache"
