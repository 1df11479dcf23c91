"""The header's model picker: a button that names the model in use and its state, and a
popup list of every model Lokal knows — installed, recently opened files, and the models
of connected servers — each with its state and the plan's verdict in a few words. The
full explanation of the highlighted entry shows in a panel under the list (and as the
button's tooltip for the model in use), never as a paragraph in the header.

Choosing a model on this computer loads it; choosing a server's model makes it answer
this conversation (the ServerPicker keeps that choice). Keyboard: Enter or Space opens
the list, the arrow keys move, Enter chooses, Esc closes.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import (
    QEvent,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QKeyEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from app.core.chat.model_control import ModelController, ModelState
from app.core.connections.store import load_connections
from app.core.engine.protocol import SystemReport
from app.core.gguf import GGUFHeader
from app.core.models.fit import (
    FitVerdict,
    merged_header,
    processor_only_report,
    verdict_for_files,
    verdict_for_header,
)
from app.core.models.known import KnownModel, known_models, opened_files, remember_opened
from app.ui.download_worker import DownloadManager
from app.ui.model_row import verdict_short, verdict_text
from app.ui.server_picker import LOCAL, ServerPicker
from app.ui.text import fill, translated

STATE_COLORS = {"ready": "#2e7d32", "loading": "#8d6e00", "failed": "#c62828", "none": "#8a8a8a"}
KIND = Qt.ItemDataRole.UserRole + 1  # "header", "local", "remote" or "action"
STATE = Qt.ItemDataRole.UserRole + 2  # the entry's state in words
SUMMARY = Qt.ItemDataRole.UserRole + 3  # the plan's one line
DETAIL = Qt.ItemDataRole.UserRole + 4  # the full explanation
TARGET = Qt.ItemDataRole.UserRole + 5  # a Path, a "CONNECTION:MODEL" source, or an action
PHASE = Qt.ItemDataRole.UserRole + 6  # for the state's colour


@dataclass(frozen=True)
class Entry:
    kind: str
    label: str
    state: str = ""
    summary: str = ""
    detail: str = ""
    target: object = None
    phase: str = "none"
    enabled: bool = True


def percent(fraction: float) -> str:
    return QLocale().toString(round(fraction * 100)) + "\u00a0%"


class ModelButton(QPushButton):
    """The header's button: a state dot, the model's name and state, a chevron, and a thin
    load-progress line along its bottom edge while a model loads."""

    CHEVRON = 18

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.phase = "none"
        self.progress = 0.0
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width() + self.CHEVRON + 14, hint.height())

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        painter.drawControl(QStyle.ControlElement.CE_PushButtonBevel, option)
        inner = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option, self)
        dot = 8
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(STATE_COLORS.get(self.phase, STATE_COLORS["none"]))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
        center_y = inner.center().y()
        painter.drawEllipse(QPoint(inner.left() + 4 + dot // 2, center_y), dot // 2, dot // 2)
        text_rect = QRect(
            inner.left() + dot + 10,
            inner.top(),
            inner.width() - dot - 10 - self.CHEVRON,
            inner.height(),
        )
        painter.setPen(self.palette().color(QPalette.ColorRole.ButtonText))
        text = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, text_rect.width()
        )
        painter.drawText(
            text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), text
        )
        # The chevron, drawn: no glyph that a font may lack.
        x, y = inner.right() - self.CHEVRON // 2 - 2, center_y
        chevron = QPainterPath()
        chevron.moveTo(x - 4, y - 2)
        chevron.lineTo(x, y + 2)
        chevron.lineTo(x + 4, y - 2)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.ButtonText), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(chevron)
        if self.phase == "loading":
            bar = QRect(
                inner.left(), self.rect().bottom() - 3, int(inner.width() * self.progress), 2
            )
            painter.fillRect(bar, self.palette().color(QPalette.ColorRole.Highlight))
        if self.hasFocus():
            focus = QStyleOptionButton(option)
            focus.rect = self.style().subElementRect(
                QStyle.SubElement.SE_PushButtonFocusRect, option, self
            )
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, focus)


class EntryDelegate(QStyledItemDelegate):
    """Two lines per model: its name with its state on the right, the plan's verdict under it."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        lines = 2 if index.data(SUMMARY) else 1
        height = option.fontMetrics.height()
        return QSize(320, lines * height + (14 if lines == 2 else 10))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        kind = index.data(KIND)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        palette = opt.palette
        text_color = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        muted = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.PlaceholderText
        )
        if not opt.state & QStyle.StateFlag.State_Enabled:
            text_color = muted
        rect = opt.rect.adjusted(10, 5, -10, -5)
        height = opt.fontMetrics.height()
        painter.save()
        font = QFont(opt.font)
        if kind == "header":
            font.setBold(True)
            font.setPointSizeF(max(1.0, font.pointSizeF() * 0.9))
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(
                rect,
                int(Qt.AlignmentFlag.AlignVCenter),
                str(index.data(Qt.ItemDataRole.DisplayRole)),
            )
            painter.restore()
            return
        state = str(index.data(STATE) or "")
        state_width = opt.fontMetrics.horizontalAdvance(state) + (14 if state else 0)
        top = QRect(rect.left(), rect.top(), rect.width(), height)
        if kind != "action":
            font.setWeight(QFont.Weight.DemiBold)
        painter.setFont(font)
        painter.setPen(text_color)
        label = str(index.data(Qt.ItemDataRole.DisplayRole))
        name_rect = top.adjusted(0, 0, -state_width, 0)
        painter.drawText(
            name_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            painter.fontMetrics().elidedText(label, Qt.TextElideMode.ElideRight, name_rect.width()),
        )
        painter.setFont(opt.font)
        if state:
            phase = str(index.data(PHASE) or "none")
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(STATE_COLORS.get(phase, STATE_COLORS["none"])))
            text_left = top.right() - state_width + 14
            painter.drawEllipse(QPoint(text_left - 8, top.center().y() + 1), 3, 3)
            painter.setPen(muted)
            painter.drawText(
                QRect(text_left, top.top(), state_width, height),
                int(Qt.AlignmentFlag.AlignVCenter),
                state,
            )
        summary = str(index.data(SUMMARY) or "")
        if summary:
            small = QFont(opt.font)
            small.setPointSizeF(max(1.0, small.pointSizeF() * 0.92))
            painter.setFont(small)
            painter.setPen(muted)
            line = QRect(rect.left(), top.bottom() + 3, rect.width(), height)
            painter.drawText(
                line,
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                painter.fontMetrics().elidedText(
                    summary, Qt.TextElideMode.ElideRight, line.width()
                ),
            )
        painter.restore()


class PickerPopup(QFrame):
    """The list under the button, with the highlighted entry's full explanation below it."""

    chosen = Signal(object)  # the Entry's target

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.list = QListWidget()
        self.list.setItemDelegate(EntryDelegate(self.list))
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setFrameShape(QFrame.Shape.NoFrame)
        self.list.itemActivated.connect(self._activated)
        self.list.currentItemChanged.connect(self._show_detail)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setObjectName("modelPickerDetail")
        self.detail.setContentsMargins(10, 6, 10, 8)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setStyleSheet("color: palette(placeholder-text);")
        column = QVBoxLayout(self)
        column.setContentsMargins(1, 1, 1, 1)
        column.setSpacing(0)
        column.addWidget(self.list, 1)
        column.addWidget(self.detail)

    def show_entries(self, entries: list[Entry], current: object) -> None:
        self.list.clear()
        first = chosen = None
        for entry in entries:
            item = QListWidgetItem(entry.label)
            item.setData(KIND, entry.kind)
            item.setData(STATE, entry.state)
            item.setData(SUMMARY, entry.summary)
            item.setData(DETAIL, entry.detail)
            item.setData(TARGET, entry.target)
            item.setData(PHASE, entry.phase)
            words = ", ".join(t for t in (entry.label, entry.state, entry.summary) if t)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, words)
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, entry.detail)
            if entry.kind == "header" or not entry.enabled:
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(item)
            if entry.enabled and entry.kind != "header":
                first = first or item
                if entry.target is not None and entry.target == current:
                    chosen = item
        current_item = chosen or first
        if current_item is not None:
            self.list.setCurrentItem(current_item)
        self._show_detail(self.list.currentItem())

    def _show_detail(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        # Always there, a few lines high: the popup keeps its size while the arrows move.
        self.detail.setText(str(item.data(DETAIL) or "") if item is not None else "")

    def _activated(self, item: QListWidgetItem) -> None:
        if item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.close()
            self.chosen.emit(item.data(TARGET))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)


class ModelPicker(QWidget):
    load_requested = Signal(object)  # the Path of a model on this computer to load
    open_file_requested = Signal()
    manage_requested = Signal()

    def __init__(
        self,
        models: ModelController,
        server_picker: ServerPicker,
        downloads: DownloadManager | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.models = models
        self.server_picker = server_picker
        self.downloads = downloads
        self.button = ModelButton()
        self.button.setObjectName("modelPicker")
        self.button.clicked.connect(self.open_popup)
        self.popup = PickerPopup(self)
        self.popup.chosen.connect(self._chosen)
        self._name_popup()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.button)
        self._headers: dict[tuple[object, ...], GGUFHeader] = {}
        self._labels: dict[Path, str] = {}  # the model in use's name, looked up once
        models.subscribe(self._model_changed)
        server_picker.changed.connect(self.update_button)
        self.update_button()

    # --- the button ---------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.update_button()
        super().changeEvent(event)

    def _model_changed(self, state: ModelState) -> None:
        if state.ready and state.path is not None and not self._installed(state.path):
            # A file opened from disk stays in the list; a read-only data folder costs only that.
            with contextlib.suppress(OSError):
                remember_opened(state.path)
        self.update_button()
        if self.popup.isVisible():
            self._fill()

    def _installed(self, path: Path) -> bool:
        resolved = path.expanduser().resolve()
        return any(k.source != "file" and resolved in k.files for k in self._known())

    def _known(self) -> list[KnownModel]:
        root = self.downloads.root if self.downloads is not None else None
        return known_models(root, root.parent if root is not None else None)

    def _label_of(self, path: Path) -> str:
        # Asked on every load-progress step: the models folder is read once per model.
        if path not in self._labels:
            resolved = path.expanduser().resolve()
            known = next((k for k in self._known() if resolved in k.files), None)
            self._labels[path] = known.label if known is not None else path.name
        return self._labels[path]

    def phase_words(self, phase: str, progress: float) -> str:
        if phase == "loading":
            return fill(self.tr("Loading %1"), percent(progress))
        return {
            "ready": self.tr("Ready"),
            "failed": self.tr("Failed"),
        }.get(phase, self.tr("Not loaded"))

    def update_button(self) -> None:
        state = self.models.state
        remote = self.server_picker.source()
        if remote:
            connection, model = remote.split(":", 1)
            text = fill(self.tr("%1 · on %2"), model, connection)
            phase, words = "ready", fill(self.tr("answers on %1"), connection)
            detail = fill(
                self.tr("This conversation is sent to %1, where %2 answers."), connection, model
            )
            name = model
        elif state.path is None or state.phase == "none":
            text = self.tr("Choose a model")
            phase, words, name = "none", self.tr("No model loaded"), ""
            detail = self.tr(
                "Choose a model to load, open a GGUF file, or download one under Manage models."
            )
        else:
            name = self._label_of(state.path)
            phase, words = state.phase, self.phase_words(state.phase, state.progress)
            text = f"{name} · {words}"
            detail = translated(state.detail)
        self.button.phase = phase
        self.button.progress = state.progress
        self.button.setText(text)
        self.button.setToolTip(detail)
        self.button.setAccessibleName(
            fill(self.tr("Model: %1, %2"), name, words)
            if name
            else fill(self.tr("Model: %1"), words)
        )
        self.button.setAccessibleDescription(detail)
        self.button.updateGeometry()
        self.button.update()

    # --- the list -----------------------------------------------------------

    def _report(self) -> SystemReport:
        if self.downloads is None:
            return processor_only_report()
        if self.downloads.system_report is None:
            self.downloads.probe_system()  # later lists name this computer's GPU too
            return processor_only_report()
        return self.downloads.system_report

    def _verdict(self, known: KnownModel, report: SystemReport) -> FitVerdict | None:
        if known.problem or known.missing:
            return None
        files = list(known.files) if known.source != "file" else opened_files(known.path)
        try:
            stamp = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
        except OSError:
            return None
        # The header is read once per file version; the verdict is made anew each time, as
        # what is free right now decides its "close other programs first".
        if stamp not in self._headers:
            try:
                self._headers[stamp] = merged_header(files)
            except Exception:  # an unreadable file: the plan's one sentence says why
                return verdict_for_files(files, report)
        return verdict_for_header(self._headers[stamp], report)

    def entries(self) -> list[Entry]:
        state = self.models.state
        report = self._report()
        current = state.path.expanduser().resolve() if state.path is not None else None
        installed: list[Entry] = []
        opened: list[Entry] = []
        for known in self._known():
            phase: str
            if current is not None and current in known.files and state.phase != "none":
                phase = state.phase
                words = self.phase_words(phase, state.progress)
            elif known.missing:
                phase, words = "failed", self.tr("File missing")
            elif known.problem:
                phase, words = "failed", self.tr("Cannot be used")
            else:
                phase, words = "none", self.tr("Not loaded")
            verdict = self._verdict(known, report)
            summary = verdict_short(verdict) if verdict is not None else ""
            if known.missing:
                detail = fill(self.tr("%1 is no longer there."), known.path)
            elif known.problem:
                detail = translated(known.problem)
            elif phase == "ready" and state.detail:
                detail = translated(state.detail)
            else:
                detail = verdict_text(verdict, known.label) if verdict is not None else ""
            entry = Entry(
                "local",
                known.label,
                words,
                summary,
                detail,
                known.path,
                phase,
                enabled=not known.missing and not known.problem,
            )
            (opened if known.source == "file" else installed).append(entry)
        remote = []
        chosen = self.server_picker.source()
        for connection in load_connections():
            for model in connection.models:
                source = f"{connection.name}:{model}"
                words = self.tr("Chosen") if source == chosen else ""
                remote.append(
                    Entry(
                        "remote",
                        model,
                        words,
                        fill(self.tr("On %1"), connection.name),
                        fill(
                            self.tr("This conversation would be sent to %1, where %2 answers."),
                            connection.name,
                            model,
                        ),
                        source,
                        "ready" if words else "none",
                    )
                )
        entries: list[Entry] = []
        for title, group in (
            (self.tr("On this computer"), installed),
            (self.tr("Recently opened"), opened),
            (self.tr("On servers"), remote),
        ):
            if group:
                entries.append(Entry("header", title))
                entries += group
        if not installed and not opened:
            entries.insert(
                0, Entry("header", self.tr("No models yet: open a GGUF file or download one."))
            )
        entries.append(Entry("action", self.tr("Open a GGUF file…"), target="open"))
        entries.append(Entry("action", self.tr("Manage models…"), target="manage"))
        return entries

    def _current_target(self) -> object:
        source = self.server_picker.source()
        if source:
            return source
        path = self.models.state.path
        return path.expanduser().resolve() if path is not None else None

    def _fill(self) -> None:
        self._labels.clear()  # a model may have been imported or removed meanwhile
        self.popup.show_entries(self.entries(), self._current_target())

    def _name_popup(self) -> None:
        """The popup's names for screen readers, in the language now (set before it opens)."""
        self.popup.setAccessibleName(self.tr("Choose a model"))
        self.popup.list.setAccessibleName(self.tr("Models"))
        self.popup.list.setAccessibleDescription(
            self.tr("Enter switches to the highlighted model; its details are shown below the list")
        )
        self.popup.detail.setAccessibleName(self.tr("About the highlighted model"))

    def open_popup(self) -> None:
        self._fill()
        self._name_popup()
        rows = sum(self.popup.list.sizeHintForRow(i) for i in range(self.popup.list.count()))
        width = max(self.button.width(), 380)
        self.popup.list.setFixedHeight(min(rows + 4, 460))
        self.popup.setFixedWidth(width)
        lines = self.popup.detail.fontMetrics().lineSpacing()
        self.popup.detail.setFixedHeight(4 * lines + 14)
        self.popup.setFixedHeight(self.popup.list.height() + self.popup.detail.height() + 2)
        self.popup.move(self.button.mapToGlobal(QPoint(0, self.button.height() + 2)))
        self.popup.show()
        self.popup.list.setFocus()

    def _chosen(self, target: object) -> None:
        if target == "open":
            self.open_file_requested.emit()
        elif target == "manage":
            self.manage_requested.emit()
        elif isinstance(target, str):
            self.server_picker.choose(target)
        elif isinstance(target, Path):
            self.server_picker.choose(LOCAL)
            state = self.models.state
            loaded = state.path is not None and state.path.expanduser().resolve() == target
            if not (loaded and state.phase in ("ready", "loading")):
                self.load_requested.emit(target)
        self.update_button()
        self.button.setFocus()
