"""Filling translated sentences: ``fill(self.tr("Loading %1…"), name)``.

Qt's %1, %2 placeholders let a translation put the values in another order,
which German sentences often need.
"""

from __future__ import annotations


def fill(template: str, *values: object) -> str:
    # From the highest number down, so %1 does not eat the start of %10.
    for number in range(len(values), 0, -1):
        template = template.replace(f"%{number}", str(values[number - 1]))
    return template
