"""Reading a dropped path as one bounded chunk of bytes, whatever it really is.

A "file" may be a FIFO (opening it for reading would wait forever for a
writer), a device such as /dev/zero (endless), a socket, a folder, a symlink
that points at itself, or a sparse file that claims a gigabyte. We open without
blocking, ask the open descriptor (not the path: it could be swapped between
the check and the read) what it is, and read at most the limit plus one byte.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from app.core.documents.model import ExtractionError, describe_size
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

# Not on Windows, where there are no FIFOs to block on.
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOCTTY = getattr(os, "O_NOCTTY", 0)
_BINARY = getattr(os, "O_BINARY", 0)
_READ_CHUNK = 1024 * 1024


def kind_of(mode: int) -> Sentence:
    """What a path that is not a regular file is: "a folder", "a pipe (FIFO)"…"""
    if stat.S_ISDIR(mode):
        return Sentence(QT_TRANSLATE_NOOP("core", "a folder"))
    if stat.S_ISFIFO(mode):
        return Sentence(QT_TRANSLATE_NOOP("core", "a pipe (FIFO)"))
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return Sentence(QT_TRANSLATE_NOOP("core", "a device"))
    if stat.S_ISSOCK(mode):
        return Sentence(QT_TRANSLATE_NOOP("core", "a socket"))
    return Sentence(QT_TRANSLATE_NOOP("core", "not a regular file"))


def not_a_file(name: str, mode: int) -> Sentence:
    """The refusal of a path that is not a regular file."""
    return Sentence(
        QT_TRANSLATE_NOOP("core", "%1 is %2, not a file Lokal can read."), name, kind_of(mode)
    )


def check_size(name: str, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise ExtractionError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "%1 is %2, larger than the %3 Lokal reads from one file."
                ),
                name,
                describe_size(size),
                describe_size(max_bytes),
            )
        )


def read_regular_file(path: Path, max_bytes: int) -> bytes:
    """All bytes of a regular file of at most ``max_bytes``, or ExtractionError."""
    name = path.name or str(path)
    flags = os.O_RDONLY | _NONBLOCK | _NOCTTY | _BINARY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise ExtractionError(_open_failure(name, exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ExtractionError(not_a_file(name, info.st_mode))
        check_size(name, info.st_size, max_bytes)
        chunks: list[bytes] = []
        total = 0
        # Read to the limit, not to st_size: a file that grows while we read
        # (a log being written) must not get past the limit either.
        while total <= max_bytes:
            try:
                chunk = os.read(fd, min(_READ_CHUNK, max_bytes + 1 - total))
            except OSError as exc:
                raise ExtractionError(
                    Sentence(
                        QT_TRANSLATE_NOOP("core", "%1 could not be read (%2)."),
                        name,
                        str(exc.strerror),
                    )
                ) from None
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        check_size(name, total, max_bytes)
        return b"".join(chunks)
    finally:
        os.close(fd)


def link_loop(name: str) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core", "%1 is a link that leads back to itself, so there is no file to read."
        ),
        name,
    )


def not_opened(name: str, exc: OSError) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP("core", "%1 could not be opened (%2)."), name, str(exc.strerror or exc)
    )


def _open_failure(name: str, exc: OSError) -> Sentence:
    if exc.errno == errno.ELOOP:
        return link_loop(name)
    if exc.errno == errno.ENOENT:
        return Sentence(QT_TRANSLATE_NOOP("core", "%1 no longer exists."), name)
    if exc.errno in (errno.EACCES, errno.EPERM):
        return Sentence(QT_TRANSLATE_NOOP("core", "Lokal is not allowed to read %1."), name)
    if exc.errno == errno.EISDIR:
        return Sentence(
            QT_TRANSLATE_NOOP("core", "%1 is a folder, not a file Lokal can read."), name
        )
    return not_opened(name, exc)
