"""The first window: what to do when there is no model yet.

Opening a GGUF file checks its header off the GUI thread (a 12 GB model's
header holds a 200k-entry vocabulary) and tells the person what it found.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.core.gguf import GGUFValidationError, ModelFacts, validate_gguf


class _CheckSignals(QObject):
    accepted = Signal(object)
    rejected = Signal(str)


class _CheckHeader(QRunnable):
    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.signals = _CheckSignals()

    def run(self) -> None:
        try:
            facts = validate_gguf(self.path)
        except GGUFValidationError as exc:
            self.signals.rejected.emit(str(exc))
        except OSError as exc:
            self.signals.rejected.emit(f"The file could not be read: {exc.strerror or exc}.")
        else:
            self.signals.accepted.emit(facts)


def human_size(n_bytes: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n_bytes >= scale:
            return f"{n_bytes / scale:.1f} {unit}"
    return f"{n_bytes} bytes"


def describe_model(path: Path, facts: ModelFacts) -> str:
    abilities = [
        name
        for name, present in (
            ("harmony chat", facts.harmony),
            ("reasoning effort", facts.reasoning_effort),
            ("tools", facts.tools),
        )
        if present
    ]
    return (
        f"{path.name}: {facts.architecture}, {facts.block_count} layers, "
        f"context {facts.context_length:,} tokens, {human_size(facts.file_size)}. "
        + ("Supports " + ", ".join(abilities) + "." if abilities else "")
    )


class WelcomeWindow(QMainWindow):
    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("Lokal")
        self.resize(720, 480)
        self._checks: list[_CheckHeader] = []
        title = QLabel("<h1>Welcome to Lokal</h1>")
        intro = QLabel(
            "Lokal runs gpt-oss privately on this computer. To begin, open a model file "
            "in GGUF format (for example gpt-oss-20b-mxfp4.gguf)."
        )
        intro.setWordWrap(True)
        self.open_button = QPushButton("&Open GGUF file…")
        self.open_button.setAccessibleName("Open a GGUF model file")
        self.open_button.clicked.connect(self._choose_file)
        self.status = QLabel("No model is open.")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout()
        for widget in (title, intro, self.open_button, self.status):
            layout.addWidget(widget)
        layout.addStretch(1)
        central = QWidget()
        central.setLayout(layout)
        self.setCentralWidget(central)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open a model", str(Path.home()), "GGUF models (*.gguf);;All files (*)"
        )
        if name:
            self.check_model(Path(name))

    def check_model(self, path: Path) -> None:
        self.status.setText(f"Checking {path.name}…")
        self.open_button.setEnabled(False)
        check = _CheckHeader(path)
        check.setAutoDelete(False)
        check.signals.accepted.connect(lambda facts: self._accepted(path, facts))
        check.signals.rejected.connect(self._rejected)
        self._checks.append(check)
        QThreadPool.globalInstance().start(check)

    def _accepted(self, path: Path, facts: ModelFacts) -> None:
        self.open_button.setEnabled(True)
        self.status.setText(describe_model(path, facts))

    def _rejected(self, reason: str) -> None:
        self.open_button.setEnabled(True)
        self.status.setText(f"This file cannot be used. {reason}")
