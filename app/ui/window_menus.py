"""The main window's menus and keyboard shortcuts: every command, named and translated."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from app.ui.icons import icon

ICONS = {
    "new": "new-chat",
    "open_model": "model",
    "models": "model",
    "attach": "attach",
    "settings": "settings",
    "server": "server",
    "find": "search",
    "stop": "stop",
    "regenerate": "regenerate",
    "rename": "edit",
}


class WindowMenus(QObject):
    """File, Chat and Help; ``actions`` by name, for the window and its tests."""

    def __init__(self, window: QMainWindow, slots: dict[str, Callable[[], object]]) -> None:
        super().__init__(window)
        key = QKeySequence
        keys: dict[str, QKeySequence | None] = {
            "new": key(key.StandardKey.New),
            "open_model": key(key.StandardKey.Open),
            "models": key("Ctrl+M"),
            "attach": key("Ctrl+Shift+A"),
            "export": key("Ctrl+E"),
            "settings": key(key.StandardKey.Preferences),
            "server": None,
            "quit": key(key.StandardKey.Quit),
            "find": key(key.StandardKey.Find),
            "stop": key(Qt.Key.Key_Escape),
            "regenerate": key("Ctrl+R"),
            "rename": key(Qt.Key.Key_F2),
            "delete": key("Ctrl+Shift+Backspace"),
            "about": None,
        }
        self.actions: dict[str, QAction] = {}
        for name, shortcut in keys.items():
            action = QAction(window)
            if shortcut is not None:
                action.setShortcut(shortcut)
            action.triggered.connect(slots[name])
            self.actions[name] = action
        # The same icons as the window's buttons, so a command looks alike everywhere.
        for name, picture in ICONS.items():
            self.actions[name].setIcon(icon(picture))
        # Preferences and Quit have no default shortcut on some platforms: the conventions.
        for name, fallback in (("settings", "Ctrl+,"), ("quit", "Ctrl+Q")):
            if self.actions[name].shortcut().isEmpty():
                self.actions[name].setShortcut(key(fallback))
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        for name in ("new", "open_model", "models", "attach", "export", "settings", "server"):
            self.file_menu.addAction(self.actions[name])
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.actions["quit"])
        self.chat_menu = bar.addMenu("")
        for name in ("find", "stop", "regenerate", "rename", "delete"):
            self.chat_menu.addAction(self.actions[name])
        self.help_menu = bar.addMenu("")
        self.help_menu.addAction(self.actions["about"])
        self.retranslate()

    def retranslate(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.chat_menu.setTitle(self.tr("&Chat"))
        self.help_menu.setTitle(self.tr("&Help"))
        texts = {
            "new": self.tr("&New chat"),
            "open_model": self.tr("&Open model…"),
            "models": self.tr("&Models…"),
            "attach": self.tr("&Attach files…"),
            "export": self.tr("&Export conversation…"),
            "settings": self.tr("&Settings…"),
            "server": self.tr("&Local server…"),
            "quit": self.tr("&Quit"),
            "find": self.tr("&Search all chats"),
            "stop": self.tr("S&top answering"),
            "regenerate": self.tr("&Regenerate the last answer"),
            "rename": self.tr("Re&name conversation…"),
            "delete": self.tr("&Delete conversation"),
            "about": self.tr("&About Lokal"),
        }
        for name, text in texts.items():
            self.actions[name].setText(text)
