"""The strip above the chat: the model's state, load progress, the context meter, effort."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from app.ui.icons import icon
from app.ui.locale_format import decimal, integer
from app.ui.text import fill, translated

# The meter turns to a warning once the conversation fills this much.
CONTEXT_WARNING = 0.8


class ModelBar(QWidget):
    open_model = Signal()
    effort_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = "none"
        self._detail = ""
        self._picker = False  # the model picker shows the state instead
        self._icon_name = "model"
        self.state_icon = QLabel()
        self.state_icon.setFixedSize(QSize(20, 20))
        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # file names, engine sentences
        self.status.setWordWrap(True)
        # A long path or error (one long word) is cut at the edge, never widens the window.
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.status.setMinimumWidth(120)
        self.load_progress = QProgressBar()
        self.load_progress.setRange(0, 1000)
        self.load_progress.setMaximumWidth(160)
        self.load_progress.setTextVisible(False)
        self.load_progress.hide()
        self.context = QProgressBar()
        self.context.setMinimumWidth(190)
        self.context.hide()
        self._context = (0, 0)
        self.effort = QComboBox()
        self.effort.currentIndexChanged.connect(
            lambda _i: self.effort_changed.emit(self.effort.currentData())
        )
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self.open_model)
        layout = self._layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.state_icon)
        layout.addWidget(self.status, 1)
        layout.addWidget(self.load_progress)
        layout.addWidget(self.context)
        layout.addWidget(self.effort)
        layout.addWidget(self.open_button)
        self.retranslate()

    def use_picker(self, picker: QWidget) -> None:
        """The model picker takes the status line's place: it shows the state and progress."""
        self._layout.replaceWidget(self.status, picker)
        self._layout.setStretchFactor(picker, 0)
        self._layout.insertStretch(self._layout.indexOf(picker) + 1, 1)
        self.status.hide()
        self.state_icon.hide()  # the picker draws its own state
        self.open_button.hide()  # the picker ends with "Open a GGUF file…", as File does
        self._picker = True
        self.load_progress.hide()

    def add_before_effort(self, widget: QWidget) -> None:
        self._layout.insertWidget(self._layout.indexOf(self.effort), widget)

    def retranslate(self) -> None:
        current = self.effort.currentData() or "medium"
        self.effort.blockSignals(True)
        self.effort.clear()
        for label, value in (
            (self.tr("Reasoning: low"), "low"),
            (self.tr("Reasoning: medium"), "medium"),
            (self.tr("Reasoning: high"), "high"),
        ):
            self.effort.addItem(label, value)
        self.effort.setCurrentIndex(max(self.effort.findData(current), 0))
        self.effort.blockSignals(False)
        self._size_effort()
        self.effort.setAccessibleName(self.tr("Reasoning effort"))
        self.effort.setToolTip(self.tr("How long the model thinks before it answers"))
        self.open_button.setText(self.tr("&Open model…"))
        self.open_button.setAccessibleName(self.tr("Open a model file"))
        self.open_button.setAccessibleDescription(
            self.tr("Loads a GGUF model file that is already on this computer")
        )
        self.load_progress.setAccessibleName(self.tr("Loading progress"))
        self.context.setAccessibleName(self.tr("Context used by this conversation"))
        self.set_state(self.state, self._detail)
        self.set_context(*self._context)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            self._size_effort()
        elif event.type() == QEvent.Type.PaletteChange:
            self._paint_state_icon()  # drawn in the colours of the theme of now
        super().changeEvent(event)

    def _paint_state_icon(self) -> None:
        pixmap = icon(self._icon_name).pixmap(QSize(18, 18), self.devicePixelRatioF())
        self.state_icon.setPixmap(pixmap)

    def _size_effort(self) -> None:
        """As wide as its texts of now. QComboBox works its minimum width out once and
        keeps it: after a switch from German it cut "Reasoning: medium" to "…mediur"."""
        self.effort.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.effort.setFixedWidth(self.effort.sizeHint().width())

    def effort_value(self) -> str:
        return str(self.effort.currentData())

    def set_effort(self, effort: str) -> None:
        self.effort.setCurrentIndex(max(self.effort.findData(effort), 0))

    def set_state(self, state: str, detail: str = "") -> None:
        """ "none", "loading", "ready" or "failed", with the sentence to show."""
        self.state, self._detail = state, detail
        if state == "none":
            text = self.tr(
                "No model loaded. Open a GGUF file to start, e.g. gpt-oss-20b-mxfp4.gguf."
            )
        else:
            text = translated(detail)
        # The state as an icon from the set (an emoji would be a box without an emoji font).
        name = {"loading": "loading", "ready": "check", "failed": "warning"}.get(state, "model")
        self.state_icon.setPixmap(icon(name).pixmap(QSize(18, 18), self.devicePixelRatioF()))
        self.status.setText(text)
        self.status.setAccessibleName(fill(self.tr("Model: %1"), text))
        self.load_progress.setVisible(state == "loading" and not self._picker)
        if state == "loading":
            self.load_progress.setValue(0)

    def set_load_progress(self, fraction: float) -> None:
        self.load_progress.setValue(int(fraction * 1000))

    def set_context(self, used: int, size: int) -> None:
        self._context = (used, size)
        self.context.setVisible(size > 0)
        if size <= 0:
            return
        self.context.setRange(0, size)
        self.context.setValue(min(used, size))
        self.context.setFormat(fill(self.tr("Context %1 / %2"), _short(used), _short(size)))
        self.context.setToolTip(
            fill(
                self.tr("This conversation fills %1 of the model's %2 tokens of context."),
                integer(used),
                integer(size),
            )
        )
        full = used >= CONTEXT_WARNING * size
        self.context.setStyleSheet("QProgressBar::chunk { background: #c9772f; }" if full else "")


def _short(tokens: int) -> str:
    return f"{decimal(tokens / 1000, 1)}k" if tokens >= 1000 else integer(tokens)
