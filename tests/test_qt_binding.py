"""The Qt binding must not lose references to None: a long-running window would crash.

PySide6 6.12.0 (with Python 3.11, where None is not immortal) drops one reference
to None each time a call returns None; after some hours of use the interpreter
aborts with "Fatal Python error: none_dealloc". pyproject.toml excludes it; this
test keeps any future version honest, on the calls the window makes all day.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QListWidget, QListWidgetItem
from pytestqt.qtbot import QtBot

CALLS = 500


def test_calls_returning_none_keep_none_alive(qtbot: QtBot) -> None:
    items = QListWidget()
    qtbot.addWidget(items)
    item = QListWidgetItem("a conversation")
    items.addItem(item)
    choice = QComboBox()
    qtbot.addWidget(choice)
    choice.addItem("Automatic", None)
    index = items.model().index(0, 0)
    calls = (
        lambda: item.data(Qt.ItemDataRole.UserRole + 7),  # a role never set
        lambda: index.data(Qt.ItemDataRole.UserRole + 7),
        choice.currentData,  # None stored on purpose
        items.currentItem,  # nothing selected
    )
    for call in calls:
        before = sys.getrefcount(None)
        for _ in range(CALLS):
            assert call() is None
        lost = before - sys.getrefcount(None)
        assert lost < CALLS // 10, f"{call} lost {lost} references to None in {CALLS} calls"
