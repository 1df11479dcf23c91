"""Turning what was dropped (files and folders) into the files to read."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from app.core.documents.extract import kind_for_name
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

MAX_FILES = 200  # from one drop: a folder of a thousand files is rarely what was meant


def expand_paths(
    paths: Iterable[Path], max_files: int = MAX_FILES
) -> tuple[list[Path], list[Sentence]]:
    """Files to read, and sentences about what was left out.

    A dropped file is always taken (the reader refuses what it cannot read,
    saying why); a folder gives its supported files, sorted, hidden ones and
    symlinked folders skipped (a link can lead back up the tree).
    """
    files: list[Path] = []
    notes: list[Sentence] = []
    for path in paths:
        if len(files) >= max_files:
            notes.append(
                Sentence(
                    QT_TRANSLATE_NOOP("core", "Only the first %1 files were attached."),
                    str(max_files),
                )
            )
            break
        if not path.is_dir() or path.is_symlink():
            files.append(path)
            continue
        found = list(_supported_files(path, max_files - len(files) + 1))
        if not found:
            notes.append(
                Sentence(
                    QT_TRANSLATE_NOOP("core", "The folder %1 holds no files Lokal can read."),
                    path.name,
                )
            )
        if len(files) + len(found) > max_files:
            found = found[: max_files - len(files)]
            notes.append(
                Sentence(
                    QT_TRANSLATE_NOOP(
                        "core", "Only the first %1 files of the folder %2 were attached."
                    ),
                    str(max_files),
                    path.name,
                )
            )
        files.extend(found)
    return list(dict.fromkeys(files)), notes


def _supported_files(folder: Path, limit: int) -> Iterable[Path]:
    count = 0
    for root, dirs, names in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(names):
            if name.startswith(".") or kind_for_name(name) is None:
                continue
            yield Path(root) / name
            count += 1
            if count >= limit:
                return
