"""`lokal models …` end to end against the local Hub, in real subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.local_hub import LocalHub

ROOT = Path(__file__).resolve().parent.parent
REPO = "test-org/tiny-GGUF"


@pytest.fixture
def hub(tiny_gguf: Path) -> Iterator[LocalHub]:
    with LocalHub() as server:
        server.add_repo(REPO, {"tiny-gpt-oss.gguf": tiny_gguf.read_bytes(), "README.md": b"hi"})
        yield server


@pytest.fixture
def env(tmp_path: Path, hub: LocalHub) -> dict[str, str]:
    catalog = tmp_path / "catalog.json"
    catalog.write_text(
        json.dumps(
            {
                "models": [
                    {
                        "name": "tiny",
                        "label": "Tiny gpt-oss",
                        "repo": REPO,
                        "files": "*.gguf",
                        "default": True,
                    },
                    {
                        "name": "gpt-oss-20b",
                        "label": "gpt-oss-20b",
                        "repo": REPO,
                        "files": "*.gguf",
                        "shape": "gpt-oss-20b",
                    },
                ]
            }
        )
    )
    values = {
        **os.environ,
        "LOKAL_DATA_DIR": str(tmp_path / "data"),
        "LOKAL_CATALOG": str(catalog),
        "HF_ENDPOINT": hub.url,
        "PYTHONPATH": str(ROOT),
    }
    values.pop("LOKAL_OFFLINE", None)
    return values


def lokal(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "app", "models", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def test_download_list_verify_delete(env: dict[str, str], hub: LocalHub, tmp_path: Path) -> None:
    listed = json.loads(lokal(env, "list", "--json").stdout)
    tiny = next(m for m in listed["models"] if m["name"] == "tiny")
    assert tiny["installed"] is False and tiny["fit"]["fits"] is None  # no shape: cannot tell
    big = next(m for m in listed["models"] if m["name"] == "gpt-oss-20b")
    assert big["fit"]["fits"] in (True, False) and big["fit"]["explanation"]

    done = lokal(env, "download", "tiny")
    assert done.returncode == 0, done.stderr
    assert "Installed Tiny gpt-oss" in done.stdout
    assert "Downloading" in done.stderr  # progress lines (not a terminal: plain lines)
    assert "\r" not in done.stderr
    assert [r.path for r in hub.requests if "README" in r.path] == []  # only what it needs

    listed = json.loads(lokal(env, "list", "--json").stdout)
    tiny = next(m for m in listed["models"] if m["name"] == "tiny")
    assert tiny["installed"] and tiny["capabilities"]["harmony"] is True
    assert lokal(env, "verify").stdout.strip() == "tiny: ok"

    model = Path(tiny["path"])
    data = bytearray(model.read_bytes())
    data[-1] ^= 1
    model.write_bytes(bytes(data))
    bad = lokal(env, "verify", "tiny")
    assert bad.returncode == 1 and "does not match its checksum" in bad.stdout

    refused = lokal(env, "delete", "tiny")  # no terminal to ask on, and no --yes
    assert refused.returncode == 1 and "--yes" in refused.stderr and model.exists()
    deleted = lokal(env, "delete", "tiny", "--yes")
    assert deleted.returncode == 0 and "freed" in deleted.stdout
    assert not model.exists() and not model.parent.exists()


def test_offline_mode_refuses_downloads_without_a_connection(
    env: dict[str, str], hub: LocalHub, tiny_gguf: Path
) -> None:
    imported = lokal(env, "import", str(tiny_gguf))
    assert imported.returncode == 0, imported.stderr
    assert "harmony" in imported.stdout
    before = len(hub.requests)
    refused = lokal(env, "download", "tiny")  # a model is installed: offline by default
    assert refused.returncode == 1
    assert "offline mode" in refused.stderr and "Traceback" not in refused.stderr
    assert len(hub.requests) == before
    assert lokal(env, "offline", "off").stdout.strip() == "Offline mode is off."
    assert lokal(env, "download", "tiny").returncode == 0
    assert len(hub.requests) > before


def test_import_rejects_a_file_that_is_not_a_model(env: dict[str, str], tmp_path: Path) -> None:
    notes = tmp_path / "notes.gguf"
    notes.write_text("not a model")
    result = lokal(env, "import", str(notes))
    assert result.returncode == 1
    assert result.stderr.startswith("lokal: ") and "Traceback" not in result.stderr


def test_hub_failures_are_one_sentence(env: dict[str, str], hub: LocalHub) -> None:
    hub.faults.status = 500
    result = lokal(env, "download", "tiny")
    assert result.returncode == 1
    assert result.stderr.strip().splitlines()[-1].startswith("lokal: The Hub answered")
    assert "Traceback" not in result.stderr


class FakeTerminal:
    def __init__(self, tty: bool) -> None:
        self.tty, self.text = tty, ""

    def isatty(self) -> bool:
        return self.tty

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_progress_is_one_updating_line_on_a_terminal_and_plain_lines_in_a_log() -> None:
    from app.cli.models import TerminalProgress
    from app.core.models.download import Progress

    events = [
        Progress("m", "downloading", "m.gguf", 1, 1, done, 4_000_000_000, 25e6, 100.0)
        for done in (1_000_000_000, 2_000_000_000, 4_000_000_000)
    ]
    tty = FakeTerminal(True)
    shown = TerminalProgress(tty)  # type: ignore[arg-type]
    for event in events:
        shown(event)
    shown.end()
    assert tty.text.count("\r") == 3 and tty.text.count("\n") == 1
    assert "Downloading 25% · 1.0 of 4.0 GB · 25.0 MB/s · 1 min 40 s left" in tty.text
    log = FakeTerminal(False)
    shown = TerminalProgress(log)  # type: ignore[arg-type]
    for event in events:
        shown(event)
    lines = log.text.splitlines()
    assert "\r" not in log.text
    assert len(lines) == 2 and lines[-1].startswith("Downloading 100%")  # first and last


def test_download_refuses_a_model_that_will_not_fit_unless_anyway(
    env: dict[str, str],
    hub: LocalHub,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In this process, so the machine can be given: 8 GB of RAM, then 64 GB, and no GPU."""
    from app.cli import main, models
    from app.core import network_guard
    from app.core.engine import model_setup
    from app.core.models.fit import processor_only_report

    for key in ("LOKAL_DATA_DIR", "LOKAL_CATALOG", "HF_ENDPOINT"):
        monkeypatch.setenv(key, env[key])
    monkeypatch.setattr(models, "probe_report", processor_only_report)

    def machine(gigabytes: int) -> None:
        total = gigabytes * 1024**3
        monkeypatch.setattr(model_setup, "memory_status", lambda: (total, total * 7 // 8))

    try:
        machine(8)
        assert main.main(["models", "download", "gpt-oss-20b"]) == 1
        refused = capsys.readouterr().err.splitlines()
        assert refused[0].startswith("gpt-oss-20b: It needs about ")
        assert refused[0].endswith("GB of memory on this computer, which has 8.0 GB.")
        assert refused[-1] == (
            "lokal: It will not fit this computer; add --anyway to download it regardless."
        )
        assert hub.requests == []

        assert main.main(["models", "download", "gpt-oss-20b", "--anyway"]) == 0
        assert "Installed gpt-oss-20b" in capsys.readouterr().out
        assert [r for r in hub.requests if "/resolve/" in r.path]
        assert main.main(["models", "delete", "gpt-oss-20b", "--yes"]) == 0

        machine(64)  # enough memory: no --anyway needed
        assert main.main(["models", "download", "gpt-oss-20b"]) == 0
        fits = capsys.readouterr()
        assert "gpt-oss-20b: No usable GPU was found" in fits.err and "Installed" in fits.out
    finally:
        network_guard.set_offline(False)


def test_models_without_an_action_lists_them(env: dict[str, str]) -> None:
    alone, listed = lokal(env), lokal(env, "list")
    assert (alone.returncode, alone.stderr) == (0, "") and listed.returncode == 0

    def names(out: str) -> list[str]:
        # The fit sentences hold the free memory of the moment: compare the rows' names.
        return [
            line.split()[0] for line in out.splitlines() if line.startswith("  ") and line[2] != " "
        ]

    assert alone.stdout.splitlines()[0] == listed.stdout.splitlines()[0]
    assert names(alone.stdout) == names(listed.stdout) == ["tiny", "gpt-oss-20b"]
