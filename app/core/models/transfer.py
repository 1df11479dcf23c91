"""One file over HTTP, resumable after anything: pause, crash, kill -9, reboot, lost network.

Bytes go into ``<file>.part`` as they arrive, and a sidecar ``<file>.part.json``
records the URL, the server's ETag, the size and the sha256 the Hub listed. On
the next attempt the part is re-hashed (the hash state cannot be saved) and the
rest is asked for with ``Range`` and ``If-Range``: a server that ignores the
range, or whose ETag has changed, answers with the whole file, and the part
starts over from zero, so old and new bytes never mix.

Storage servers that send no ETag (the Hub's redirects lead to some) get no
``If-Range``, which they could not evaluate; the validator is then the URL
pinned to one commit, the size in ``Content-Range``, the ETag the Hub itself
gave on the redirect (``X-Linked-Etag``) and, in the end, the sha256.

A killed process loses nothing it wrote, but a power loss or reboot can lose
what the OS had not yet flushed, leaving garbage at the part's end. So the part
is flushed every ``SYNC_BYTES`` or ``SYNC_SECONDS`` and the sidecar records the
offset flushed and the boot it happened in; a part from an earlier boot is cut
back to that offset before it is used. A lock file beside the part keeps a
second process from writing the same part. Dropped connections,
server errors and stalls (no bytes for ``stall_timeout`` seconds) are retried
with exponential backoff. The finished file is renamed into place only after
its sha256 matches; a mismatch deletes the part, since its bytes are wrong.

Plain http.client, so the bytes pass through nothing that might buffer, retry
or start over on its own; redirects are followed by hand, and the
Authorization header is never sent to another host (the Hub redirects file
downloads to its storage servers).
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import http.client
import os
import socket
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from urllib.parse import urljoin, urlsplit

from app.core.http_connection import open_connection, request_target
from app.core.models.layout import (
    fsync_folder,
    lock_path,
    part_path,
    read_json,
    sidecar_path,
    write_json,
)
from app.core.models.part_guard import Busy, boot_id, exclusive
from app.core.quantity import count
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence, message_of

CHUNK = 1024 * 1024
STALL_TIMEOUT = 30.0
MAX_RETRIES = 8
MAX_BACKOFF = 30.0
MAX_REDIRECTS = 10
#: Flush the part to disk after this many bytes or seconds, whichever comes first: cheap
#: (a flush per 64 MiB), and a power loss costs at most this much of the download.
SYNC_BYTES = 64 * 1024 * 1024
SYNC_SECONDS = 5.0
BUSY = QT_TRANSLATE_NOOP("core", "%1 is already being downloaded by another Lokal window.")

Phase = Literal["checking", "downloading"]
ProgressFn = Callable[[int, Phase], None]


class TransferError(Exception):
    """The file could not be fetched; str() is a sentence. ``retryable``: try again later."""

    def __init__(self, message: str, *, retryable: bool = False, kind: str = "error") -> None:
        super().__init__(message)
        self.retryable = retryable
        self.kind = kind


class Stopped(Exception):
    """The transfer was paused or cancelled; the part file is kept (the caller decides)."""


Reason = Literal["", "pause", "suspend", "cancel"]


class Control:
    """Pause, suspend and cancel from another thread: each stops the transfer at once.

    Pausing is the user's choice and the download waits for them; suspending
    (the app quits) lets the next start continue it by itself.

    The socket in use is shut down, so a read that waits for a silent server
    returns immediately instead of after the stall timeout.
    """

    def __init__(self) -> None:
        self._stop = threading.Event()
        self.reason: Reason = ""
        self._lock = threading.Lock()
        self._socket: socket.socket | None = None

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def pause(self) -> None:
        self._halt("pause")

    def suspend(self) -> None:
        self._halt("suspend")

    def cancel(self) -> None:
        self._halt("cancel")

    def _halt(self, reason: Reason) -> None:
        with self._lock:
            if not self.reason or reason == "cancel":
                self.reason = reason
            self._stop.set()
            sock = self._socket
        if sock is not None:
            with contextlib.suppress(OSError):  # already closed
                sock.shutdown(socket.SHUT_RDWR)

    def wait(self, seconds: float) -> bool:
        """Sleep up to ``seconds``; True if stopped meanwhile."""
        return self._stop.wait(seconds)

    def attach(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._socket = sock
        if sock is not None and self.stopped:
            self._halt(self.reason or "pause")

    def check(self) -> None:
        if self.stopped:
            raise Stopped(self.reason)


@dataclass(frozen=True)
class FileSpec:
    url: str
    size: int
    sha256: str
    #: request headers (may carry the token: used, never stored)
    headers: Mapping[str, str] = field(default_factory=dict, repr=False)


@dataclass
class TransferResult:
    path: Path
    fetched: int = 0  # body bytes received over the network
    resumed_from: int = 0  # bytes of an earlier attempt that were kept
    restarts: int = 0  # times the part started over (ETag change, range ignored)
    retries: int = 0  # attempts after a dropped connection, server error or stall


def _strong(etag: str | None) -> bool:
    return bool(etag) and not etag.startswith("W/")  # type: ignore[union-attr]


def _connection(
    url: str, timeout: float
) -> tuple[http.client.HTTPConnection, bool, dict[str, str]]:
    """A connection for ``url`` (through the system's proxy, with its credentials, if any),
    whether the request line must carry the absolute URL, and the proxy's headers."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise TransferError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "Lokal cannot download from %1 addresses."), parts.scheme
            )
            if parts.scheme
            else Sentence(QT_TRANSLATE_NOOP("core", "Lokal cannot download from this address."))
        )
    return open_connection(url, timeout)


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def open_response(
    url: str, headers: Mapping[str, str], timeout: float, control: Control
) -> tuple[http.client.HTTPConnection, http.client.HTTPResponse, str | None]:
    """GET ``url``, following redirects; the Authorization header stays with its origin.

    Also returns the Hub's ``X-Linked-Etag`` for the file (from the redirect or the
    answer), which identifies the file even when the storage server sends no ETag.
    """
    first_origin = _origin(url)
    linked: str | None = None
    for _ in range(MAX_REDIRECTS):
        control.check()
        conn, absolute, proxy_headers = _connection(url, timeout)
        sent = dict(headers)
        if _origin(url) != first_origin:
            sent = {k: v for k, v in sent.items() if k.lower() != "authorization"}
        try:
            conn.request("GET", request_target(url, absolute), None, {**sent, **proxy_headers})
            control.attach(conn.sock)
            response = conn.getresponse()
        except BaseException:
            control.attach(None)
            conn.close()
            raise
        linked = linked or response.getheader("X-Linked-Etag")
        if response.status in (301, 302, 303, 307, 308) and response.getheader("Location"):
            location = urljoin(url, response.getheader("Location", ""))
            response.read()
            control.attach(None)
            conn.close()
            url = location
            continue
        return conn, response, linked
    raise TransferError(
        Sentence(QT_TRANSLATE_NOOP("core", "The server redirected the download too many times.")),
        retryable=True,
    )


def _content_range(value: str | None) -> tuple[int, int] | None:
    """(first byte, total size) from ``Content-Range: bytes a-b/total``."""
    if not value or not value.startswith("bytes "):
        return None
    try:
        span, total = value[6:].split("/", 1)
        return int(span.split("-", 1)[0]), int(total)
    except ValueError:
        return None


class _Part:
    """The part file, its running hash and its sidecar."""

    def __init__(self, final: Path, spec: FileSpec) -> None:
        self.final, self.spec = final, spec
        self.path, self.sidecar = part_path(final), sidecar_path(final)
        self.hasher = hashlib.sha256()
        self.offset = 0
        self.etag: str | None = None  # the answering server's own ETag, for If-Range
        self.linked: str | None = None  # the Hub's ETag for the file (X-Linked-Etag)
        self.durable = 0  # bytes known to be on the disk itself, not only in the OS's cache
        self.synced_at = time.monotonic()
        self.handle = open(self.path, "ab+")  # noqa: SIM115 - closed by close()

    def describe(self) -> dict[str, object]:
        return {
            "url": self.spec.url,
            "etag": self.etag,
            "linked_etag": self.linked,
            "size": self.spec.size,
            "sha256": self.spec.sha256,
            "durable": self.durable,
            "boot": boot_id(),
        }

    def save_sidecar(self) -> None:
        write_json(self.sidecar, self.describe())

    def restart(self) -> None:
        self.durable = 0
        self.save_sidecar()  # first: a reboot must not trust the old offset for new bytes
        self.handle.truncate(0)
        self.handle.seek(0)
        self.hasher = hashlib.sha256()
        self.offset = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.hasher.update(data)
        self.offset += len(data)
        if (
            self.offset - self.durable >= SYNC_BYTES
            or time.monotonic() - self.synced_at >= SYNC_SECONDS
        ):
            self.sync()

    def sync(self) -> None:
        """Flush the part to disk, then record how much of it is there (in that order)."""
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.synced_at = time.monotonic()
        if self.durable != self.offset:
            self.durable = self.offset
            self.save_sidecar()

    def close(self) -> None:
        if not self.handle.closed:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()


def _kept_bytes(saved: Mapping[str, object], size: int) -> int:
    """How much of a part of ``size`` bytes can be trusted, by what its sidecar says."""
    current = boot_id()
    if current is not None and saved.get("boot") == current:
        return size  # no reboot since: everything written is there, flushed or not
    durable = saved.get("durable", size)  # (a sidecar without it predates the flushing)
    if not isinstance(durable, int) or isinstance(durable, bool) or durable < 0:
        return 0
    return min(size, durable)


def _resume(part: _Part, control: Control, on_progress: ProgressFn, chunk: int) -> None:
    """Keep an earlier attempt's bytes if its sidecar describes this same file, re-hashing them."""
    saved = read_json(part.sidecar)
    size = part.handle.seek(0, os.SEEK_END)
    if (
        saved is None
        or saved.get("size") != part.spec.size
        or saved.get("sha256") != part.spec.sha256
        or size > part.spec.size
    ):
        part.restart()
        return
    etag, linked = saved.get("etag"), saved.get("linked_etag")
    part.etag = etag if isinstance(etag, str) else None
    part.linked = linked if isinstance(linked, str) else None
    # After a reboot the end of the part may hold whatever the disk had there.
    size = _kept_bytes(saved, size)
    part.handle.truncate(size)
    part.handle.seek(0)
    while part.offset < size:
        control.check()
        data = part.handle.read(min(chunk * 8, size - part.offset))
        if not data:
            break
        part.hasher.update(data)
        part.offset += len(data)
        on_progress(part.offset, "checking")
    part.handle.seek(part.offset)
    part.handle.truncate()
    part.sync()  # what was kept is on the disk now, whatever happens next


def _http_failure(status: int, reason: str) -> TransferError:
    if status in (401, 403):
        return TransferError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "The server refused the download; check your Hugging Face token."
                )
            ),
            kind="auth",
        )
    if status == 404:
        return TransferError(
            Sentence(QT_TRANSLATE_NOOP("core", "The file is no longer on the server."))
        )
    retryable = status == 429 or status >= 500
    return TransferError(
        Sentence(
            QT_TRANSLATE_NOOP("core", "The server answered with an error (HTTP %1 %2)."),
            str(status),
            reason,
        ),
        retryable=retryable,
    )


def _receive(
    part: _Part,
    url: str,
    control: Control,
    on_progress: ProgressFn,
    result: TransferResult,
    chunk: int,
    stall_timeout: float,
) -> bool:
    """One request; True if bytes arrived. Raises TransferError (retryable or not)."""
    spec = part.spec
    headers = dict(spec.headers)
    if part.offset > 0:
        headers["Range"] = f"bytes={part.offset}-"
        if _strong(part.etag):
            headers["If-Range"] = part.etag  # type: ignore[assignment]
    try:
        conn, response, linked = open_response(url, headers, stall_timeout, control)
    except (OSError, http.client.HTTPException) as exc:
        control.check()
        raise TransferError(
            Sentence(QT_TRANSLATE_NOOP("core", "The connection failed (%1)."), str(exc)),
            retryable=True,
        ) from None
    try:
        etag = response.getheader("ETag")
        if response.status == 416:
            if part.offset == spec.size:
                return False
            part.restart()
            raise TransferError(
                Sentence(QT_TRANSLATE_NOOP("core", "The server refused the range.")), retryable=True
            )
        if response.status not in (200, 206):
            raise _http_failure(response.status, response.reason)
        if response.status == 206:
            span = _content_range(response.getheader("Content-Range"))
            changed = bool(part.etag and etag and etag != part.etag) or bool(
                part.linked and linked and linked != part.linked
            )
            if span is None or span[0] != part.offset or changed:
                part.restart()  # not the bytes asked for, or another version: start over
                result.restarts += 1
                raise TransferError(
                    Sentence(QT_TRANSLATE_NOOP("core", "The server changed the file.")),
                    retryable=True,
                )
            total = span[1]
        else:
            if part.offset > 0:
                part.restart()  # range ignored or If-Range failed: the body is the whole file
                result.restarts += 1
            length = response.getheader("Content-Length")
            total = int(length) if length and length.isdigit() else spec.size
        if total != spec.size:
            raise TransferError(
                Sentence(
                    QT_TRANSLATE_NOOP(
                        "core", "The server's file has %1 bytes, not the %2 the Hub listed."
                    ),
                    count(total),
                    count(spec.size),
                )
            )
        if etag != part.etag or linked != part.linked or not part.sidecar.exists():
            part.etag, part.linked = etag, linked
            part.save_sidecar()
        return _stream(part, response, control, on_progress, result, chunk, stall_timeout)
    finally:
        control.attach(None)
        conn.close()


def _stream(
    part: _Part,
    response: http.client.HTTPResponse,
    control: Control,
    on_progress: ProgressFn,
    result: TransferResult,
    chunk: int,
    stall_timeout: float,
) -> bool:
    got_any = False
    window_start, window_bytes = time.monotonic(), 0
    while part.offset < part.spec.size:
        try:
            data = response.read1(min(chunk, part.spec.size - part.offset))
        except TimeoutError:
            control.check()
            raise TransferError(_stalled(), retryable=True, kind="stall") from None
        except (OSError, http.client.HTTPException) as exc:
            control.check()
            raise TransferError(
                Sentence(QT_TRANSLATE_NOOP("core", "The connection broke (%1)."), str(exc)),
                retryable=True,
            ) from None
        control.check()
        if not data:
            raise TransferError(
                Sentence(QT_TRANSLATE_NOOP("core", "The connection closed early.")), retryable=True
            )
        try:
            part.write(data)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
                raise TransferError(
                    Sentence(
                        QT_TRANSLATE_NOOP(
                            "core", "The disk is full; free some space and resume the download."
                        )
                    ),
                    kind="disk",
                ) from None
            raise TransferError(
                Sentence(
                    QT_TRANSLATE_NOOP("core", "The file could not be written (%1)."),
                    str(exc.strerror),
                )
            ) from None
        got_any = True
        result.fetched += len(data)
        on_progress(part.offset, "downloading")
        # The watchdog for a server that trickles: a few bytes now and then are a stall too.
        window_bytes += len(data)
        now = time.monotonic()
        if now - window_start >= stall_timeout:
            if window_bytes < 1024:
                raise TransferError(_stalled(), retryable=True, kind="stall")
            window_start, window_bytes = now, 0
    return got_any


def fetch_file(
    spec: FileSpec,
    final: Path,
    *,
    control: Control | None = None,
    on_progress: ProgressFn | None = None,
    chunk: int = CHUNK,
    stall_timeout: float = STALL_TIMEOUT,
    max_retries: int = MAX_RETRIES,
    backoff: float = 1.0,
) -> TransferResult:
    """Fetch ``spec`` into ``final``, resuming a part left by any earlier attempt.

    Raises Stopped when paused or cancelled (the part is kept), TransferError otherwise
    (also when another process is fetching the same file).
    """
    final.parent.mkdir(parents=True, exist_ok=True)
    try:
        with exclusive(lock_path(final)):
            return _fetch(
                spec,
                final,
                control or Control(),
                on_progress,
                chunk,
                stall_timeout,
                max_retries,
                backoff,
            )
    except Busy:
        raise TransferError(Sentence(BUSY, final.name), retryable=True, kind="busy") from None


def _fetch(
    spec: FileSpec,
    final: Path,
    control: Control,
    on_progress: ProgressFn | None,
    chunk: int,
    stall_timeout: float,
    max_retries: int,
    backoff: float,
) -> TransferResult:
    progress = on_progress or (lambda _done, _phase: None)
    part = _Part(final, spec)
    result = TransferResult(final)
    try:
        _resume(part, control, progress, chunk)
        result.resumed_from = part.offset
        part.save_sidecar()
        failures = 0
        while part.offset < spec.size:
            control.check()
            try:
                if _receive(part, spec.url, control, progress, result, chunk, stall_timeout):
                    failures = 0
            except TransferError as exc:
                if not exc.retryable:
                    raise
                failures += 1
                result.retries += 1
                if failures > max_retries:
                    raise TransferError(
                        Sentence(
                            QT_TRANSLATE_NOOP(
                                "core", "%1 Lokal tried %2 times; resume the download later."
                            ),
                            message_of(exc),
                            str(max_retries),
                        ),
                        kind=exc.kind,
                    ) from None
                if control.wait(backoff_delay(failures, backoff)):
                    control.check()
        part.close()
        if part.hasher.hexdigest() != spec.sha256:
            part.path.unlink(missing_ok=True)
            part.sidecar.unlink(missing_ok=True)
            raise TransferError(
                Sentence(
                    QT_TRANSLATE_NOOP(
                        "core",
                        "%1 did not match the checksum the Hub listed, so it was not "
                        "installed; download it again.",
                    ),
                    final.name,
                ),
                kind="checksum",
            )
        os.replace(part.path, final)
        fsync_folder(final.parent)
        part.sidecar.unlink(missing_ok=True)
        return result
    finally:
        if not part.handle.closed:
            # Stopped or failed: all that arrived is kept, and survives a reboot too. On a
            # full disk this may fail; then the older record stays true.
            with contextlib.suppress(OSError):
                part.sync()
            with contextlib.suppress(OSError):
                part.close()


def _stalled() -> Sentence:
    return Sentence(QT_TRANSLATE_NOOP("core", "The download stalled."))


def backoff_delay(failures: int, backoff: float = 1.0) -> float:
    """Seconds to wait after the ``failures``-th failure in a row: doubling, capped."""
    return float(min(MAX_BACKOFF, backoff * 2 ** (failures - 1)))
