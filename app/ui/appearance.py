"""Theme and language, applied to the running application.

Light and dark are explicit Fusion palettes, so they look the same on every
platform; "system" restores the palette and style the app started with.
Languages are Qt translation files in resources/translations (ours) plus
Qt's own (standard buttons such as Yes/No/Cancel).
"""

from __future__ import annotations

import locale

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from app.core.resources import resource

LANGUAGES = ("en", "de")

_startup: tuple[QPalette, str] | None = None
_translators: list[QTranslator] = []


def _dark_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#202124",
        QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#17181a",
        QPalette.ColorRole.AlternateBase: "#26282b",
        QPalette.ColorRole.Text: "#e8eaed",
        QPalette.ColorRole.Button: "#2d2f33",
        QPalette.ColorRole.ButtonText: "#e8eaed",
        QPalette.ColorRole.Highlight: "#3f74c9",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#2d2f33",
        QPalette.ColorRole.ToolTipText: "#e8eaed",
        QPalette.ColorRole.PlaceholderText: "#9aa0a6",
        QPalette.ColorRole.Link: "#8ab4f8",
        QPalette.ColorRole.Mid: "#3c4043",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    _grey_out_disabled(palette, "#6b6f75")
    return palette


def _light_palette() -> QPalette:
    palette = QPalette()
    colors = {
        QPalette.ColorRole.Window: "#f3f4f6",
        QPalette.ColorRole.WindowText: "#1f2328",
        QPalette.ColorRole.Base: "#ffffff",
        QPalette.ColorRole.AlternateBase: "#f6f8fa",
        QPalette.ColorRole.Text: "#1f2328",
        QPalette.ColorRole.Button: "#e9ebee",
        QPalette.ColorRole.ButtonText: "#1f2328",
        QPalette.ColorRole.Highlight: "#2f6fde",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.PlaceholderText: "#6e7781",
        QPalette.ColorRole.Link: "#0969da",
        QPalette.ColorRole.Mid: "#d0d7de",
    }
    for role, color in colors.items():
        palette.setColor(role, QColor(color))
    _grey_out_disabled(palette, "#8c959f")
    return palette


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
    """ "light", "dark" or "system"."""
    global _startup
    if _startup is None:
        _startup = (QPalette(app.palette()), app.style().name())
    if theme == "system":
        app.setStyle(_startup[1])
        app.setPalette(_startup[0])
    else:
        app.setStyle("Fusion")
        app.setPalette(_dark_palette() if theme == "dark" else _light_palette())
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
