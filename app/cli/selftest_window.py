"""`lokal selftest --window`: the window starts, speaks German, and loads a model.

What a packaging mistake breaks before anyone sees it: Qt's platform plugin,
the SVG icon plugin, the compiled translations, the model catalog, and the
window's own worker threads driving the engine process. It runs on whatever
Qt platform is current (QT_QPA_PLATFORM=offscreen on a machine without a
screen), in a data folder of its own, and closes the window again.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

#: How long the tiny model may take to load in the window (it takes about a second).
LOAD_SECONDS = 60.0


class WindowCheckFailure(Exception):
    pass


def run_window_selftest() -> int:
    started = time.perf_counter()
    try:
        summary = _check_window()
    except WindowCheckFailure as exc:
        print(f"selftest: window FAILED - {exc}")
        return 1
    except Exception as exc:  # anything else a broken install raises: a sentence, not a trace
        print(f"selftest: window FAILED - {str(exc) or 'an unexpected internal error'}")
        return 1
    print(f"selftest: window ok - {summary} ({time.perf_counter() - started:.1f} s)")
    return 0


def _check_window() -> str:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from app.core.models.catalog import default_entry, load_catalog
    from app.core.resources import app_icon_path
    from app.core.synthetic import build_gptoss_gguf
    from app.ui import appearance
    from app.ui.display_check import display_problem
    from app.ui.main_window import MainWindow

    if QApplication.instance() is None and (problem := display_problem(os.environ)):
        raise WindowCheckFailure(problem.removeprefix("lokal: "))  # Qt would abort instead
    app = QApplication.instance() or QApplication(["lokal"])
    assert isinstance(app, QApplication)
    # Drawn, not only named: a bundle without Qt's SVG plugin draws nothing.
    if QIcon(str(app_icon_path())).pixmap(32, 32).isNull():
        raise WindowCheckFailure(f"the icon {app_icon_path()} could not be loaded")
    catalog = load_catalog()
    with tempfile.TemporaryDirectory(prefix="lokal-window-selftest-") as name:
        folder = Path(name)
        # The window's models folder and settings are this folder's too: the check must not
        # resume the person's own downloads or change their settings.
        before = os.environ.get("LOKAL_DATA_DIR")
        os.environ["LOKAL_DATA_DIR"] = str(folder)
        window = MainWindow(folder / "lokal.db", folder / "settings.json")
        try:
            window.show()
            _wait(app, window.isVisible, 10, "the window did not appear")
            if appearance.apply_language(app, "de") != "de":
                raise WindowCheckFailure("the German translations could not be loaded")
            _wait(app, lambda: window.file_menu.title() == "&Datei", 10, "German did not apply")
            appearance.apply_language(app, "en")
            _wait(app, lambda: window.file_menu.title() == "&File", 10, "English did not return")
            model = build_gptoss_gguf(folder / "tiny-gpt-oss.gguf", preset="tiny", seed=1)
            window.load_model(model)
            _wait(
                app,
                lambda: window.model_ready or window.model_bar.state == "failed",
                LOAD_SECONDS,
                "the model did not load in the window",
            )
            if not window.model_ready:
                raise WindowCheckFailure(f"the window says: {window.model_bar.status.text()}")
        finally:
            window.close()
            app.processEvents()
            if before is None:
                os.environ.pop("LOKAL_DATA_DIR", None)
            else:
                os.environ["LOKAL_DATA_DIR"] = before
    return (
        f"Qt platform {app.platformName()}, icon, German and English, catalog of "
        f"{len(catalog)} (default {default_entry(catalog).name}), model loaded in the window"
    )


def _wait(app: object, condition: Callable[[], bool], seconds: float, failure: str) -> None:
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise WindowCheckFailure(failure)
        app.processEvents()
        time.sleep(0.02)
