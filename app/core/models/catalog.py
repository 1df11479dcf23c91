"""The models Lokal offers to download: catalog.json, shipped with the app.

An entry names a Hub repository and a file-name pattern (a single GGUF, or the
shards of a split one). Sizes and checksums are not in the catalog: they come
from the Hub's metadata when a download starts, so nothing here can go stale.
LOKAL_CATALOG names another catalog file (tests, organisations with a mirror).
"""

from __future__ import annotations

import fnmatch
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.sentence import Sentence

CATALOG_ENV = "LOKAL_CATALOG"
SHAPES = ("gpt-oss-20b", "gpt-oss-120b")


class CatalogError(ValueError):
    """The catalog file is damaged; str() is a sentence."""


@dataclass(frozen=True)
class CatalogEntry:
    name: str  # also the folder the model is installed in
    label: str
    summary: str
    repo: str
    revision: str
    files: str  # fnmatch pattern for the GGUF file or its shards
    shape: str | None  # known architecture shape, for planning before the download
    default: bool = False

    def matches(self, file_name: str) -> bool:
        return fnmatch.fnmatchcase(file_name, self.files)


def catalog_path() -> Path:
    override = os.environ.get(CATALOG_ENV)
    return Path(override) if override else Path(__file__).with_name("catalog.json")


def _entry(raw: Any) -> CatalogEntry:
    if not isinstance(raw, dict):
        raise CatalogError("A catalog entry is not an object.")
    text = ("name", "label", "repo", "files")
    missing = [k for k in text if not isinstance(raw.get(k), str) or not raw[k]]
    if missing:
        raise CatalogError(f"A catalog entry lacks {', '.join(missing)}.")
    name = raw["name"]
    if "/" in name or "\\" in name or name.startswith("."):
        raise CatalogError(f"The catalog name {name!r} cannot be a folder name.")
    shape = raw.get("shape")
    return CatalogEntry(
        name=name,
        label=raw["label"],
        summary=Sentence(str(raw.get("summary", ""))),  # translated where catalog_text lists it
        repo=raw["repo"],
        revision=str(raw.get("revision") or "main"),
        files=raw["files"],
        shape=shape if shape in SHAPES else None,
        default=bool(raw.get("default", False)),
    )


def load_catalog(path: Path | None = None) -> tuple[CatalogEntry, ...]:
    path = path or catalog_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise CatalogError(f"The model catalog {path} could not be read ({exc}).") from None
    models = data.get("models") if isinstance(data, dict) else None
    if not isinstance(models, list):
        raise CatalogError(f"The model catalog {path} has no list of models.")
    entries = tuple(_entry(m) for m in models)
    names = [e.name for e in entries]
    if len(set(names)) != len(names):
        raise CatalogError(f"The model catalog {path} names a model twice.")
    return entries


def find_entry(name: str, catalog: tuple[CatalogEntry, ...] | None = None) -> CatalogEntry | None:
    return next((e for e in catalog or load_catalog() if e.name == name), None)


def default_entry(catalog: tuple[CatalogEntry, ...] | None = None) -> CatalogEntry:
    entries = catalog or load_catalog()
    return next((e for e in entries if e.default), entries[0])
