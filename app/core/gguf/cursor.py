"""Bounded sequential reading of a file, for the GGUF header reader."""

from __future__ import annotations

import os
import stat
import struct
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, BinaryIO

from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

from .errors import GGUFValidationError

MAX_GGUF_STRING = 1 << 30  # GGUF_MAX_STRING_LENGTH in gguf.cpp
MAX_STRING_ELEMENTS = 16_000_000  # strings inside arrays, summed over the header
MAX_KEPT_STRING = 16 << 20  # longer metadata strings are summarised, not read
_CHUNK = 1 << 20
U64 = struct.Struct("<Q")


#: How much of a name from a file a sentence shows (a hostile name may be 64 KiB long).
SHOWN_NAME = 80

#: A sentence saying which text in the header is not UTF-8, made only when one is not.
Undecodable = Callable[[], Sentence]


def fail(message: str, reason: str) -> GGUFValidationError:
    return GGUFValidationError(message, reason)


def shown(name: str) -> str:
    """A name read from a file, quoted for a sentence: control characters escaped, and cut
    short, so that a hostile header cannot fill or garble the message."""
    return repr(name if len(name) <= SHOWN_NAME else name[:SHOWN_NAME] + "…")


def not_utf8(sentence: Sentence) -> GGUFValidationError:
    return GGUFValidationError(sentence, "utf-8")


def key_not_utf8(key: str) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core", "The model file is damaged: the metadata key %1 is not valid UTF-8 text."
        ),
        shown(key),
    )


def decode(raw: bytes, undecodable: Undecodable) -> str:
    """Text from the header; bytes that are not UTF-8 refuse the file with a sentence saying
    where, rather than becoming text that cannot be printed, saved or shown later."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise not_utf8(undecodable()) from None


@dataclass(frozen=True)
class LongString:
    """A metadata string longer than :data:`MAX_KEPT_STRING`, skipped."""

    length: int


class Cursor:
    """Sequential reads from a file through a bounded buffer."""

    def __init__(self, f: BinaryIO, size: int) -> None:
        self.f, self.size = f, size
        self.buf, self.base, self.pos = b"", 0, 0
        self.string_elements = 0

    @property
    def offset(self) -> int:
        return self.base + self.pos

    def remaining(self) -> int:
        return self.size - self.offset

    def need(self, n: int, what: str) -> None:
        if n > self.remaining():
            raise fail(
                f"The file is truncated: reading {what} at byte {self.offset:,} needs "
                f"{n:,} bytes but the file has {self.size:,} bytes.",
                "truncated",
            )
        if self.pos + n > len(self.buf):
            self.f.seek(self.offset)
            self.base, self.pos = self.offset, 0
            self.buf = self.f.read(max(n, min(_CHUNK, self.remaining())))
            if len(self.buf) < n:
                raise fail(f"The file changed or could not be read while reading {what}.", "io")

    def take(self, n: int, what: str) -> bytes:
        self.need(n, what)
        out = self.buf[self.pos : self.pos + n]
        self.pos += n
        return out

    def unpack(self, st: struct.Struct, what: str) -> Any:
        self.need(st.size, what)
        value = st.unpack_from(self.buf, self.pos)[0]
        self.pos += st.size
        return value

    def skip(self, n: int, what: str) -> None:
        if n > self.remaining():
            self.need(n, what)  # raises the truncation message
        if self.pos + n <= len(self.buf):
            self.pos += n
        else:
            self.base, self.pos, self.buf = self.offset + n, 0, b""

    def string(
        self, what: str, undecodable: Undecodable, limit: int = MAX_KEPT_STRING
    ) -> str | LongString:
        n = self.unpack(U64, f"the length of {what}")
        if n > MAX_GGUF_STRING:
            raise fail(
                f"The header is corrupt: {what} claims to be {n:,} bytes long "
                f"(GGUF allows at most {MAX_GGUF_STRING:,}).",
                "string-length",
            )
        if n > self.remaining():
            raise fail(
                f"The file is truncated or corrupt: {what} claims {n:,} bytes at byte "
                f"{self.offset:,} but only {self.remaining():,} bytes remain.",
                "string-length",
            )
        if n > limit:
            self.skip(n, what)
            return LongString(n)
        return decode(self.take(n, what), undecodable)

    def string_array(self, n: int, keep: bool, what: str, key: str) -> list[str] | None:
        self.string_elements += n
        if self.string_elements > MAX_STRING_ELEMENTS:
            raise fail(f"The header is implausibly large: {what} holds {n:,} strings.", "too-large")
        out: list[str] | None = [] if keep else None
        for i in range(n):
            if self.pos + 8 <= len(self.buf):  # fast path: length and text in the buffer
                (length,) = U64.unpack_from(self.buf, self.pos)
                end = self.pos + 8 + length
                if end <= len(self.buf):
                    if out is not None:
                        try:
                            out.append(self.buf[self.pos + 8 : end].decode("utf-8"))
                        except UnicodeDecodeError:
                            raise not_utf8(element_not_utf8(i, key)) from None
                    self.pos = end
                    continue
            text = self.string(
                f"element {i:,} of {what}",
                partial(element_not_utf8, i, key),
                MAX_KEPT_STRING if keep else 0,
            )
            if out is not None:
                if not isinstance(text, str):
                    raise fail(
                        f"The header is implausibly large: element {i:,} of {what} is "
                        f"{text.length:,} bytes long.",
                        "too-large",
                    )
                out.append(text)
        return out


def element_not_utf8(index: int, key: str) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "The model file is damaged: entry %1 of the metadata key %2 is not valid UTF-8 text.",
        ),
        f"{index:,}",
        shown(key),
    )


def open_regular_file(path: Path) -> tuple[BinaryIO, int]:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise fail(f"There is no file at {str(path)!r}.", "not-found") from None
    except OSError as e:
        raise fail(f"The file {str(path)!r} cannot be read: {e.strerror}.", "io") from None
    if stat.S_ISDIR(st.st_mode):
        raise fail(f"The path {str(path)!r} is a folder, not a GGUF model file.", "not-a-file")
    if not stat.S_ISREG(st.st_mode):
        raise fail(f"The path {str(path)!r} is not a regular file.", "not-a-file")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
        f = os.fdopen(fd, "rb", buffering=0)
        size = os.fstat(f.fileno()).st_size
    except OSError as e:
        raise fail(f"The file {str(path)!r} cannot be read: {e.strerror}.", "io") from None
    return f, size
