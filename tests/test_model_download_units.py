"""The parts of a model download that need no server: speed and time left, the progress
throttle, split-model checks, the Hub's checksums and the catalog shipped with the app."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from app.core.models import download
from app.core.models.catalog import (
    CATALOG_ENV,
    CatalogEntry,
    default_entry,
    find_entry,
    load_catalog,
)
from app.core.models.download import (
    PROGRESS_INTERVAL,
    Event,
    Failed,
    Progress,
    Rate,
    _Reporter,
    check_shards,
    download_model,
)
from app.core.models.hub import RemoteFile, RemoteModel
from app.core.models.part_guard import Busy, exclusive
from tests.fixtures.local_hub import LocalHub

MB = 1_000_000
ROOT = Path(__file__).resolve().parent.parent


# --- speed and time left ------------------------------------------------------------------


def test_a_steady_rate_gives_its_speed_and_the_time_left() -> None:
    rate = Rate()
    assert rate.eta(100 * MB) is None  # no speed yet
    for second in range(6):
        rate.update(float(second), second * 20 * MB)  # 20 MB every second
    assert rate.speed == pytest.approx(20 * MB)
    assert rate.eta(100 * MB) == pytest.approx(5.0)


def test_the_speed_follows_a_change_smoothly() -> None:
    rate = Rate(half_life=3.0)
    fetched = 0
    rate.update(0.0, fetched)
    for second in range(1, 4):
        fetched += 20 * MB
        rate.update(float(second), fetched)
    fetched += 5 * MB  # the connection slows to 5 MB/s
    rate.update(4.0, fetched)
    assert 5 * MB < rate.speed < 20 * MB  # between: one slow second is not the new speed
    first_after = rate.speed
    for second in range(5, 40):
        fetched += 5 * MB
        rate.update(float(second), fetched)
    assert rate.speed < first_after and rate.speed == pytest.approx(5 * MB, rel=0.01)


def test_samples_closer_than_a_fifth_of_a_second_are_not_taken() -> None:
    rate = Rate()
    rate.update(0.0, 0)
    rate.update(0.05, 50 * MB)  # a burst out of a buffer is not a speed
    assert rate.speed == 0.0
    rate.update(1.0, 10 * MB)
    assert rate.speed == pytest.approx(10 * MB)


# --- the progress throttle ----------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_progress_reaches_the_caller_a_few_times_a_second_and_always_at_the_end(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = FakeClock()
    monkeypatch.setattr(download.time, "monotonic", clock)
    size = 40 * MB
    remote = RemoteModel("org/m", "c" * 40, (RemoteFile("m.gguf", size, "0" * 64, "u"),))
    events: list[Event] = []
    report = _Reporter("m", remote, events.append)
    report.start_file("m.gguf", 1, size)
    seconds, calls = 3.0, 3000  # a callback every millisecond
    for i in range(1, calls + 1):
        clock.now += seconds / calls
        report(size * i // calls, "downloading")
    progress = [e for e in events if isinstance(e, Progress)]
    assert len(progress) <= seconds / PROGRESS_INTERVAL + 1  # never more often
    assert len(progress) >= seconds / PROGRESS_INTERVAL - 1  # but steadily
    assert progress[-1].done == progress[-1].total == size  # the end always arrives
    assert progress[-1].speed == pytest.approx(size / seconds, rel=0.05)
    assert progress[-1].eta == 0.0
    middle = progress[len(progress) // 2]
    assert middle.eta == pytest.approx((size - middle.done) / middle.speed)


# --- split models -------------------------------------------------------------------------


def remote(*names: str) -> RemoteModel:
    return RemoteModel("org/m", "c" * 40, tuple(RemoteFile(n, 1, "0" * 64, "u") for n in names))


def test_a_complete_split_model_passes() -> None:
    assert check_shards(remote("m-00001-of-00002.gguf", "m-00002-of-00002.gguf")) is None
    assert check_shards(remote("m.gguf")) is None


@pytest.mark.parametrize(
    ("names", "words"),
    [
        (("m-00001-of-00003.gguf", "m-00003-of-00003.gguf"), "does not list every part"),
        (("m-00001-of-00002.gguf", "m-00002-of-00003.gguf"), "does not list every part"),
        (("m-00001-of-00002.gguf", "other-00002-of-00002.gguf"), "parts of different models"),
        (("m-00001-of-00002.gguf", "m-00002-of-00002.gguf", "m.gguf"), "different models"),
        (("a.gguf", "b.gguf"), "several model files"),
    ],
)
def test_incomplete_or_mixed_split_models_are_refused(names: tuple[str, ...], words: str) -> None:
    message = check_shards(remote(*names))
    assert message is not None and words in message
    assert message.startswith("org/m ") and message.endswith(".") and "\n" not in message


# --- the Hub's checksums ------------------------------------------------------------------


def test_a_hub_file_without_an_lfs_checksum_is_refused(tmp_path: Path) -> None:
    with LocalHub() as hub:
        repo = hub.add_repo("org/m-GGUF", {"m.gguf": b"GGUF" * 64})
        repo.in_git.add("m.gguf")
        os.environ["HF_ENDPOINT"] = hub.url
        events: list[Event] = []
        entry = CatalogEntry("m", "M", "", "org/m-GGUF", "main", "*.gguf", None)
        final = download_model(entry, events.append, root=tmp_path)
        assert hub.gets("m.gguf") == []
    assert isinstance(final, Failed) and not final.resumable
    assert final.message == (
        "The Hub gave no checksum for m.gguf; Lokal only installs files it can verify."
    )
    assert not (tmp_path / "m").exists()


# --- the catalog shipped with the app -----------------------------------------------------


def test_the_shipped_catalog_offers_gpt_oss_20b_by_default_and_120b_in_parts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(CATALOG_ENV, raising=False)
    catalog = load_catalog()
    small, large = find_entry("gpt-oss-20b", catalog), find_entry("gpt-oss-120b", catalog)
    assert small is not None and large is not None
    assert default_entry(catalog) == small
    assert (small.repo, large.repo) == ("ggml-org/gpt-oss-20b-GGUF", "ggml-org/gpt-oss-120b-GGUF")
    assert small.matches("gpt-oss-20b-mxfp4.gguf")
    parts = [f"gpt-oss-120b-mxfp4-{i:05d}-of-00003.gguf" for i in (1, 2, 3)]
    assert all(large.matches(p) for p in parts)
    assert check_shards(remote(*parts)) is None
    assert not small.matches(parts[0]) and not large.matches("gpt-oss-20b-mxfp4.gguf")
    assert not large.matches("gpt-oss-120b-mxfp4-00001-of-00003.gguf.part")


# --- one writer per part ------------------------------------------------------------------

HOLDER = """
import sys, time
from pathlib import Path
from app.core.models.part_guard import exclusive
with exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def test_the_lock_is_held_by_one_process_and_freed_when_it_is_killed(tmp_path: Path) -> None:
    lock = tmp_path / "m.gguf.part.lock"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(Busy), exclusive(lock):
            pass
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    assert lock.exists()  # a killed holder leaves the file, but not the lock
    with exclusive(lock), pytest.raises(Busy), exclusive(lock):  # twice in one process, too
        pass
    assert not lock.exists()
