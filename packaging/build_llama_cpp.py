"""Build the llama-cpp-python wheel that a Lokal installer ships.

The default ``pip install llama-cpp-python`` build is CPU-only and tuned to the
build machine (``-march=native``): it can crash with SIGILL on an older CPU.
This script builds a distributable wheel instead:

* ``cpu``   (Linux, Windows): ggml backends as dynamically loaded libraries
  (``GGML_BACKEND_DL``) and one CPU backend per instruction-set level
  (``GGML_CPU_ALL_VARIANTS``); at startup the best one for the running CPU is
  picked by ``ggml_backend_load_all_from_path(<llama_cpp/lib>)``.
* ``cuda``  (Linux, Windows): the same plus the CUDA backend, also dynamically
  loaded, so a machine without an NVIDIA GPU/driver falls back to the CPU.
* ``metal`` (macOS arm64): Metal with the shader library embedded in the
  binary; backends linked in (no dynamic loading needed).

Usage::

    python packaging/build_llama_cpp.py --variant cpu --out dist/wheels
    python packaging/build_llama_cpp.py --variant cuda --out dist/wheels \\
        --cuda-architectures "61-virtual;75-real;86-real;89-real;120a-real"
    python packaging/build_llama_cpp.py --check dist/wheels/llama_cpp_python-*.whl --variant cpu

Standard library only: it runs on a bare CI image before anything is installed.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

VARIANTS = ("cpu", "cuda", "metal")
DEFAULT_VERSION = "0.3.36"
PACKAGE = "llama-cpp-python"
LIB_DIR = "llama_cpp/lib"

# Flags shared by every build whose backends are loaded at runtime.
_DYNAMIC_BACKEND_FLAGS = (
    "-DGGML_NATIVE=OFF",
    "-DGGML_BACKEND_DL=ON",
    "-DGGML_CPU_ALL_VARIANTS=ON",
    # ggml installs backend modules to CMAKE_INSTALL_BINDIR ("bin"), which
    # scikit-build-core would put at the top of site-packages where nothing
    # looks for them. llama-cpp-python only installs the targets it knows by
    # name (ggml-cpu, ggml-cuda, ...) into llama_cpp/lib, and the per-variant
    # targets (ggml-cpu-haswell, ...) are not among them.
    f"-DCMAKE_INSTALL_BINDIR={LIB_DIR}",
)

# Baseline CPU variants (no SIMD beyond the architecture's minimum): at least
# one must be present, otherwise an old CPU has no backend at all.
BASELINE_CPU_VARIANTS = frozenset({"x64", "armv8.0_1"})

# CPU variants a platform's installers must not carry. `sapphirerapids` holds ggml's AMX
# kernels, which crash on gpt-oss; on Linux the engine keeps them out with a seccomp filter
# (app/core/engine/tile_guard.py), but Windows has no permission request to refuse, so a
# Windows build must not contain the variant at all (MSVC builds usually skip it anyway).
UNSAFE_CPU_VARIANTS: Mapping[str, frozenset[str]] = {"win32": frozenset({"sapphirerapids"})}

_CPU_VARIANT_RE = re.compile(r"^(?:lib)?ggml-cpu-(?P<name>[A-Za-z0-9_.]+?)\.(?:so|dll)$")
_MONOLITHIC_CPU_RE = re.compile(r"^(?:lib)?ggml-cpu(?:\.\d+)*\.(?:so|dll|dylib)(?:\.\d+)*$")
_CUDA_RE = re.compile(r"^(?:lib)?ggml-cuda\.(?:so|dll)$")
_METAL_RE = re.compile(r"^libggml-metal(?:\.\d+)*\.(?:dylib|so)$")
_METAL_EMBED_MARKER = b"ggml_metallib"
# Any ggml backend library file, wherever it lies in the wheel.
_BACKEND_FILE_RE = re.compile(
    r"^(?:lib)?ggml-(?!base\b)[a-z]+(?:-[A-Za-z0-9_.]+?)?(?:\.\d+)*\.(?:so|dll|dylib)(?:\.\d+)*$"
)


def cmake_args(
    variant: str,
    *,
    cuda_architectures: str | None = None,
    platform: str = sys.platform,
) -> list[str]:
    """The CMAKE_ARGS for one installer variant, as a list of ``-D`` flags."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; expected one of {', '.join(VARIANTS)}")
    if cuda_architectures is not None and variant != "cuda":
        raise ValueError("--cuda-architectures only applies to --variant cuda")
    if variant == "metal":
        return ["-DGGML_METAL=ON", "-DGGML_METAL_EMBED_LIBRARY=ON", "-DGGML_NATIVE=OFF"]
    args = list(_DYNAMIC_BACKEND_FLAGS)
    if platform.startswith("linux"):
        # Let each backend module find libggml-base next to it even when it is
        # loaded before (or without) llama_cpp's own libraries.
        args.append("-DCMAKE_INSTALL_RPATH=$ORIGIN")
    if variant == "cuda":
        args.append("-DGGML_CUDA=ON")
        if cuda_architectures:
            args.append(f"-DCMAKE_CUDA_ARCHITECTURES={cuda_architectures}")
    return args


def build_env(
    args: Sequence[str],
    *,
    jobs: int,
    base: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The environment for ``pip wheel``: the base one plus the build settings."""
    env = dict(os.environ if base is None else base)
    env["CMAKE_ARGS"] = " ".join(args)
    env["FORCE_CMAKE"] = "1"
    env["CMAKE_BUILD_PARALLEL_LEVEL"] = str(jobs)
    return env


def pip_wheel_command(
    version: str,
    out_dir: Path,
    *,
    python: str = sys.executable,
    verbose: bool = True,
) -> list[str]:
    """The ``pip wheel`` command that compiles the sdist into ``out_dir``."""
    cmd = [
        python,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--no-binary",
        PACKAGE,
        # A cached wheel may have been built with other CMAKE_ARGS.
        "--no-cache-dir",
        "--wheel-dir",
        str(out_dir),
        f"{PACKAGE}=={version}",
    ]
    if verbose:
        cmd.insert(4, "--verbose")
    return cmd


def format_command(cmd: Sequence[str], env_changes: Mapping[str, str]) -> str:
    """A copy-pasteable POSIX shell line for ``cmd`` with ``env_changes``."""
    prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in env_changes.items())
    return f"{prefix} {shlex.join(cmd)}".strip()


@dataclass
class WheelReport:
    """What the checker found in a wheel."""

    path: Path
    variant: str
    lib_files: list[str] = field(default_factory=list)
    cpu_variants: list[str] = field(default_factory=list)
    backend_libraries: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _has_lib(names: Iterable[str], stem: str) -> bool:
    pattern = re.compile(rf"^(?:lib)?{re.escape(stem)}(?:\.\d+)*\.(?:so|dll|dylib)(?:\.\d+)*$")
    return any(pattern.match(n) for n in names)


def unsafe_cpu_variants(platform: str = sys.platform) -> frozenset[str]:
    """The CPU variants an installer for ``platform`` must leave out."""
    return UNSAFE_CPU_VARIANTS.get(platform, frozenset())


def variant_problems(
    names: Sequence[str],
    variant: str,
    misplaced: Sequence[str] = (),
    platform: str = sys.platform,
) -> list[str]:
    """What the backend library names in llama_cpp/lib lack for ``variant`` (CPU variants
    with a baseline for old processors; the CUDA library), and the CPU variants that must
    not be there on ``platform``. Used for wheels and bundles."""
    problems: list[str] = []
    cpu_variants = sorted(m.group("name") for n in names if (m := _CPU_VARIANT_RE.match(n)))
    unsafe = sorted(set(cpu_variants) & unsafe_cpu_variants(platform))
    if unsafe:
        problems.append(
            f"{LIB_DIR} carries the {', '.join(unsafe)} CPU variant, whose AMX kernels crash "
            f"gpt-oss and cannot be kept out on {platform}"
        )
    if variant in ("cpu", "cuda"):
        if not cpu_variants:
            hint = ""
            if any(_MONOLITHIC_CPU_RE.match(n) for n in names):
                hint = (
                    " (found a single ggml-cpu library: built without"
                    " GGML_BACKEND_DL/GGML_CPU_ALL_VARIANTS)"
                )
            elif misplaced:
                hint = f" (backend libraries outside {LIB_DIR}: {', '.join(misplaced)})"
            problems.append(f"{LIB_DIR} has no ggml-cpu-<variant> libraries{hint}")
        elif not BASELINE_CPU_VARIANTS & set(cpu_variants):
            problems.append(
                "no baseline CPU variant ("
                + " or ".join(sorted(BASELINE_CPU_VARIANTS))
                + f") among {', '.join(cpu_variants)}: old CPUs would have no backend"
            )
    if variant == "cuda" and not any(_CUDA_RE.match(n) for n in names):
        problems.append(f"{LIB_DIR} has no ggml-cuda library (libggml-cuda.so / ggml-cuda.dll)")
    if variant == "metal" and not any(_METAL_RE.match(n) for n in names):
        problems.append(f"{LIB_DIR} has no libggml-metal library")
    return problems


def check_wheel(path: Path, variant: str, platform: str = sys.platform) -> WheelReport:
    """Check that a built wheel holds the backend libraries ``variant`` needs."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    report = WheelReport(path=Path(path), variant=variant)
    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        report.problems.append(f"cannot open wheel: {exc}")
        return report
    with zf:
        members = [PurePosixPath(n) for n in zf.namelist()]
        lib_members = {str(m.name): m for m in members if str(m.parent) == LIB_DIR}
        report.lib_files = sorted(lib_members)
        names = report.lib_files
        report.cpu_variants = sorted(
            m.group("name") for n in names if (m := _CPU_VARIANT_RE.match(n))
        )
        report.backend_libraries = sorted(n for n in names if _BACKEND_FILE_RE.match(n))

        if not any(m.name == "__init__.py" and str(m.parent) == "llama_cpp" for m in members):
            report.problems.append("no llama_cpp/__init__.py: not a llama-cpp-python wheel")
        for stem in ("llama", "ggml", "ggml-base"):
            if not _has_lib(names, stem):
                report.problems.append(f"{LIB_DIR} has no {stem} library")

        misplaced = sorted(
            str(m) for m in members if _BACKEND_FILE_RE.match(m.name) and str(m.parent) != LIB_DIR
        )
        report.problems.extend(variant_problems(names, variant, misplaced, platform))
        if variant == "metal":
            metal = [n for n in names if _METAL_RE.match(n)]
            if metal and not any(
                _METAL_EMBED_MARKER in zf.read(lib_members[n].as_posix()) for n in metal
            ):
                report.problems.append(
                    "libggml-metal does not embed the Metal shader library "
                    "(GGML_METAL_EMBED_LIBRARY=OFF?)"
                )
    return report


def strip_cpu_variants(wheel: Path, variants: Iterable[str]) -> list[str]:
    """Remove the ``variants``' CPU backend libraries from ``wheel`` (and its RECORD), in
    place; ggml loads whichever variant files it finds, so a missing file is never chosen.
    Returns the removed member names."""
    unwanted = set(variants)
    with zipfile.ZipFile(wheel) as zf:
        infos = zf.infolist()
        drop = {
            i.filename
            for i in infos
            if str(PurePosixPath(i.filename).parent) == LIB_DIR
            and (m := _CPU_VARIANT_RE.match(PurePosixPath(i.filename).name))
            and m.group("name") in unwanted
        }
        if not drop:
            return []
        staged = wheel.with_name(wheel.name + ".part")
        with zipfile.ZipFile(staged, "w", zipfile.ZIP_DEFLATED) as out:
            for info in infos:
                if info.filename in drop:
                    continue
                data = zf.read(info)
                if info.filename.endswith(".dist-info/RECORD"):
                    lines = data.decode("utf-8").splitlines(keepends=True)
                    kept = [ln for ln in lines if ln.split(",", 1)[0] not in drop]
                    data = "".join(kept).encode("utf-8")
                out.writestr(info, data)
    os.replace(staged, wheel)
    return sorted(drop)


def cache_root(environ: Mapping[str, str] | None = None) -> Path:
    """Where portable wheels are kept between builds: outside any checkout, so a fresh
    clone (CI) finds the wheel a previous run built. ``LOKAL_WHEEL_CACHE`` overrides it."""
    env = os.environ if environ is None else environ
    if env.get("LOKAL_WHEEL_CACHE"):
        return Path(env["LOKAL_WHEEL_CACHE"])
    base = Path(env["XDG_CACHE_HOME"]) if env.get("XDG_CACHE_HOME") else Path.home() / ".cache"
    return base / "lokal" / "portable-wheels"


def cache_key(version: str, variant: str, args: Sequence[str], platform: str) -> str:
    """``<version>-<hash of variant, platform and CMAKE_ARGS>``: another version or other
    flags make another folder, so a wheel is never reused for a build it was not."""
    recipe = json.dumps([variant, platform, os.uname().machine if hasattr(os, "uname") else ""])
    digest = hashlib.sha256((recipe + " ".join(args)).encode("utf-8")).hexdigest()[:12]
    return f"{version}-{digest}"


def cached_wheel(folder: Path, version: str, variant: str, platform: str) -> Path | None:
    """The wheel in a cache folder, if there is exactly one and it passes the checker."""
    wheels = sorted(folder.glob(f"llama_cpp_python-{version}-*.whl"))
    if len(wheels) != 1:
        return None
    return wheels[0] if check_wheel(wheels[0], variant, platform).ok else None


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """One build per cache folder at a time: a second run waits and then reuses the wheel."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows runners build once per job anyway
        yield
        return
    with (folder / ".lock").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def find_new_wheel(out_dir: Path, version: str, since: float) -> Path | None:
    """The newest llama-cpp-python wheel in ``out_dir`` written after ``since``."""
    candidates = [
        p for p in out_dir.glob(f"llama_cpp_python-{version}-*.whl") if p.stat().st_mtime >= since
    ]
    return max(candidates, key=lambda p: p.stat().st_mtime, default=None)


def print_report(report: WheelReport) -> None:
    size = report.path.stat().st_size if report.path.exists() else 0
    print(f"wheel: {report.path} ({size / 2**20:.1f} MiB)")
    print(f"{LIB_DIR}: {', '.join(report.lib_files) or '(empty)'}")
    print(f"backend libraries: {', '.join(report.backend_libraries) or '(none)'}")
    if report.cpu_variants:
        print(f"CPU variants: {', '.join(report.cpu_variants)}")
    if report.ok:
        print(f"check: OK for variant {report.variant}")
    else:
        for problem in report.problems:
            print(f"check: FAILED: {problem}")


def _preflight(variant: str) -> list[str]:
    """Warnings about the build machine; the build may still work."""
    warnings = []
    if variant == "metal" and sys.platform != "darwin":
        warnings.append("metal builds need macOS (arm64) with Xcode command line tools")
    if variant == "cuda" and not (
        os.environ.get("CUDACXX") or os.environ.get("CUDA_PATH") or _which("nvcc")
    ):
        warnings.append("nvcc not found (set CUDACXX or CUDA_PATH, or put nvcc on PATH)")
    return warnings


def _which(name: str) -> str | None:
    return shutil.which(name)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--variant", choices=VARIANTS, required=True)
    parser.add_argument("--out", type=Path, default=Path("dist/wheels"), help="wheel directory")
    parser.add_argument("--version", default=DEFAULT_VERSION, help="llama-cpp-python version")
    parser.add_argument(
        "--cuda-architectures",
        default=None,
        help="CMAKE_CUDA_ARCHITECTURES, e.g. '61-virtual;75-real;86-real;89-real;120a-real' "
        "(default: llama.cpp's portable list for the installed CUDA toolkit)",
    )
    parser.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 2, help="CMAKE_BUILD_PARALLEL_LEVEL"
    )
    parser.add_argument("--python", default=sys.executable, help="interpreter whose pip builds")
    parser.add_argument(
        "--cached",
        action="store_true",
        help="reuse the wheel built before with the same version and flags (in the cache "
        "folder, see --cache-dir); build it there only when it is missing",
    )
    parser.add_argument(
        "--print-cached",
        action="store_true",
        help="print the cached wheel's path and exit (status 1 when there is none)",
    )
    parser.add_argument(
        "--cache-dir",
        type=Path,
        default=None,
        help="default: $LOKAL_WHEEL_CACHE or ~/.cache/lokal/portable-wheels",
    )
    parser.add_argument("--quiet", action="store_true", help="do not show the compiler output")
    parser.add_argument("--dry-run", action="store_true", help="print the command and stop")
    parser.add_argument(
        "--check", type=Path, metavar="WHEEL", help="only check an existing wheel and exit"
    )
    ns = parser.parse_args(argv)
    if ns.cuda_architectures is not None and ns.variant != "cuda":
        parser.error("--cuda-architectures only applies to --variant cuda")
    return ns


def main(argv: Sequence[str] | None = None) -> int:
    ns = parse_args(argv)
    if ns.check is not None:
        report = check_wheel(ns.check, ns.variant)
        print_report(report)
        return 0 if report.ok else 1

    args = cmake_args(ns.variant, cuda_architectures=ns.cuda_architectures)
    platform = sys.platform
    cache_folder = (ns.cache_dir or cache_root()) / cache_key(
        ns.version, ns.variant, args, platform
    )
    if ns.print_cached:
        wheel = cached_wheel(cache_folder, ns.version, ns.variant, platform)
        print(wheel if wheel else f"no checked wheel in {cache_folder}")
        return 0 if wheel else 1
    if ns.cached:
        with _build_lock(cache_folder):
            wheel = cached_wheel(cache_folder, ns.version, ns.variant, platform)
            if wheel is not None:
                print(f"reusing {wheel} (built before with the same version and flags)")
                return 0
            for stale in cache_folder.glob("*.whl"):  # a wheel that failed the checker
                stale.unlink()
            return _build(ns, args, cache_folder, platform)
    return _build(ns, args, ns.out.resolve(), platform)


def _build(ns: argparse.Namespace, args: Sequence[str], out_dir: Path, platform: str) -> int:
    """Compile the wheel into ``out_dir``, drop the unsafe CPU variants, check it."""
    cmd = pip_wheel_command(ns.version, out_dir, python=ns.python, verbose=not ns.quiet)
    env = build_env(args, jobs=ns.jobs)
    changes = {k: env[k] for k in ("CMAKE_ARGS", "FORCE_CMAKE", "CMAKE_BUILD_PARALLEL_LEVEL")}
    print(f"CMAKE_ARGS: {changes['CMAKE_ARGS']}")
    print(f"command: {format_command(cmd, changes)}", flush=True)
    for warning in _preflight(ns.variant):
        print(f"warning: {warning}", flush=True)
    if ns.dry_run:
        return 0

    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    result = subprocess.run(cmd, env=env, check=False)
    elapsed = time.time() - started
    print(f"pip wheel exited with {result.returncode} after {elapsed / 60:.1f} min", flush=True)
    if result.returncode != 0:
        return result.returncode
    wheel = find_new_wheel(out_dir, ns.version, started - 1)
    if wheel is None:
        print(f"error: no new llama_cpp_python-{ns.version}-*.whl in {out_dir}")
        return 1
    removed = strip_cpu_variants(wheel, unsafe_cpu_variants(platform))
    if removed:
        print(f"left out (unsafe on {platform}): {', '.join(removed)}")
    report = check_wheel(wheel, ns.variant, platform)
    print_report(report)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
