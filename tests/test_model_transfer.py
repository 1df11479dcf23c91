"""Downloads against a local Hub that misbehaves on purpose: kills, ignored ranges, changed
ETags, flipped bytes, stalls, full disks and hostile file names."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.models.catalog import CatalogEntry
from app.core.models.download import Event, Failed, Halted, Installed, Progress, download_model
from app.core.models.layout import part_path, read_json, sidecar_path, write_json
from app.core.models.transfer import Control, FileSpec, Stopped, TransferError, fetch_file
from tests.fixtures.local_hub import LocalHub

ROOT = Path(__file__).resolve().parent.parent
REPO = "test-org/payload-GGUF"
NAME = "payload.gguf"
SIZE = 4 * 1024 * 1024


@pytest.fixture(scope="module")
def payload() -> bytes:
    return random.Random(7).randbytes(SIZE)


@pytest.fixture
def hub(payload: bytes) -> Iterator[LocalHub]:
    with LocalHub() as server:
        server.add_repo(REPO, {NAME: payload})
        yield server


def spec(hub: LocalHub, data: bytes, name: str = NAME) -> FileSpec:
    commit = hub.repos[REPO].commit
    url = f"{hub.url}/{REPO}/resolve/{commit}/{name}"
    return FileSpec(url, len(data), hashlib.sha256(data).hexdigest())


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


KILLABLE = """
import sys
from pathlib import Path
from app.core.models.transfer import FileSpec, fetch_file
url, size, digest, dest, chunk = sys.argv[1:]
fetch_file(FileSpec(url, int(size), digest), Path(dest), chunk=int(chunk))
"""


IN_FLIGHT = 64 * 1024


def _run_until(args: list[str], env: dict[str, str], part: Path, target: int) -> int:
    """Start a download and SIGKILL it once its part holds ``target`` bytes; the bytes then."""
    process = subprocess.Popen(args, env=env, cwd=ROOT)
    try:
        while process.poll() is None:
            if part.exists() and part.stat().st_size >= target:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.0005)
    finally:
        process.wait(30)
    assert process.returncode == -signal.SIGKILL, "finished before it could be killed"
    return part.stat().st_size


def test_kill_nine_at_twenty_offsets_resumes_each_time(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    """SIGKILL the downloading process at 20 offsets; every resume refetches at most one chunk.

    The chunk (the most the transfer reads before writing) is 128 KiB here, not the app's
    1 MiB: the bound "at most one chunk fetched twice per resume" is then an eighth as
    loose, on a file small enough for 21 processes to fetch it in a few seconds.
    """
    chunk = 128 * 1024
    hub.faults.rate = 12 * 1024 * 1024  # slow enough to stop at a chosen offset
    s = spec(hub, payload)
    final = tmp_path / NAME
    part = part_path(final)
    offsets = sorted(random.Random(20).sample(range(SIZE // 50, SIZE - SIZE // 50), 20))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", KILLABLE, s.url, str(s.size), s.sha256, str(final), str(chunk)]
    on_disk: list[int] = []  # part size right after each kill
    for offset in offsets:
        before = on_disk[-1] if on_disk else 0
        # A run that overshot the next offset: kill the next one at the first byte beyond.
        on_disk.append(_run_until(args, env, part, max(offset, before + 1)))
        assert not final.exists()
        assert read_json(sidecar_path(final)) is not None  # the sidecar survives a kill
    result = subprocess.run(args, env=env, cwd=ROOT, timeout=60)
    assert result.returncode == 0
    assert sha(final) == s.sha256
    assert not part.exists() and not sidecar_path(final).exists()

    gets = hub.gets(NAME)
    assert len(on_disk) == 20 and len(gets) == 21  # 20 kills, 20 resumes, one request each
    assert gets[0].start == 0 and "range" not in gets[0].headers
    refetched = []
    for killed, kept, resumed in zip(gets[:-1], on_disk, gets[1:], strict=True):
        assert resumed.headers["range"] == f"bytes={resumed.start}-" and resumed.status == 206
        # What the killed process had received and written was kept (less one chunk at most).
        assert kept - chunk <= resumed.start <= kept
        # Bytes the killed request was sent beyond where the next one began: sent twice.
        refetched.append(killed.start + killed.body_bytes - resumed.start)
    print(f"kills {len(on_disk)}, most sent twice in one resume {max(refetched)} B, chunk {chunk}")
    # The transfer holds at most one chunk it has read but not written; beyond that only
    # the sockets' buffers hold bytes (the hub's send buffer is 32 KiB, which Linux doubles).
    assert all(0 <= r <= chunk + IN_FLIGHT for r in refetched), refetched
    assert hub.bytes_served(NAME) == SIZE + sum(refetched)


def test_a_server_that_ignores_range_restarts_cleanly(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    hub.faults.drop_after = SIZE // 3  # the first connection breaks...
    hub.faults.ignore_range = True  # ...and the retry gets the whole file with 200
    final = tmp_path / NAME
    result = fetch_file(spec(hub, payload), final, backoff=0.01)
    assert sha(final) == hashlib.sha256(payload).hexdigest()
    assert result.restarts == 1 and result.retries == 1
    gets = hub.gets(NAME)
    assert gets[1].headers["range"] == f"bytes={SIZE // 3}-" and gets[1].status == 200


def test_a_changed_etag_restarts_from_zero(hub: LocalHub, payload: bytes, tmp_path: Path) -> None:
    """A part from an earlier attempt with another ETag is thrown away, not completed."""
    final = tmp_path / NAME
    s = spec(hub, payload)
    part_path(final).write_bytes(payload[: SIZE // 2])
    write_json(
        sidecar_path(final), {"url": s.url, "etag": '"old"', "size": s.size, "sha256": s.sha256}
    )
    result = fetch_file(s, final)
    assert sha(final) == s.sha256
    (get,) = hub.gets(NAME)
    assert get.headers["if-range"] == '"old"' and get.headers["range"] == f"bytes={SIZE // 2}-"
    assert get.status == 200 and hub.bytes_served(NAME) == SIZE
    assert result.restarts == 1 and result.resumed_from == SIZE // 2


def test_resume_with_the_same_etag_fetches_only_the_rest(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    final = tmp_path / NAME
    s = spec(hub, payload)
    part_path(final).write_bytes(payload[: SIZE // 4])
    etag = f'"{hub.etag(REPO, NAME)}"'
    write_json(
        sidecar_path(final), {"url": s.url, "etag": etag, "size": s.size, "sha256": s.sha256}
    )
    fetch_file(s, final)
    assert sha(final) == s.sha256
    assert hub.bytes_served(NAME) == SIZE - SIZE // 4
    assert hub.gets(NAME)[0].status == 206


def test_one_flipped_byte_is_rejected_and_nothing_installed(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    hub.faults.flip_byte_at = 1_234_567
    final = tmp_path / NAME
    with pytest.raises(TransferError, match="did not match the checksum") as caught:
        fetch_file(spec(hub, payload), final)
    assert caught.value.kind == "checksum"
    assert not final.exists() and not part_path(final).exists()
    assert not sidecar_path(final).exists()


def test_a_stall_fires_the_watchdog_and_the_retry_completes(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    hub.faults.stall_after = SIZE // 2
    final = tmp_path / NAME
    result = fetch_file(spec(hub, payload), final, stall_timeout=0.5, backoff=0.01)
    assert sha(final) == hashlib.sha256(payload).hexdigest()
    assert result.retries == 1
    gets = hub.gets(NAME)
    assert len(gets) == 2 and gets[1].headers["range"] == f"bytes={SIZE // 2}-"


def test_server_errors_are_retried_then_reported(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    hub.faults.status = 503
    with pytest.raises(TransferError, match="HTTP 503") as caught:
        fetch_file(spec(hub, payload), tmp_path / NAME, max_retries=2, backoff=0.01)
    assert len(hub.gets(NAME)) == 3
    assert "Traceback" not in str(caught.value)


def test_pause_stops_at_once_and_resume_continues(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    hub.faults.rate = 8 * 1024 * 1024
    final = tmp_path / NAME
    control = Control()

    def pause_midway(done: int, phase: str) -> None:
        if done > SIZE // 3:
            control.pause()

    with pytest.raises(Stopped):
        fetch_file(spec(hub, payload), final, control=control, on_progress=pause_midway)
    kept = part_path(final).stat().st_size
    assert SIZE // 3 < kept < SIZE and not final.exists()
    hub.faults.rate = None
    result = fetch_file(spec(hub, payload), final)
    assert sha(final) == hashlib.sha256(payload).hexdigest()
    assert result.resumed_from == kept


def test_pause_interrupts_a_silent_server_immediately(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    hub.faults.stall_after = SIZE // 4
    control = Control()
    threading.Timer(0.3, control.pause).start()
    began = time.monotonic()
    with pytest.raises(Stopped):
        fetch_file(spec(hub, payload), tmp_path / NAME, control=control, stall_timeout=30)
    assert time.monotonic() - began < 10  # not the 30 s stall timeout


def entry(pattern: str = "*.gguf") -> CatalogEntry:
    return CatalogEntry("payload", "Payload", "", REPO, "main", pattern, None)


def run(events: list[Event], hub: LocalHub, root: Path, **kwargs: object) -> Event:
    os.environ["HF_ENDPOINT"] = hub.url
    return download_model(entry(), events.append, root=root, backoff=0.01, **kwargs)  # type: ignore[arg-type]


def test_a_disk_that_is_too_small_is_refused_before_any_byte(hub: LocalHub, tmp_path: Path) -> None:
    events: list[Event] = []
    final = run(events, hub, tmp_path, free=lambda _path: 100 * 1024 * 1024)
    assert isinstance(final, Failed) and not final.resumable
    assert "not enough free space" in final.message and "MB" in final.message
    assert final.message.endswith(".") and "\n" not in final.message
    assert hub.gets(NAME) == []  # preflight refused before the transfer
    assert not (tmp_path / "payload").exists()


@pytest.mark.parametrize("hostile", ["../x.gguf", "/etc/x.gguf", "sub\\..\\x.gguf", "..\\x.gguf"])
def test_hostile_file_names_from_the_server_are_refused(
    hub: LocalHub, tmp_path: Path, hostile: str
) -> None:
    hub.add_repo(REPO, {hostile: b"GGUF" * 10, NAME: b"GGUF"})
    root = tmp_path / "models"
    events: list[Event] = []
    final = run(events, hub, root)
    assert isinstance(final, Failed)
    assert "not a plain file name" in final.message
    assert hub.gets("x.gguf") == []
    assert sorted(p.name for p in tmp_path.rglob("*")) == []  # nothing written anywhere


def test_a_model_downloads_verifies_and_installs_with_progress(
    hub: LocalHub, tiny_gguf: Path, tmp_path: Path
) -> None:
    data = tiny_gguf.read_bytes()
    hub.add_repo(REPO, {"tiny-00001-of-00002.gguf": data, "tiny-00002-of-00002.gguf": data})
    events: list[Event] = []
    final = run(events, hub, tmp_path)
    assert isinstance(final, Installed), final
    model = final.installed
    assert [p.name for p in model.files] == ["tiny-00001-of-00002.gguf", "tiny-00002-of-00002.gguf"]
    assert model.capabilities["harmony"] is True and model.problem is None
    progress = [e for e in events if isinstance(e, Progress) and e.phase == "downloading"]
    assert progress and progress[-1].done == progress[-1].total == 2 * len(data)
    assert {e.file_index for e in progress} == {1, 2}
    assert not (tmp_path / "payload" / "download.json").exists()


def test_cancel_removes_the_parts_and_pause_keeps_them(
    hub: LocalHub, tiny_gguf: Path, tmp_path: Path
) -> None:
    hub.faults.rate = 4 * 1024 * 1024
    hub.add_repo(REPO, {NAME: os.urandom(SIZE)})
    for action, kept in (("pause", True), ("cancel", False)):
        control = Control()

        def stop_early(event: Event, control: Control = control, action: str = action) -> None:
            if isinstance(event, Progress) and event.done > SIZE // 8:
                getattr(control, action)()

        os.environ["HF_ENDPOINT"] = hub.url
        final = download_model(entry(), stop_early, root=tmp_path, control=control)
        assert isinstance(final, Halted) and final.paused is kept
        assert part_path(tmp_path / "payload" / NAME).exists() is kept
        assert (tmp_path / "payload" / "download.json").exists() is kept
