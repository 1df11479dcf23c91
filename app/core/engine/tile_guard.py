"""Keeps llama.cpp's AMX kernels out of the engine process on Linux.

Intel Xeons since Sapphire Rapids (4th-generation Xeon Scalable, Xeon W-2400/3400,
Emerald Rapids, Granite Rapids) have AMX tile units. A llama.cpp built for such a
CPU (a source build tuned to it, or the `sapphirerapids` variant of a portable
build) registers an AMX weight buffer type and then crashes in
`ggml_backend_amx_mul_mat` on gpt-oss: every answer ended in SIGSEGV, and the
crash is reported upstream without a fix.

Linux hands out the AMX tile state only to a process that asks for it with
`arch_prctl(ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA)`, and ggml registers its AMX
buffer type only when that request succeeds (ggml-cpu/amx/amx.cpp,
`ggml_amx_init`). A seccomp filter that answers exactly that request with EPERM,
installed before llama.cpp is loaded, therefore leaves ggml on its AVX-512 (VNNI)
kernels, which run gpt-oss correctly. Nothing else is filtered. Windows has no such
permission request (ggml assumes AMX is usable there), so Windows builds must not
carry the AMX variant at all; macOS CPUs have no AMX tiles.

`LOKAL_ALLOW_AMX=1` leaves the permission alone, to try a llama.cpp that has fixed
the crash.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import platform
import sys
from typing import Literal

ARCH_REQ_XCOMP_PERM = 0x1023
XFEATURE_XTILEDATA = 18
_NR_ARCH_PRCTL = 158  # x86_64
_NR_SECCOMP = 317  # x86_64
_AUDIT_ARCH_X86_64 = 0xC000003E
_PR_SET_NO_NEW_PRIVS = 38
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000
_EPERM = 1

# Classic BPF opcodes.
_LD_W_ABS = 0x20
_JEQ_K = 0x15
_RET_K = 0x06
# Offsets in struct seccomp_data: nr, arch, instruction pointer, args[6].
_NR, _ARCH, _ARG0_LOW, _ARG0_HIGH = 0, 4, 16, 20

TileState = Literal["refused", "allowed", "not applicable", "failed"]
_state: TileState | None = None


class _SockFilter(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    )


class _SockFprog(ctypes.Structure):
    _fields_ = (
        ("len", ctypes.c_ushort),
        ("filter", ctypes.POINTER(_SockFilter)),
    )


def _program() -> list[tuple[int, int, int, int]]:
    """EPERM for arch_prctl(ARCH_REQ_XCOMP_PERM, …) on x86_64; every other call allowed."""
    return [
        (_LD_W_ABS, 0, 0, _ARCH),
        (_JEQ_K, 0, 6, _AUDIT_ARCH_X86_64),  # another ABI: allow (jump to the last line)
        (_LD_W_ABS, 0, 0, _NR),
        (_JEQ_K, 0, 4, _NR_ARCH_PRCTL),
        (_LD_W_ABS, 0, 0, _ARG0_HIGH),
        (_JEQ_K, 0, 2, 0),
        (_LD_W_ABS, 0, 0, _ARG0_LOW),
        (_JEQ_K, 1, 0, ARCH_REQ_XCOMP_PERM),
        (_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
        (_RET_K, 0, 0, _SECCOMP_RET_ERRNO | _EPERM),
    ]


def refuse_amx_tiles() -> TileState:
    """Make this process's request for AMX tiles fail, once; says what happened.

    Must run before llama.cpp is loaded into the process (llama_runtime.py calls
    it before importing llama_cpp). Threads started later inherit the filter;
    TSYNC extends it to threads that already exist.
    """
    global _state
    if _state is not None:
        return _state
    if os.environ.get("LOKAL_ALLOW_AMX") == "1":
        _state = "allowed"
    elif sys.platform != "linux" or platform.machine().lower() not in ("x86_64", "amd64"):
        _state = "not applicable"
    else:
        _state = "refused" if _install_filter() else "failed"
    return _state


def tile_state() -> TileState | None:
    """What refuse_amx_tiles() did in this process; None before it ran."""
    return _state


def _install_filter() -> bool:
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    instructions = _program()
    array = (_SockFilter * len(instructions))(*(_SockFilter(*i) for i in instructions))
    program = _SockFprog(len(instructions), array)
    # Required for an unprivileged filter; it only stops set-uid programs from gaining
    # rights in this process's children, and the engine starts none.
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return False
    libc.syscall.restype = ctypes.c_long
    status = libc.syscall(
        ctypes.c_long(_NR_SECCOMP),
        ctypes.c_ulong(_SECCOMP_SET_MODE_FILTER),
        ctypes.c_ulong(_SECCOMP_FILTER_FLAG_TSYNC),
        ctypes.byref(program),
    )
    return bool(status == 0)


def request_tiles() -> int:
    """Ask for the AMX tile state as ggml does: 0 when granted, else the errno.

    Without AMX hardware the kernel says EOPNOTSUPP (or EINVAL); with the filter, EPERM.
    """
    libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    libc.syscall.restype = ctypes.c_long
    status = libc.syscall(
        ctypes.c_long(_NR_ARCH_PRCTL),
        ctypes.c_ulong(ARCH_REQ_XCOMP_PERM),
        ctypes.c_ulong(XFEATURE_XTILEDATA),
    )
    return 0 if status == 0 else ctypes.get_errno()
