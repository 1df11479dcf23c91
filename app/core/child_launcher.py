"""Starting the engine and extraction processes through a launcher prefix, for CPU emulation.

The installer check runs the installed app under `qemu-x86_64 -cpu Haswell` (and an older
CPU) to prove that the portable llama.cpp runs on processors the build machine is newer
than. qemu-user emulates only the process it starts: a child started with exec runs on
the real CPU again, and the engine, where llama.cpp runs, is such a child. With
``LOKAL_CHILD_LAUNCHER`` set (e.g. ``qemu-x86_64 -cpu Haswell``), every "spawn" child is
started as ``<launcher> <executable> <arguments>`` instead.

Only the check sets the variable. multiprocessing execs a single program file, so the prefix
becomes a small shell script that multiprocessing uses as its executable (POSIX only).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import shlex
import shutil
import sys
import tempfile
from collections.abc import Mapping
from multiprocessing.context import SpawnContext
from pathlib import Path

LAUNCHER_VARIABLE = "LOKAL_CHILD_LAUNCHER"
_applied: str | None = None


def launcher_prefix(environ: Mapping[str, str] | None = None) -> list[str]:
    """The launcher words from the environment; empty when none is set."""
    env = os.environ if environ is None else environ
    return shlex.split(env.get(LAUNCHER_VARIABLE, ""))


def wrapper_script(prefix: list[str], executable: str) -> str:
    """The shell script that runs ``executable`` under ``prefix`` with the given arguments."""
    command = shlex.join([*prefix, executable])
    return f'#!/bin/sh\nexec {command} "$@"\n'


def spawn_context() -> SpawnContext:
    """multiprocessing's "spawn" context, its children started through the launcher if one
    is set. The setting is process-wide (multiprocessing has one executable)."""
    global _applied
    prefix = launcher_prefix()
    if prefix and sys.platform != "win32" and _applied != shlex.join(prefix):
        folder = Path(tempfile.mkdtemp(prefix="lokal-launcher-"))
        atexit.register(shutil.rmtree, folder, True)
        script = folder / "launch"
        script.write_text(wrapper_script(prefix, sys.executable), encoding="utf-8")
        script.chmod(0o700)
        multiprocessing.set_executable(str(script))
        _applied = shlex.join(prefix)
    return multiprocessing.get_context("spawn")
