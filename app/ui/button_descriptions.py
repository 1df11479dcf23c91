"""What a dialog's standard buttons do, for screen readers: a name alone ("Close",
"OK") does not say whether changes are kept."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialogButtonBox

Button = QDialogButtonBox.StandardButton


def describe_standard_buttons(box: QDialogButtonBox) -> None:
    """Give each standard button of ``box`` that has no description one."""
    translate = QCoreApplication.translate
    descriptions = {
        Button.Ok: translate("DialogButtons", "Keeps the changes and closes the window"),
        Button.Cancel: translate("DialogButtons", "Closes the window without keeping changes"),
        Button.Close: translate("DialogButtons", "Closes this window"),
    }
    for which, text in descriptions.items():
        button = box.button(which)
        if button is not None and not button.accessibleDescription():
            button.setAccessibleDescription(text)
