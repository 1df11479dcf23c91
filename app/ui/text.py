"""Filling translated sentences: ``fill(self.tr("Loading %1…"), name)``.

Qt's %1, %2 placeholders let a translation put the values in another order,
which German sentences often need.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.quantity import Number
from app.core.sentence import CONTEXT, render
from app.core.sentence import fill as fill_values
from app.ui.locale_format import number


def fill(template: str, *values: object) -> str:
    """A Number among ``values`` is written in the reader's locale (app/ui/locale_format.py)."""
    return fill_values(template, tuple(translated(v) if isinstance(v, str) else v for v in values))


def translated(text: str) -> str:
    """A sentence made in app/core in the window's language (app/core/sentence.py), its
    Numbers in the reader's locale."""
    if isinstance(text, Number):
        return number(text)
    return render(text, lambda template: QCoreApplication.translate(CONTEXT, template), number)
