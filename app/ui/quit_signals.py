"""Ctrl+C in the terminal and SIGTERM (a logout, `kill`) close the window as Quit does.

Python runs a signal handler only between bytecodes, and while Qt's event loop
waits in C++ there are none: Ctrl+C was ignored until the next event, and then
surfaced as a KeyboardInterrupt traceback from whatever slot ran. Here the
signal's number is written to a socket (signal.set_wakeup_fd) that Qt watches,
so the event loop wakes at once and closes the window in an ordinary slot.
"""

from __future__ import annotations

import logging
import signal
import socket
from collections.abc import Callable
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier

log = logging.getLogger("lokal.gui")

QUIT_SIGNALS = tuple(
    s for s in (signal.SIGINT, signal.SIGTERM, getattr(signal, "SIGHUP", None)) if s is not None
)


def _noted(_number: int, _frame: FrameType | None) -> None:
    """Python's side of the handler: the work is done by QuitOnSignals.wake, in the loop."""


class QuitOnSignals(QObject):
    """While it lives, the quit signals call ``quit`` from the GUI thread's event loop."""

    def __init__(self, quit: Callable[[], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._quit = quit
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno(), warn_on_full_buffer=False)
        self._previous = {number: signal.signal(number, _noted) for number in QUIT_SIGNALS}
        self._notifier = QSocketNotifier(self._reader.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self.wake)

    def wake(self) -> None:
        try:
            numbers = self._reader.recv(64)
        except (BlockingIOError, InterruptedError):
            return
        if numbers:
            log.info("closing on signal %s", ", ".join(signal.Signals(n).name for n in numbers))
            self._quit()

    def restore(self) -> None:
        """Put back what was there before (tests start several windows in one process)."""
        self._notifier.setEnabled(False)
        for number, handler in self._previous.items():
            signal.signal(number, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._reader.close()
        self._writer.close()
