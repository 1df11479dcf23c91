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


def test_dark_is_dark_light_is_light_and_system_follows_the_scheme(app: QApplication) -> None:
    appearance.apply_theme(app, "dark")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() < 60
    appearance.apply_theme(app, "light")
    assert app.palette().color(QPalette.ColorRole.Window).lightness() > 200
    appearance.apply_theme(app, "system")
    wanted = appearance.palette_for(appearance.system_scheme())
    assert app.palette().color(QPalette.ColorRole.Window) == wanted.color(QPalette.ColorRole.Window)
    # Lokal's own palettes in both cases, not whatever the platform had.
    assert appearance.system_scheme() in ("light", "dark")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_text_role_reads_over_its_background(theme: str) -> None:
    palette = appearance.palette_for(theme)
    for text, background in appearance.TEXT_ON:
        ratio = appearance.contrast(palette.color(text), palette.color(background))
        assert ratio >= 4.5, (theme, text, background, round(ratio, 2))
    # A selected conversation's title, over the accent's thin tint.
    tint = appearance.selection_tint(palette)
    assert appearance.contrast(palette.color(QPalette.ColorRole.WindowText), tint) >= 4.5


def test_contrast_is_measured_as_wcag_says() -> None:
    from PySide6.QtGui import QColor

    assert appearance.contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert appearance.contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(
        4.48, abs=0.01
    )
    # A pale grey on white, as many apps draw hints, fails.
    assert appearance.contrast(QColor("#aaaaaa"), QColor("#ffffff")) < 4.5
