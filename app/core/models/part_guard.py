"""Two guards for a part file: one writer at a time, and knowing whether the machine restarted.

``exclusive(path)`` holds an OS lock on a small lock file beside the part for as
long as a transfer runs, so two Lokal windows (or a window and the terminal)
never append to the same part. The lock is released by the OS when the process
dies, so a killed download never leaves a lock behind that blocks the next one.

``boot_id()`` names the current boot of the machine. Bytes a killed process
wrote are safe in the OS's cache, but a power loss or reboot can lose any that
were not flushed to disk: a part written in an earlier boot is trusted only up
to the offset that was flushed.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path


class Busy(Exception):
    """Another process holds the lock."""


def _lock(fd: int) -> None:
    if os.name == "nt":
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        except OSError:
            raise Busy from None
    else:
        import fcntl

        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy from None
        except OSError as exc:
            # A file system without locks (some network and FUSE mounts): download unguarded
            # rather than not at all.
            if exc.errno not in (errno.ENOLCK, errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
                raise


def _unlock(fd: int) -> None:
    with contextlib.suppress(OSError):  # closing the file releases it in any case
        if os.name == "nt":
            import msvcrt

            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined,unused-ignore]
        else:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_UN)


@contextlib.contextmanager
def exclusive(path: Path) -> Iterator[None]:
    """Hold the lock on ``path`` (created if missing); raise Busy at once if it is held."""
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            _lock(fd)
        except Busy:
            os.close(fd)
            raise
        # The holder before us removes the file as it finishes; if it did so after we opened
        # it, our lock is on a file nobody else will open: take the lock on the current one.
        try:
            current = os.path.samestat(os.fstat(fd), os.stat(path))
        except FileNotFoundError:
            current = False
        if current:
            break
        _unlock(fd)
        os.close(fd)
    try:
        yield
    finally:
        if os.name != "nt":
            path.unlink(missing_ok=True)  # while still held (see above)
        _unlock(fd)
        os.close(fd)
        if os.name == "nt":
            with contextlib.suppress(OSError):  # open in another process: it is theirs now
                path.unlink(missing_ok=True)


@functools.cache  # a boot does not change while we run; asked at every sidecar save
def boot_id() -> str | None:
    """An identifier of the current boot, or None where it cannot be told."""
    try:
        if sys.platform.startswith("linux"):
            return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
        if sys.platform == "darwin":
            return _darwin_boot_time()
        if os.name == "nt":
            import ctypes

            uptime = ctypes.windll.kernel32.GetTickCount64() / 1000  # type: ignore[attr-defined,unused-ignore]
            # The boot time computed from the uptime wobbles by milliseconds; ten seconds
            # apart is never the same boot.
            return f"boot-{round((time.time() - uptime) / 10)}"
    except (OSError, AttributeError, ValueError):
        return None
    return None


def _darwin_boot_time() -> str | None:
    import ctypes
    import ctypes.util

    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    timeval = (ctypes.c_int64 * 2)()  # struct timeval: seconds, then microseconds (padded)
    size = ctypes.c_size_t(ctypes.sizeof(timeval))
    if libc.sysctlbyname(b"kern.boottime", timeval, ctypes.byref(size), None, 0) != 0:
        return None
    return f"boot-{timeval[0]}"
