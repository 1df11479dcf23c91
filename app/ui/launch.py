"""Starting the window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QFileOpenEvent

log = logging.getLogger("lokal.gui")


def run_gui(argv: Sequence[str], files: Sequence[Path] = (), notice: str | None = None) -> int:
    """The window; ``notice`` (e.g. "Updated to 0.2.0") is shown in its status bar."""
    import os

    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from app.ui.display_check import display_problem

    if QApplication.instance() is None and (problem := display_problem(os.environ)):
        # Qt would abort with a misleading message; say what is missing instead.
        print(problem, file=sys.stderr)
        log.error("the window cannot start: %s", problem)
        return 1

    from app.core import settings as user_settings
    from app.core.paths import data_dir
    from app.core.resources import app_icon_path
    from app.ui import appearance
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName("Lokal")
    app.setOrganizationName("Lokal")
    # Wayland and the taskbar match the window to lokal.desktop (name and icon) by this.
    QGuiApplication.setDesktopFileName("lokal")
    icon = app_icon_path()
    if icon.exists():
        QGuiApplication.setWindowIcon(QIcon(str(icon)))
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(app, QApplication):
        settings, _ignored = user_settings.load()
        appearance.apply_theme(app, settings.theme)
        appearance.apply_language(app, settings.language)
    window = MainWindow(folder / "lokal.db")
    window.show()
    if notice:
        from app.ui.text import translated

        window.statusBar().showMessage(translated(notice))
    open_files(window, files)
    # Kept in a variable until exec() returns: Qt does not own Python event filters.
    file_opener = FileOpenHandler(window)
    app.installEventFilter(file_opener)
    return int(app.exec()) if isinstance(app, QApplication) else 0


class FileOpenHandler(QObject):
    """macOS hands files (double-clicked, dropped on the Dock icon, "Open With") to a
    running app as FileOpen events, not as arguments: they go where arguments go."""

    def __init__(self, window: object) -> None:
        super().__init__()
        self._window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(event, QFileOpenEvent) and event.file():
            open_files(self._window, [Path(event.file())])
            return True
        return super().eventFilter(watched, event)


def open_files(window: object, files: Sequence[Path]) -> None:
    """Files given on the command line (the desktop's "Open with Lokal"): a GGUF is loaded;
    documents are attached when the window offers that, and named in the log otherwise."""
    paths = [Path(f).expanduser().resolve() for f in files]
    models = [p for p in paths if p.suffix.lower() == ".gguf"]
    documents = [p for p in paths if p.suffix.lower() != ".gguf"]
    load_model = getattr(window, "load_model", None)
    if models and callable(load_model):
        load_model(models[0])
    attach = getattr(window, "attach_files", None)
    if documents and callable(attach):
        attach(documents)
    elif documents:
        log.info("opened with %d document(s); attaching them is not offered yet", len(documents))


if __name__ == "__main__":
    raise SystemExit(run_gui(sys.argv))
