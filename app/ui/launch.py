"""Starting the window."""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Slot
from PySide6.QtGui import QFileOpenEvent
from PySide6.QtWidgets import QWidget

from app.core.sentence import message_of
from app.ui.text import translated

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
    from app.core.store.recovery import HistoryUnusable, open_or_set_aside
    from app.ui import appearance, focus_ring
    from app.ui.main_window import MainWindow
    from app.ui.quit_signals import QuitOnSignals
    from app.ui.single_instance import claim, hand_over

    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName("Lokal")
    app.setOrganizationName("Lokal")
    # Wayland and the taskbar match the window to lokal.desktop (name and icon) by this.
    QGuiApplication.setDesktopFileName("lokal")
    icon = app_icon_path()
    if icon.exists():
        QGuiApplication.setWindowIcon(QIcon(str(icon)))
    if isinstance(app, QApplication):
        settings, _ignored = user_settings.load()
        appearance.apply_theme(app, settings.theme)
        appearance.apply_language(app, settings.language)
        focus_ring.install(app)  # keyboard users see where they are
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    # Twice: the first Lokal may end between our look at its lock and our message.
    for _attempt in range(2):
        primary = claim(folder)
        if primary is not None:
            break
        if hand_over(folder, files):
            log.info("handed %d file(s) to the Lokal already running", len(files))
            return 0
    else:
        log.error("another Lokal holds %s but did not take the files", folder)
        _tell(None, _not_answering(), critical=True)  # launched from a desktop: no terminal
        return 1
    database = folder / "lokal.db"
    try:
        set_aside = open_or_set_aside(database)
    except HistoryUnusable as exc:
        _tell(None, translated(message_of(exc)), critical=True)
        return 1
    window = MainWindow(database)
    window.show()
    if set_aside is not None:
        _tell(window, translated(set_aside.sentence()))
    if notice:  # "Updated to X.Y.Z", once after an upgrade
        window.statusBar().showMessage(translated(notice))
    open_files(window, files)
    # Kept in a variable until exec() returns: Qt does not own Python event filters.
    file_opener = FileOpenHandler(window)
    app.installEventFilter(file_opener)
    primary.files_received.connect(file_opener.open_handed_over)
    quitter = QuitOnSignals(_quit_everything)
    try:
        return int(app.exec()) if isinstance(app, QApplication) else 0
    finally:
        quitter.restore()
        primary.release()


def _quit_everything() -> None:
    """What Quit does, for every window (an open dialog too), then the event loop ends."""
    from PySide6.QtWidgets import QApplication

    QApplication.closeAllWindows()
    QApplication.quit()


def _not_answering() -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "launch", "Lokal is already running but does not answer. Close it, then try again."
    )


def _tell(parent: QWidget | None, text: str, *, critical: bool = False) -> None:
    """A sentence in a message box that does not hold up the window (an error holds it)."""
    from PySide6.QtWidgets import QMessageBox

    from app.ui.plain_text import plain_message_box

    icon = QMessageBox.Icon.Critical if critical else QMessageBox.Icon.Warning
    box = plain_message_box(parent, icon, "Lokal", text)
    if parent is None:
        box.exec()
        return
    box.setObjectName("historySetAside")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()


class FileOpenHandler(QObject):
    """macOS hands files (double-clicked, dropped on the Dock icon, "Open With") to a
    running app as FileOpen events, not as arguments: they go where arguments go."""

    def __init__(self, window: object) -> None:
        super().__init__()
        self._window = window

    @Slot(list)
    def open_handed_over(self, files: list[Path]) -> None:
        """Files a later `lokal` launch sent: opened here, and this window comes forward."""
        open_files(self._window, files)
        if isinstance(self._window, QWidget):
            state = self._window.windowState() & ~Qt.WindowState.WindowMinimized
            self._window.setWindowState(state | Qt.WindowState.WindowActive)
            self._window.show()
            self._window.raise_()
            self._window.activateWindow()

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
