"""Without a display, or with Qt's X11 plugin missing a system library, `lokal` says what is
wrong and what to install, instead of letting Qt abort with a misleading message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.ui.display_check import (
    DEBIAN_PACKAGES,
    NO_DISPLAY,
    display_problem,
    uses_xcb,
    xcb_plugin,
)

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = Path("/qt/plugins/platforms/libqxcb.so")


def loads(path: str) -> None:
    assert path == str(PLUGIN)


def lacks(library: str) -> object:
    def load(path: str) -> None:
        raise OSError(f"{library}: cannot open shared object file: No such file or directory")

    return load


def problem(environ: dict[str, str], load: object = loads, platform: str = "linux") -> str | None:
    return display_problem(environ, platform, lambda: PLUGIN, load)  # type: ignore[arg-type]


def test_no_display_is_said_in_a_sentence() -> None:
    assert problem({}) == NO_DISPLAY
    assert problem({"QT_QPA_PLATFORM": "xcb"}) == NO_DISPLAY
    assert "graphical display" in NO_DISPLAY and "lokal ask" in NO_DISPLAY


def test_a_missing_xcb_library_names_it_and_the_packages() -> None:
    text = problem({"DISPLAY": ":0"}, lacks("libxcb-icccm.so.4"))
    assert text is not None
    assert "needs libxcb-icccm.so.4, which is not installed" in text
    assert f"sudo apt-get install {DEBIAN_PACKAGES}" in text
    assert "xcb-cursor0 is needed" not in text  # Qt's own, misleading guess


def test_a_loader_message_without_a_library_name_is_shown_as_it_is() -> None:
    text = problem({"DISPLAY": ":0"}, lacks("undefined symbol xcb_foo"))
    assert text is not None and "cannot be loaded (" in text


def test_the_window_starts_where_qt_can() -> None:
    assert problem({"DISPLAY": ":0"}) is None
    assert problem({"QT_QPA_PLATFORM": "offscreen"}, lacks("libxcb.so.1")) is None
    wayland = {"WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0", "XDG_SESSION_TYPE": "wayland"}
    assert problem(wayland, lacks("libxcb-icccm.so.4")) is None  # Qt uses its Wayland plugin
    assert problem({}, platform="win32") is None and problem({}, platform="darwin") is None


def test_which_platform_qt_will_use() -> None:
    assert uses_xcb({"DISPLAY": ":1"}) is True
    assert uses_xcb({"WAYLAND_DISPLAY": "w"}) is False
    assert uses_xcb({"WAYLAND_DISPLAY": "w", "DISPLAY": ":1", "XDG_SESSION_TYPE": "x11"}) is True
    assert uses_xcb({"QT_QPA_PLATFORM": "wayland"}) is False
    assert uses_xcb({}) is None


def test_the_package_list_is_the_readme_s() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"apt-get install {DEBIAN_PACKAGES}" in " ".join(readme.split())
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    listed = set(re.findall(r"\b(lib[\w.+-]+)", ci[ci.index("packages=(") : ci.index(")\n")]))
    assert set(DEBIAN_PACKAGES.split()) <= listed


def _installed(packages: list[str]) -> bool:
    if shutil.which("dpkg-query") is None:
        return False
    query = ["dpkg-query", "-W", "-f", "${Status}\n", *packages]
    listed = subprocess.run(query, capture_output=True, text=True).stdout.splitlines()
    return len(listed) == len(packages) and all(s.endswith(" installed") for s in listed)


@pytest.mark.skipif(
    not _installed(DEBIAN_PACKAGES.split()), reason="needs the README's packages (Debian/Ubuntu)"
)
def test_the_readme_s_packages_are_all_the_xcb_plugin_needs() -> None:
    """Where they are installed (as .ci/run does), Qt's X11 plugin loads."""
    assert xcb_plugin() is not None
    assert display_problem({"DISPLAY": ":99"}) is None


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux only")
def test_lokal_without_a_display_prints_the_sentence(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.pop("QT_QPA_PLATFORM", None)
    env |= {"LOKAL_DATA_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr == NO_DISPLAY + "\n"
