"""Saved prompt caches: a conversation's KV state on disk, so reopening it costs no prompt.

One file per conversation and model setup, in the data folder's prompt-cache
folder. A file holds what the state is only valid for (the setup digest: model
file, llama.cpp build, context settings), the exact tokens the state holds and
the state bytes, with a SHA-256 over tokens and state: a truncated or damaged
file is recognised, logged, removed and never handed to llama.cpp.

Layout: ``MAGIC``, a 4-byte little-endian header length, the header (JSON),
the tokens (int32, little-endian), the state bytes.

The files hold the conversation (its tokens), so they are treated like the
history: deleting a conversation overwrites its files with zeros before
removing them, and leaves a name-only mark so a save still under way for it
cannot bring one back. Nothing here imports llama.cpp; the engine process
passes the state bytes in and out (see prompt_cache_turns.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import logging
import mmap
import os
import queue
import re
import sys
import threading
import time
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger("lokal.engine.prompt_cache")

MAGIC = b"LOKALKV1"
# 2: the state holds every KV cell where a cold evaluation puts it (llama.cpp's sequence -1),
# which version 1's files (the visible cells only, moved to the start) do not.
VERSION = 2
SUFFIX = ".kvc"
TEMPORARY_SUFFIX = ".tmp"
FORGOTTEN = "forgotten"  # conversation ids whose caches were deleted: empty files, names only
DEFAULT_MAX_BYTES = 2 * 1000**3
_CHUNK = 1 << 20
_HEADER_LIMIT = 1 << 16  # a longer header is damage, not a header
_FIELDS = ("version", "conversation", "setup", "tokens", "tokens_sha256", "state_bytes", "sha256")

# The name llama.cpp gives each file of a split model (gguf-split).
_SHARD = re.compile(r"^(?P<stem>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf$")


@dataclass(frozen=True)
class CacheSetup:
    """What a saved state is only valid for."""

    model: str  # model_identity() of the model file
    build: str  # the llama.cpp build (library hash and CPU features)
    context: str  # n_ctx, KV cache type, flash attention, offload

    def digest(self) -> str:
        text = json.dumps([self.model, self.build, self.context])
        return hashlib.sha256(text.encode()).hexdigest()


@dataclass(frozen=True)
class Snapshot:
    """A conversation's KV state and the tokens it holds."""

    conversation_id: int
    setup: str  # CacheSetup.digest()
    tokens: tuple[int, ...]
    state: bytes | bytearray | memoryview


def model_identity(path: Path) -> str:
    """The model file's identity: size, modification time and SHA-256 of its first and last
    MiB, for each shard. Hashing all of a 12 GB file would take a minute at every load; a
    changed file changes its size, its time or these bytes."""
    digest = hashlib.sha256()
    for shard in _shards(path):
        stat = shard.stat()
        digest.update(f"{shard.name}:{stat.st_size}:{stat.st_mtime_ns}".encode())
        with shard.open("rb") as handle:
            digest.update(handle.read(_CHUNK))
            handle.seek(max(0, stat.st_size - _CHUNK))
            digest.update(handle.read(_CHUNK))
    return digest.hexdigest()


def _shards(path: Path) -> list[Path]:
    """The files of a split model (llama.cpp's -00001-of-0000N.gguf names) that exist;
    just [path] for a single file. The engine does not check a split model is whole:
    loading it did."""
    match = _SHARD.match(path.name)
    if not match or int(match["index"]) != 1:
        return [path]
    count = int(match["count"])
    names = (f"{match['stem']}-{i:05d}-of-{count:05d}.gguf" for i in range(1, count + 1))
    return [shard for shard in (path.with_name(name) for name in names) if shard.is_file()]


def token_bytes(tokens: Sequence[int]) -> bytes:
    values = array("i", tokens)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tobytes()


def tokens_from_bytes(data: bytes) -> tuple[int, ...]:
    values = array("i")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return tuple(values)


def tokens_digest(tokens: Sequence[int]) -> str:
    return hashlib.sha256(token_bytes(tokens)).hexdigest()


class CacheFolder:
    """The prompt-cache folder: save, find, evict and forget conversations' files."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    # --- names --------------------------------------------------------------

    def path_for(self, conversation_id: int, setup: str) -> Path:
        return self.folder / f"c{conversation_id}-{setup[:16]}{SUFFIX}"

    def files_of(self, conversation_id: int) -> list[Path]:
        """The conversation's cache files, finished or being written."""
        if not self.folder.is_dir():
            return []
        prefix = f"c{conversation_id}-"
        return [p for p in self.folder.iterdir() if p.name.startswith(prefix) and p.is_file()]

    def cache_files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return [p for p in self.folder.iterdir() if p.name.endswith(SUFFIX) and p.is_file()]

    def bytes_used(self) -> int:
        return sum(_size(p) for p in self.cache_files())

    # --- forgetting ---------------------------------------------------------

    def is_forgotten(self, conversation_id: int) -> bool:
        return (self.folder / FORGOTTEN / str(conversation_id)).exists()

    def forget(self, conversation_id: int) -> int:
        """The conversation was deleted: overwrite and remove its files; returns how many.

        The mark is written first, so a save that finishes after this call sees it
        and throws its file away instead of keeping it.
        """
        marks = self.folder / FORGOTTEN
        marks.mkdir(parents=True, exist_ok=True)
        (marks / str(conversation_id)).touch()
        removed = 0
        for path in self.files_of(conversation_id):
            secure_delete(path)
            removed += 1
        return removed

    # --- writing ------------------------------------------------------------

    def save(self, snapshot: Snapshot, max_bytes: int) -> Path | None:
        """Write the snapshot (atomically), then evict the least recently used files
        beyond ``max_bytes``. None when it was not kept: too big for the budget, or
        its conversation was deleted meanwhile."""
        tokens = token_bytes(snapshot.tokens)
        size_estimate = len(tokens) + len(snapshot.state) + 1024
        if size_estimate > max_bytes or self.is_forgotten(snapshot.conversation_id):
            return None
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path_for(snapshot.conversation_id, snapshot.setup)
        temporary = target.with_name(target.name + TEMPORARY_SUFFIX)
        checksum = hashlib.sha256(tokens)
        checksum.update(snapshot.state)
        header = json.dumps(
            {
                "version": VERSION,
                "conversation": snapshot.conversation_id,
                "setup": snapshot.setup,
                "tokens": len(snapshot.tokens),
                "tokens_sha256": hashlib.sha256(tokens).hexdigest(),
                "state_bytes": len(snapshot.state),
                "sha256": checksum.hexdigest(),
            }
        ).encode()
        try:
            with temporary.open("wb") as handle:
                handle.write(MAGIC + len(header).to_bytes(4, "little") + header)
                handle.write(tokens)
                handle.write(snapshot.state)
                handle.flush()
                os.fsync(handle.fileno())
            if self.is_forgotten(snapshot.conversation_id):
                secure_delete(temporary)
                return None
            os.replace(temporary, target)
        except FileNotFoundError:
            return None  # forgotten while it was written: forget() took the file
        except BaseException:
            with contextlib.suppress(OSError):
                secure_delete(temporary)
            raise
        self.evict(max_bytes, keep=target)
        return target

    def evict(self, max_bytes: int, keep: Path | None = None) -> list[Path]:
        """Remove the least recently used files until the rest fit ``max_bytes``."""
        files = sorted(self.cache_files(), key=_used_at)
        total = sum(_size(p) for p in files)
        removed = []
        for path in files:
            if total <= max_bytes:
                break
            if path == keep:
                continue
            total -= _size(path)
            secure_delete(path)
            removed.append(path)
        return removed

    # --- reading ------------------------------------------------------------

    def load(self, conversation_id: int, setup: str, prompt: Sequence[int]) -> Snapshot | None:
        """The conversation's saved state for this setup, if ``prompt`` goes on from its
        tokens (only a state the prompt goes on from is restored: see prompt_cache_turns.py).
        Damaged files are logged and removed; None then."""
        path = self.path_for(conversation_id, setup)
        try:
            handle = path.open("rb")
        except FileNotFoundError:
            return None
        with handle:
            try:
                header = _read_header(handle, path)
                if header["setup"] != setup or header["conversation"] != conversation_id:
                    log.info("prompt cache %s is for another setup: not used", path.name)
                    return None
                n_tokens, n_state = int(header["tokens"]), int(header["state_bytes"])
                expected = handle.tell() + 4 * n_tokens + n_state
                if n_tokens < 0 or n_state < 0 or os.fstat(handle.fileno()).st_size != expected:
                    raise _Damaged(path, "its size is wrong (truncated or extended)")
                token_data = _read_exactly(handle, 4 * n_tokens, path)
                if hashlib.sha256(token_data).hexdigest() != header["tokens_sha256"]:
                    raise _Damaged(path, "its tokens do not match their checksum")
                tokens = tokens_from_bytes(token_data)
                if not tokens or tuple(prompt[: len(tokens)]) != tokens:
                    return None  # the prompt does not go on from it: the state is not read
                state = bytearray(n_state)
                if handle.readinto(state) != len(state) or handle.read(1):
                    raise _Damaged(path, "its size is wrong (truncated or extended)")
                checksum = hashlib.sha256(token_data)
                checksum.update(state)
                if checksum.hexdigest() != header["sha256"]:
                    raise _Damaged(path, "its checksum does not match")
            except (_Damaged, ValueError, TypeError) as damage:  # wrong kinds in the header too
                reason = damage.reason if isinstance(damage, _Damaged) else "its header is damaged"
                log.warning("prompt cache %s ignored: %s", path.name, reason)
                handle.close()
                with contextlib.suppress(OSError):
                    secure_delete(path)
                return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: the last to be evicted
        return Snapshot(conversation_id, setup, tokens, state)


class _Damaged(Exception):
    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.reason = reason


def _read_exactly(handle: Any, n: int, path: Path) -> bytes:
    data: bytes = handle.read(n)
    if len(data) != n:
        raise _Damaged(path, "it is truncated")
    return data


def _read_header(handle: Any, path: Path) -> dict[str, Any]:
    start = _read_exactly(handle, len(MAGIC) + 4, path)
    if start[: len(MAGIC)] != MAGIC:
        raise _Damaged(path, "it is not a prompt cache of this version")
    length = int.from_bytes(start[len(MAGIC) :], "little")
    if length > _HEADER_LIMIT:
        raise _Damaged(path, "its header is damaged")
    try:
        header = json.loads(_read_exactly(handle, length, path))
    except ValueError:
        raise _Damaged(path, "its header is damaged") from None
    if not isinstance(header, dict) or any(name not in header for name in _FIELDS):
        raise _Damaged(path, "its header is damaged")
    if header["version"] != VERSION:
        raise _Damaged(path, f"it holds a state of format {header['version']}, not {VERSION}")
    return header


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _used_at(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def secure_delete(path: Path) -> None:
    """Overwrite the file with zeros, flush that to the disk, then remove it.

    The same promise as the store's secure_delete: what a deleted conversation said
    is not left in free space of this file system for a simple scan to find.
    """
    try:
        with path.open("r+b") as handle:
            remaining = os.fstat(handle.fileno()).st_size
            zeros = bytes(min(_CHUNK, remaining))
            while remaining > 0:
                remaining -= handle.write(zeros[: min(_CHUNK, remaining)])
            handle.flush()
            os.fsync(handle.fileno())
    except FileNotFoundError:
        return
    path.unlink(missing_ok=True)


def forget_conversation(folder: Path, conversation_id: int) -> int:
    """Delete a conversation's prompt caches for good (see CacheFolder.forget)."""
    return CacheFolder(folder).forget(conversation_id)


@dataclass
class WriterStats:
    saves: int = 0
    write_seconds: list[float] = field(default_factory=list)


class CacheWriter:
    """Writes snapshots on its own thread, so the engine answers the next question at once.

    File writes and hashing release the GIL, so the engine's loop is not held up
    while a state of hundreds of megabytes goes to disk.
    """

    def __init__(self) -> None:
        self._jobs: queue.Queue[
            tuple[CacheFolder, Snapshot, int, Callable[[], None] | None] | Callable[[], None] | None
        ] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="prompt-cache-writer", daemon=True)
        self._thread.start()
        self.stats = WriterStats()

    def submit(
        self,
        folder: CacheFolder,
        snapshot: Snapshot,
        max_bytes: int,
        written: Callable[[], None] | None = None,
    ) -> None:
        """Write the snapshot on the writer's thread; then call ``written`` there (written
        or not), e.g. to hand its buffer back."""
        self._jobs.put((folder, snapshot, max_bytes, written))

    def run(self, task: Callable[[], None]) -> None:
        """Do ``task`` on the writer's thread, after the writes submitted before it."""
        self._jobs.put(task)

    def wait(self) -> None:
        """Until every submitted snapshot is written (or given up)."""
        self._jobs.join()

    def close(self) -> None:
        self._jobs.put(None)
        self._thread.join()

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            try:
                if job is None:
                    return
                if callable(job):
                    job()
                    continue
                folder, snapshot, max_bytes, written = job
                started = time.perf_counter()
                try:
                    folder.save(snapshot, max_bytes)
                except OSError as exc:  # a full or read-only disk: the next answer tries again
                    log.warning("prompt cache not saved: %s", exc)
                    continue
                finally:
                    if written is not None:
                        written()
                self.stats.saves += 1
                self.stats.write_seconds.append(time.perf_counter() - started)
            finally:
                self._jobs.task_done()


class StateBuffers:
    """Buffers for KV states whose pages are already in memory.

    Copying a state of hundreds of MB out of llama.cpp into fresh memory costs a page
    fault per page (zeroed first; in the engine process, whose malloc asks for huge
    pages, the kernel may compact memory first): 60-750 ms for a 94 MiB state on the
    build machine, where the copy itself took 7-17 ms (bench/prompt_cache_copy.py).
    After each write the writer's thread keeps or makes the buffer for the next copy,
    touching its pages with the GIL released, so the engine's loop only copies.
    """

    HEADROOM = 1.25  # the conversation grows: room for the next few turns
    _GRAIN = 2 << 20
    # The ready buffer is about 1.25 x the state (~480 MiB for 8,192 tokens of the 20B
    # model): memory a 16 GB laptop's other programs need while nobody is chatting. Kept
    # over the pauses between turns (a reply takes seconds to read and answer), given
    # back after a minute without use; the next save then allocates its own, as the first.
    IDLE_RELEASE_S = 60.0

    def __init__(
        self, clock: Callable[[], float] = time.monotonic, idle_release_s: float | None = None
    ) -> None:
        self._lock = threading.Lock()
        self._spare: mmap.mmap | None = None
        self._clock = clock
        self.idle_release_s = self.IDLE_RELEASE_S if idle_release_s is None else idle_release_s
        self._used_at = clock()  # when a buffer was last taken or made ready
        self._lent = 0  # buffers taken for a copy and not yet handed back (being written)
        self._last_size = 0  # the size of the last state copied out
        self._preparing = False

    @property
    def spare_bytes(self) -> int:
        with self._lock:
            return len(self._spare) if self._spare is not None else 0

    def take(self, size: int) -> mmap.mmap | bytearray:
        """A buffer of at least ``size`` bytes: the ready one if it is big enough, else a
        new one (its pages faulted in by the copy)."""
        with self._lock:
            spare, self._spare = self._spare, None
            self._lent += 1
            self._used_at = self._clock()
        if spare is not None and len(spare) >= size:
            return spare
        if spare is not None:
            spare.close()
        return bytearray(size)

    def ready(self, size: int, used: mmap.mmap | bytearray | None = None) -> None:
        """On the writer's thread, after a write: keep ``used`` (if it is one of ours and
        still big enough) or make and touch a buffer for a state of about ``size`` bytes."""
        try:
            fresh = self._fresh(size, used)
        finally:
            with self._lock:
                if used is not None:
                    self._lent -= 1
                self._used_at = self._clock()
                self._last_size = size
        if fresh is None:
            return
        with self._lock:
            old, self._spare = self._spare, fresh
        if old is not None and old is not fresh:
            old.close()

    def _fresh(self, size: int, used: mmap.mmap | bytearray | None) -> mmap.mmap | None:
        if isinstance(used, mmap.mmap) and len(used) >= size:
            return used
        capacity = -(-int(size * self.HEADROOM) // self._GRAIN) * self._GRAIN
        try:
            fresh = mmap.mmap(-1, capacity)
        except OSError:  # no memory to spare: the next copy allocates its own
            return None
        view = ctypes.c_char.from_buffer(fresh)
        ctypes.memset(ctypes.addressof(view), 0, capacity)  # faults the pages in
        del view
        if isinstance(used, mmap.mmap):
            used.close()
        return fresh

    def put_back(self, used: mmap.mmap | bytearray) -> None:
        """A taken buffer the copy did not use (it failed): ready again as it is."""
        with self._lock:
            self._lent -= 1
            self._used_at = self._clock()
            if isinstance(used, mmap.mmap) and self._spare is None:
                self._spare = used
                return
        if isinstance(used, mmap.mmap):
            used.close()

    def preparation(self) -> Callable[[], None] | None:
        """After an idle release, when a turn starts: the task (for the writer's thread)
        that makes a buffer ready again for the state it will save; None if one is ready,
        lent, already being made, or no state was copied yet."""
        with self._lock:
            if self._spare is not None or self._lent or self._preparing or not self._last_size:
                return None
            self._preparing = True
            size = self._last_size

        def prepare() -> None:
            try:
                self.ready(size)
            finally:
                with self._lock:
                    self._preparing = False

        return prepare

    def idle_wait(self) -> float | None:
        """Seconds until the ready buffer is to be given back for want of use (then call
        release_if_idle); None while there is nothing to give back."""
        with self._lock:
            if self._spare is None and self._lent == 0:
                return None
            if self._lent:  # being written: it comes back ready, look again after a while
                return self.idle_release_s
            return max(0.0, self._used_at + self.idle_release_s - self._clock())

    def release_if_idle(self) -> bool:
        """Give the ready buffer back if it went unused for idle_release_s; True if it did."""
        with self._lock:
            if self._spare is None or self._lent:
                return False
            if self._clock() - self._used_at < self.idle_release_s:
                return False
            old, self._spare = self._spare, None
        old.close()
        return True

    def release(self) -> None:
        """Give the ready buffer's memory back (the model is unloaded)."""
        with self._lock:
            old, self._spare = self._spare, None
        if old is not None:
            old.close()
