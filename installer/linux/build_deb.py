"""Build the Debian package from the PyInstaller bundle: dist/lokal_<version>_<arch>.deb.

    python packaging/build_bundle.py            # first: dist/lokal/
    python installer/linux/build_deb.py         # then:  dist/lokal_0.1.0_amd64.deb

What it installs:

    /opt/lokal/                         the bundle (read-only; nothing is written here)
    /usr/bin/lokal                      a symbolic link to /opt/lokal/lokal
    /usr/share/applications/lokal.desktop
    /usr/share/icons/hicolor/*/apps/lokal.{png,svg}
    /usr/share/mime/packages/lokal.xml  the GGUF model file type
    /usr/share/doc/lokal/copyright

The package has no maintainer scripts: the desktop, icon and MIME caches are
refreshed by the dpkg triggers of desktop-file-utils, hicolor-icon-theme and
shared-mime-info. Removing or purging it (dpkg -r / dpkg -P) deletes only
those files. Each user's data (~/.local/share/Lokal: conversations, models,
settings, logs) is never touched by the package.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent.parent
RESOURCES = ROOT / "resources"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PACKAGE = "lokal"
INSTALL_DIR = "/opt/lokal"
MAINTAINER = "Lokal maintainers <maintainers@lokal.invalid>"
DESCRIPTION = """Private, offline chat with OpenAI's gpt-oss models
 Lokal runs OpenAI's open-weight gpt-oss models on this computer with
 llama.cpp, on the CPU or a GPU. Conversations, documents and models stay
 on the computer; after a model is downloaded or imported, nothing needs
 the network.
 .
 llama.cpp is included in its portable build: at start it picks the
 fastest of its CPU variants this processor supports. Any x86-64 processor
 with SSE4.2 (x86-64-v2: Intel Nehalem, AMD Bulldozer and newer) runs it."""
#: Always needed from the system, whatever ldd finds: the C and C++ runtimes
#: (the bundle leaves libstdc++ out on purpose), OpenMP for llama.cpp's CPU
#: backends, and OpenGL/EGL, which Qt loads at runtime.
BASE_DEPENDS = ("libc6", "libstdc++6", "libgcc-s1", "libgomp1", "libgl1", "libegl1")
#: What Qt's X11 plugin needs (app/ui/display_check.py and the README list the same): ldd
#: cannot name a library the build machine lacks, so the package names them all.
WINDOW_DEPENDS = [
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libglib2.0-0",
    "libdbus-1-3",
    "libx11-6",
    "libx11-xcb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libxcb1",
    "libxcb-cursor0",
    "libxcb-glx0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
]
#: Qt's Wayland plugin needs it; Wayland desktops have it, X11 works without it.
RECOMMENDS = ("libwayland-cursor0", "libwayland-egl1")


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    with pyproject.open("rb") as f:
        version: str = tomllib.load(f)["project"]["version"]
    return version


def debian_arch() -> str:
    if shutil.which("dpkg"):
        return subprocess.run(
            ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
        ).stdout.strip()
    return {"x86_64": "amd64", "aarch64": "arm64"}.get(os.uname().machine, os.uname().machine)


def control_text(
    version: str, arch: str, installed_kib: int, depends: Iterable[str], maintainer: str
) -> str:
    fields = {
        "Package": PACKAGE,
        "Version": version,
        "Architecture": arch,
        "Maintainer": maintainer,
        "Installed-Size": str(installed_kib),
        "Depends": ", ".join(sorted(set(depends))),
        "Recommends": ", ".join(RECOMMENDS),
        "Section": "utils",
        "Priority": "optional",
        "Description": DESCRIPTION,
    }
    return "".join(f"{key}: {value}\n" for key, value in fields.items())


def system_libraries(bundle: Path) -> set[Path]:
    """Libraries outside the bundle that its executable and libraries load (per ldd)."""
    internal = bundle / "_internal"
    env = {**os.environ, "LD_LIBRARY_PATH": f"{internal}:{internal / 'PySide6/Qt/lib'}"}
    found: set[Path] = set()
    files = [bundle / "lokal", *internal.rglob("*.so*")]
    for path in (p for p in files if p.is_file() and not p.is_symlink()):
        out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, env=env).stdout
        for target in re.findall(r"=> (/\S+) \(0x", out):
            resolved = Path(target).resolve()
            if not resolved.is_relative_to(bundle.resolve()):
                found.add(resolved)
    return found


def owning_packages(paths: Iterable[Path]) -> set[str]:
    """The Debian packages that own these files (dpkg -S), without the :arch suffix."""
    packages: set[str] = set()
    for path in paths:
        # Merged /usr: dpkg may know the file under /lib or /usr/lib.
        text = str(path)
        candidates = [text, text.removeprefix("/usr"), "/usr" + text]
        for candidate in candidates:
            result = subprocess.run(["dpkg", "-S", candidate], capture_output=True, text=True)
            if result.returncode == 0:
                first = result.stdout.splitlines()[0].split(":", 1)[0]
                packages.update(p.strip() for p in first.split(","))
                break
    return packages


def depends_for(bundle: Path) -> list[str]:
    extra: set[str] = set()
    if shutil.which("ldd") and shutil.which("dpkg"):
        extra = owning_packages(system_libraries(bundle))
    return sorted(set(BASE_DEPENDS) | set(WINDOW_DEPENDS) | extra)


def _normalise_modes(folder: Path) -> None:
    """0755 for folders and executables, 0644 for the rest: what dpkg expects."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or os.access(path, os.X_OK):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


def stage(bundle: Path, root: Path) -> None:
    """Lay out the package's files under ``root`` (its DEBIAN/ folder excepted)."""
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(bundle, root / INSTALL_DIR.lstrip("/"), symlinks=True)
    usr_bin = root / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / "lokal").symlink_to(f"{INSTALL_DIR}/lokal")
    share = root / "usr" / "share"
    (share / "applications").mkdir(parents=True)
    shutil.copy2(RESOURCES / "lokal.desktop", share / "applications" / "lokal.desktop")
    icons = share / "icons" / "hicolor"
    for size in ICON_SIZES:
        folder = icons / f"{size}x{size}" / "apps"
        folder.mkdir(parents=True)
        shutil.copy2(RESOURCES / "icons" / f"lokal-{size}.png", folder / "lokal.png")
    (icons / "scalable" / "apps").mkdir(parents=True)
    shutil.copy2(RESOURCES / "icons" / "lokal.svg", icons / "scalable" / "apps" / "lokal.svg")
    (share / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(RESOURCES / "lokal-mime.xml", share / "mime" / "packages" / "lokal.xml")
    doc = share / "doc" / PACKAGE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        "Lokal is licensed under the Apache License, Version 2.0.\n"
        "On Debian systems the license is in /usr/share/common-licenses/Apache-2.0.\n"
        "The bundled Qt (LGPLv3), llama.cpp (MIT) and Python (PSF) keep their licenses.\n",
        encoding="utf-8",
    )
    _normalise_modes(root)


def stamp_app_version(root: Path, version: str) -> bool:
    """Make the bundled app report ``version`` (its metadata in the staged copy), so the
    package and `lokal` agree when a package is built with another version than
    pyproject.toml's (a release rebuilt with a Debian revision, the upgrade check's newer
    copy). Returns whether the metadata was found."""
    internal = root / INSTALL_DIR.lstrip("/") / "_internal"
    found = False
    # PyInstaller copies whichever metadata the build found: a wheel's dist-info or, for a
    # checkout installed in place, the egg-info beside the sources.
    found_files = [
        *internal.glob(f"{PACKAGE}-*.dist-info/METADATA"),
        *internal.glob(f"{PACKAGE}*.egg-info/PKG-INFO"),
    ]
    for metadata in found_files:
        text = metadata.read_text(encoding="utf-8")
        metadata.write_text(
            re.sub(r"(?m)^Version: .*$", f"Version: {version}", text, count=1), encoding="utf-8"
        )
        found = True
    return found


def _llama_cpp_builds() -> ModuleType:
    """packaging/build_llama_cpp.py, which knows what a portable build's libraries are."""
    spec = importlib.util.spec_from_file_location(
        "lokal_build_llama_cpp", ROOT / "packaging" / "build_llama_cpp.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def native_build_refusal(bundle: Path) -> str | None:
    """The sentence that refuses a bundle whose llama.cpp is not the portable build (one
    tuned to the build machine's processor); None when the bundle carries the portable one."""
    lib = bundle / "_internal" / "llama_cpp" / "lib"
    names = [p.name for p in lib.iterdir()] if lib.is_dir() else []
    problems = _llama_cpp_builds().variant_problems(names, "cpu", platform="linux")
    if not problems:
        return None
    return (
        "This bundle carries a llama.cpp built for the build machine's own processor, not "
        f"the portable build ({'; '.join(problems)}): installed on an older processor it "
        "would stop with 'illegal instruction'. Build the bundle from the portable wheel "
        "(python packaging/build_llama_cpp.py --variant cpu --cached; packaging/README.md)."
    )


def installed_size_kib(root: Path) -> int:
    total = sum(p.lstat().st_size for p in root.rglob("*") if p.is_file() or p.is_symlink())
    return (total + 1023) // 1024


def build_deb(
    bundle: Path,
    out_dir: Path,
    work: Path,
    *,
    version: str,
    arch: str,
    depends: Sequence[str],
    maintainer: str = MAINTAINER,
    compression: str = "xz",
) -> Path:
    root = work / f"{PACKAGE}_{version}_{arch}"
    stage(bundle, root)
    stamp_app_version(root, version)
    control = root / "DEBIAN"
    control.mkdir(mode=0o755)
    text = control_text(version, arch, installed_size_kib(root), depends, maintainer)
    (control / "control").write_text(text, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / f"{PACKAGE}_{version}_{arch}.deb"
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", f"-Z{compression}", "--build", str(root), str(deb)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return deb


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "lokal")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "deb")
    parser.add_argument("--version", default=None, help="default: pyproject.toml's")
    parser.add_argument("--maintainer", default=MAINTAINER)
    parser.add_argument(
        "--depends",
        default=None,
        help="the Depends line (comma and space separated) instead of asking ldd and dpkg "
        "again, e.g. the one a build of the same bundle printed",
    )
    parser.add_argument(
        "--compression", choices=("xz", "gzip", "zstd", "none"), default="xz", help="dpkg-deb -Z"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    ns = parse_args(argv)
    if not (ns.bundle / "lokal").is_file():
        print(f"build_deb: no bundle at {ns.bundle}; run packaging/build_bundle.py first")
        return 1
    if shutil.which("dpkg-deb") is None:
        print("build_deb: dpkg-deb is not installed (apt-get install dpkg)")
        return 1
    refusal = native_build_refusal(ns.bundle)
    if refusal:
        print(f"build_deb: refused. {refusal}")
        return 1
    depends = ns.depends.split(", ") if ns.depends else depends_for(ns.bundle)
    deb = build_deb(
        ns.bundle,
        ns.out,
        ns.work,
        version=ns.version or project_version(),
        arch=debian_arch(),
        depends=depends,
        maintainer=ns.maintainer,
        compression=ns.compression,
    )
    print(f"build_deb: {deb} ({deb.stat().st_size / 1e6:.0f} MB)")
    print(f"Depends: {', '.join(depends)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
