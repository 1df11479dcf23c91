"""Every model Lokal knows: the installed ones (downloaded or imported) and the GGUF files
opened with "Open a GGUF file…", which are remembered in a small list in the data folder.

An opened file is the user's own: forgetting it takes it off the list and never touches
the file. A file that is also installed is listed once, as the installed model.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from app.core.atomic_file import write_text_atomically
from app.core.models.installed import InstalledModel, ModelError, list_installed, shard_paths
from app.core.paths import data_dir, models_dir

FILE_NAME = "opened_models.json"
MAX_OPENED = 20  # the oldest beyond this is forgotten

log = logging.getLogger("lokal.models")

Source = Literal["hub", "import", "file"]


@dataclass(frozen=True)
class OpenedModel:
    path: Path
    opened_at: float  # seconds since the epoch, for "recently opened" order


@dataclass(frozen=True)
class KnownModel:
    key: str  # an installed model's name, or the opened file's path
    label: str
    source: Source
    files: tuple[Path, ...]
    size: int  # bytes of the model files (0 when a file is missing)
    problem: str | None  # why Lokal cannot use it, if it cannot
    installed: InstalledModel | None = None

    @property
    def path(self) -> Path:
        return self.files[0]

    @property
    def missing(self) -> bool:
        return not self.path.is_file()


def _list_file(data: Path | None) -> Path:
    return (data or data_dir()) / FILE_NAME


def list_opened(data: Path | None = None) -> list[OpenedModel]:
    """The remembered files, most recently opened first; a damaged list is an empty one."""
    try:
        raw = json.loads(_list_file(data).read_text(encoding="utf-8"))
        entries = raw["opened"] if isinstance(raw, dict) else []
        found = [
            OpenedModel(Path(e["path"]), float(e.get("opened_at", 0)))
            for e in entries
            if isinstance(e, dict) and isinstance(e.get("path"), str) and e["path"]
        ]
    except FileNotFoundError:
        return []
    except (OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("the list of opened models is unreadable (%s); it starts anew", exc)
        return []
    return sorted(found, key=lambda m: m.opened_at, reverse=True)


def _save(opened: list[OpenedModel], data: Path | None) -> None:
    path = _list_file(data)
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = [{"path": str(m.path), "opened_at": m.opened_at} for m in opened[:MAX_OPENED]]
    write_text_atomically(path, json.dumps({"opened": entries}, indent=2))


def remember_opened(path: Path, data: Path | None = None, now: float | None = None) -> None:
    """Put ``path`` first on the list (it was just opened)."""
    path = path.expanduser().resolve()
    rest = [m for m in list_opened(data) if m.path != path]
    _save([OpenedModel(path, time.time() if now is None else now), *rest], data)


def forget_opened(path: Path, data: Path | None = None) -> bool:
    """Take ``path`` off the list (the file itself stays); whether it was on it."""
    path = path.expanduser().resolve()
    opened = list_opened(data)
    rest = [m for m in opened if m.path != path]
    if len(rest) == len(opened):
        return False
    _save(rest, data)
    return True


def _size(paths: tuple[Path, ...]) -> int:
    try:
        return sum(p.stat().st_size for p in paths)
    except OSError:
        return 0


def _from_installed(model: InstalledModel) -> KnownModel:
    source: Source = "import" if model.source == "import" else "hub"
    return KnownModel(
        model.name, model.label, source, model.files, model.size, model.problem, model
    )


def known_models(root: Path | None = None, data: Path | None = None) -> list[KnownModel]:
    """Installed models (in the models folder's order), then opened files (newest first)."""
    installed = list_installed(root or models_dir())
    known = [_from_installed(m) for m in installed]
    taken = {p.resolve() for m in installed for p in m.files}
    for opened in list_opened(data):
        if opened.path in taken:
            continue
        files = (opened.path,)
        known.append(
            KnownModel(str(opened.path), opened.path.name, "file", files, _size(files), None)
        )
    return known


def opened_files(path: Path) -> list[Path]:
    """The files of an opened model: all shards of a split one, else just the file."""
    try:
        return shard_paths(path)
    except ModelError:
        return [path]


def is_installed_file(path: Path, root: Path | None = None) -> bool:
    """Whether ``path`` is (the first file of) an installed model."""
    path = path.expanduser().resolve()
    return any(path in (p.resolve() for p in m.files) for m in list_installed(root or models_dir()))
