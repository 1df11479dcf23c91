"""gpt-oss's ``python`` tool, run in a contained child process (see python_child.py).

Each call gets a fresh temporary folder (removed afterwards), 30 s of wall
clock, 1 GB of address space and the standard library only, plus the packages
of a folder the person named (Settings → Tools, ``pythonPackages`` in mcp.json),
which the code may import but not write to; what it printed comes back cut to
``OUTPUT_CHARS`` with a note. The call ends at once when the turn is stopped.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from app.core.harmony import ToolNamespace
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence
from app.core.tools.host import CancelSignal
from app.core.tools.python_child import child_main
from app.core.tools.results import ToolResult, capped

TIMED_OUT = QT_TRANSLATE_NOOP("core", "The Python code ran longer than %1 seconds and was stopped.")
KILLED = QT_TRANSLATE_NOOP("core", "The Python code was ended by the system (%1).")
FAILED = QT_TRANSLATE_NOOP("core", "The Python code failed; its error is in the result.")
STOPPED = QT_TRANSLATE_NOOP("core", "The Python code was stopped.")

OUTPUT_CHARS = 16_000

DESCRIPTION = (
    "Use this tool to execute Python code in your chain of thought. The code will not be shown"
    " to the user. This tool should be used for internal reasoning, but not for code that is"
    " intended to be visible to the user (e.g. when creating plots, tables, or files).\n\n"
    "When you send a message containing Python code to python, it will be executed in a"
    " stateless sandbox with {packages}. python will respond with the output"
    " of the execution or time out after {timeout:.1f} seconds. Files may be written only in"
    " the current folder, which is empty and is deleted afterwards. Internet access for this"
    " session is disabled."
)


@dataclass(frozen=True)
class PythonLimits:
    timeout_s: float = 30.0
    memory_bytes: int = 1 << 30
    file_bytes: int = 64 << 20


class PythonTool:
    def __init__(self, limits: PythonLimits | None = None, packages: Path | None = None) -> None:
        self.limits = limits or PythonLimits()
        # A folder of packages the code may import (read-only); None: the standard library only.
        self.packages = packages
        offered = "the standard library only"
        if packages is not None:
            offered = "the standard library and the packages installed by the user"
        self.namespace = ToolNamespace(
            "python", DESCRIPTION.format(timeout=self.limits.timeout_s, packages=offered), ()
        )

    def call(self, name: str, arguments: str, cancel: CancelSignal | None) -> ToolResult:
        started = time.monotonic()
        folder = tempfile.mkdtemp(prefix="lokal-python-")
        try:
            status = self._run(arguments, folder, cancel)
            output = _read(Path(folder) / ".stdout") + _read(Path(folder) / ".stderr")
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        text, truncated = capped(output, OUTPUT_CHARS)
        took = time.monotonic() - started
        if status == 0:
            return ToolResult(text, False, None, took, truncated)
        if status == "timeout":
            error = Sentence(TIMED_OUT, f"{self.limits.timeout_s:g}")
        elif status == "stopped":
            error = Sentence(STOPPED)
        elif isinstance(status, int) and status < 0:
            error = Sentence(KILLED, _signal_name(-status))
        else:
            error = Sentence(FAILED)
        note = f"\n[{error}]" if text else str(error)
        return ToolResult(text + note, True, error, took, truncated)

    def _run(self, code: str, folder: str, cancel: CancelSignal | None) -> int | str:
        context = multiprocessing.get_context("spawn")
        limits = {
            "memory": self.limits.memory_bytes,
            "cpu_s": int(self.limits.timeout_s) + 1,
            "file_bytes": self.limits.file_bytes,
        }
        packages = str(self.packages) if self.packages is not None else None
        process = context.Process(
            target=child_main,
            args=(code, folder, limits, packages),
            name="lokal-python",
            daemon=True,
        )
        stopped = threading.Event()
        undo = cancel.on_cancel(stopped.set) if cancel is not None else (lambda: None)
        try:
            process.start()
            deadline = time.monotonic() + self.limits.timeout_s
            while process.exitcode is None:
                if stopped.is_set():
                    _kill(process)
                    return "stopped"
                if time.monotonic() >= deadline:
                    _kill(process)
                    return "timeout"
                # Wakes at the child's exit, or every 50 ms to look at Stop and the clock.
                process.join(0.05)
            return int(process.exitcode)
        finally:
            undo()
            if process.exitcode is None:
                _kill(process)


def _kill(process: multiprocessing.process.BaseProcess) -> None:
    pid = process.pid
    if pid is not None and hasattr(os, "killpg"):
        with contextlib.suppress(OSError):
            os.killpg(pid, signal.SIGKILL)  # the child made its own session: its group
    process.kill()
    process.join(5)


def _read(path: Path) -> str:
    try:
        with path.open("rb") as handle:
            data = handle.read(OUTPUT_CHARS * 4 + 1)
            rest = handle.seek(0, os.SEEK_END) - len(data)
    except OSError:
        return ""
    text = data.decode("utf-8", "replace")
    return text + (f"\n[… {rest} more bytes cut]" if rest > 0 else "")


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
