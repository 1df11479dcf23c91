"""One model in the model manager: what it is, whether it fits, its state, and its buttons.

Download progress is put into words here, in the window's language, with the same
pieces as app.core.models.progress_text (which the terminal uses, in English).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.models.catalog import CatalogEntry
from app.core.models.download import Progress
from app.core.models.fit import FitVerdict
from app.core.models.installed import IncompleteDownload, InstalledModel
from app.ui.locale_format import decimal, duration
from app.ui.locale_format import percent as percent_of
from app.ui.text import fill, translated

FIT_COLORS = {True: "#2e7d32", False: "#c62828", None: "#8d6e00"}
LOAD_COLORS = {"ready": "#2e7d32", "loading": "#8d6e00"}  # as the header's model picker


@dataclass
class RowState:
    name: str
    label: str
    summary: str
    entry: CatalogEntry | None = None
    installed: InstalledModel | None = None
    incomplete: IncompleteDownload | None = None
    verdict: FitVerdict | None = None
    downloading: bool = False
    progress: Progress | None = None
    is_default: bool = False
    message: str = ""  # the last failure, in a sentence (a Sentence is shown translated)
    resumable: bool = False  # the failure left parts that Resume continues from
    opened: Path | None = None  # a GGUF file opened from where the user keeps it
    load_phase: str = "none"  # "ready" while it is the model in use, "loading" while it loads
    load_progress: float = 0.0

    @property
    def usable(self) -> bool:
        """It can be loaded: installed without a problem, or an opened file that is there."""
        if self.installed is not None:
            return not self.installed.problem
        return self.opened is not None and self.opened.is_file()

    @property
    def path(self) -> Path | None:
        return self.installed.path if self.installed is not None else self.opened


def memory_size(n: int) -> str:
    """Memory as operating systems show it (binary units written "GB"), in the user's locale."""
    return QLocale().formattedDataSize(n, 1, QLocale.DataSizeFormat.DataSizeTraditionalFormat)


def disk_size(n: int) -> str:
    """A file's size as file managers show it (decimal units), in the user's locale."""
    return QLocale().formattedDataSize(n, 1, QLocale.DataSizeFormat.DataSizeSIFormat)


def memory_line(verdict: FitVerdict | None) -> str:
    """The one memory figure of a model, for its description (the verdict names the same)."""
    if verdict is None or verdict.need_bytes is None:
        return ""
    return fill(
        QCoreApplication.translate("ModelRow", "Needs about %1 of memory on this computer."),
        memory_size(verdict.need_bytes),
    )


def verdict_text(verdict: FitVerdict, label: str) -> str:
    """The verdict's explanation, with its memory figures in the user's locale."""
    translate = QCoreApplication.translate
    if verdict.fits is False and verdict.need_bytes is not None:
        return fill(
            translate("ModelRow", "%1 needs about %2 of memory on this computer; it has %3."),
            label,
            memory_size(verdict.need_bytes),
            memory_size(verdict.total_bytes),
        )
    if verdict.close_others:
        return fill(
            translate(
                "ModelRow",
                "It fits this computer's %1 of memory, but only %2 is free right now: "
                "close other programs first.",
            ),
            memory_size(verdict.total_bytes),
            memory_size(verdict.free_bytes),
        )
    return translated(verdict.sentence)


def verdict_short(verdict: FitVerdict) -> str:
    """A few words for a list: the verdict, and what to do first when memory is taken now."""
    short = translated(verdict.short)
    if verdict.close_others:
        short = fill(
            QCoreApplication.translate("ModelRow", "%1 · close other programs first"), short
        )
    return short


def failure_text(failure: str, label: str) -> str:
    """What happened to a download that only downloading again helps."""
    translate = QCoreApplication.translate
    if failure == "revision":
        return fill(
            translate(
                "ModelRow", "The version of %1 this download began with is no longer on the Hub."
            ),
            label,
        )
    return translate(
        "ModelRow", "A downloaded file did not match the Hub's checksum, so it was not installed."
    )


def capability_text(model: InstalledModel) -> str:
    translate = QCoreApplication.translate
    caps = model.capabilities
    names = [
        ("harmony", translate("ModelRow", "harmony format")),
        ("reasoning_effort", translate("ModelRow", "reasoning effort")),
        ("tools", translate("ModelRow", "tools")),
    ]
    found = [text for key, text in names if caps.get(key)]
    return " · ".join(found) if found else translate("ModelRow", "plain chat model")


def amount_text(done: int, total: int) -> str:
    """'5.5 of 12.1 GB': both in the total's unit."""
    scale, unit = (1e9, "GB") if total >= 1e9 else (1e6, "MB")
    return fill(
        QCoreApplication.translate("ModelRow", "%1 of %2 %3"),
        decimal(done / scale, 1),
        decimal(total / scale, 1),
        unit,
    )


def progress_text(p: Progress) -> str:
    """E.g. 'Downloading 45% · 5.5 of 12.1 GB · 23.4 MB/s · 4 min 43 s left'."""
    translate = QCoreApplication.translate
    if p.phase == "looking up":
        return translate("ModelRow", "Asking the Hugging Face Hub…")
    percent = percent_of(p.done / p.total) if p.total else ""
    part = ""
    if p.file_count > 1:
        part = " " + fill(translate("ModelRow", "(part %1 of %2)"), p.file_index, p.file_count)
    if p.phase == "checking":
        return fill(
            translate("ModelRow", "Checking what was already downloaded%1 · %2"), part, percent
        )
    pieces = [
        fill(translate("ModelRow", "Downloading%1 %2"), part, percent),
        amount_text(p.done, p.total),
    ]
    if p.speed > 0:
        pieces.append(decimal(p.speed / 1e6, 1) + " MB/s")
    if p.eta is not None:
        pieces.append(fill(translate("ModelRow", "%1 left"), duration(p.eta)))
    return " · ".join(pieces)


class ModelRow(QFrame):
    action = Signal(str, str)  # action name, model name

    def __init__(self, state: RowState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName(f"model-{state.name}")
        column = QVBoxLayout(self)
        column.setSpacing(4)

        top = QHBoxLayout()
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold; font-size: 14px;")
        self.badge = QLabel()
        self.badge.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.loaded = QLabel()  # "Loaded" or "Loading 45 %" on the model in use
        self.loaded.setObjectName("loaded")
        top.addWidget(self.title)
        top.addWidget(self.loaded)
        top.addStretch(1)
        top.addWidget(self.badge)
        column.addLayout(top)

        self.summary = QLabel(translated(state.summary))
        self.summary.setWordWrap(True)
        self.fit = QLabel()
        self.fit.setWordWrap(True)
        self.fit.setStyleSheet("color: palette(placeholder-text);")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 1000)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        for label in (self.title, self.loaded, self.badge, self.summary, self.fit, self.status):
            label.setTextFormat(Qt.TextFormat.PlainText)  # names and sentences, not HTML
        for widget in (self.summary, self.fit, self.status, self.bar):
            column.addWidget(widget)

        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self._buttons: dict[str, QPushButton] = {}
        keys = ("download", "again", "resume", "pause", "cancel", "load", "default", "folder")
        for key in (*keys, "delete"):
            button = QPushButton()
            button.setObjectName(key)
            button.clicked.connect(lambda _=False, k=key: self.action.emit(k, self.state.name))
            self.buttons.addWidget(button)
            self._buttons[key] = button
        column.addLayout(self.buttons)
        self.retranslate()

    def retranslate(self) -> None:
        for key, text in (
            ("download", self.tr("Download")),
            ("again", self.tr("Download again")),
            ("resume", self.tr("Resume")),
            ("pause", self.tr("Pause")),
            ("cancel", self.tr("Cancel")),
            ("load", self.tr("Load now")),
            ("default", self.tr("Use by default")),
            ("folder", self.tr("Show in folder")),
            ("delete", self.tr("Delete…") if self._deletes_files() else self.tr("Remove…")),
        ):
            self._buttons[key].setText(text)
            self._buttons[key].setAccessibleName(fill(self.tr("%1: %2"), text, self.state.label))
        for key, text in self._descriptions().items():
            self._buttons[key].setAccessibleDescription(text)
        self.update_state(self.state)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _descriptions(self) -> dict[str, str]:
        """What each button does (the download button's tooltip says whether the model fits)."""
        return {
            "download": self.tr("Downloads the model from the Hugging Face Hub"),
            "again": self.tr("Starts the download once more, from the beginning"),
            "resume": self.tr("Goes on with the download where it stopped"),
            "pause": self.tr("Stops the download for now; it can be resumed"),
            "cancel": self.tr("Stops the download and deletes what has arrived"),
            "load": self.tr("Loads this model now: it answers from now on"),
            "default": self.tr("Loads this model whenever Lokal starts"),
            "folder": self.tr("Shows the model's file in the file manager"),
            "delete": self.tr("Deletes the model's files from this computer")
            if self._deletes_files()
            else self.tr("Takes the model off the list; its file stays where it is"),
        }

    def _deletes_files(self) -> bool:
        """Only a downloaded model's files are Lokal's to delete; others are only forgotten."""
        return self.state.installed is not None and self.state.installed.source == "hub"

    def button(self, key: str) -> QPushButton:
        return self._buttons[key]

    def update_state(self, state: RowState) -> None:
        self.state = state
        model = state.installed
        size = f" · {disk_size(model.size)}" if model else ""
        self.title.setText(f"{state.label}{size}")
        if state.opened is not None:
            size = f" · {disk_size(state.opened.stat().st_size)}" if state.usable else ""
            self.title.setText(f"{state.label}{size}")
        description = translated(state.summary) or (
            (capability_text(model) if model else "")
            + (f" · {model.path}" if model and model.source == "import" else "")
        )
        if state.opened is not None:
            description = str(state.opened)
        memory = memory_line(state.verdict)
        self.summary.setText("\n".join(t for t in (description, memory) if t))
        self.summary.setVisible(bool(self.summary.text()))
        verdict = state.verdict
        if verdict is None:
            self.badge.setText(self.tr("Checking this computer…"))
            self.badge.setStyleSheet("color: palette(placeholder-text);")
            self.fit.setText("")
        else:
            color = FIT_COLORS[verdict.fits] if not verdict.close_others else FIT_COLORS[None]
            self.badge.setText(verdict_short(verdict))
            self.badge.setStyleSheet(f"color: {color}; font-weight: bold;")
            self.fit.setText(verdict_text(verdict, state.label))
        self.fit.setVisible(bool(self.fit.text()))
        self._show_loaded(state)
        self._show_status(state)
        self._show_buttons(state)

    def _show_loaded(self, state: RowState) -> None:
        phase = state.load_phase if state.usable else "none"
        if phase == "loading":
            text = fill(self.tr("Loading %1"), percent_of(state.load_progress))
        else:
            text = self.tr("Loaded") if phase == "ready" else ""
        self.loaded.setText(text)
        self.loaded.setStyleSheet(
            f"color: {LOAD_COLORS[phase]}; font-weight: bold; margin-left: 8px;"
            if phase in LOAD_COLORS
            else ""
        )
        self.loaded.setVisible(bool(text))

    def _show_status(self, state: RowState) -> None:
        model, progress = state.installed, state.progress
        color = ""
        if state.downloading and progress is not None:
            text = progress_text(progress)
            self.bar.setValue(int(1000 * progress.done / progress.total) if progress.total else 0)
        elif state.downloading:
            text = self.tr("Starting…")
            self.bar.setValue(0)
        elif model is not None:
            text = self.tr("Imported") if model.source == "import" else self.tr("Installed")
            if state.is_default:
                text += " · " + self.tr("used by default")
            if model.problem:
                text, color = fill(self.tr("Cannot be used: %1"), model.problem), "#c62828"
        elif state.opened is not None:
            text = self.tr("Opened from a file")
            if state.is_default:
                text += " · " + self.tr("used by default")
            if not state.opened.is_file():
                text, color = self.tr("The file is no longer there."), "#c62828"
        elif state.incomplete is not None and state.incomplete.failure:
            text = failure_text(state.incomplete.failure, state.label)
            color = "#c62828"
        elif state.incomplete is not None:
            inc = state.incomplete
            text = fill(self.tr("Paused at %1."), amount_text(inc.done, inc.total))
            self.bar.setValue(int(1000 * inc.done / inc.total) if inc.total else 0)
        else:
            text = self.tr("Not downloaded.")
        if state.message and not state.downloading:
            text, color = translated(state.message), "#c62828"
            if state.resumable:
                text = fill(self.tr("%1 Press Resume to continue."), text)
        self.status.setText(text)
        self.status.setStyleSheet(f"color: {color};" if color else "")
        failed = state.incomplete is not None and state.incomplete.failure is not None
        self.bar.setVisible(state.downloading or (state.incomplete is not None and not failed))

    def _show_buttons(self, state: RowState) -> None:
        installed = state.installed is not None
        known = installed or state.opened is not None
        paused = state.incomplete is not None and not state.downloading
        failed = paused and state.incomplete is not None and state.incomplete.failure is not None
        visible = {
            "download": state.entry is not None and not (installed or paused or state.downloading),
            "again": failed and state.entry is not None,
            "resume": paused and not failed,
            "pause": state.downloading,
            "cancel": state.downloading or paused,
            # The model in use, or the one loading, is not offered to load again.
            "load": state.usable and state.load_phase not in ("ready", "loading"),
            "default": state.usable and not state.is_default,
            "folder": known,
            "delete": known,
        }
        for key, button in self._buttons.items():
            button.setVisible(visible[key])
        # No download starts before the planner has said whether the model fits.
        download = self._buttons["download"]
        download.setEnabled(state.verdict is not None)
        download.setToolTip(
            verdict_text(state.verdict, state.label)
            if state.verdict is not None
            else self.tr("Checking whether it fits this computer first…")
        )
