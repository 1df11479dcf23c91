"""Timing how long the window takes to open one conversation, switching away in between."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtWidgets import QApplication

from app.ui.main_window import MainWindow


def time_opens(
    window: MainWindow,
    target: int,
    other: int,
    repeats: int,
    settle: Callable[[], None] = lambda: None,
) -> list[float]:
    """Seconds from open_conversation(target) to its events processed, once per repeat.

    Each repeat first opens `other`, so every measured open builds the page anew;
    `settle` runs after the events, for work the measure must include (a full layout)."""
    app = QApplication.instance()
    assert app is not None
    times = []
    for _ in range(repeats):
        window.open_conversation(other)
        app.processEvents()
        start = time.perf_counter()
        window.open_conversation(target)
        app.processEvents()
        settle()
        times.append(time.perf_counter() - start)
    return times
