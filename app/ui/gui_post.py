"""Running a callable on the GUI thread, from any thread.

Qt-free code (the chat controller) hears its jobs' events in the engine's
thread; it hands each one to ``GuiPost`` so that its state, and every widget
that shows it, changes on the GUI thread only. A queued signal into a slot of a
QObject that lives on the GUI thread is Qt's own way of crossing threads.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot


class GuiPost(QObject):
    _call = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._call.connect(self._run, Qt.ConnectionType.QueuedConnection)

    def __call__(self, function: Callable[[], None]) -> None:
        """Run ``function`` soon on this object's thread (safe from any thread)."""
        self._call.emit(function)

    @Slot(object)
    def _run(self, function: Callable[[], None]) -> None:
        function()
