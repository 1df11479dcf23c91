"""Numbers, sizes, durations and dates in the reader's locale: "10.863", "0,1 GB", "1,00".

Every figure the window shows goes through here, so German readers see German digits
and English readers their own region's. The locale is QLocale's default, which
appearance.apply_language sets with the language. Core code hands figures over as
Numbers (app/core/quantity.py); ``number`` writes them.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QDateTime, QLocale

from app.core.quantity import Number

#: Seconds at which a duration is written in minutes, and in hours.
MINUTE, HOUR = 60, 3600


def locale() -> QLocale:
    current = QLocale()
    # The "C" locale (a POSIX system without LANG) groups no digits: English's instead.
    if current.language() == QLocale.Language.C:
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return current


def integer(n: int) -> str:
    """10863 -> "10,863" (en) or "10.863" (de)."""
    return locale().toString(int(n))


def decimal(value: float, decimals: int) -> str:
    """1.0, 2 -> "1.00" (en) or "1,00" (de)."""
    return locale().toString(float(value), "f", decimals)


def number(value: Number) -> str:
    """A core Number in the reader's digits, with its unit."""
    if value.decimals == 0 and value.value == int(value.value):
        digits = integer(int(value.value))
    else:
        digits = decimal(value.value, value.decimals)
    return digits + value.unit


def gigabytes(n_bytes: int, binary: bool = True) -> str:
    """Memory (binary, as RAM is sold) or a file's size (decimal) in GB, one decimal."""
    return decimal(n_bytes / ((1 << 30) if binary else 1e9), 1) + " GB"


def percent(fraction: float) -> str:
    """0.45 -> "45%" (en) or "45 %" (de, which spaces the sign)."""
    space = " " if locale().language() == QLocale.Language.German else ""
    return f"{integer(round(100 * fraction))}{space}%"


def seconds(value: float, decimals: int = 0) -> str:
    """A short duration in seconds: "12 s", "0,42 s"."""
    return decimal(value, decimals) + " s"


def duration(value: float) -> str:
    """A longer span: "42 s", "4 min 03 s", "2 h 05 min" (unit symbols read the same in
    English and German)."""
    whole = int(value + 0.5)
    if whole < MINUTE:
        return f"{integer(whole)} s"
    if whole < HOUR:
        return f"{integer(whole // MINUTE)} min {whole % MINUTE:02d} s"
    return f"{integer(whole // HOUR)} h {whole % HOUR // MINUTE:02d} min"


def date_time(moment: datetime) -> str:
    """A date and time in the locale's short format."""
    shown = QDateTime.fromSecsSinceEpoch(int(moment.timestamp()))
    return locale().toString(shown, QLocale.FormatType.ShortFormat)
