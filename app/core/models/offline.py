"""Offline mode from the settings: on by default once a model is installed.

The first model has to come from the network; after that nothing does unless
the user turns offline mode off (Settings.offline_mode False) to download more.
"""

from __future__ import annotations

from pathlib import Path

from app.core import network_guard, settings
from app.core.models.installed import list_installed


def offline_wanted(current: settings.Settings | None = None, root: Path | None = None) -> bool:
    current = current or settings.load()[0]
    return current.offline(model_installed=bool(list_installed(root)))


def apply_offline_mode(current: settings.Settings | None = None, root: Path | None = None) -> bool:
    """Switch the network guard to what the settings say; returns whether Lokal is offline."""
    offline = offline_wanted(current, root)
    network_guard.set_offline(offline)
    return offline


def set_offline_mode(choice: bool | None, path: Path | None = None) -> bool:
    """Save the user's choice (None: automatic) and apply it; returns whether Lokal is offline."""
    return apply_offline_mode(settings.update(path, offline_mode=choice))
