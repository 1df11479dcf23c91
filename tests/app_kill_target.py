"""The real window, streaming one long answer until it is killed: the subject of test_app_kill.py.

    QT_QPA_PLATFORM=offscreen python tests/app_kill_target.py DATA_DIR MODEL RUN

Opens the main window on DATA_DIR/lokal.db (as the app does, marking answers
a crash left streaming as interrupted), loads MODEL, asks "question RUN" and
lets the answer stream (reasoning that goes on) until killed.
Prints "asked" once the question is sent.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui.main_window import MainWindow
    from tests.fixtures.long_answers import endless_turn

    folder, model, run = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    app = QApplication(sys.argv[:1])
    window = MainWindow(
        folder / "lokal.db",
        folder / "settings.json",
        turn_extra=endless_turn(),
    )
    window.show()
    window.load_model(model)

    def ask_when_ready() -> None:
        if not window.model_ready:
            QTimer.singleShot(20, ask_when_ready)
            return
        window.composer.setPlainText(f"question {run}")
        window.composer.submit()
        print("asked", flush=True)

    ask_when_ready()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
