"""Download a catalog model: ask the Hub, check the disk, fetch every file, verify, install.

``download_model`` runs in the caller's thread (a worker thread in the window,
the main thread in the terminal) and reports through ``emit``: progress a few
times a second, then exactly one final event (installed, stopped or failed).
Pausing or cancelling is ``control.pause()`` / ``control.cancel()`` from any
thread. A paused, crashed or killed download continues from its part files the
next time; download.json in the model's folder says that one was started, and
says "paused" when the user paused it (the window then waits for them to resume
it instead of resuming it by itself).
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.models.catalog import CatalogEntry
from app.core.models.hub import HubError, RemoteModel, lookup, request_headers
from app.core.models.installed import (
    SHARD,
    InstalledModel,
    discard_download,
    free_space,
    mark_paused,
    write_manifest,
)
from app.core.models.layout import (
    DOWNLOAD,
    MANIFEST,
    UnsafeNameError,
    model_folder,
    part_path,
    read_json,
    write_json,
)
from app.core.models.token import redact
from app.core.models.transfer import Control, FileSpec, Stopped, TransferError, fetch_file
from app.core.paths import models_dir
from app.core.quantity import Number, decimal_size
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence, message_of

#: Free space kept beyond the download itself, for the system and the app's own files.
SPACE_MARGIN = 512 * 1024 * 1024
PROGRESS_INTERVAL = 0.25  # seconds between progress events (a few per second)

Phase = Literal["looking up", "checking", "downloading"]


@dataclass(frozen=True)
class Progress:
    model: str
    phase: Phase
    file: str
    file_index: int  # 1-based
    file_count: int
    done: int  # bytes of the whole model on disk and verified so far
    total: int
    speed: float  # bytes per second, recent
    eta: float | None  # seconds left, when the speed is known


@dataclass(frozen=True)
class Installed:
    model: str
    installed: InstalledModel
    fetched: int  # bytes received over the network in this run


@dataclass(frozen=True)
class Halted:
    model: str
    paused: bool  # False: cancelled, and its files were removed


@dataclass(frozen=True)
class Failed:
    model: str
    message: str
    resumable: bool  # the part files were kept; "resume" continues
    needs_token: bool = False  # the Hub wants a Hugging Face token (gated, private, refused)
    #: what only downloading again from the start helps: "checksum" (a file arrived damaged)
    #: or "revision" (the Hub no longer has the version the download began with)
    failure: str | None = None


Event = Progress | Installed | Halted | Failed
Emit = Callable[[Event], None]
FreeSpace = Callable[[Path], int]


class Rate:
    """Download speed, smoothed over the last seconds, and the time left."""

    def __init__(self, half_life: float = 3.0) -> None:
        self.half_life = half_life
        self.speed = 0.0
        self._last: tuple[float, int] | None = None

    def update(self, now: float, fetched: int) -> None:
        if self._last is None:
            self._last = (now, fetched)
            return
        then, before = self._last
        dt = now - then
        if dt < 0.2:
            return
        sample = (fetched - before) / dt
        weight = 0.5 ** (dt / self.half_life)
        self.speed = sample if self.speed == 0 else weight * self.speed + (1 - weight) * sample
        self._last = (now, fetched)

    def eta(self, remaining: int) -> float | None:
        return remaining / self.speed if self.speed > 0 else None


def check_shards(remote: RemoteModel) -> Sentence | None:
    """A sentence if a split model's shards are not all listed, or are not of one model."""
    shards = [SHARD.match(f.name) for f in remote.files]
    if not any(shards):
        if len(remote.files) == 1:
            return None
        return Sentence(QT_TRANSLATE_NOOP("core", "%1 lists several model files."), remote.repo)
    if not all(shards) or len({m["stem"] for m in shards if m}) != 1:
        return Sentence(
            QT_TRANSLATE_NOOP(
                "core", "%1 lists parts of different models; Lokal cannot tell which to use."
            ),
            remote.repo,
        )
    counts = {int(m["count"]) for m in shards if m}
    indexes = [int(m["index"]) for m in shards if m]
    if len(counts) != 1 or sorted(indexes) != list(range(1, counts.pop() + 1)):
        return Sentence(
            QT_TRANSLATE_NOOP("core", "%1 does not list every part of the split model."),
            remote.repo,
        )
    return None


def space_needed(remote: RemoteModel, folder: Path) -> int:
    """Bytes still to be written: what the parts and finished files do not hold yet."""
    needed = 0
    for f in remote.files:
        final = folder / f.name
        if final.is_file() and final.stat().st_size == f.size:
            continue
        part = part_path(final)
        have = part.stat().st_size if part.is_file() else 0
        needed += max(0, f.size - min(have, f.size))
    return needed


def preflight(remote: RemoteModel, folder: Path, free: FreeSpace) -> Sentence | None:
    """A sentence if the disk cannot hold the rest of the download (with a margin)."""
    needed = space_needed(remote, folder)
    available = free(folder)
    if needed + SPACE_MARGIN <= available:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "There is not enough free space in %1: the download needs %2 more "
            "(and %3 to spare), and only %4 is free.",
        ),
        str(folder.parent),
        gigabytes(needed),
        gigabytes(SPACE_MARGIN),
        gigabytes(available),
    )


def gigabytes(n: int) -> Number:
    return decimal_size(n)


def amount(done: int, total: int) -> str:
    """'5.5 of 12.1 GB': both in the total's unit."""
    scale, unit = (1e9, "GB") if total >= 1e9 else (1e6, "MB")
    return f"{done / scale:.1f} of {total / scale:.1f} {unit}"


def started_commit(folder: Path, entry: CatalogEntry) -> str | None:
    """The Hub version an unfinished download began with: resuming continues that one."""
    started = read_json(folder / DOWNLOAD)
    if started and started.get("repo") == entry.repo and isinstance(started.get("commit"), str):
        return str(started["commit"])
    return None


def download_model(
    entry: CatalogEntry,
    emit: Emit,
    *,
    control: Control | None = None,
    token: str | None = None,
    root: Path | None = None,
    revision: str | None = None,
    free: FreeSpace = free_space,
    stall_timeout: float = 30.0,
    backoff: float = 1.0,
    fresh: bool = False,
) -> Event:
    """Download and install ``entry``; the final event is also returned.

    ``fresh``: what an earlier attempt left is discarded and the catalog's version is
    fetched ("Download again" after a damaged file or a version the Hub no longer has).
    """
    control = control or Control()
    root = root or models_dir()
    if fresh:
        discard_download(model_folder(entry.name, root))

    def finish(event: Event) -> Event:
        emit(event)
        return event

    try:
        folder = model_folder(entry.name, root)
        emit(Progress(entry.name, "looking up", "", 0, 0, 0, 0, 0.0, None))
        started = started_commit(folder, entry)
        revision = revision or started or entry.revision
        try:
            remote = lookup(entry.repo, revision, entry.matches, token)
        except HubError as exc:
            if exc.kind != "revision" or revision != started:
                raise
            gone = Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "The version of %1 this download began with is no longer on the Hub."
                ),
                entry.label,
            )
            return finish(_failed(folder, Failed(entry.name, gone, False, failure="revision")))
        problem = check_shards(remote) or preflight(remote, folder, free)
        if problem:
            return finish(Failed(entry.name, problem, resumable=False))
        if (folder / MANIFEST).exists():
            installed = Sentence(QT_TRANSLATE_NOOP("core", "%1 is already installed."), entry.label)
            return finish(Failed(entry.name, installed, False))
        write_json(
            folder / DOWNLOAD,
            {
                "name": entry.name,
                "label": entry.label,
                "repo": remote.repo,
                "commit": remote.commit,
                "files": [
                    {"name": f.name, "size": f.size, "sha256": f.sha256} for f in remote.files
                ],
            },
        )
        fetched = _fetch_all(entry, remote, folder, emit, control, token, stall_timeout, backoff)
        files = [{"name": f.name, "size": f.size, "sha256": f.sha256} for f in remote.files]
        model = write_manifest(
            folder,
            name=entry.name,
            label=entry.label,
            source="hub",
            files=files,
            repo=remote.repo,
            commit=remote.commit,
        )
        (folder / DOWNLOAD).unlink(missing_ok=True)
        return finish(Installed(entry.name, model, fetched))
    except Stopped:
        folder = model_folder(entry.name, root)
        if control.reason == "cancel":
            discard_download(folder)
            _remove_empty(folder)
        elif control.reason == "pause":
            mark_paused(folder)
        return finish(Halted(entry.name, control.reason != "cancel"))
    except (HubError, UnsafeNameError) as exc:
        needs_token = getattr(exc, "needs_token", False)
        return finish(Failed(entry.name, redact(message_of(exc)), False, needs_token))
    except TransferError as exc:
        checksum = exc.kind == "checksum"
        failed = Failed(
            entry.name,
            redact(message_of(exc)),
            not checksum,
            exc.kind == "auth",
            failure="checksum" if checksum else None,
        )
        return finish(_failed(model_folder(entry.name, root), failed) if checksum else failed)
    except OSError as exc:
        message = Sentence(
            QT_TRANSLATE_NOOP("core", "The model could not be saved (%1)."),
            str(exc.strerror or exc),
        )
        return finish(Failed(entry.name, redact(message), resumable=True))


def _failed(folder: Path, event: Failed) -> Failed:
    """Record in download.json why the download cannot go on, so the Models window says so
    after a restart too (and offers to download again), not "paused at 0 of …"."""
    data = read_json(folder / DOWNLOAD)
    if data:
        with contextlib.suppress(OSError):
            write_json(folder / DOWNLOAD, {**data, "failure": event.failure})
    return event


def _remove_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty: files Lokal did not put there stay
        folder.rmdir()


class _Reporter:
    """Turns one file's offsets into throttled progress for the whole model."""

    def __init__(self, model: str, remote: RemoteModel, emit: Emit) -> None:
        self.model, self.emit = model, emit
        self.total, self.count = remote.size, len(remote.files)
        self.rate = Rate()
        self.received = 0  # bytes counted for the speed
        self.done_before = 0  # bytes of the files already finished
        self.last_emit = 0.0
        self.file, self.index, self.size = "", 0, 0
        self.previous: int | None = None

    def start_file(self, name: str, index: int, size: int) -> None:
        self.file, self.index, self.size, self.previous = name, index, size, None

    def __call__(self, done: int, phase: Literal["checking", "downloading"]) -> None:
        now = time.monotonic()
        if phase == "downloading":
            if self.previous is not None:
                # A restart from zero makes the offset smaller: then all of it is new.
                self.received += done - self.previous if done >= self.previous else done
            self.previous = done
            self.rate.update(now, self.received)
        if now - self.last_emit < PROGRESS_INTERVAL and done < self.size:
            return
        self.last_emit = now
        overall = self.done_before + done
        eta = self.rate.eta(self.total - overall) if phase == "downloading" else None
        self.emit(
            Progress(
                self.model,
                phase,
                self.file,
                self.index,
                self.count,
                overall,
                self.total,
                self.rate.speed,
                eta,
            )
        )


def _fetch_all(
    entry: CatalogEntry,
    remote: RemoteModel,
    folder: Path,
    emit: Emit,
    control: Control,
    token: str | None,
    stall_timeout: float,
    backoff: float,
) -> int:
    headers = request_headers(token)
    report = _Reporter(entry.name, remote, emit)
    fetched = 0
    for index, f in enumerate(remote.files, start=1):
        final = folder / f.name
        if not (final.is_file() and final.stat().st_size == f.size):
            # (A finished file was verified before it was renamed into place.)
            report.start_file(f.name, index, f.size)
            result = fetch_file(
                FileSpec(f.url, f.size, f.sha256, headers),
                final,
                control=control,
                on_progress=report,
                stall_timeout=stall_timeout,
                backoff=backoff,
            )
            fetched += result.fetched
        report.done_before += f.size
    return fetched
