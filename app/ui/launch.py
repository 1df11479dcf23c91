"""Starting the window."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def run_gui(argv: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication

    from app.ui.welcome_window import WelcomeWindow

    app = QApplication.instance() or QApplication(list(argv))
    app.setApplicationName("Lokal")
    app.setOrganizationName("Lokal")
    window = WelcomeWindow()
    window.show()
    return int(app.exec()) if isinstance(app, QApplication) else 0


if __name__ == "__main__":
    raise SystemExit(run_gui(sys.argv))
