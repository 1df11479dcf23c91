"""What the About box says: Lokal's version, the engine's build, and every licence.

The libraries' licences are read from the installed distributions' own metadata
(importlib.metadata), so the list is what this installation holds, not what it
held when someone last wrote it down. The parts that are not Python distributions
(the gpt-oss weights, llama.cpp inside llama-cpp-python, Qt inside PySide6) are
stated here, with the licence texts shipped in resources/licenses/.
"""

from __future__ import annotations

import platform
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from app.core.engine.protocol import SystemReport
from app.core.resources import resource
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

DISTRIBUTION = "lokal"
#: Licence texts that ship with Lokal, by file name in resources/licenses/.
APACHE = "Apache-2.0.txt"
LLAMA_CPP_MIT = "llama.cpp-MIT.txt"
LGPL = "LGPL-3.0.txt"
GPL = "GPL-3.0.txt"  # the LGPL is a set of permissions on top of the GPL: both ship

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_LICENCE_FILE = re.compile(r"(LICEN[CS]E|COPYING|NOTICE)", re.IGNORECASE)


@dataclass(frozen=True)
class Component:
    """One part of Lokal that comes under its own licence."""

    name: str
    version: str  # "" when it cannot be known here
    licence: str  # an SPDX expression or the distribution's own words; "" if it says none
    shipped: tuple[Path, ...] = ()  # Lokal's copies of its licence texts
    # The distribution whose metadata holds its licence texts (read when asked: a few
    # files per package, so the list opens at once).
    source: metadata.Distribution | None = field(default=None, compare=False)

    def texts(self) -> tuple[Path, ...]:
        """The licence texts at hand, the component's own first."""
        return licence_texts(self.source) if self.source is not None else self.shipped


def canonical(name: str) -> str:
    """A distribution name as pip compares them (PEP 503): ``Python_Docx`` is ``python-docx``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def lokal_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown"


def licence_dir() -> Path:
    return resource("licenses")


def shipped_text(name: str) -> Path | None:
    path = licence_dir() / name
    return path if path.is_file() else None


def licence_of(meta: metadata.PackageMetadata) -> str:
    """The licence a distribution declares: its SPDX expression, a short License field, or
    its trove classifiers (older packages), in that order."""
    expression = _field(meta, "License-Expression").strip()
    if expression:
        return expression
    text = _field(meta, "License").strip()
    # Some packages put the whole licence text in the field: that is no name.
    if text and "\n" not in text and len(text) <= 80 and text.upper() != "UNKNOWN":
        return text
    classifiers = [
        c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")
    ]
    return ", ".join(classifiers)


def _field(meta: metadata.PackageMetadata, name: str) -> str:
    values = meta.get_all(name) or []
    return str(values[0]) if values else ""


def licence_texts(dist: metadata.Distribution) -> tuple[Path, ...]:
    """The licence files a distribution ships in its metadata folder, its own first.

    Its ``License-File`` fields name them (in ``licenses/`` since metadata 2.4, beside
    METADATA before); older wheels that do not name them are searched by file name.
    """
    info = Path(str(dist.locate_file(""))) / _info_folder(dist)
    named = [
        place / name
        for name in dist.metadata.get_all("License-File") or ()
        for place in (info / "licenses", info)
    ]
    found = [p for p in named if p.is_file()]
    if not found:
        files = [f for f in dist.files or () if ".dist-info" in str(f)]
        files = [f for f in files if _LICENCE_FILE.search(Path(str(f)).name)]
        files.sort(key=lambda f: (len(Path(str(f)).parts), str(f)))
        found = [p for p in (Path(str(dist.locate_file(f))) for f in files) if p.is_file()]
    if not found:
        found = _shipped_for(licence_of(dist.metadata))
    return tuple(dict.fromkeys(found))


def _info_folder(dist: metadata.Distribution) -> str:
    for f in dist.files or ():
        if str(f).endswith(".dist-info/METADATA"):
            return str(Path(str(f)).parent)
    return ""


def _shipped_for(licence: str) -> list[Path]:
    """Lokal's copies of the texts for a distribution that ships none (PySide6: LGPL)."""
    names = []
    if "LGPL-3.0" in licence:
        names += [LGPL, GPL]
    if "Apache-2.0" in licence:
        names.append(APACHE)
    return [p for p in map(shipped_text, names) if p is not None]


def _runtime_requirements(dist: metadata.Distribution) -> list[str]:
    """Names a distribution needs at run time (its extras, e.g. ``[test]``, left out)."""
    names = []
    for requirement in dist.requires or ():
        marker = requirement.partition(";")[2]
        if "extra" in marker:
            continue
        match = _NAME.match(requirement)
        if match:
            names.append(match.group(1))
    return names


def runtime_distributions(root: str = DISTRIBUTION) -> list[metadata.Distribution]:
    """Every installed distribution Lokal needs to run, found by following the
    requirements from Lokal's own metadata; sorted by name.

    A requirement that is not installed (one for another platform) is left out: the list
    says what this installation bundles.
    """
    installed: dict[str, metadata.Distribution] = {}
    for dist in metadata.distributions():  # one pass over sys.path, not one per name
        installed.setdefault(canonical(dist.metadata["Name"] or ""), dist)
    start = installed.get(canonical(root))
    if start is None:
        return []
    found: dict[str, metadata.Distribution] = {}
    waiting = _runtime_requirements(start)
    while waiting:
        key = canonical(waiting.pop())
        needed = installed.get(key)
        if needed is None or key in found or key == canonical(root):
            continue
        found[key] = needed
        waiting.extend(_runtime_requirements(needed))
    return sorted(found.values(), key=lambda d: canonical(d.metadata["Name"] or ""))


def library_components(dists: Iterable[metadata.Distribution]) -> list[Component]:
    return [
        Component(
            name=d.metadata["Name"] or "",
            version=d.version,
            licence=licence_of(d.metadata),
            source=d,
        )
        for d in dists
    ]


def lokal_licence() -> str:
    try:
        return licence_of(metadata.metadata(DISTRIBUTION)) or "Apache-2.0"
    except metadata.PackageNotFoundError:
        return "Apache-2.0"  # pyproject.toml's, for a checkout that was never installed


def llama_cpp_version(report: SystemReport | None) -> str:
    """The llama.cpp build the engine runs, e.g. "0c1e570 (ggml 0.25.3)"; "" if unknown."""
    if report is None or not report.llama_cpp_commit:
        return ""
    ggml = f" (ggml {report.ggml_version})" if report.ggml_version else ""
    return f"{report.llama_cpp_commit}{ggml}"


def fixed_components(report: SystemReport | None, qt_version: str) -> list[Component]:
    """The parts that no Python distribution's metadata describes."""
    return [
        # OpenAI publishes gpt-oss-20b and gpt-oss-120b under Apache-2.0 (their model cards).
        Component(
            Sentence(QT_TRANSLATE_NOOP("core", "gpt-oss (model weights, OpenAI)")),
            "",
            "Apache-2.0",
            _shipped(APACHE),
        ),
        Component(
            Sentence(QT_TRANSLATE_NOOP("core", "llama.cpp (in llama-cpp-python)")),
            llama_cpp_version(report),
            "MIT",
            _shipped(LLAMA_CPP_MIT),
        ),
        Component(
            Sentence(QT_TRANSLATE_NOOP("core", "Qt (in PySide6)")),
            qt_version,
            "LGPL-3.0-only",
            _shipped(LGPL, GPL),
        ),
    ]


def _shipped(*names: str) -> tuple[Path, ...]:
    return tuple(p for p in map(shipped_text, names) if p is not None)


def all_components(report: SystemReport | None, qt_version: str) -> list[Component]:
    return fixed_components(report, qt_version) + library_components(runtime_distributions())


def details_text(
    report: SystemReport | None, data_folder: Path, qt_version: str, pyside_version: str
) -> str:
    """The facts a bug report needs, as plain lines (English, like ``lokal doctor``)."""
    lines = [
        f"Lokal {lokal_version()}",
        f"System: {platform.platform()}, Python {platform.python_version()}",
        f"Qt: {qt_version} (PySide6 {pyside_version})",
    ]
    if report is None:
        lines.append("Engine: not asked yet")
    elif not report.llama_cpp_python_version:
        lines.append("Engine: could not be started")
    else:
        build = llama_cpp_version(report) or "build not reported"
        lines += [
            f"Engine: llama.cpp {build}, llama-cpp-python {report.llama_cpp_python_version}",
            f"CPU kernels: {report.cpu_variant or 'unknown'}",
            f"Backends: {', '.join(report.backends) or 'none'}",
            f"llama.cpp system info: {report.system_info.strip()}",
        ]
    lines.append(f"Data folder: {data_folder}")
    return "\n".join(lines) + "\n"
