"""Numbers inside sentences, written in English here and in the reader's locale in the window.

A ``Number`` is the English text of a figure ("10,863", "3.1 GB") for the terminal, the
log and the tests, and it keeps the figure itself, its decimals and its unit, so the
window can write it its reader's way ("10.863", "3,1 GB") when it fills a Sentence
(app/ui/text.py). Core code passes Numbers as a Sentence's values.
"""

from __future__ import annotations

from typing import Any

GIB = 1 << 30


class Number(str):
    """``value`` with ``decimals`` digits after the point, then ``unit`` (" GB", "%", "")."""

    value: float
    decimals: int
    unit: str

    def __new__(cls, value: float, decimals: int = 0, unit: str = "") -> Number:
        self = super().__new__(cls, f"{value:,.{decimals}f}{unit}")
        self.value = float(value)
        self.decimals = decimals
        self.unit = unit
        return self

    def __reduce__(self) -> tuple[type[Number], tuple[float, int, str]]:
        # Kept whole when it crosses to or from a child process.
        return (Number, (self.value, self.decimals, self.unit))


def count(n: int) -> Number:
    """A whole count, with thousands separators: 10,863."""
    return Number(n)


def decimal(value: float, decimals: int, unit: str = "") -> Number:
    return Number(value, decimals, unit)


def binary_gb(n_bytes: int) -> Number:
    """Memory in binary gigabytes, written "GB" as RAM is sold: 3.1 GB."""
    return Number(n_bytes / GIB, 1, " GB")


def decimal_size(n_bytes: int) -> Number:
    """A download's size in decimal units, as the Hub shows it: 12.1 GB or 314.6 MB."""
    if n_bytes >= 1e9:
        return Number(n_bytes / 1e9, 1, " GB")
    return Number(n_bytes / 1e6, 1, " MB")


def to_json(number: Number) -> dict[str, Any]:
    return {"number": number.value, "decimals": number.decimals, "unit": number.unit}


def from_json(data: dict[str, Any]) -> Number:
    """What ``to_json`` made; ValueError when it is not such data (it may come from a hostile
    file's reader)."""
    value, decimals, unit = data.get("number"), data.get("decimals"), data.get("unit")
    if (
        not isinstance(value, int | float)
        or isinstance(value, bool)
        or not isinstance(decimals, int)
        or not 0 <= decimals <= 6
        or not isinstance(unit, str)
        or len(unit) > 8
    ):
        raise ValueError("not a number")
    return Number(value, decimals, unit)
