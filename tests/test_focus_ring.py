"""Keyboard focus is drawn as a ring in the highlight colour; a mouse click hides it."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from app.ui import focus_ring


def test_the_ring_follows_the_keyboard_focus_and_is_drawn(qtbot: QtBot, qapp: QApplication) -> None:
    ring = focus_ring.install(qapp)
    assert focus_ring.install(qapp) is ring
    window = QWidget()
    qtbot.addWidget(window)
    layout = QHBoxLayout(window)
    first, second = QPushButton("First"), QPushButton("Second")
    for button in (first, second):
        button.setFlat(True)  # Fusion draws no focus of its own on a flat button
        layout.addWidget(button)
    window.resize(300, 80)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    first.setFocus(Qt.FocusReason.OtherFocusReason)
    assert first.hasFocus(), QApplication.focusWidget()
    assert not ring.ring.isVisible()  # not from the keyboard
    QTest.keyClick(first, Qt.Key.Key_Tab)
    assert second.hasFocus(), QApplication.focusWidget()
    assert ring.ring.isVisible()
    around = ring.ring.geometry()
    assert around.contains(second.geometry()) and not around.contains(first.geometry())
    image = window.grab().toImage()
    highlight = window.palette().color(QPalette.ColorRole.Highlight)
    edge = around.topLeft() + QPoint(around.width() // 2, 1)
    assert QColor(image.pixel(edge)).name() == highlight.name()
    QTest.mouseClick(first, Qt.MouseButton.LeftButton)
    assert first.hasFocus() and not ring.ring.isVisible()
