"""A link as the "open it?" dialog shows it: what it really leads to, nothing hidden.

A look-alike host (Cyrillic "а" in "pаypal.com") is shown as the punycode
the browser will ask DNS for; characters that draw nothing or turn text
around (zero-width joiners, the right-to-left override) are shown as
``\\u200d``-style escapes, so a reversed or blank address cannot pass for
another one.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtCore import QUrl

# Format (Cf: joiners, direction marks and overrides), control, separator, unassigned and
# private-use characters; and spaces other than the plain one.
_HIDDEN_CATEGORIES = frozenset({"Cf", "Cc", "Zl", "Zp", "Cn", "Co", "Cs"})


def _hidden(character: str) -> bool:
    category = unicodedata.category(character)
    return category in _HIDDEN_CATEGORIES or (category == "Zs" and character != " ")


def visible_characters(text: str) -> str:
    """``text`` with every invisible or direction-changing character written as an escape."""
    return "".join(
        (f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}") if _hidden(c) else c
        for c in text
    )


def link_text(url: QUrl, raw: str = "") -> str:
    """``url`` for people: the host in punycode when it is not plain ASCII, nothing hidden.

    ``raw`` is the link as written, shown when Qt could not parse it (an invalid host).
    """
    if not url.isValid() or not url.host():
        return visible_characters(raw or url.toString())
    ace = url.host(QUrl.ComponentFormattingOption.EncodeUnicode)
    host = f"[{ace}]" if ":" in ace else ace
    user = url.userInfo()
    authority = (f"{user}@" if user else "") + host
    if url.port() != -1:
        authority += f":{url.port()}"
    rest = url.path()
    if url.hasQuery():
        rest += "?" + url.query()
    if url.hasFragment():
        rest += "#" + url.fragment()
    return visible_characters(f"{url.scheme()}://{authority}{rest}")
