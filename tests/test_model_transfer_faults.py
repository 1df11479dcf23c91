"""Downloads against more faults: a power loss, a second window, a storage server behind a
redirect (with and without ETags), a full disk, a trickling server, a changed file and
servers that keep failing."""

from __future__ import annotations

import errno
import hashlib
import itertools
import os
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.models import transfer
from app.core.models.catalog import CatalogEntry
from app.core.models.download import Event, Halted, Progress, download_model
from app.core.models.installed import delete_model
from app.core.models.layout import lock_path, part_path, read_json, sidecar_path, write_json
from app.core.models.part_guard import boot_id
from app.core.models.transfer import Control, FileSpec, Stopped, TransferError, fetch_file
from tests.fixtures.local_hub import LocalHub

REPO = "test-org/payload-GGUF"
NAME = "payload.gguf"
SIZE = 4 * 1024 * 1024


@pytest.fixture(scope="module")
def payload() -> bytes:
    return random.Random(11).randbytes(SIZE)


@pytest.fixture
def hub(payload: bytes) -> Iterator[LocalHub]:
    with LocalHub() as server:
        server.add_repo(REPO, {NAME: payload})
        yield server


@pytest.fixture
def cdn_hub(payload: bytes) -> Iterator[LocalHub]:
    with LocalHub(cdn=True) as server:
        server.add_repo(REPO, {NAME: payload})
        yield server


def spec(hub: LocalHub, data: bytes, headers: dict[str, str] | None = None) -> FileSpec:
    url = f"{hub.url}/{REPO}/resolve/{hub.repos[REPO].commit}/{NAME}"
    return FileSpec(url, len(data), hashlib.sha256(data).hexdigest(), headers or {})


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leave_part(final: Path, s: FileSpec, data: bytes, **sidecar: object) -> None:
    """A part and its sidecar as an earlier attempt leaves them."""
    part_path(final).write_bytes(data)
    record = {"url": s.url, "etag": None, "size": s.size, "sha256": s.sha256, **sidecar}
    write_json(sidecar_path(final), record)


# --- power loss ---------------------------------------------------------------------------


def test_after_a_reboot_the_part_is_cut_back_to_what_was_flushed(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    """Unflushed pages a power loss left as junk past the recorded offset are fetched again."""
    final, s = tmp_path / NAME, spec(hub, payload)
    durable = SIZE // 3
    junk = random.Random(1).randbytes(SIZE // 4)
    etag = f'"{hub.etag(REPO, NAME)}"'
    leave_part(final, s, payload[:durable] + junk, etag=etag, durable=durable, boot="before")
    result = fetch_file(s, final)
    assert sha(final) == s.sha256
    assert result.resumed_from == durable
    assert hub.bytes_served(NAME) == SIZE - durable  # only what was past the offset
    (get,) = hub.gets(NAME)
    assert get.headers["range"] == f"bytes={durable}-"


def test_without_a_reboot_all_written_bytes_are_kept(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    """A killed process loses nothing it wrote: the unflushed end is kept in the same boot."""
    final, s = tmp_path / NAME, spec(hub, payload)
    kept = SIZE // 2
    leave_part(final, s, payload[:kept], durable=SIZE // 8, boot=boot_id())
    result = fetch_file(s, final)
    assert sha(final) == s.sha256 and result.resumed_from == kept
    assert hub.bytes_served(NAME) == SIZE - kept


@pytest.mark.parametrize("by", ["bytes", "seconds"])
def test_the_part_is_flushed_and_the_offset_recorded_while_downloading(
    hub: LocalHub, payload: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, by: str
) -> None:
    every = 256 * 1024
    if by == "bytes":
        monkeypatch.setattr(transfer, "SYNC_BYTES", every)
    else:
        monkeypatch.setattr(transfer, "SYNC_SECONDS", 0.0)  # after every write
    final, s = tmp_path / NAME, spec(hub, payload)
    control = Control()
    seen: list[tuple[int, int]] = []

    def watch(done: int, phase: str) -> None:
        record = read_json(sidecar_path(final)) or {}
        seen.append((done, int(record.get("durable", -1))))
        if done > SIZE // 2:
            control.pause()

    with pytest.raises(Stopped):
        fetch_file(s, final, control=control, on_progress=watch, chunk=64 * 1024)
    lag = every if by == "bytes" else 0
    assert all(done - lag <= durable <= done for done, durable in seen), seen
    assert max(durable for _, durable in seen) > SIZE // 4
    # Paused: everything received is flushed and recorded.
    record = read_json(sidecar_path(final)) or {}
    assert record["durable"] == part_path(final).stat().st_size > SIZE // 2
    assert record["boot"] == boot_id()


# --- one writer ---------------------------------------------------------------------------


def test_a_second_download_of_the_same_file_is_refused(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    hub.faults.rate = 8 * 1024 * 1024
    final, s = tmp_path / NAME, spec(hub, payload)
    started, results = threading.Event(), []

    def first() -> None:
        results.append(fetch_file(s, final, on_progress=lambda done, _p: started.set()))

    thread = threading.Thread(target=first)
    thread.start()
    try:
        assert started.wait(10)
        with pytest.raises(TransferError) as caught:
            fetch_file(s, final)
    finally:
        thread.join(30)
    assert str(caught.value) == f"{NAME} is already being downloaded by another Lokal window."
    assert caught.value.kind == "busy"
    assert results and sha(final) == s.sha256  # the first was not disturbed
    assert len(hub.gets(NAME)) == 1
    assert not lock_path(final).exists()  # removed when the transfer ended
    fetch_file(s, tmp_path / "again" / NAME)  # and the lock does not outlive it


# --- a storage server behind a redirect ----------------------------------------------------


def test_files_come_from_the_cdn_and_the_token_stays_with_the_hub(
    cdn_hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    final = tmp_path / NAME
    fetch_file(spec(cdn_hub, payload, {"Authorization": "Bearer hf_secret"}), final)
    assert sha(final) == hashlib.sha256(payload).hexdigest()
    hub_get, cdn_get = cdn_hub.gets(NAME)
    assert (hub_get.role, hub_get.status, cdn_get.role, cdn_get.status) == (
        "hub",
        302,
        "cdn",
        200,
    )
    assert hub_get.headers["authorization"] == "Bearer hf_secret"
    assert "authorization" not in cdn_get.headers
    assert cdn_hub.bytes_served(NAME) == SIZE


def test_resume_works_through_the_redirect(
    cdn_hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    final, s = tmp_path / NAME, spec(cdn_hub, payload)
    cdn_hub.faults.drop_after = SIZE // 3
    result = fetch_file(s, final, backoff=0.01)
    assert sha(final) == s.sha256 and result.retries == 1 and result.restarts == 0
    cdn_gets = [r for r in cdn_hub.gets(NAME) if r.role == "cdn"]
    assert [r.status for r in cdn_gets] == [200, 206]
    assert cdn_gets[1].headers["range"] == f"bytes={SIZE // 3}-"
    assert cdn_gets[1].headers["if-range"] == f'"{cdn_hub.etag(REPO, NAME)}"'
    assert cdn_hub.bytes_served(NAME) == SIZE


def test_a_cdn_without_etags_resumes_with_a_plain_range(
    cdn_hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    """No If-Range to a server that cannot evaluate it: it would send the whole file."""
    cdn_hub.faults.cdn_etag = False
    cdn_hub.faults.drop_after = SIZE // 3
    final, s = tmp_path / NAME, spec(cdn_hub, payload)
    with pytest.raises(TransferError):
        fetch_file(s, final, max_retries=0)
    record = read_json(sidecar_path(final)) or {}
    assert record["etag"] is None  # the CDN's
    assert record["linked_etag"] == f'"{cdn_hub.etag(REPO, NAME)}"'  # the Hub's, on the 302
    result = fetch_file(s, final)
    assert sha(final) == s.sha256 and result.resumed_from == SIZE // 3
    resumed = cdn_hub.gets(NAME)[-1]
    assert resumed.role == "cdn" and resumed.status == 206 and "if-range" not in resumed.headers
    assert cdn_hub.bytes_served(NAME) == SIZE


def test_a_changed_file_behind_a_cdn_without_etags_is_not_mixed_nor_installed(
    cdn_hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    cdn_hub.faults.cdn_etag = False
    cdn_hub.faults.drop_after = SIZE // 2
    final, s = tmp_path / NAME, spec(cdn_hub, payload)
    with pytest.raises(TransferError):
        fetch_file(s, final, max_retries=0)
    # The same commit and size, other bytes (a broken mirror or storage).
    cdn_hub.repos[REPO].files[NAME] = payload[: SIZE // 2] + bytes(SIZE - SIZE // 2)
    with pytest.raises(TransferError, match="did not match the checksum") as caught:
        fetch_file(s, final, backoff=0.01)
    assert caught.value.kind == "checksum"
    assert not final.exists() and not part_path(final).exists()
    after = [r for r in cdn_hub.gets(NAME) if r.role == "cdn"][1:]
    # The Hub's X-Linked-Etag changed: the part started over instead of being completed.
    assert [r.status for r in after] == [206, 200] and "range" not in after[1].headers


# --- a full disk, a trickle, a changed ETag, failures in a row -----------------------------


def test_a_full_disk_ends_with_one_sentence_and_keeps_the_part(
    hub: LocalHub, payload: bytes, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    final, s = tmp_path / NAME, spec(hub, payload)
    write = transfer._Part.write

    def disk_fills_at_half(part: transfer._Part, data: bytes) -> None:
        if part.offset + len(data) > SIZE // 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        write(part, data)

    monkeypatch.setattr(transfer._Part, "write", disk_fills_at_half)
    with pytest.raises(TransferError) as caught:
        fetch_file(s, final, chunk=64 * 1024)
    message = str(caught.value)
    assert message == "The disk is full; free some space and resume the download."
    assert caught.value.kind == "disk" and not caught.value.retryable
    kept = part_path(final).stat().st_size
    assert SIZE // 2 - 64 * 1024 <= kept <= SIZE // 2
    assert (read_json(sidecar_path(final)) or {})["durable"] == kept
    monkeypatch.setattr(transfer._Part, "write", write)  # space was freed
    result = fetch_file(s, final)
    assert sha(final) == s.sha256 and result.resumed_from == kept


@pytest.mark.timeout(30)  # without the watchdog the trickle would last for hours
def test_a_server_that_trickles_fires_the_watchdog(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    """A byte every 50 ms never lets a read time out, but it is a stall all the same."""
    hub.faults.trickle_after = SIZE // 2
    final, s = tmp_path / NAME, spec(hub, payload)
    with pytest.raises(TransferError, match="stalled") as caught:
        fetch_file(s, final, stall_timeout=0.5, max_retries=0)
    assert caught.value.kind == "stall"
    kept = part_path(final).stat().st_size
    assert SIZE // 2 < kept < SIZE // 2 + 1024
    result = fetch_file(s, final)
    assert sha(final) == s.sha256 and result.resumed_from == kept


def test_a_206_with_another_etag_restarts_from_zero(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    """A weak ETag is not sent in If-Range, so the server answers 206: for another version."""
    final, s = tmp_path / NAME, spec(hub, payload)
    leave_part(final, s, payload[: SIZE // 2], etag='W/"old"')
    result = fetch_file(s, final, backoff=0.01)
    assert sha(final) == s.sha256
    first, second = hub.gets(NAME)
    assert first.status == 206 and "if-range" not in first.headers
    assert second.status == 200 and "range" not in second.headers
    assert result.restarts == 1 and result.retries == 1


class RecordingControl(Control):
    def __init__(self) -> None:
        super().__init__()
        self.waits: list[float] = []

    def wait(self, seconds: float) -> bool:
        self.waits.append(seconds)
        return False


def test_the_backoff_doubles_and_is_capped(hub: LocalHub, payload: bytes, tmp_path: Path) -> None:
    hub.faults.status = 503
    control = RecordingControl()
    with pytest.raises(TransferError, match="tried 9 times"):
        fetch_file(spec(hub, payload), tmp_path / NAME, control=control, max_retries=9)
    waits = control.waits
    assert len(waits) == 9 and len(hub.gets(NAME)) == 10
    assert waits[0] == 1.0
    assert all(b == min(2 * a, transfer.MAX_BACKOFF) for a, b in itertools.pairwise(waits))
    assert waits[-1] == transfer.MAX_BACKOFF and waits.count(transfer.MAX_BACKOFF) >= 2


def test_a_lock_left_by_a_killed_download_neither_blocks_nor_stays(
    hub: LocalHub, payload: bytes, tmp_path: Path
) -> None:
    hub.faults.rate = 8 * 1024 * 1024
    os.environ["HF_ENDPOINT"] = hub.url
    control = Control()

    def pause_early(event: Event) -> None:
        if isinstance(event, Progress) and event.done > SIZE // 8:
            control.pause()

    entry = CatalogEntry("payload", "Payload", "", REPO, "main", "*.gguf", None)
    assert isinstance(download_model(entry, pause_early, root=tmp_path, control=control), Halted)
    final = tmp_path / "payload" / NAME
    lock_path(final).touch()  # what a download killed with SIGKILL leaves behind
    hub.faults.rate = None
    fetch_file(spec(hub, payload), tmp_path / "other" / NAME)  # (another file: unaffected)
    result = fetch_file(spec(hub, payload), final)  # the stale lock holds nothing
    assert result.resumed_from > SIZE // 8 and sha(final) == hashlib.sha256(payload).hexdigest()
    final.unlink()
    lock_path(final).touch()
    delete_model("payload", tmp_path)  # an unfinished download, deleted: nothing stays
    assert not (tmp_path / "payload").exists()
