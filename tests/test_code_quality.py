"""The project's own rules, checked with the same tools a developer runs."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_finds_nothing() -> None:
    result = run(sys.executable, "-m", "ruff", "check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_applied() -> None:
    result = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = run(sys.executable, "-m", "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_import_contracts_hold() -> None:
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    if lint_imports is None:
        pytest.fail("import-linter is not installed (pip install -e '.[test]')")
    result = run(lint_imports)
    assert result.returncode == 0, result.stdout + result.stderr


def test_core_imports_without_qt_or_llama() -> None:
    """Importing the core pulls in neither Qt nor llama.cpp: the GUI process stays light."""
    code = (
        "import sys, app.core.engine.client, app.core.harmony, app.core.gguf, app.core.grammar;"
        "bad = [m for m in ('PySide6', 'llama_cpp') if m in sys.modules];"
        "print(','.join(bad))"
    )
    result = run(sys.executable, "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
