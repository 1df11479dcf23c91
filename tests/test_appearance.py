"""Light, dark and the system's look: readable, and disabled controls look disabled."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from app.ui import appearance

ROLES = (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Text, QPalette.ColorRole.WindowText)


@pytest.fixture
def app(qapp: QApplication) -> QApplication:
    yield qapp
    appearance.apply_theme(qapp, "system")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_disabled_text_is_greyed_in_both_themes(app: QApplication, theme: str) -> None:
    appearance.apply_theme(app, theme)
    palette = app.palette()
    for role in ROLES:
        active = palette.color(QPalette.ColorGroup.Active, role)
        disabled = palette.color(QPalette.ColorGroup.Disabled, role)
        assert active != disabled, role
        # Greyed, not invisible: the disabled colour stays apart from the background.
        background = palette.color(QPalette.ColorRole.Window)
        assert abs(disabled.lightness() - background.lightness()) > 60, role


def test_dark_is_dark_light_is_light_and_system_comes_back(app: QApplication) -> None:
    appearance.apply_theme(app, "system")
    startup = app.palette().color(QPalette.ColorRole.Window)
    appearance.apply_theme(app, "dark")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 60
    appearance.apply_theme(app, "light")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    appearance.apply_theme(app, "system")
    assert app.palette().color(QPalette.ColorRole.Window) == startup
