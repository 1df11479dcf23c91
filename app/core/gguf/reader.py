"""Read the header of a GGUF file (metadata and tensor infos) without reading tensor data.

Every read is bounded: each claimed length or count is checked against the bytes left in the
file *before* anything is allocated or looped over, long values are skipped rather than read,
and fixed caps bound the work a hostile header can cause.  Problems are reported as
:class:`GGUFValidationError` with a sentence a person can act on.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Collection
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

from .cursor import Cursor, LongString, fail, key_not_utf8, open_regular_file
from .ggml_types import SCALAR_FORMATS, ValueType, value_type_name

GGUF_MAGIC = b"GGUF"
SUPPORTED_VERSIONS = (2, 3)
DEFAULT_ALIGNMENT = 32
MAX_TENSOR_NAME_BYTES = 63  # GGML_MAX_NAME - 1
MAX_DIMS = 4
MAX_GGUF_ARRAY = 1 << 30  # GGUF_MAX_ARRAY_ELEMENTS in gguf.cpp
#: caps far above any real model that keep the work bounded for hostile headers
MAX_KV_COUNT = 1 << 20
MAX_TENSOR_COUNT = 1 << 20
MAX_FULL_ARRAY_BYTES = 256 << 20
SMALL_ARRAY = 1024  # numeric arrays up to this long (e.g. per-layer values) are kept
SMALL_STRING_ARRAY = 64  # string arrays up to this long are kept
_MIN_KV_BYTES = 8 + 1 + 4 + 1  # key length, 1-byte key, value type, 1-byte value
_MIN_TENSOR_BYTES = 8 + 1 + 4 + 4 + 8  # name length, 1-byte name, n_dims, type, offset
_VALUE_TYPES = frozenset(int(t) for t in ValueType)
_U32 = struct.Struct("<I")
_I32 = struct.Struct("<i")
_U64 = struct.Struct("<Q")
_I64 = struct.Struct("<q")


@dataclass(frozen=True)
class ArraySummary:
    """A metadata array that was not kept: its element type and length."""

    element_type: ValueType
    length: int


MetaValue = int | float | bool | str | tuple[Any, ...] | ArraySummary | LongString


@dataclass(frozen=True)
class TensorInfo:
    name: str
    dims: tuple[int, ...]  # ggml order: dims[0] is the row length
    ggml_type: int
    offset: int  # from the start of the data section

    @property
    def n_elements(self) -> int:
        n = 1
        for d in self.dims:
            n *= d
        return n


@dataclass(frozen=True)
class GGUFHeader:
    path: Path
    file_size: int
    version: int
    alignment: int
    metadata: dict[str, MetaValue]
    #: key -> (value type, element type for arrays else None)
    value_types: dict[str, tuple[ValueType, ValueType | None]]
    tensors: tuple[TensorInfo, ...]
    data_offset: int
    header_size: int  # bytes of header before the alignment padding
    #: arrays requested with ``full_arrays``, complete
    arrays: dict[str, tuple[Any, ...]] = field(default_factory=dict)

    def get(self, key: str, default: Any = None) -> Any:
        return self.metadata.get(key, default)


def _read_value(
    cur: Cursor, key: str, vtype: int, keep_full: bool
) -> tuple[MetaValue, ValueType | None, tuple[Any, ...] | None]:
    """Read one value; returns (value or summary, element type, full array if kept)."""
    if vtype == ValueType.STRING:
        return cur.string(f"the value of {key!r}", partial(key_not_utf8, key)), None, None
    if vtype != ValueType.ARRAY:
        st = SCALAR_FORMATS[ValueType(vtype)]
        return cur.unpack(st, f"the value of {key!r}"), None, None
    etype = cur.unpack(_I32, f"the element type of {key!r}")
    if etype not in _VALUE_TYPES or etype == ValueType.ARRAY:
        raise fail(
            f"The metadata key {key!r} is an array of {value_type_name(etype)}, "
            f"which GGUF does not allow.",
            "value-type",
        )
    n = cur.unpack(_U64, f"the length of {key!r}")
    elem = ValueType(etype)
    size = 8 if elem == ValueType.STRING else SCALAR_FORMATS[elem].size
    if n > MAX_GGUF_ARRAY or n * size > cur.remaining():
        raise fail(
            f"The file is truncated or corrupt: the array {key!r} claims {n:,} elements but "
            f"only {cur.remaining():,} bytes remain.",
            "array-length",
        )
    small = n <= (SMALL_STRING_ARRAY if elem == ValueType.STRING else SMALL_ARRAY)
    keep = keep_full or small
    full: tuple[Any, ...] | None = None
    if elem == ValueType.STRING:
        strings = cur.string_array(n, keep, f"the array {key!r}", key)
        full = tuple(strings) if strings is not None else None
    elif keep:
        if n * size > MAX_FULL_ARRAY_BYTES:
            raise fail(f"The header is implausibly large: {key!r} has {n:,} elements.", "too-large")
        raw = cur.take(n * size, f"the array {key!r}")
        fmt = SCALAR_FORMATS[elem].format[1:]
        full = struct.unpack(f"<{n}{fmt}", raw)
    else:
        cur.skip(n * size, f"the array {key!r}")
    value: MetaValue = full if full is not None and small else ArraySummary(elem, n)
    return value, elem, full if keep_full else None


def _tensor_name_not_utf8(index: int) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core", "The model file is damaged: the name of tensor %1 is not valid UTF-8 text."
        ),
        f"{index:,}",
    )


def _key_name_not_utf8(index: int) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP(
            "core",
            "The model file is damaged: the name of metadata entry %1 is not valid UTF-8 text.",
        ),
        f"{index:,}",
    )


def _read_tensor_info(cur: Cursor, index: int, seen: set[str]) -> TensorInfo:
    name = cur.string(
        f"the name of tensor {index:,}",
        partial(_tensor_name_not_utf8, index),
        MAX_TENSOR_NAME_BYTES,
    )
    label = repr(name) if isinstance(name, str) else f"number {index:,}"
    if not isinstance(name, str) or len(name.encode("utf-8")) > 63:
        raise fail(
            f"Tensor {label} has a name longer than {MAX_TENSOR_NAME_BYTES} bytes.", "tensor-name"
        )
    if name in seen:
        raise fail(f"The tensor name {name!r} appears twice.", "duplicate-tensor")
    seen.add(name)
    n_dims = cur.unpack(_U32, f"the dimension count of tensor {label}")
    if n_dims > MAX_DIMS:
        raise fail(f"Tensor {label} claims {n_dims:,} dimensions; ggml allows 4.", "tensor-dims")
    dims = tuple(cur.unpack(_I64, f"the shape of tensor {label}") for _ in range(n_dims))
    n = 1
    for d in dims:
        if d < 0:
            raise fail(f"Tensor {label} has a negative dimension ({d:,}).", "tensor-dims")
        n *= d
    if n >= 1 << 63:
        raise fail(f"Tensor {label} has an impossible shape {dims}.", "tensor-dims")
    ggml_type = cur.unpack(_I32, f"the type of tensor {label}")
    offset = cur.unpack(_U64, f"the data offset of tensor {label}")
    return TensorInfo(name, dims, ggml_type, offset)


def _read_counts(cur: Cursor) -> tuple[int, int, int]:
    magic = cur.take(4, "the file signature") if cur.size >= 4 else b""
    if magic != GGUF_MAGIC:
        if cur.size == 0:
            raise fail("The file is empty.", "empty")
        if cur.size < 4:
            raise fail(
                f"This is not a GGUF file: it is only {cur.size} byte"
                f"{'s' if cur.size != 1 else ''} long.",
                "bad-magic",
            )
        raise fail(
            "This is not a GGUF file: it does not begin with the GGUF signature "
            f"(its first bytes are {magic.hex(' ')}).",
            "bad-magic",
        )
    version = cur.unpack(_U32, "the format version")
    if version & 0xFFFF == 0 and version:
        raise fail(
            f"The GGUF version field reads {version:#x}: the file was written for a computer "
            "with the other byte order (big-endian), which is not supported.",
            "version",
        )
    if version not in SUPPORTED_VERSIONS:
        hint = " (GGUF version 1 is obsolete)" if version == 1 else ""
        raise fail(
            f"The file uses GGUF version {version}{hint}; only versions 2 and 3 are supported.",
            "version",
        )
    n_tensors = cur.unpack(_I64, "the tensor count")
    n_kv = cur.unpack(_I64, "the metadata count")
    for count, what, cap in (
        (n_tensors, "tensors", MAX_TENSOR_COUNT),
        (n_kv, "metadata entries", MAX_KV_COUNT),
    ):
        if count < 0 or count > cap:
            raise fail(f"The header is corrupt: it claims {count:,} {what}.", "count")
    if n_kv * _MIN_KV_BYTES + n_tensors * _MIN_TENSOR_BYTES > cur.remaining():
        raise fail(
            f"The header is corrupt or the file truncated: it claims {n_tensors:,} tensors and "
            f"{n_kv:,} metadata entries, more than the {cur.remaining():,} remaining bytes "
            "can hold.",
            "count",
        )
    return version, n_tensors, n_kv


def read_gguf_header(path: str | os.PathLike[str], full_arrays: Collection[str] = ()) -> GGUFHeader:
    """Read and structurally check a GGUF header.  ``full_arrays`` names arrays to keep whole."""
    path = Path(path)
    f, size = open_regular_file(path)
    with f:
        cur = Cursor(f, size)
        try:
            return _read(cur, path, full_arrays)
        except OSError as e:
            raise fail(f"The file {str(path)!r} cannot be read: {e.strerror}.", "io") from None


def _read(cur: Cursor, path: Path, full_arrays: Collection[str]) -> GGUFHeader:
    version, n_tensors, n_kv = _read_counts(cur)
    metadata: dict[str, MetaValue] = {}
    types: dict[str, tuple[ValueType, ValueType | None]] = {}
    arrays: dict[str, tuple[Any, ...]] = {}
    for i in range(n_kv):
        key = cur.string(
            f"the name of metadata entry {i:,}", partial(_key_name_not_utf8, i), 1 << 16
        )
        if not isinstance(key, str) or not key:
            raise fail(f"Metadata entry {i:,} has an empty or oversized name.", "key")
        if key in metadata:
            raise fail(f"The metadata key {key!r} appears twice.", "duplicate-key")
        vtype = cur.unpack(_I32, f"the type of {key!r}")
        if vtype not in _VALUE_TYPES:
            raise fail(
                f"The metadata key {key!r} has an unknown value type ({vtype}).", "value-type"
            )
        value, elem, full = _read_value(cur, key, vtype, key in full_arrays)
        metadata[key], types[key] = value, (ValueType(vtype), elem)
        if full is not None:
            arrays[key] = full
    alignment = DEFAULT_ALIGNMENT
    if "general.alignment" in metadata:
        if types["general.alignment"][0] != ValueType.UINT32:
            raise fail("The metadata key 'general.alignment' must be a u32.", "alignment")
        alignment = int(metadata["general.alignment"])  # type: ignore[arg-type]
        if alignment <= 0 or alignment & (alignment - 1):
            raise fail(
                f"The data alignment {alignment:,} ('general.alignment') is not a power of two.",
                "alignment",
            )
    seen: set[str] = set()
    tensors = tuple(_read_tensor_info(cur, i, seen) for i in range(n_tensors))
    header_size = cur.offset
    data_offset = header_size + (-header_size % alignment if n_tensors else 0)
    if data_offset > cur.size:
        raise fail(
            f"The file is truncated: its tensor data should start at byte {data_offset:,} but "
            f"the file has {cur.size:,} bytes.",
            "truncated",
        )
    return GGUFHeader(
        path,
        cur.size,
        version,
        alignment,
        metadata,
        types,
        tensors,
        data_offset,
        header_size,
        arrays,
    )
