"""Filling translated sentences: ``fill(self.tr("Loading %1…"), name)``.

Qt's %1, %2 placeholders let a translation put the values in another order,
which German sentences often need.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.core.sentence import CONTEXT, render
from app.core.sentence import fill as fill_values


def fill(template: str, *values: object) -> str:
    return fill_values(template, values)


def translated(text: str) -> str:
    """A sentence made in app/core in the window's language (app/core/sentence.py)."""
    return render(text, lambda template: QCoreApplication.translate(CONTEXT, template))
