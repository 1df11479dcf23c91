"""Compact JSON text exactly as the reference renderer prints schema values.

The reference library formats ``default`` values with Rust's ``serde_json`` (compact,
non-ASCII kept, floats via the ``ryu`` algorithm). Python's ``json.dumps`` agrees on
everything except float spelling (``1e+21`` vs ``1e21``, ``1e16`` vs
``10000000000000000.0``), so floats get their own formatter here.
"""

from __future__ import annotations

import json
import math
from decimal import Decimal
from typing import Any, Final

# serde_json keeps integers in i64/u64; anything larger is read as an f64.
_INT_MIN: Final = -(2**63)
_UINT_MAX: Final = 2**64 - 1


def format_float(value: float) -> str:
    """Format a finite float the way ``ryu`` (and so ``serde_json``) does."""
    if math.isnan(value) or math.isinf(value):
        # JSON cannot hold these; serde_json would print null.
        return "null"
    sign = "-" if math.copysign(1.0, value) < 0 else ""
    if value == 0:
        return sign + "0.0"
    # repr() gives the shortest round-tripping digits, the same digits ryu chooses.
    _, digit_tuple, exponent = Decimal(repr(abs(value))).as_tuple()
    digits = "".join(map(str, digit_tuple)).rstrip("0")
    assert isinstance(exponent, int)
    k = exponent + (len(digit_tuple) - len(digits))  # value == int(digits) * 10**k
    length = len(digits)
    kk = length + k  # 10**(kk-1) <= value < 10**kk
    if k >= 0 and kk <= 16:
        body = digits + "0" * k + ".0"
    elif 0 < kk <= 16:
        body = digits[:kk] + "." + digits[kk:]
    elif -5 < kk <= 0:
        body = "0." + "0" * (-kk) + digits
    elif length == 1:
        body = f"{digits}e{kk - 1}"
    else:
        body = f"{digits[0]}.{digits[1:]}e{kk - 1}"
    return sign + body


def _string(value: str) -> str:
    # Same escapes as serde_json: \" \\ \b \f \n \r \t, other controls as \u00xx.
    return json.dumps(value, ensure_ascii=False)


def dumps(value: Any) -> str:
    """Serialize ``value`` as compact JSON text identical to ``serde_json::to_string``."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        if _INT_MIN <= value <= _UINT_MAX:
            return str(value)
        try:
            return format_float(float(value))
        except OverflowError:  # beyond any f64; the reference could not load it at all
            return str(value)
    if isinstance(value, float):
        return format_float(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, dict):
        items = (f"{_string(str(key))}:{dumps(item)}" for key, item in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(dumps(item) for item in value) + "]"
    raise TypeError(f"not a JSON value: {type(value).__name__}")
