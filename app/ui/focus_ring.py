"""A visible focus ring for keyboard users, drawn over whichever control has the focus.

Styles draw focus faintly or not at all (a flat button under Fusion shows nothing), and
a style sheet rule would put every widget under Qt's slower style-sheet style. So one
overlay per application follows the focus: a rounded ring in the palette's highlight
colour, shown when the focus arrived from the keyboard (Tab, Shift+Tab, a shortcut),
hidden when the mouse moved it, as browsers do for :focus-visible.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt
from PySide6.QtGui import QFocusEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QApplication, QWidget

#: Pixels between a control's edge and the ring, and the ring's width.
GAP, WIDTH = 2, 2
KEYBOARD = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)
#: Events after which the focused control may sit elsewhere in its window.
MOVED = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Paint, QEvent.Type.Show)


class _Ring(QWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setObjectName("focusRing")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), WIDTH))
        inset = WIDTH / 2
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(inset, inset, -inset, -inset), 4, 4)
        painter.end()


class FocusRing(QObject):
    """Install once per application: ``FocusRing(app)``."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._ring = _Ring()
        self.target: QWidget | None = None
        app.installEventFilter(self)

    @property
    def ring(self) -> QWidget:
        """The overlay; a new one when the window it was in was closed and deleted it."""
        if not shiboken6.isValid(self._ring):
            self._ring = _Ring()
        return self._ring

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            assert isinstance(event, QFocusEvent)
            if event.reason() in KEYBOARD and not watched.isWindow():
                self._follow(watched)
            elif event.reason() != Qt.FocusReason.PopupFocusReason:
                self._hide()
        elif kind == QEvent.Type.FocusOut and watched is self.target:
            assert isinstance(event, QFocusEvent)
            if event.reason() != Qt.FocusReason.PopupFocusReason:
                self._hide()
        elif kind in MOVED and watched is self.target:
            self._place()
        elif kind in (QEvent.Type.Hide, QEvent.Type.DeferredDelete) and watched is self.target:
            self._hide()
        return False

    def _follow(self, widget: QWidget) -> None:
        self.target = widget
        window = widget.window()
        if self.ring.parent() is not window:
            self.ring.hide()
            self.ring.setParent(window)
        self.ring.raise_()
        self._place()

    def _place(self) -> None:
        target = self.target
        if target is None or not target.isVisible():
            self._hide()
            return
        window = target.window()
        visible = target.visibleRegion().boundingRect()
        if visible.isEmpty():
            self.ring.hide()
            return
        top_left = target.mapTo(window, visible.topLeft())
        area = QRect(top_left, visible.size()).adjusted(
            -GAP - WIDTH, -GAP - WIDTH, GAP + WIDTH, GAP + WIDTH
        )
        # Only on a change: raising repaints the control, whose Paint comes back here.
        if self.ring.geometry() != area:
            self.ring.setGeometry(area)
        if self.ring.isHidden():
            self.ring.show()
            self.ring.raise_()

    def _hide(self) -> None:
        self.target = None
        self.ring.hide()


def install(app: QApplication) -> FocusRing:
    """The application's focus ring (one, however often this is called)."""
    existing = app.findChild(FocusRing)
    return existing if existing is not None else FocusRing(app)
