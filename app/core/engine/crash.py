"""Why the engine process ended, in words a person can act on."""

from __future__ import annotations

import signal

_BY_SIGNAL = {
    signal.SIGKILL: "The engine was killed (SIGKILL). This usually means the computer ran out "
    "of memory: close other programs, or choose a shorter context or a smaller model.",
    signal.SIGABRT: "The engine aborted (SIGABRT): llama.cpp stopped on an internal error.",
    signal.SIGSEGV: "The engine crashed (SIGSEGV): llama.cpp made an invalid memory access.",
    signal.SIGTERM: "The engine was stopped from outside (SIGTERM).",
}
if hasattr(signal, "SIGBUS"):
    _BY_SIGNAL[signal.SIGBUS] = (
        "The engine crashed (SIGBUS): the model file changed or became unreadable while in use."
    )


def describe_exit(exit_code: int | None) -> str:
    """A sentence for a process exit code (negative: killed by that signal)."""
    if exit_code is None:
        return "The engine stopped responding."
    if exit_code < 0:
        number = -exit_code
        try:
            sig = signal.Signals(number)
        except ValueError:
            return f"The engine was stopped by signal {number}."
        return _BY_SIGNAL.get(sig, f"The engine was stopped by {sig.name}.")
    if exit_code == 0:
        return "The engine process ended."
    return f"The engine exited unexpectedly (exit code {exit_code})."
