"""Where models live on disk, and the small JSON files that say what is there.

    models/<name>/model.json          written last: the model is installed
    models/<name>/<file>.gguf         verified files
    models/<name>/download.json       a download was started (and not cancelled)
    models/<name>/<file>.gguf.part    bytes received so far
    models/<name>/<file>.gguf.part.json   the sidecar: url, etags, size, sha256, and the
                                          offset up to which the part is flushed to disk
    models/<name>/<file>.gguf.part.lock   exists while a transfer writes the part

File names come from the Hub; ``safe_file_name`` refuses any that could point
outside the model's folder.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from app.core.atomic_file import write_text_atomically
from app.core.paths import models_dir
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

MANIFEST = "model.json"
DOWNLOAD = "download.json"
PART = ".part"
SIDECAR = ".part.json"
LOCK = ".part.lock"
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))} | {
    f"lpt{i}" for i in range(10)
}


class UnsafeNameError(ValueError):
    """A file name from the server that could escape the models folder; str() is a sentence."""


def safe_file_name(name: str) -> str:
    """``name`` if it is one plain file name on every system Lokal runs on, else refuse."""
    bad = (
        not name
        or name in (".", "..")
        or any(c in name for c in '/\\:*?"<>|\0')
        or any(ord(c) < 32 for c in name)
        or name.startswith(".")
        or name.endswith((" ", "."))
        or name.split(".", 1)[0].lower() in _WINDOWS_RESERVED
        or len(name.encode("utf-8")) > 200
    )
    if bad:
        raise UnsafeNameError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core",
                    "The server named a file %1, which is not a plain file name; "
                    "Lokal did not download anything from it.",
                ),
                repr(name),
            )
        )
    return name


def model_folder(name: str, root: Path | None = None) -> Path:
    return (root or models_dir()) / safe_file_name(name)


def part_path(final: Path) -> Path:
    return final.with_name(final.name + PART)


def sidecar_path(final: Path) -> Path:
    return final.with_name(final.name + SIDECAR)


def lock_path(final: Path) -> Path:
    return final.with_name(final.name + LOCK)


def write_json(path: Path, data: Any) -> None:
    """Atomically: a crash leaves the old file or the new one."""
    write_text_atomically(path, json.dumps(data, indent=2, ensure_ascii=False))


def read_json(path: Path) -> dict[str, Any] | None:
    """The object in ``path``, or None if it is missing, unreadable or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (not possible, and not needed, on Windows)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
