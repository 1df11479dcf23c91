"""The interface icons: one SVG set in resources/icons/ui, painted in the palette's colours.

The files draw with ``currentColor``; an engine renders them at the exact size and
device pixel ratio asked for (crisp at 100, 150 and 200 %), with the text colour of
the application's palette of the moment, so they follow a switch between light and dark.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from app.core.resources import resource

NAMES = (
    "send",
    "stop",
    "attach",
    "copy",
    "edit",
    "regenerate",
    "chevron-left",
    "chevron-right",
    "chevron-down",
    "search",
    "new-chat",
    "settings",
    "tools",
    "server",
    "model",
    "thinking",
    "close",
    "document",
    "loading",
    "warning",
    "check",
    "lock",
    "remote",
)


@cache
def _source(name: str) -> bytes:
    return resource("icons", "ui", f"{name}.svg").read_bytes()


class _SvgEngine(QIconEngine):
    def __init__(self, name: str, role: QPalette.ColorRole) -> None:
        super().__init__()
        self.name = name
        self.role = role

    def _renderer(self, mode: QIcon.Mode) -> QSvgRenderer:
        palette = QGuiApplication.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if mode == QIcon.Mode.Disabled
            else QPalette.ColorGroup.Normal
        )
        colour = palette.color(group, self.role).name()
        svg = _source(self.name).replace(b"currentColor", colour.encode())
        return QSvgRenderer(QByteArray(svg))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        self._renderer(mode).render(painter, rect.toRectF())

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._renderer(mode).render(painter)
        painter.end()
        pixmap.setDevicePixelRatio(scale)
        return pixmap

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        return size

    def clone(self) -> QIconEngine:
        return _SvgEngine(self.name, self.role)

    def key(self) -> str:
        return "lokal-svg"

    def iconName(self) -> str:
        return self.name

    def isNull(self) -> bool:
        return False


def icon(name: str, role: QPalette.ColorRole = QPalette.ColorRole.ButtonText) -> QIcon:
    """The icon ``name`` (one of NAMES), painted in ``role``'s colour."""
    if name not in NAMES:
        raise KeyError(name)
    return QIcon(_SvgEngine(name, role))
