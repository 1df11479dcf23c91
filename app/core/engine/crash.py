"""Why the engine process ended, in words a person can act on."""

from __future__ import annotations

import signal

from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

_BY_SIGNAL = {
    signal.SIGKILL: QT_TRANSLATE_NOOP(
        "core",
        "The engine was killed (SIGKILL). This usually means the computer ran out "
        "of memory: close other programs, or choose a shorter context or a smaller model.",
    ),
    signal.SIGABRT: QT_TRANSLATE_NOOP(
        "core", "The engine aborted (SIGABRT): llama.cpp stopped on an internal error."
    ),
    signal.SIGSEGV: QT_TRANSLATE_NOOP(
        "core", "The engine crashed (SIGSEGV): llama.cpp made an invalid memory access."
    ),
    signal.SIGILL: QT_TRANSLATE_NOOP(
        "core",
        "The engine crashed (SIGILL): this llama.cpp uses an instruction this CPU does not have.",
    ),
    signal.SIGTERM: QT_TRANSLATE_NOOP("core", "The engine was stopped from outside (SIGTERM)."),
}
if hasattr(signal, "SIGBUS"):
    _BY_SIGNAL[signal.SIGBUS] = QT_TRANSLATE_NOOP(
        "core",
        "The engine crashed (SIGBUS): the model file changed or became unreadable while in use.",
    )


def describe_exit(exit_code: int | None) -> Sentence:
    """A sentence for a process exit code (negative: killed by that signal)."""
    if exit_code is None:
        return Sentence(QT_TRANSLATE_NOOP("core", "The engine stopped responding."))
    if exit_code < 0:
        number = -exit_code
        try:
            sig = signal.Signals(number)
        except ValueError:
            return Sentence(
                QT_TRANSLATE_NOOP("core", "The engine was stopped by signal %1."), str(number)
            )
        if sig in _BY_SIGNAL:
            return Sentence(_BY_SIGNAL[sig])
        return Sentence(QT_TRANSLATE_NOOP("core", "The engine was stopped by %1."), sig.name)
    if exit_code == 0:
        return Sentence(QT_TRANSLATE_NOOP("core", "The engine process ended."))
    return Sentence(
        QT_TRANSLATE_NOOP("core", "The engine exited unexpectedly (exit code %1)."),
        str(exit_code),
    )
