"""Where the read-only resources/ folder (icons, translations, catalog) is found.

In a checkout it sits next to app/; in the PyInstaller bundle it is copied
into the bundle's data folder (sys._MEIPASS), which the spec puts it in.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent.parent / "resources"


def app_icon_path() -> Path:
    return resources_dir() / "icons" / "lokal.svg"
