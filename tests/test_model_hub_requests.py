"""What the Hub sees of Lokal (its user agent), and downloads that cannot go on as they were:
a file that failed its checksum, a Hub version that vanished. Against the local Hub."""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.models.catalog import CatalogEntry
from app.core.models.download import Event, Failed, Halted, Installed, Progress, download_model
from app.core.models.installed import list_incomplete
from app.core.models.transfer import Control
from tests.fixtures.local_hub import LocalHub

ROOT = Path(__file__).resolve().parents[1]
DATA = b"GGUF" + bytes(range(256)) * 1024
ENTRY = CatalogEntry("m", "M", "", "org/m-GGUF", "main", "*.gguf", None)


def project_version() -> str:
    return str(tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"])


@pytest.fixture
def hub(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHub]:
    with LocalHub() as server:
        server.add_repo("org/m-GGUF", {"m.gguf": DATA})
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield server


def test_every_hub_request_names_lokal_and_its_real_version(hub: LocalHub, tmp_path: Path) -> None:
    final = download_model(ENTRY, lambda _e: None, root=tmp_path)
    assert isinstance(final, Installed)
    assert hub.requests, "the download asked the Hub nothing"
    version = project_version()
    for request in hub.requests:
        agent = request.headers.get("user-agent", "")
        assert agent.startswith(f"lokal/{version};"), (request.path, agent)


def test_a_checksum_failure_is_remembered_with_what_helps(hub: LocalHub, tmp_path: Path) -> None:
    hub.faults.flip_byte_at = 100
    events: list[Event] = []
    final = download_model(ENTRY, events.append, root=tmp_path)
    assert isinstance(final, Failed) and not final.resumable
    (unfinished,) = list_incomplete(tmp_path)
    # Nothing of the file is kept, and the reason survives closing the window or the app.
    assert unfinished.done == 0
    assert unfinished.failure == "checksum"
    hub.faults.flip_byte_at = None
    again = download_model(ENTRY, events.append, root=tmp_path)
    assert isinstance(again, Installed)
    assert list_incomplete(tmp_path) == []


def test_a_vanished_hub_version_is_remembered_and_download_again_starts_afresh(
    hub: LocalHub, tmp_path: Path
) -> None:
    hub.faults.rate, hub.faults.piece = 64 * 1024, 8 * 1024  # slow enough to pause midway
    control = Control()

    def pause_once_under_way(event: Event) -> None:
        if isinstance(event, Progress) and event.phase == "downloading" and event.done > 0:
            control.pause()

    first = download_model(ENTRY, pause_once_under_way, root=tmp_path, control=control)
    assert isinstance(first, Halted) and first.paused
    hub.faults.rate = None
    # The model is replaced on the Hub: the version the download began with is gone.
    hub.add_repo("org/m-GGUF", {"m.gguf": DATA[::-1]}, commit="b" * 40)
    resumed = download_model(ENTRY, lambda _e: None, root=tmp_path)
    assert isinstance(resumed, Failed) and not resumed.resumable
    (unfinished,) = list_incomplete(tmp_path)
    assert unfinished.failure == "revision"
    assert "no longer" in resumed.message
    fresh = download_model(ENTRY, lambda _e: None, root=tmp_path, fresh=True)
    assert isinstance(fresh, Installed)
    assert fresh.installed.commit == "b" * 40
    assert fresh.installed.path.read_bytes() == DATA[::-1]
