"""Starting the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_gui(argv: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from app.core import settings as user_settings
    from app.core.paths import data_dir
    from app.ui import appearance
    from app.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName("Lokal")
    app.setOrganizationName("Lokal")
    folder = data_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(app, QApplication):
        settings, _ignored = user_settings.load()
        appearance.apply_theme(app, settings.theme)
        appearance.apply_language(app, settings.language)
    window = MainWindow(folder / "lokal.db")
    window.show()
    return int(app.exec()) if isinstance(app, QApplication) else 0


if __name__ == "__main__":
    raise SystemExit(run_gui(sys.argv))
