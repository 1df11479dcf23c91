"""How much memory another process of ours holds, on each desktop platform, without psutil.

The extraction sandbox watches its reader with this: RLIMIT_AS stops a
decompression bomb on Linux, but macOS does not enforce it and Windows has no
``resource`` module at all. Each function answers None where it cannot tell
(another platform, a process already gone, a call the system refused), and
the caller then relies on its other limits.
"""

from __future__ import annotations

import ctypes
import functools
import os
import sys
from pathlib import Path


def resident_bytes(pid: int) -> int | None:
    """Memory held by process ``pid`` in bytes, or None where it cannot be read."""
    if sys.platform.startswith("linux"):
        return linux_resident_bytes(pid)
    if sys.platform == "darwin":
        return macos_footprint_bytes(pid)
    if sys.platform == "win32":
        return windows_memory_bytes(pid)
    return None


def linux_resident_bytes(pid: int, proc: Path = Path("/proc")) -> int | None:
    """Resident set size from /proc/<pid>/statm (its second field, in pages)."""
    try:
        fields = (proc / str(pid) / "statm").read_text().split()
        return int(fields[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class _RusageInfoV0(ctypes.Structure):
    # struct rusage_info_v0 from <sys/resource.h>; RUSAGE_INFO_V0 is flavor 0.
    _fields_ = [
        ("ri_uuid", ctypes.c_uint8 * 16),
        ("ri_user_time", ctypes.c_uint64),
        ("ri_system_time", ctypes.c_uint64),
        ("ri_pkg_idle_wkups", ctypes.c_uint64),
        ("ri_interrupt_wkups", ctypes.c_uint64),
        ("ri_pageins", ctypes.c_uint64),
        ("ri_wired_size", ctypes.c_uint64),
        ("ri_resident_size", ctypes.c_uint64),
        ("ri_phys_footprint", ctypes.c_uint64),
        ("ri_proc_start_abstime", ctypes.c_uint64),
        ("ri_proc_exit_abstime", ctypes.c_uint64),
    ]


def macos_footprint_bytes(pid: int) -> int | None:
    """The physical footprint Activity Monitor shows (libproc's proc_pid_rusage).

    The footprint counts compressed and swapped memory too, which the resident
    size leaves out: a bomb squeezed by the memory compressor still counts.
    """
    libproc = _libproc()
    if libproc is None:
        return None
    info = _RusageInfoV0()
    if libproc.proc_pid_rusage(pid, 0, ctypes.byref(info)) != 0:
        return None
    return int(info.ri_phys_footprint)


@functools.cache
def _libproc() -> ctypes.CDLL | None:
    try:
        libproc = ctypes.CDLL("/usr/lib/libproc.dylib")  # in the dyld cache on macOS
    except OSError:
        return None
    libproc.proc_pid_rusage.restype = ctypes.c_int
    libproc.proc_pid_rusage.argtypes = [
        ctypes.c_int,
        ctypes.c_int,
        ctypes.POINTER(_RusageInfoV0),
    ]
    return libproc


class _ProcessMemoryCounters(ctypes.Structure):
    # PROCESS_MEMORY_COUNTERS from <psapi.h>; SIZE_T is size_t, DWORD 32 bits.
    _fields_ = [
        ("cb", ctypes.c_uint32),
        ("PageFaultCount", ctypes.c_uint32),
        ("PeakWorkingSetSize", ctypes.c_size_t),
        ("WorkingSetSize", ctypes.c_size_t),
        ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
        ("QuotaPagedPoolUsage", ctypes.c_size_t),
        ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
        ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
        ("PagefileUsage", ctypes.c_size_t),
        ("PeakPagefileUsage", ctypes.c_size_t),
    ]


_PROCESS_QUERY_LIMITED_INFORMATION = 0x1000


def windows_memory_bytes(pid: int) -> int | None:
    """The larger of the working set and the commit charge (kernel32's
    K32GetProcessMemoryInfo): Windows trims working sets under pressure, while
    the commit charge counts what the process allocated even when paged out."""
    kernel32 = _kernel32()
    if kernel32 is None:
        return None
    handle = kernel32.OpenProcess(_PROCESS_QUERY_LIMITED_INFORMATION, 0, pid)
    if not handle:
        return None
    try:
        counters = _ProcessMemoryCounters()
        counters.cb = ctypes.sizeof(counters)
        if not kernel32.K32GetProcessMemoryInfo(handle, ctypes.byref(counters), counters.cb):
            return None
        return max(int(counters.WorkingSetSize), int(counters.PagefileUsage))
    finally:
        kernel32.CloseHandle(handle)


@functools.cache
def _kernel32() -> ctypes.CDLL | None:
    if sys.platform != "win32":
        return None
    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = ctypes.c_void_p
    kernel32.OpenProcess.argtypes = [ctypes.c_uint32, ctypes.c_int, ctypes.c_uint32]
    kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
    kernel32.K32GetProcessMemoryInfo.restype = ctypes.c_int
    kernel32.K32GetProcessMemoryInfo.argtypes = [
        ctypes.c_void_p,
        ctypes.POINTER(_ProcessMemoryCounters),
        ctypes.c_uint32,
    ]
    return kernel32
