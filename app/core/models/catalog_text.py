"""The shipped catalog's descriptions, marked for translation.

catalog.json is data, which Qt's lupdate does not read; its summaries are listed here
so the German file has them. A catalog entry's summary is a Sentence of its own text,
so the window finds the translation; a summary not listed here (another catalog, from
LOKAL_CATALOG) is shown as it is written. tests/test_locale_text.py checks that every
shipped summary is listed.
"""

from __future__ import annotations

from app.core.sentence import QT_TRANSLATE_NOOP

SUMMARIES = (
    QT_TRANSLATE_NOOP(
        "core",
        "OpenAI's open-weight model for everyday computers: 21B parameters, 3.6B active per token.",
    ),
    QT_TRANSLATE_NOOP(
        "core",
        "The larger gpt-oss, for computers with much memory: "
        "117B parameters, 5.1B active per token.",
    ),
)
