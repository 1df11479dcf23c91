"""The models on this computer: list, import, verify, delete, and unfinished downloads.

A downloaded model is a folder under the models folder with its verified files
and a manifest (model.json) listing each file's size and sha256. An imported
model is a manifest that points at a GGUF file where the user keeps it: Lokal
does not copy many gigabytes, and deleting it from Lokal leaves the file alone.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.core.gguf import GGUFValidationError, ModelFacts, validate_gguf
from app.core.gguf.validate import not_gpt_oss
from app.core.models.layout import (
    DOWNLOAD,
    MANIFEST,
    SIDECAR,
    lock_path,
    model_folder,
    part_path,
    read_json,
    safe_file_name,
    sidecar_path,
    write_json,
)
from app.core.paths import models_dir
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence, message_of

FAILURES = ("checksum", "revision")
SHARD = re.compile(r"^(?P<stem>.+)-(?P<index>\d{5})-of-(?P<count>\d{5})\.gguf$")


class ModelError(Exception):
    """A model operation failed; str() is a sentence."""


@dataclass(frozen=True)
class InstalledModel:
    name: str
    label: str
    source: str  # "hub" or "import"
    folder: Path
    files: tuple[Path, ...]
    size: int  # bytes of the model files
    repo: str | None
    commit: str | None
    sha256: tuple[str | None, ...]
    capabilities: dict[str, Any]
    problem: str | None  # why Lokal cannot use it, if it cannot

    @property
    def path(self) -> Path:
        """The file to load (the first shard of a split model)."""
        return self.files[0]

    @property
    def frees(self) -> int:
        """Bytes deleting it frees: none for an import (the user's file stays)."""
        return self.size if self.source == "hub" else 0


@dataclass(frozen=True)
class IncompleteDownload:
    name: str
    label: str
    repo: str
    commit: str
    total: int
    done: int  # bytes on disk (parts and finished files)
    paused: bool = False  # the user paused it (else it was interrupted: quit, crash, failure)
    #: why it cannot go on as it was: "checksum" or "revision" (see download.Failed)
    failure: str | None = None


def capabilities(facts: ModelFacts) -> dict[str, Any]:
    return {
        "architecture": facts.architecture,
        "model_name": facts.name,
        "size_label": facts.size_label,
        "harmony": facts.harmony,
        "reasoning_effort": facts.reasoning_effort,
        "tools": facts.tools,
        "context_length": facts.context_length,
        "file_type": facts.file_type_name,
        "parameters": facts.parameter_count,
    }


def shard_paths(first: Path) -> list[Path]:
    """All shards of a split model from its first file; just [first] for a single file."""
    match = SHARD.match(first.name)
    if not match:
        return [first]
    if int(match["index"]) != 1:
        raise ModelError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "%1 is part of a split model; choose its first part (00001)."
                ),
                first.name,
            )
        )
    count = int(match["count"])
    paths = [
        first.with_name(f"{match['stem']}-{i:05d}-of-{count:05d}.gguf") for i in range(1, count + 1)
    ]
    missing = [p.name for p in paths if not p.is_file()]
    if missing:
        raise ModelError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "The split model is incomplete: %1 is missing."),
                ", ".join(missing),
            )
        )
    return paths


def _model_from(folder: Path, data: dict[str, Any]) -> InstalledModel | None:
    try:
        entries = data["files"]
        capabilities = dict(data.get("capabilities") or {})
        if data.get("source") == "import":
            files = tuple(Path(e["path"]) for e in entries)
        else:
            files = tuple(folder / safe_file_name(e["name"]) for e in entries)
        return InstalledModel(
            name=str(data["name"]),
            label=str(data.get("label") or data["name"]),
            source="import" if data.get("source") == "import" else "hub",
            folder=folder,
            files=files,
            size=sum(int(e["size"]) for e in entries),
            repo=data.get("repo"),
            commit=data.get("commit"),
            sha256=tuple(e.get("sha256") for e in entries),
            capabilities=capabilities,
            problem=data.get("problem") or _foreign_model(capabilities),
        )
    except (KeyError, TypeError, ValueError):
        return None  # a damaged manifest: the model is listed as not installed


def _foreign_model(capabilities: dict[str, Any]) -> str | None:
    """Why a model imported before Lokal refused other architectures cannot be used."""
    arch = capabilities.get("architecture")
    return not_gpt_oss(arch) if isinstance(arch, str) and arch != "gpt-oss" else None


def list_installed(root: Path | None = None) -> list[InstalledModel]:
    root = root or models_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        data = read_json(folder / MANIFEST)
        model = _model_from(folder, data) if data else None
        if model:
            found.append(model)
    return found


def find_installed(name: str, root: Path | None = None) -> InstalledModel | None:
    return next((m for m in list_installed(root) if m.name == name), None)


def list_incomplete(root: Path | None = None) -> list[IncompleteDownload]:
    """Downloads that were started and not finished or cancelled: offered for resuming."""
    root = root or models_dir()
    if not root.is_dir():
        return []
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        data = read_json(folder / DOWNLOAD)
        if not data or (folder / MANIFEST).exists():
            continue
        try:
            files = [(safe_file_name(f["name"]), int(f["size"])) for f in data["files"]]
            done = 0
            for name, size in files:
                final = folder / name
                part = part_path(final)
                if final.is_file():
                    done += size
                elif part.is_file():
                    done += min(size, part.stat().st_size)
            found.append(
                IncompleteDownload(
                    name=str(data["name"]),
                    label=str(data.get("label") or data["name"]),
                    repo=str(data["repo"]),
                    commit=str(data["commit"]),
                    total=sum(size for _, size in files),
                    done=done,
                    paused=data.get("paused") is True,
                    failure=data["failure"] if data.get("failure") in FAILURES else None,
                )
            )
        except (KeyError, TypeError, ValueError):
            continue
    return found


def mark_paused(folder: Path) -> None:
    """Record that the user paused this download; starting it again clears the mark."""
    data = read_json(folder / DOWNLOAD)
    if data:  # nothing was started yet: there is nothing to mark
        write_json(folder / DOWNLOAD, {**data, "paused": True})


def write_manifest(
    folder: Path,
    *,
    name: str,
    label: str,
    source: str,
    files: list[dict[str, Any]],
    repo: str | None = None,
    commit: str | None = None,
) -> InstalledModel:
    """Describe the model's files (validated here) and mark it installed."""
    first = folder / files[0]["name"] if source == "hub" else Path(files[0]["path"])
    problem, caps = None, {}
    try:
        caps = capabilities(validate_gguf(first))
    except GGUFValidationError as exc:
        problem = str(exc)
    data = {
        "name": name,
        "label": label,
        "source": source,
        "repo": repo,
        "commit": commit,
        "files": files,
        "capabilities": caps,
        "problem": problem,
        "installed_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }
    write_json(folder / MANIFEST, data)
    model = _model_from(folder, data)
    assert model is not None
    return model


def _import_name(facts: ModelFacts, path: Path, root: Path) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "-", path.stem).strip("-.") or "model"
    base = SHARD.sub(r"\g<stem>", base + ".gguf").removesuffix(".gguf")
    name, n = base, 2
    while (root / name).exists():
        name, n = f"{base}-{n}", n + 1
    return name


def import_gguf(path: Path, root: Path | None = None) -> InstalledModel:
    """Add a GGUF file from disk (validated first); the file stays where it is."""
    root = root or models_dir()
    path = path.expanduser().resolve()
    if not path.is_file():
        raise ModelError(Sentence(QT_TRANSLATE_NOOP("core", "%1 is not a file."), str(path)))
    paths = shard_paths(path)
    try:
        facts = validate_gguf(path)
    except GGUFValidationError as exc:
        raise ModelError(message_of(exc)) from None
    existing = next((m for m in list_installed(root) if path in m.files), None)
    if existing:
        raise ModelError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "%1 is already in Lokal as %2."), path.name, existing.name
            )
        )
    name = _import_name(facts, path, root)
    folder = model_folder(name, root)
    try:
        folder.mkdir(parents=True)
    except OSError as exc:
        raise ModelError(_import_failed(path, exc)) from None
    try:
        files = [{"path": str(p), "size": p.stat().st_size, "sha256": None} for p in paths]
        return write_manifest(
            folder, name=name, label=facts.name or path.stem, source="import", files=files
        )
    except Exception as exc:  # the default error path: a sentence, and nothing left behind
        _remove_new_folder(folder)
        raise ModelError(_import_failed(path, exc)) from None


def _import_failed(path: Path, exc: Exception) -> Sentence:
    reason = getattr(exc, "strerror", None) or str(exc)
    if not reason:
        return Sentence(QT_TRANSLATE_NOOP("core", "%1 could not be imported."), path.name)
    return Sentence(QT_TRANSLATE_NOOP("core", "%1 could not be imported: %2"), path.name, reason)


def _remove_new_folder(folder: Path) -> None:
    """Undo a failed import: the folder was made by it a moment ago and holds only what it wrote
    (the manifest, or its temporary file)."""
    with contextlib.suppress(OSError):
        for child in folder.iterdir():
            if child.is_file():
                child.unlink()
    with contextlib.suppress(OSError):
        folder.rmdir()


def delete_model(name: str, root: Path | None = None) -> int:
    """Delete an installed model (or an unfinished download); returns the bytes freed."""
    root = root or models_dir()
    folder = model_folder(name, root)
    manifest, download = read_json(folder / MANIFEST), read_json(folder / DOWNLOAD)
    if manifest is None and download is None:
        raise ModelError(Sentence(QT_TRANSLATE_NOOP("core", "There is no model called %1."), name))
    freed = 0
    if manifest and manifest.get("source") != "import":
        for entry in manifest.get("files", []):
            freed += _remove(folder / safe_file_name(str(entry["name"])))
    freed += discard_download(folder)
    (folder / MANIFEST).unlink(missing_ok=True)
    with contextlib.suppress(OSError):
        folder.rmdir()  # only if empty: never remove files Lokal did not put there
    return freed


def discard_download(folder: Path) -> int:
    """Remove an unfinished download's parts, sidecars and finished files; the bytes freed."""
    data = read_json(folder / DOWNLOAD)
    freed = 0
    if data:
        installed = (folder / MANIFEST).exists()
        for entry in data.get("files", []):
            final = folder / safe_file_name(str(entry["name"]))
            freed += _remove(part_path(final)) + _remove(sidecar_path(final))
            _remove(lock_path(final))  # left by a killed download; it holds nothing
            if not installed:
                freed += _remove(final)
    for stray in folder.glob("*" + SIDECAR):
        final = folder / stray.name.removesuffix(SIDECAR)
        freed += _remove(part_path(final)) + _remove(stray)
        _remove(lock_path(final))
    (folder / DOWNLOAD).unlink(missing_ok=True)
    return freed


def _remove(path: Path) -> int:
    try:
        size = path.stat().st_size
        path.unlink()
        return size
    except FileNotFoundError:
        return 0


def verify_model(
    model: InstalledModel, on_progress: Callable[[int, int], None] | None = None
) -> list[str]:
    """Problems with an installed model: missing or changed files, a header Lokal rejects."""
    problems: list[str] = []
    total = sum(p.stat().st_size for p in model.files if p.is_file())
    done = 0
    for path, sha in zip(model.files, model.sha256, strict=True):
        if not path.is_file():
            problems.append(Sentence(QT_TRANSLATE_NOOP("core", "%1 is missing."), path.name))
            continue
        if sha is None:
            done += path.stat().st_size
            continue
        digest = hashlib.sha256()
        with open(path, "rb") as handle:
            while block := handle.read(8 * 1024 * 1024):
                digest.update(block)
                done += len(block)
                if on_progress:
                    on_progress(done, total)
        if digest.hexdigest() != sha:
            problems.append(
                Sentence(
                    QT_TRANSLATE_NOOP("core", "%1 does not match its checksum; download it again."),
                    path.name,
                )
            )
    if model.files and model.files[0].is_file():
        try:
            validate_gguf(model.files[0])
        except GGUFValidationError as exc:
            problems.append(str(exc))
    return problems


def model_path(choice: str, root: Path | None = None) -> Path:
    """The file to load for Settings.default_model: an installed model's name or a path."""
    model = find_installed(choice, root)
    return model.path if model else Path(choice).expanduser()


def free_space(folder: Path) -> int:
    """Free bytes on the disk that holds (or will hold) ``folder``."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), Path.home())
    return shutil.disk_usage(existing).free
