"""What goes into the PyInstaller bundle; the spec (lokal.spec) asks this module.

Kept apart from the spec so it can be typed, linted and unit-tested: the spec
itself is executed by PyInstaller with its own globals.
"""

from __future__ import annotations

import fnmatch
import importlib.util
import re
from collections.abc import Iterable
from pathlib import Path

#: Qt modules the bundle keeps even when no app module names them: the widgets
#: stack, SVG for icons, D-Bus for the Linux desktop (xcb and the platform theme).
ALWAYS_KEPT_QT = frozenset({"QtCore", "QtGui", "QtWidgets", "QtSvg", "QtDBus"})

#: Python packages the app never uses that PyInstaller would otherwise follow
#: from optional imports (llama-cpp-python's OpenAI-compatible server, test tools).
EXCLUDED_PACKAGES = (
    "llama_cpp.server",
    "tkinter",
    "IPython",
    "matplotlib",
    "pytest",
    "_pytest",
    "hypothesis",
    "mypy",
    "ruff",
    "importlinter",
    "PyInstaller",
    # huggingface_hub's optional Xet transfer client: Lokal downloads with its own
    # resumable HTTP code, so the 11 MB native extension would never run.
    "hf_xet",
)

#: Linux libraries and Qt plugins PyInstaller collects that a desktop app does not
#: need, matched against the file name in the bundle (fnmatch patterns).
DROPPED_BINARIES = (
    # Embedded-device platforms and input; the desktop uses xcb or wayland (and
    # offscreen/minimal for tests). They pull in EGLFS and KMS support libraries.
    "*/platforms/libqeglfs.so",
    "*/platforms/libqlinuxfb.so",
    "*/platforms/libqminimalegl.so",
    "*/platforms/libqvkkhrdisplay.so",
    "*/platforms/libqvnc.so",
    "*/egldeviceintegrations/*",
    "*/generic/*",
    "libQt6EglFSDeviceIntegration.so*",
    "libQt6EglFsKmsSupport.so*",
    # The virtual keyboard plugin drags in QML and Quick (15 MB); the PDF image
    # format plugin drags in QtPdf. Neither is used.
    "*/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "libQt6VirtualKeyboard*.so*",
    "libQt6Qml*.so*",
    "libQt6Quick*.so*",
    "*/imageformats/libqpdf.so",
    "libQt6Pdf.so*",
    # The GTK3 platform theme loads only where GTK3 is installed, and then must use
    # the system's GTK stack, never a bundled copy of cairo/pango mixed with it.
    "*/platformthemes/libqgtk3.so",
    "libcairo*.so*",
    "libpango*.so*",
    "libatk-*.so*",
    "libgdk_pixbuf*.so*",
    "libpixman-*.so*",
    "libthai.so*",
    "libdatrie.so*",
    "libfribidi.so*",
    "libgraphite2.so*",
    "libharfbuzz.so*",
    # The C++ runtime comes from the system (the .deb depends on it): a bundled
    # older libstdc++ breaks newer Mesa/GPU drivers loaded into the same process.
    "libstdc++.so*",
    "libgcc_s.so*",
)

_QT_NAME = re.compile(r"\bPySide6\.(Qt\w+)")


def qt_modules_used(sources: Iterable[Path]) -> set[str]:
    """The PySide6 modules that the given Python files name (``PySide6.QtXxx``)."""
    used: set[str] = set()
    for path in sources:
        used.update(_QT_NAME.findall(path.read_text(encoding="utf-8", errors="replace")))
    return used


def installed_qt_modules() -> set[str]:
    """Every PySide6 binding module installed (QtCore, QtWebEngineCore, ...)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return set()
    folder = Path(next(iter(spec.submodule_search_locations)))
    return {
        p.name.split(".", 1)[0]
        for p in folder.iterdir()
        if p.name.startswith("Qt") and p.suffix in (".so", ".pyd")
    }


def qt_excludes(used: set[str], installed: set[str]) -> list[str]:
    """``PySide6.QtXxx`` for each installed module the app does not use.

    Deriving the list from the app's own imports keeps the bundle lean (no
    WebEngine, 3D, Multimedia, QML/Quick: hundreds of MB) without breaking a
    module someone starts using later: it is kept as soon as it is imported.
    """
    keep = used | ALWAYS_KEPT_QT
    return sorted(f"PySide6.{name}" for name in installed - keep)


def keep_binary(name: str, platform: str) -> bool:
    """Whether a collected binary (its path inside the bundle) stays in it."""
    if not platform.startswith("linux"):
        return True
    base = name.replace("\\", "/")
    return not any(
        fnmatch.fnmatch(base, pattern) or fnmatch.fnmatch(base.rsplit("/", 1)[-1], pattern)
        for pattern in DROPPED_BINARIES
    )


def app_sources(root: Path) -> list[Path]:
    return sorted((root / "app").rglob("*.py"))


def excluded_modules(root: Path) -> list[str]:
    used = qt_modules_used(app_sources(root))
    return [*qt_excludes(used, installed_qt_modules()), *EXCLUDED_PACKAGES]


def llama_cpp_lib_dir() -> Path:
    """llama-cpp-python's lib/ folder: libllama, libggml and every backend module."""
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or spec.origin is None:
        raise SystemExit("llama-cpp-python is not installed in this environment")
    lib = Path(spec.origin).resolve().parent / "lib"
    if not lib.is_dir():
        raise SystemExit(f"llama-cpp-python has no lib/ folder at {lib}")
    return lib


def data_files(root: Path) -> list[tuple[str, str]]:
    """(source, folder in the bundle) pairs for PyInstaller's ``datas``.

    llama_cpp/lib is copied as it is, as data: llama-cpp-python dlopens it by
    path from ``<llama_cpp package>/lib``, and ggml loads the backend modules
    (CPU variants, CUDA) from that same folder at runtime, so PyInstaller's
    dependency analysis must neither move nor rename anything in it.
    """
    pairs = [(str(llama_cpp_lib_dir()), "llama_cpp/lib")]
    resources = root / "resources"
    if resources.is_dir():
        pairs.append((str(resources), "resources"))
    return pairs
