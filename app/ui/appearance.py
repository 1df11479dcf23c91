"""Theme and language, applied to the running application.

Light and dark are palettes designed as a pair (docs/design.md) under the Fusion
style, so they look the same on every platform; "system" picks the one that matches
the system's colour scheme and follows it when it changes.
Languages are Qt translation files in resources/translations (ours) plus
Qt's own (standard buttons such as Yes/No/Cancel).
"""

from __future__ import annotations

import locale

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.core.resources import resource

LANGUAGES = ("en", "de")

_theme = "system"
_following = [False]  # the system's colour scheme is watched once
_translators: list[QTranslator] = []


# One palette per theme, designed together (docs/design.md): the sidebar and chrome on
# Window, the reading page and inputs on Base, the question bubble on AlternateBase,
# one blue accent. Every text role keeps a contrast of 4.5:1 or more over the
# backgrounds it is drawn on (tests/test_appearance.py checks it).
DARK = {
    QPalette.ColorRole.Window: "#1b1c1f",
    QPalette.ColorRole.WindowText: "#ececee",
    QPalette.ColorRole.Base: "#222327",
    QPalette.ColorRole.AlternateBase: "#30333a",
    QPalette.ColorRole.Text: "#ececee",
    QPalette.ColorRole.Button: "#2c2e33",
    QPalette.ColorRole.ButtonText: "#ececee",
    QPalette.ColorRole.Highlight: "#2f62cf",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#3a3d44",
    QPalette.ColorRole.ToolTipText: "#f4f4f5",
    QPalette.ColorRole.PlaceholderText: "#a3a7ae",
    QPalette.ColorRole.Link: "#8ab4f8",
    QPalette.ColorRole.Light: "#4a4d55",
    QPalette.ColorRole.Midlight: "#3a3d44",
    QPalette.ColorRole.Mid: "#3a3d44",
    QPalette.ColorRole.Dark: "#141517",
    QPalette.ColorRole.Shadow: "#000000",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Accent: "#2f62cf",
}
LIGHT = {
    QPalette.ColorRole.Window: "#f4f4f5",
    QPalette.ColorRole.WindowText: "#1b1d21",
    QPalette.ColorRole.Base: "#ffffff",
    QPalette.ColorRole.AlternateBase: "#edf1f8",
    QPalette.ColorRole.Text: "#1b1d21",
    QPalette.ColorRole.Button: "#eceef1",
    QPalette.ColorRole.ButtonText: "#1b1d21",
    QPalette.ColorRole.Highlight: "#2563eb",
    QPalette.ColorRole.HighlightedText: "#ffffff",
    QPalette.ColorRole.ToolTipBase: "#1b1d21",
    QPalette.ColorRole.ToolTipText: "#f4f4f5",
    QPalette.ColorRole.PlaceholderText: "#5f6670",
    QPalette.ColorRole.Link: "#1d5fd6",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#e4e6ea",
    QPalette.ColorRole.Mid: "#d5d8de",
    QPalette.ColorRole.Dark: "#a9aeb6",
    QPalette.ColorRole.Shadow: "#6b7079",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Accent: "#2563eb",
}
# (text role, background role) pairs the window draws; each must reach 4.5:1.
TEXT_ON = (
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.Text, QPalette.ColorRole.AlternateBase),
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.AlternateBase),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
)


def _palette(colors: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    palette = QPalette()
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    _grey_out_disabled(palette, disabled)
    return palette


def _dark_palette() -> QPalette:
    return _palette(DARK, "#6b6f75")


def _light_palette() -> QPalette:
    return _palette(LIGHT, "#8c959f")


def palette_for(theme: str) -> QPalette:
    """ "light" or "dark"; "system" is the one the system's colour scheme asks for."""
    if theme == "system":
        theme = system_scheme()
    return _dark_palette() if theme == "dark" else _light_palette()


def system_scheme() -> str:
    """ "dark" when the system says so (Qt 6.5+ style hints), else "light"."""
    hints = QGuiApplication.styleHints()
    return "dark" if hints.colorScheme() == Qt.ColorScheme.Dark else "light"


def selection_tint(palette: QPalette, strength: float = 0.16) -> QColor:
    """The accent laid thinly over the window colour: a selected row in the sidebar."""
    accent = palette.color(QPalette.ColorRole.Highlight)
    window = palette.color(QPalette.ColorRole.Window)
    mixed = QColor()
    mixed.setRgbF(
        window.redF() + (accent.redF() - window.redF()) * strength,
        window.greenF() + (accent.greenF() - window.greenF()) * strength,
        window.blueF() + (accent.blueF() - window.blueF()) * strength,
    )
    return mixed


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def contrast(foreground: QColor, background: QColor) -> float:
    """WCAG 2 contrast ratio, 1 to 21."""

    def luminance(colour: QColor) -> float:
        def channel(value: float) -> float:
            return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

        return (
            0.2126 * channel(colour.redF())
            + 0.7152 * channel(colour.greenF())
            + 0.0722 * channel(colour.blueF())
        )

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _grey_out_disabled(palette: QPalette, grey: str) -> None:
    # setColor(role, …) sets every colour group, so without this a disabled button
    # (Regenerate while an answer streams) would look exactly like an enabled one.
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(grey))


def apply_theme(app: QApplication, theme: str) -> None:
    """ "light", "dark" or "system" (the system's colour scheme, followed as it changes)."""
    global _theme
    _theme = theme
    app.setStyle("Fusion")  # the same look everywhere; the palettes are designed for it
    app.setPalette(palette_for(theme))
    hints = QGuiApplication.styleHints()
    if not _following[0]:
        _following[0] = True
        hints.colorSchemeChanged.connect(_scheme_changed)
    _restyle(app)


def _scheme_changed(_scheme: Qt.ColorScheme) -> None:
    app = QApplication.instance()
    if _theme == "system" and isinstance(app, QApplication):
        app.setPalette(palette_for("system"))
        _restyle(app)


def _restyle(app: QApplication) -> None:
    """Read every style sheet again under the new palette.

    A style sheet's palette(...) colours are fixed when Qt applies the sheet, and
    the sheet's widget and all below it keep them: after a switch to dark, the
    chat pane stayed light (dark text on a dark pane the other way round).
    """
    for widget in app.allWidgets():
        sheet = widget.styleSheet()
        if sheet:
            widget.setStyleSheet("")
            widget.setStyleSheet(sheet)


def resolve_language(language: str) -> str:
    """ "system" becomes the system's language when we have it, else English."""
    if language in LANGUAGES:
        return language
    name = QLocale.system().name() or (locale.getlocale()[0] or "")
    code = name.split("_")[0].lower()
    return code if code in LANGUAGES else "en"


def reader_locale(code: str) -> QLocale:
    """The system's locale when it speaks ``code`` (keeps its region: de_CH, en_GB), else
    the language's own: figures follow the language the window is in."""
    system = QLocale.system()
    if system.name().split("_")[0].lower() == code:
        return system
    return QLocale(code)


def apply_language(app: QApplication, language: str) -> str:
    """Install the translators for ``language``; widgets then get a LanguageChange event."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    code = resolve_language(language)
    # Before the translators: their LanguageChange makes widgets write their figures again.
    QLocale.setDefault(reader_locale(code))
    # Open windows keep the locale they were made with; spin boxes (Temperature 1,00)
    # write their figures again once their window's locale changes.
    for window in app.topLevelWidgets():
        window.setLocale(QLocale())
    if code == "en":
        return code
    ours = QTranslator(app)
    if ours.load(str(resource("translations", f"lokal_{code}.qm"))):
        app.installTranslator(ours)
        _translators.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{code}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        _translators.append(qt)
    return code
