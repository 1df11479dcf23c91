"""The composer: attachment chips, the text field and its controls in one rounded box.

The text field grows with the text (composer.py); under it sit Attach, the tools,
the reasoning effort and Send or Stop. The box draws its own rounded border, in the
accent colour while the text field has the focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QIcon, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QToolButton, QVBoxLayout, QWidget

from app.ui.attachments import AttachmentBar
from app.ui.composer import Composer
from app.ui.icon_button import ActionButton
from app.ui.icons import icon

RADIUS = 18
SEND_SIZE = QSize(36, 36)
_TOOL_STYLE = (
    "QToolButton { border: 1px solid transparent; border-radius: 8px; padding: 4px 8px; }"
    "QToolButton:hover { background: palette(alternate-base); }"
    "QToolButton:focus { border: 1px solid palette(highlight); }"
    "QToolButton::menu-indicator { image: none; width: 0px; }"
    'QToolButton[popupMode="2"] { padding-right: 8px; }'
)


class ComposerBox(QWidget):
    def __init__(
        self, composer: Composer, attachments: AttachmentBar, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("composerBox")
        self.composer = composer
        self.attachments = attachments
        composer.setFrameShape(composer.Shape.NoFrame)
        composer.viewport().setAutoFillBackground(False)
        attachments.attach_button.hide()  # the box's own Attach button stands for it
        self.attach_button = ActionButton()
        self.attach_button.setIcon(icon("attach"))
        self.attach_button.setIconSize(QSize(20, 20))
        self.attach_button.setAutoRaise(True)
        self.attach_button.clicked.connect(attachments.choose_files)
        self.send_button = RoundButton()
        self.send_button.setIcon(icon("send", QPalette.ColorRole.HighlightedText))
        self.send_button.setObjectName("sendButton")
        self.stop_button = RoundButton()
        self.stop_button.setIcon(icon("stop", QPalette.ColorRole.HighlightedText))
        self.stop_button.setObjectName("stopButton")
        for button in (self.send_button, self.stop_button):
            button.setFixedSize(SEND_SIZE)
            button.setIconSize(QSize(20, 20))
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)
        self.stop_button.hide()
        self.controls = QHBoxLayout()
        self.controls.setContentsMargins(0, 0, 0, 0)
        self.controls.setSpacing(4)
        self.controls.addWidget(self.attach_button)
        self._extras_at = 1  # tools and effort go after Attach
        self.controls.addStretch(1)
        self.controls.addWidget(self.send_button)
        self.controls.addWidget(self.stop_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 10, 8)
        layout.setSpacing(6)
        layout.addWidget(attachments)
        layout.addWidget(composer)
        layout.addLayout(self.controls)
        composer.installEventFilter(self)
        self.retranslate()

    def add_control(self, widget: QWidget) -> None:
        """A control in the row under the text, after those added before it."""
        # Quiet inside the box: no frame until hovered or focused, like the icon buttons.
        # palette(...) follows a theme switch (appearance._restyle reads sheets again).
        if isinstance(widget, QComboBox):
            widget.installEventFilter(self)  # drawn quiet by eventFilter
            widget.setAttribute(Qt.WidgetAttribute.WA_Hover)
        elif isinstance(widget, QToolButton):
            widget.setStyleSheet(_TOOL_STYLE)
            widget.setIconSize(QSize(18, 18))
        self.controls.insertWidget(self._extras_at, widget)
        self._extras_at += 1

    def retranslate(self) -> None:
        self.attach_button.setToolTip(
            self.tr("Attach documents to this conversation (or drop files or folders on the chat)")
        )
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Send (Enter)"))
        self.send_button.setAccessibleName(self.tr("Send the message"))
        # The text keeps its mnemonic (Alt+S) though only the icon shows.
        self.stop_button.setText(self.tr("&Stop"))
        self.stop_button.setToolTip(self.tr("Stop answering (Esc)"))
        self.stop_button.setAccessibleName(self.tr("Stop answering"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def eventFilter(self, watched: object, event: QEvent) -> bool:
        if isinstance(watched, QComboBox):
            if event.type() == QEvent.Type.Paint:
                _paint_quiet_combo(watched)
                return True
            return False
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()  # the border shows where the keyboard is
        return False

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        focused = self.composer.hasFocus()
        border = palette.color(QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Mid)
        painter.setPen(QPen(border, 1.5 if focused else 1))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(1, 1, -1, -1), RADIUS, RADIUS)
        painter.end()
        super().paintEvent(event)


class RoundButton(QToolButton):
    """Send and Stop: a round button in the accent colour, with a ring while focused."""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        group = QPalette.ColorGroup.Normal if self.isEnabled() else QPalette.ColorGroup.Disabled
        colour = palette.color(group, QPalette.ColorRole.Highlight)
        if self.isDown():
            colour = colour.darker(115)
        elif self.underMouse():
            colour = colour.lighter(112)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        disc = QRectF(self.rect()).adjusted(2, 2, -2, -2)
        painter.drawEllipse(disc)
        if self.hasFocus():  # the keyboard's place, visible on the accent too
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(QRectF(self.rect()).adjusted(0.75, 0.75, -0.75, -0.75))
        size = self.iconSize()
        mode = QIcon.Mode.Normal if self.isEnabled() else QIcon.Mode.Disabled
        pixmap = self.icon().pixmap(size, self.devicePixelRatioF(), mode)
        x = (self.width() - size.width()) // 2
        y = (self.height() - size.height()) // 2
        painter.drawPixmap(x, y, pixmap)
        painter.end()


def _paint_quiet_combo(combo: QComboBox) -> None:
    """A choice in the box's row: its text and a chevron; a tint under the pointer and
    the accent ring with the focus, like the buttons beside it. Its list is Qt's own."""
    painter = QPainter(combo)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    palette = combo.palette()
    area = QRectF(combo.rect()).adjusted(1, 1, -1, -1)
    if combo.underMouse():
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.AlternateBase))
        painter.drawRoundedRect(area, 8, 8)
    if combo.hasFocus():
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(area, 8, 8)
    group = QPalette.ColorGroup.Normal if combo.isEnabled() else QPalette.ColorGroup.Disabled
    painter.setPen(palette.color(group, QPalette.ColorRole.ButtonText))
    chevron = 14
    text = combo.rect().adjusted(6, 0, -(chevron + 4), 0)
    shown = combo.fontMetrics().elidedText(
        combo.currentText(), Qt.TextElideMode.ElideRight, text.width()
    )
    painter.drawText(text, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), shown)
    mode = QIcon.Mode.Normal if combo.isEnabled() else QIcon.Mode.Disabled
    pixmap = icon("chevron-down").pixmap(QSize(chevron, chevron), combo.devicePixelRatioF(), mode)
    painter.drawPixmap(combo.width() - chevron - 8, (combo.height() - chevron) // 2, pixmap)
    painter.end()
