"""'Updated to X.Y.Z', said once, the first time a newer Lokal runs on a data folder.

Installing a newer package replaces only the program; the data folder (conversations,
models, settings) stays. The version that last ran is kept in ``<data folder>/version``;
when the running version is newer, the person is told once, and the file is updated so
the next start is quiet. A first install (no file yet) and a downgrade say nothing.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from app.core.atomic_file import write_text_atomically
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

log = logging.getLogger("lokal")

VERSION_FILE = "version"
_NUMBERS = re.compile(r"\d+")


def version_key(version: str) -> tuple[int, ...]:
    """The leading dotted numbers of a version, for comparing: "0.10.1" > "0.9.3"."""
    numbers: list[int] = []
    for part in version.split("."):
        match = _NUMBERS.match(part)
        if match is None:
            break
        numbers.append(int(match[0]))
    return tuple(numbers)


def take_update_notice(folder: Path, current: str) -> Sentence | None:
    """The sentence to show once after an update, or None; records ``current`` as the
    version that last ran in ``folder``."""
    if not version_key(current):  # "(version unknown)": a source checkout without metadata
        return None
    marker = folder / VERSION_FILE
    try:
        previous = marker.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        previous = ""
    except OSError as exc:
        log.warning("cannot read %s: %s", marker, exc)
        return None
    if previous == current:
        return None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomically(marker, current + "\n")
    except OSError as exc:
        # Saying it on every start would be worse than not saying it.
        log.warning("cannot record the version in %s: %s", marker, exc)
        return None
    if previous and version_key(current) > version_key(previous):
        log.info("updated from %s to %s", previous, current)
        return Sentence(QT_TRANSLATE_NOOP("core", "Updated to %1"), current)
    return None
