"""Whether the window can start on this Linux desktop, asked before Qt is.

Without a display, or when its X11 plugin (xcb) lacks a system library, Qt aborts the process
with a message that misleads ("xcb-cursor0 is needed" when libxcb-icccm4 is missing, "Reinstalling
the application may fix this problem"). Lokal says instead what is missing and what to install.
"""

from __future__ import annotations

import ctypes
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

#: What Qt's xcb plugin and the window need on Debian and Ubuntu (the README lists the same):
#: ldd of PySide6's libqxcb.so, libQt6XcbQpa, libQt6Gui, libQt6Core, libQt6DBus and the
#: xcbglintegrations plugins, each library mapped to its package; packages that come with
#: every Debian or Ubuntu system (libc6, libstdc++6, zlib1g, …) are left out.
DEBIAN_PACKAGES = (
    "libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libx11-6 "
    "libx11-xcb1 libxkbcommon0 libxkbcommon-x11-0 libxcb1 libxcb-cursor0 libxcb-glx0 "
    "libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render0 "
    "libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 "
    "libxcb-xkb1"
)

NO_DISPLAY = (
    "lokal: the window needs a graphical display, and there is none here (neither DISPLAY "
    "nor WAYLAND_DISPLAY is set). Start Lokal from a desktop session, or use it from the "
    "terminal: lokal ask, lokal models, lokal doctor (lokal --help lists them)."
)

_MISSING = re.compile(r"([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file")

Loader = Callable[[str], object]


def xcb_plugin() -> Path | None:
    """PySide6's X11 platform plugin (in a source install and in the bundle alike)."""
    from PySide6.QtCore import QLibraryInfo

    plugins = QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)
    path = Path(plugins) / "platforms" / "libqxcb.so"
    return path if path.is_file() else None


def missing_libraries(error: str) -> str:
    """'needs libxcb-icccm.so.4' from the loader's message, or the message itself."""
    match = _MISSING.search(error)
    return f"needs {match[1]}, which is not installed" if match else f"cannot be loaded ({error})"


def uses_xcb(environ: Mapping[str, str]) -> bool | None:
    """Whether Qt will use its X11 plugin: True, False (another platform), or None when there is
    no display at all."""
    requested = environ.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        # The person chose a platform (offscreen, wayland, vnc…): Qt reports its own problems.
        if not requested.startswith("xcb"):
            return False
        return True if environ.get("DISPLAY") else None
    x11, wayland = environ.get("DISPLAY"), environ.get("WAYLAND_DISPLAY")
    if not x11 and not wayland:
        return None
    # In a Wayland session (or with no X11 display) Qt starts with its Wayland plugin.
    on_wayland = bool(wayland) and (not x11 or environ.get("XDG_SESSION_TYPE") == "wayland")
    return not on_wayland


def display_problem(
    environ: Mapping[str, str],
    platform: str = sys.platform,
    plugin: Callable[[], Path | None] = xcb_plugin,
    load: Loader = ctypes.CDLL,
) -> str | None:
    """What to tell the person instead of letting Qt abort, or None when the window can start."""
    if not platform.startswith("linux"):
        return None
    xcb = uses_xcb(environ)
    if xcb is None:
        return NO_DISPLAY
    if not xcb:
        return None
    path = plugin()
    if path is None:
        return None  # not a layout we know: Qt will say what it finds
    try:
        # The dynamic loader resolves every library the plugin needs, as Qt's own load would.
        load(str(path))
    except OSError as exc:
        return (
            f"lokal: the window cannot start: Qt's X11 plugin (xcb) {missing_libraries(str(exc))}. "
            "On Debian or Ubuntu, install what the window needs with\n"
            f"    sudo apt-get install {DEBIAN_PACKAGES}\n"
            "The terminal commands (lokal ask, lokal models, lokal doctor) work without it."
        )
    return None
