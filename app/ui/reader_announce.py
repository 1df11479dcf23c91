"""What a screen reader says about a chat message: a name per message, one announcement
when an answer is complete (never token by token)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleInterface
from PySide6.QtWidgets import QAccessibleWidget, QWidget

from app.ui.text import fill

#: Words of a message in its accessible name: enough to tell messages apart.
NAME_WORDS = 12
#: The dynamic property that gives a widget its role for screen readers.
ROLE_PROPERTY = "accessibleRole"
_factory_installed = False


def _interface(key: str, obj: QObject) -> QAccessibleInterface | None:
    if not isinstance(obj, QWidget) or obj.property(ROLE_PROPERTY) is None:
        return None  # Qt's own interface
    return QAccessibleWidget(obj, QAccessible.Role(obj.property(ROLE_PROPERTY)))


def set_role(widget: QWidget, role: QAccessible.Role) -> None:
    """Give ``widget`` ``role`` in the accessibility tree (a chat message: a Section, read
    as one unit, where a plain frame would be a Border a screen reader skips)."""
    global _factory_installed
    if not _factory_installed:
        QAccessible.installFactory(_interface)
        _factory_installed = True
    widget.setProperty(ROLE_PROPERTY, role.value)


def first_words(text: str, count: int = NAME_WORDS) -> str:
    words = text.split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")


def message_name(role: str, text: str) -> str:
    """ "Assistant: <first words>" or "You: <first words>"."""
    translate = QCoreApplication.translate
    who = {
        "user": translate("ReaderAnnounce", "You"),
        "tool": translate("ReaderAnnounce", "Tool"),
    }.get(role, translate("ReaderAnnounce", "Assistant"))
    return fill(translate("ReaderAnnounce", "%1: %2"), who, first_words(text)) if text else who


def announce_answer(widget: QWidget, text: str) -> None:
    """Say once that the answer is complete, with its beginning."""
    message = fill(
        QCoreApplication.translate("ReaderAnnounce", "Answer complete: %1"), first_words(text)
    )
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, message))
