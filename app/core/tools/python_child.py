"""The python tool's child process: contain first, then run the model's code.

What each platform gets (applied in this order, each where it exists):

* every platform: an audit hook (PEP 578) refusing network connections and
  name lookups (the offline guard, loopback included), new processes (fork,
  exec, subprocess, os.system), ctypes, and opening files for writing outside
  the working folder; the parent's 30 s wall-clock limit; an import path of
  the standard library and the person's packages folder only (not Lokal's own
  packages; a frozen build keeps its bundle's path), and no bytecode written.
* POSIX: RLIMIT_AS (1 GB; macOS does not enforce it), RLIMIT_CPU (30 s),
  RLIMIT_FSIZE, and a new session so the whole group is killed at the end.
* Linux: a network namespace of its own with no interfaces (via an
  unprivileged user namespace where the kernel allows it), and Landlock
  (kernel 5.13+): no file may be written, made or removed outside the working
  folder, and (ABI 4+) no TCP connection made, whatever the code calls.
  Reading is not restricted by it, so the packages folder can be imported
  from; writing there is refused like anywhere outside the working folder.

Audit hooks are not a security boundary on their own (PEP 578 says so); they
are the layer that explains refusals in plain words, and the kernel layers
hold where they exist.
"""

from __future__ import annotations

import ctypes
import os
import sys
from typing import Any

_FORBIDDEN_EVENTS = (
    "os.fork", "os.forkpty", "os.exec", "os.posix_spawn", "os.spawn", "os.system",
    "subprocess.Popen", "os.startfile", "ctypes.dlopen", "ctypes.dlsym", "ctypes.cdata",
    "ctypes.call_function", "os.kill", "os.killpg", "pty.spawn", "winreg",
    "socket.connect", "socket.sendto", "socket.sendmsg", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.bind",
)  # fmt: skip
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def _limit(folder: str, memory: int, cpu_s: int, file_bytes: int) -> list[str]:
    """Apply the OS limits this platform has; returns what was applied, for the record."""
    applied: list[str] = []
    try:
        import resource
    except ImportError:
        return applied
    for name, value in (("RLIMIT_AS", memory), ("RLIMIT_CPU", cpu_s), ("RLIMIT_FSIZE", file_bytes)):
        which = getattr(resource, name, None)
        if which is None:
            continue
        try:
            resource.setrlimit(which, (value, value))
            applied.append(name)
        except (ValueError, OSError):
            pass
    if sys.platform.startswith("linux"):
        applied += _linux_isolation(folder)
    return applied


def _linux_isolation(folder: str) -> list[str]:
    applied: list[str] = []
    libc = ctypes.CDLL(None, use_errno=True)
    clone_newuser, clone_newnet = 0x10000000, 0x40000000
    if libc.unshare(clone_newnet) == 0 or libc.unshare(clone_newuser | clone_newnet) == 0:
        applied.append("network namespace")
    if _landlock(libc, folder):
        applied.append("landlock")
    return applied


def _landlock(libc: Any, folder: str) -> bool:
    create, add_rule, restrict = 444, 445, 446  # the same on every Linux architecture
    abi = libc.syscall(create, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    if abi < 1:
        return False
    write = (1 << 1) | (1 << 4) | (1 << 5) | sum(1 << n for n in range(6, 13))
    if abi >= 2:
        write |= 1 << 13  # REFER
    if abi >= 3:
        write |= 1 << 14  # TRUNCATE
    net = 0b11 if abi >= 4 else 0  # BIND_TCP, CONNECT_TCP: none allowed

    class RulesetAttr(ctypes.Structure):
        _fields_ = [("fs", ctypes.c_uint64), ("net", ctypes.c_uint64)]

    class PathBeneath(ctypes.Structure):
        _pack_ = 1
        _fields_ = [("allowed", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]

    attr = RulesetAttr(write, net)
    size = ctypes.sizeof(attr) if abi >= 4 else 8
    ruleset = libc.syscall(create, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return False
    try:
        fd = os.open(folder, os.O_PATH | os.O_DIRECTORY)
        try:
            rule = PathBeneath(write, fd)
            if libc.syscall(add_rule, ruleset, 1, ctypes.byref(rule), ctypes.c_uint32(0)) != 0:
                return False
        finally:
            os.close(fd)
        if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
            return False
        return bool(libc.syscall(restrict, ruleset, ctypes.c_uint32(0)) == 0)
    finally:
        os.close(ruleset)


def _hook_for(folder: str) -> Any:
    inside = os.path.realpath(folder) + os.sep

    def hook(event: str, args: tuple[Any, ...]) -> None:
        if event.startswith(_FORBIDDEN_EVENTS):
            what = "network access" if event.startswith("socket.") else f"{event.split('.')[0]}"
            raise PermissionError(f"The python tool allows no {what} ({event}).")
        if event == "open" and len(args) >= 3:
            path, mode, flags = args[0], args[1], args[2]
            writing = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
                isinstance(flags, int) and flags & _WRITE_FLAGS
            )
            if writing and isinstance(path, str | bytes):
                real = os.path.realpath(os.fsdecode(path))
                if not (real + os.sep).startswith(inside):
                    raise PermissionError(
                        f"The python tool may write only in its folder, not {real}."
                    )

    return hook


def _import_path(packages: str | None) -> None:
    """Only the standard library (and ``packages``) can be imported from here on.

    Entries of the app's own environment (site-packages, an editable install's
    finder) go; a frozen build's bundle holds the standard library and Lokal
    together, so its path stays.
    """
    sys.dont_write_bytecode = True  # nothing written beside the person's packages
    if not getattr(sys, "frozen", False):
        import sysconfig

        paths = sysconfig.get_paths()
        folders = [paths["stdlib"], paths["platstdlib"]]
        # Windows keeps the standard library's compiled modules (_socket, _sqlite3) apart.
        folders.append(os.path.join(sys.base_exec_prefix, "DLLs"))
        roots = {os.path.realpath(folder) + os.sep for folder in folders}

        def standard(entry: str) -> bool:
            real = os.path.realpath(entry or os.curdir) + os.sep
            if "site-packages" in real or "dist-packages" in real:
                return False
            return any(real.startswith(root) for root in roots) or entry.endswith(".zip")

        sys.path[:] = [entry for entry in sys.path if standard(entry)]
        builtin = ("_frozen_importlib", "_frozen_importlib_external", "zipimport")
        sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__module__", "") in builtin]
        sys.path_importer_cache.clear()
    if packages:
        sys.path.append(packages)


def child_main(code: str, folder: str, limits: dict[str, int], packages: str | None = None) -> None:
    """Runs in the spawned child: output goes to files in ``folder`` (the parent reads them)."""
    os.chdir(folder)
    out = os.open(os.path.join(folder, ".stdout"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    err = os.open(os.path.join(folder, ".stderr"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)  # noqa: SIM115
    sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)  # noqa: SIM115
    if hasattr(os, "setsid"):
        os.setsid()
    _limit(folder, limits["memory"], limits["cpu_s"], limits["file_bytes"])
    from app.core import network_guard

    network_guard.install()
    network_guard.set_offline(True)
    _import_path(packages)
    sys.addaudithook(_hook_for(folder))
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        exec(compile(code, "<python tool>", "exec"), namespace)  # the model's code, contained
    except BaseException as exc:  # its own failure is its output
        import traceback

        traceback.print_exception(
            type(exc), exc, exc.__traceback__.tb_next if exc.__traceback__ else None
        )
        sys.stderr.flush()
        os._exit(1)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
