"""Build Lokal as a one-folder app with PyInstaller: dist/lokal/ (dist/ is git-ignored).

    python packaging/build_bundle.py               # build, check, print size and time
    python packaging/build_bundle.py --selftest    # ... then run `lokal selftest` from the bundle
    python packaging/build_bundle.py --variant cpu # ... and refuse a bundle without the
                                                   # installer's llama.cpp build (cpu|cuda|metal)

It bundles the environment it runs in: install the llama-cpp-python wheel the
installer ships (packaging/README.md, "Which build each installer ships") and
`pip install .` into a virtual environment first. PyInstaller is installed into
that environment when missing. After building it checks the bundle: the
llama.cpp libraries and backends, the Qt platform plugins, the resources, and
(Linux) that every shared library in it finds its dependencies.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "lokal.spec"
PYINSTALLER = "pyinstaller>=6.10"
#: Platform plugins the Linux bundle must hold: the desktop (X11, Wayland) and headless runs.
LINUX_PLATFORMS = ("libqxcb.so", "libqwayland.so", "libqoffscreen.so")
#: System libraries a bundled library may need that only some machines have: every
#: Wayland session has these (the .deb recommends them); without them Qt uses X11.
OPTIONAL_LIBRARIES = frozenset({"libwayland-cursor.so.0", "libwayland-egl.so.1"})


def ensure_pyinstaller(python: str = sys.executable) -> None:
    if importlib.util.find_spec("PyInstaller") is None:
        print(f"installing {PYINSTALLER}", flush=True)
        subprocess.run([python, "-m", "pip", "install", "-q", PYINSTALLER], check=True)


def pyinstaller_command(dist: Path, work: Path, python: str = sys.executable) -> list[str]:
    return [
        python,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--clean",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
        str(SPEC),
    ]


def bundle_size(folder: Path) -> int:
    """Bytes of the files in the bundle (symbolic links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def internal_dir(bundle: Path) -> Path:
    """Where PyInstaller put the libraries and data (sys._MEIPASS)."""
    if sys.platform == "darwin" and bundle.suffix == ".app":
        return bundle / "Contents" / "Frameworks"
    return bundle / "_internal"


# Files the app opens by path at run time, which an import analysis cannot see.
REQUIRED_FILES = (
    "resources/icons/lokal.svg",
    "resources/translations/lokal_de.qm",
    "resources/licenses/LGPL-3.0.txt",  # Qt's licence must ship with Qt
    "app/core/models/catalog.json",
    "docx/templates/default.docx",  # python-docx's blank document
)


def check_bundle(
    bundle: Path, platform: str = sys.platform, variant: str | None = None
) -> list[str]:
    """What is missing from a built bundle; an empty list when it looks complete.

    With ``variant`` (cpu, cuda, metal) the llama.cpp build must be the one that installer
    ships: a release made from a pip-built, -march=native llama.cpp would run on the build
    machine and stop with "illegal instruction" on older processors.
    """
    problems = []
    internal = internal_dir(bundle)
    lib = internal / "llama_cpp" / "lib"
    names = [p.name for p in lib.iterdir()] if lib.is_dir() else []
    if variant is not None:
        problems.extend(_llama_cpp_builds().variant_problems(names, variant, platform=platform))
    if not any(re.match(r"(lib)?llama\.(so|dll|dylib)", n) for n in names):
        problems.append(f"no libllama in {lib}")
    # With a variant, variant_problems has said what the CPU libraries lack.
    cpu_found = any(re.match(r"(lib)?ggml-cpu", n) for n in names)
    if variant is None and not cpu_found and platform != "darwin":
        problems.append(f"no CPU backend (libggml-cpu*) in {lib}")
    for needed in REQUIRED_FILES:
        if not (internal / needed).exists():
            problems.append(f"{needed} is missing")
    if platform.startswith("linux"):
        plugins = internal / "PySide6" / "Qt" / "plugins" / "platforms"
        for plugin in LINUX_PLATFORMS:
            if not (plugins / plugin).exists():
                problems.append(f"Qt platform plugin {plugin} is missing")
        problems.extend(unresolved_libraries(bundle))
    return problems


def _llama_cpp_builds() -> ModuleType:
    """packaging/build_llama_cpp.py, which knows what each variant's libraries are."""
    spec = importlib.util.spec_from_file_location(
        "lokal_build_llama_cpp", ROOT / "packaging" / "build_llama_cpp.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def unresolved_libraries(bundle: Path) -> list[str]:
    """Shared libraries in the bundle whose dependencies ldd cannot find (Linux)."""
    if shutil.which("ldd") is None:
        return []
    internal = internal_dir(bundle)
    qt_lib = internal / "PySide6" / "Qt" / "lib"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{qt_lib}"}
    problems = []
    files = [bundle / "lokal", *internal.rglob("*.so*")]
    for path in sorted(p for p in files if p.is_file() and not p.is_symlink()):
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env)
        lines = result.stdout.splitlines()
        missing = sorted({ln.split()[0] for ln in lines if "not found" in ln} - OPTIONAL_LIBRARIES)
        if missing:
            problems.append(f"{path.relative_to(bundle)} needs {', '.join(missing)}")
    return problems


def run_selftest(bundle: Path) -> tuple[int, float]:
    exe = bundle / ("lokal-cli.exe" if sys.platform == "win32" else "lokal")
    if sys.platform == "darwin" and bundle.suffix == ".app":
        exe = bundle / "Contents" / "MacOS" / "lokal"
    started = time.perf_counter()
    result = subprocess.run([str(exe), "selftest"], check=False)
    return result.returncode, time.perf_counter() - started


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller")
    parser.add_argument("--selftest", action="store_true", help="run `lokal selftest` after")
    parser.add_argument("--check-only", action="store_true", help="check an existing bundle")
    parser.add_argument(
        "--variant",
        choices=("cpu", "cuda", "metal"),
        help="the llama.cpp build the installer ships; the bundle must hold it",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    ns = parse_args(argv)
    bundle = ns.dist / "lokal"
    if not ns.check_only:
        ensure_pyinstaller()
        started = time.perf_counter()
        result = subprocess.run(pyinstaller_command(ns.dist, ns.work), cwd=ROOT, check=False)
        if result.returncode != 0:
            print(f"build_bundle: PyInstaller failed (exit status {result.returncode})")
            return result.returncode
        print(f"build_bundle: built {bundle} in {time.perf_counter() - started:.0f} s")
    if sys.platform == "darwin" and (ns.dist / "Lokal.app").exists():
        bundle = ns.dist / "Lokal.app"
    problems = check_bundle(bundle, variant=ns.variant)
    for problem in problems:
        print(f"build_bundle: problem: {problem}")
    print(f"build_bundle: {bundle} is {bundle_size(bundle) / 1e6:.0f} MB")
    if problems:
        return 1
    if ns.selftest:
        code, seconds = run_selftest(bundle)
        print(f"build_bundle: selftest exit status {code} after {seconds:.1f} s")
        return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
