"""Where the files in resources/ (translations, icons, the model catalog) are at run time.

Three ways Lokal runs, three places: a frozen bundle keeps them beside the
executable; a source checkout (or an editable install) has them next to
``app/``; ``pip install .`` puts them under ``<prefix>/share/lokal/resources``
(pyproject.toml's data-files).
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = [Path(frozen) / "resources"] if frozen else []
    candidates += [
        Path(__file__).resolve().parent.parent.parent / "resources",
        Path(sys.prefix) / "share" / "lokal" / "resources",
    ]
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[0]


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def app_icon_path() -> Path:
    return resource("icons", "lokal.svg")
