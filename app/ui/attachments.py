"""Attaching documents: the chips above the composer, and dropping or pasting files.

``AttachmentBar`` shows one chip per file: reading, ready (with its size in
tokens) or failed (with the reason), each with a remove button. It draws
state only; ``DocumentAttacher`` (attacher.py) does the work off the GUI
thread and tells the bar what happened. ``install_file_drop`` makes any
widget accept dropped and pasted files and folders.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QObject, QSize, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.ui.flow_layout import FlowLayout
from app.ui.icons import icon
from app.ui.locale_format import integer
from app.ui.plain_text import plain_tooltip
from app.ui.text import fill, translated

_STATE_STYLE = {
    "reading": "QFrame#attachmentChip { border: 1px solid palette(mid); }",
    "ready": "QFrame#attachmentChip { border: 1px solid #4a8f5a; }",
    "failed": "QFrame#attachmentChip { border: 1px solid #c0392b; }",
}
_CHIP_STYLE = "QFrame#attachmentChip { border-radius: 10px; padding: 2px 4px; }"
_DETAIL_WIDTH = 320  # pixels: longer reasons are cut here, whole in the tooltip
_DOCUMENT_PATTERNS = (
    "*.pdf *.docx *.md *.markdown *.txt *.html *.htm *.csv *.tsv *.json *.py "
    "*.js *.ts *.c *.cpp *.h *.java *.go *.rs *.rb *.sh *.yaml *.yml *.toml *.xml *.log"
)


def file_filter() -> str:
    """The Attach dialog's file types, in the current language (the patterns stay as they are)."""
    documents = fill(
        QCoreApplication.translate("AttachmentBar", "Documents (%1)"), _DOCUMENT_PATTERNS
    )
    return documents + ";;" + QCoreApplication.translate("AttachmentBar", "All files (*)")


def local_paths(mime: QMimeData | None) -> list[Path]:
    """The local files and folders a drop or the clipboard carries (no remote URLs)."""
    if mime is None or not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class FileDropFilter(QObject):
    """Catches drags, drops and Ctrl+V of files on the widgets it watches."""

    def __init__(self, on_paths: Callable[[list[Path]], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_paths = on_paths

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragEnterEvent | QDropEvent)
            if local_paths(event.mimeData()):
                event.acceptProposedAction()
                return True
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            paths = local_paths(event.mimeData())
            if not paths:
                return False
            event.acceptProposedAction()
            self._on_paths(paths)
            return True
        if kind == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.matches(QKeySequence.StandardKey.Paste):
                paths = local_paths(QGuiApplication.clipboard().mimeData())
                if paths:  # files copied in a file manager: attach, don't paste their names
                    self._on_paths(paths)
                    return True
        return False


def install_file_drop(widget: QWidget, on_paths: Callable[[list[Path]], None]) -> FileDropFilter:
    """Make ``widget`` accept dropped and pasted local files and folders.

    ``on_paths`` gets the paths as dropped (folders unexpanded). Scroll areas
    and text edits receive drags on their viewport, so that is watched too.
    The filter is a child of ``widget`` and lives as long as it does.
    """
    drop_filter = FileDropFilter(on_paths, widget)
    targets: list[QWidget] = [widget]
    if isinstance(widget, QAbstractScrollArea):
        targets.append(widget.viewport())
    for target in targets:
        target.setAcceptDrops(True)
        target.installEventFilter(drop_filter)
    return drop_filter


class AttachmentChip(QFrame):
    remove_clicked = Signal(str)  # the chip's key

    def __init__(self, key: str, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = key
        self.name = name
        self.state = "reading"
        self.setObjectName("attachmentChip")
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # file names are not HTML
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.title.setText(
            self.title.fontMetrics().elidedText(name, Qt.TextElideMode.ElideMiddle, _DETAIL_WIDTH)
        )
        self.detail = QLabel()
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.remove_button = QToolButton()
        self.remove_button.setIcon(icon("close"))
        self.remove_button.setIconSize(QSize(14, 14))
        self.remove_button.setAutoRaise(True)
        self.remove_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.remove_button.clicked.connect(lambda: self.remove_clicked.emit(self.key))
        text = QVBoxLayout()
        text.setSpacing(0)
        text.addWidget(self.title)
        text.addWidget(self.detail)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 3, 3, 3)
        # Notes about the document (e.g. pages without text): a warning icon, not a glyph.
        self.notes_icon = QLabel()
        self.notes_icon.setPixmap(icon("warning").pixmap(QSize(14, 14), self.devicePixelRatioF()))
        self.notes_icon.hide()
        row.addLayout(text)
        row.addWidget(self.notes_icon)
        row.addWidget(self.remove_button)
        # What the chip shows, kept so a language change can say it again.
        self._ready: tuple[int, int | None, str] = (0, None, "")
        self._reason = ""
        self.set_reading()

    def retranslate(self) -> None:
        if self.state == "ready":
            self.set_ready(*self._ready)
        elif self.state == "failed":
            self.set_failed(self._reason)
        else:
            self.set_reading()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def set_reading(self) -> None:
        self.notes_icon.hide()
        self._show("reading", self.tr("Reading…"), fill(self.tr("%1: reading"), self.name))

    def set_ready(self, tokens: int, pages: int | None = None, notes: str = "") -> None:
        self._ready = (tokens, pages, notes)
        size = fill(self.tr("%1 tokens"), integer(tokens))
        if pages:
            size += " · " + fill(self.tr("%1 pages"), integer(pages))
        self.notes_icon.setVisible(bool(notes))
        description = fill(self.tr("%1: ready, %2."), self.name, size)
        self._show("ready", size, f"{description} {translated(notes)}".strip())

    def set_failed(self, reason: str) -> None:
        """``reason`` is kept as given (a Sentence stays one) and shown in the current language."""
        self._reason = reason
        self.notes_icon.hide()
        text = translated(reason)
        metrics = self.detail.fontMetrics()
        short = metrics.elidedText(text, Qt.TextElideMode.ElideRight, _DETAIL_WIDTH)
        self._show("failed", short, fill(self.tr("%1 could not be attached: %2"), self.name, text))

    def _show(self, state: str, detail: str, description: str) -> None:
        self.state = state
        self.detail.setText(detail)
        color = {"failed": "#c0392b", "ready": "palette(text)"}.get(state, "palette(mid)")
        self.detail.setStyleSheet(f"color: {color};")
        self.setStyleSheet(_CHIP_STYLE + _STATE_STYLE[state])
        self.setToolTip(plain_tooltip(description))
        self.setAccessibleName(fill(self.tr("Attachment %1"), self.name))
        self.remove_button.setAccessibleName(fill(self.tr("Remove %1"), self.name))
        self.remove_button.setToolTip(
            plain_tooltip(fill(self.tr("Remove %1 from this conversation"), self.name))
        )
        self.setAccessibleDescription(description)


class AttachmentBar(QWidget):
    """An Attach button and the chips, wrapping onto more rows as they fill one."""

    remove_requested = Signal(str)  # a chip's key
    files_chosen = Signal(list)  # list[Path], from the Attach button's dialog or a drop

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.chips: dict[str, AttachmentChip] = {}
        self.attach_button = QPushButton()
        self.attach_button.clicked.connect(self.choose_files)
        self._flow = FlowLayout(self)
        self._flow.addWidget(self.attach_button)
        # Files dropped on the strip of chips (or on a chip: drops go up to the
        # nearest widget that takes them) attach like those dropped on the chat.
        install_file_drop(self, self.files_chosen.emit)
        self.retranslate()

    def retranslate(self) -> None:
        self.attach_button.setText(self.tr("Attach…"))
        self.attach_button.setAccessibleName(self.tr("Attach files"))
        self.attach_button.setToolTip(
            self.tr("Attach documents to this conversation (or drop files or folders on the chat)")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def choose_files(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Attach documents"), str(Path.home()), file_filter()
        )
        if names:
            self.files_chosen.emit([Path(name) for name in names])

    def add(self, key: str, name: str) -> AttachmentChip:
        """A chip in the reading state (or the existing one for ``key``)."""
        chip = self.chips.get(key)
        if chip is None:
            chip = AttachmentChip(key, name)
            chip.remove_clicked.connect(self.remove_requested)
            self._flow.addWidget(chip)
            self.chips[key] = chip
            self.updateGeometry()
        return chip

    def set_ready(self, key: str, tokens: int, pages: int | None = None, notes: str = "") -> None:
        if key in self.chips:
            self.chips[key].set_ready(tokens, pages, notes)

    def set_failed(self, key: str, reason: str) -> None:
        if key in self.chips:
            self.chips[key].set_failed(reason)

    def remove(self, key: str) -> None:
        chip = self.chips.pop(key, None)
        if chip is not None:
            self._flow.removeWidget(chip)
            chip.deleteLater()
            self.updateGeometry()

    def clear(self) -> None:
        for key in list(self.chips):
            self.remove(key)
