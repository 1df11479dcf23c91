"""Static checks of the bundle spec helpers and the per-OS installer files.

The heavy build (PyInstaller, the .deb install) runs in .ci/run through
installer/linux/check_deb.sh, not here; these tests check what can be checked
in a second: the desktop entry, the .deb layout and control file (built from a
fake bundle), the Inno Setup script, and the macOS property lists.
"""

from __future__ import annotations

import configparser
import importlib.util
import plistlib
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT_MIME_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/markdown",
    "text/plain",
}


def load(path: Path, name: str) -> ModuleType:
    """Scripts in packaging/ and installer/ are not packages (see packaging/README.md)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def contents() -> ModuleType:
    return load(ROOT / "packaging" / "bundle_contents.py", "lokal_bundle_contents")


@pytest.fixture(scope="module")
def build_deb() -> ModuleType:
    return load(ROOT / "installer" / "linux" / "build_deb.py", "lokal_build_deb")


# --- the bundle ------------------------------------------------------------------


def test_qt_modules_the_app_imports_stay_and_the_rest_is_excluded(
    contents: ModuleType, tmp_path: Path
) -> None:
    source = tmp_path / "view.py"
    source.write_text("from PySide6.QtPdf import QPdfDocument\nimport PySide6.QtNetwork\n")
    used = contents.qt_modules_used([source])
    assert used == {"QtPdf", "QtNetwork"}
    installed = {
        "QtCore",
        "QtGui",
        "QtWidgets",
        "QtPdf",
        "QtNetwork",
        "QtWebEngineCore",
        "Qt3DCore",
    }
    excluded = contents.qt_excludes(used, installed)
    assert excluded == ["PySide6.Qt3DCore", "PySide6.QtWebEngineCore"]


def test_the_real_app_keeps_widgets_and_drops_webengine(contents: ModuleType) -> None:
    excluded = contents.excluded_modules(ROOT)
    assert "PySide6.QtWidgets" not in excluded
    assert "PySide6.QtGui" not in excluded
    installed = contents.installed_qt_modules()
    if "QtWebEngineCore" in installed:
        assert "PySide6.QtWebEngineCore" in excluded


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("libQt6Quick.so.6", False),
        ("libstdc++.so.6", False),
        ("llama_cpp/lib/libggml-cpu-haswell.so", True),
        ("libQt6Gui.so.6", True),
    ],
)
def test_linux_binaries_dropped_from_the_bundle(
    contents: ModuleType, name: str, kept: bool
) -> None:
    assert contents.keep_binary(name, "linux") is kept
    assert contents.keep_binary(name, "win32") is True


def test_spec_collects_llama_libraries_resources_and_the_stdio_hook() -> None:
    spec = (ROOT / "packaging" / "lokal.spec").read_text()
    assert "bundle_contents.data_files(ROOT)" in spec
    assert 'runtime_hooks=[str(ROOT / "packaging" / "rthooks" / "stdio.py")]' in spec
    assert 'collect_submodules("app")' in spec
    assert "keep_binary" in spec


def test_data_files_put_llama_lib_where_llama_cpp_looks(
    contents: ModuleType,
) -> None:
    pairs = dict((dest, src) for src, dest in contents.data_files(ROOT))
    assert Path(pairs["llama_cpp/lib"]).name == "lib"
    assert any(Path(pairs["llama_cpp/lib"]).glob("*llama*"))
    assert Path(pairs["resources"]) == ROOT / "resources"


def test_stdio_hook_replaces_missing_streams() -> None:
    code = (
        "import sys, runpy; sys.stdout = None; sys.stderr = None;"
        f"runpy.run_path({str(ROOT / 'packaging' / 'rthooks' / 'stdio.py')!r});"
        "print('lost'); sys.stderr.write('lost too');"
        "import os; os.write(1, b'ok' if sys.stdout.name == os.devnull else b'no')"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok"


# --- Linux ---------------------------------------------------------------------


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(ROOT / "resources" / "lokal.desktop", encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_entry_opens_documents_and_models() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "lokal %F"
    assert entry["Icon"] == "lokal"
    assert entry["Terminal"] == "false"
    types = set(filter(None, entry["MimeType"].split(";")))
    assert types >= DOCUMENT_MIME_TYPES | {"application/x-gguf"}


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils")
def test_desktop_entry_passes_desktop_file_validate() -> None:
    result = subprocess.run(
        ["desktop-file-validate", str(ROOT / "resources" / "lokal.desktop")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and "error" not in result.stdout, result.stdout


def test_gguf_mime_type_matches_the_magic_and_extension() -> None:
    import xml.etree.ElementTree as ET

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    tree = ET.parse(ROOT / "resources" / "lokal-mime.xml")
    mime = tree.find("m:mime-type", ns)
    assert mime is not None and mime.get("type") == "application/x-gguf"
    glob = mime.find("m:glob", ns)
    match = mime.find("m:magic/m:match", ns)
    assert glob is not None and glob.get("pattern") == "*.gguf"
    assert match is not None and match.get("value") == "GGUF" and match.get("offset") == "0"


def test_icons_exist_at_every_size_the_deb_installs(build_deb: ModuleType) -> None:
    from PySide6.QtGui import QImage

    for size in build_deb.ICON_SIZES:
        image = QImage(str(ROOT / "resources" / "icons" / f"lokal-{size}.png"))
        assert (image.width(), image.height()) == (size, size)
    assert (ROOT / "resources" / "icons" / "lokal.ico").read_bytes()[:4] == b"\0\0\1\0"


def test_the_deb_depends_on_every_package_the_window_needs(
    build_deb: ModuleType, tmp_path: Path
) -> None:
    """ldd cannot name a library the build machine lacks (libxcb-icccm4 was missed so)."""
    from app.ui.display_check import DEBIAN_PACKAGES

    assert DEBIAN_PACKAGES.split() == build_deb.WINDOW_DEPENDS
    (tmp_path / "_internal").mkdir()
    assert set(DEBIAN_PACKAGES.split()) <= set(build_deb.depends_for(tmp_path))


def test_control_file_fields(build_deb: ModuleType) -> None:
    text = build_deb.control_text("1.2.3", "amd64", 4096, ["libgl1", "libc6", "libgl1"], "A <a@b>")
    fields = dict(re.findall(r"^([A-Za-z-]+): (.*)$", text, flags=re.M))
    assert fields["Package"] == "lokal"
    assert fields["Version"] == "1.2.3"
    assert fields["Architecture"] == "amd64"
    assert fields["Installed-Size"] == "4096"
    assert fields["Depends"] == "libc6, libgl1"
    assert text.endswith("\n") and "\n\n" not in text
    # Continuation lines of the description start with a space.
    description = text.split("Description: ", 1)[1].splitlines()
    assert all(line.startswith(" ") for line in description[1:])


@pytest.mark.skipif(shutil.which("dpkg-deb") is None, reason="needs dpkg-deb")
def test_deb_from_a_fake_bundle_has_the_layout_and_no_scripts(
    build_deb: ModuleType, tmp_path: Path
) -> None:
    bundle = tmp_path / "lokal"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "lokal").write_text("#!/bin/sh\n")
    (bundle / "lokal").chmod(0o700)
    (bundle / "_internal" / "data.txt").write_text("x")
    deb = build_deb.build_deb(
        bundle,
        tmp_path / "out",
        tmp_path / "work",
        version="9.9.9",
        arch="amd64",
        depends=["libc6"],
        compression="gzip",
    )
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    lines = listing.splitlines()
    assert any(
        line.startswith("-rwxr-xr-x root/root") and "./opt/lokal/lokal" in line for line in lines
    )
    assert any("./usr/bin/lokal -> /opt/lokal/lokal" in line for line in lines)
    for path in (
        "./usr/share/applications/lokal.desktop",
        "./usr/share/icons/hicolor/256x256/apps/lokal.png",
        "./usr/share/icons/hicolor/scalable/apps/lokal.svg",
        "./usr/share/mime/packages/lokal.xml",
        "./opt/lokal/_internal/data.txt",
    ):
        assert any(line.endswith(path) for line in lines), path
    assert not any("/home" in line or ".local" in line for line in lines)
    control = subprocess.run(
        ["dpkg-deb", "--info", str(deb)], capture_output=True, text=True, check=True
    ).stdout
    # No maintainer scripts: removing the package can never touch a user's data.
    for script in ("preinst", "postinst", "prerm", "postrm"):
        assert script not in control
    assert "Version: 9.9.9" in control


def _bundle_with(tmp_path: Path, libraries: list[str]) -> Path:
    bundle = tmp_path / "lokal"
    lib = bundle / "_internal" / "llama_cpp" / "lib"
    lib.mkdir(parents=True)
    for name in libraries:
        (lib / name).write_bytes(b"")
    return bundle


PORTABLE = ["libllama.so", "libggml-base.so", "libggml-cpu-x64.so", "libggml-cpu-haswell.so"]


@pytest.mark.parametrize(
    "libraries",
    [["libllama.so", "libggml-cpu.so"], ["libllama.so", "libggml-base.so"]],
    ids=["native build", "no CPU backend"],
)
def test_a_package_from_a_native_build_is_refused_with_a_sentence(
    build_deb: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str], libraries: list[str]
) -> None:
    bundle = _bundle_with(tmp_path, libraries)
    (bundle / "lokal").write_text("#!/bin/sh\n")
    assert build_deb.main(["--bundle", str(bundle), "--out", str(tmp_path / "out")]) == 1
    out = capsys.readouterr().out
    assert "build_deb: refused. This bundle carries a llama.cpp built for the build machine" in out
    assert "illegal instruction" in out and "--variant cpu --cached" in out
    assert not (tmp_path / "out").exists()


def test_a_portable_build_is_accepted(build_deb: ModuleType, tmp_path: Path) -> None:
    assert build_deb.native_build_refusal(_bundle_with(tmp_path, PORTABLE)) is None


def test_the_description_names_the_oldest_processor(build_deb: ModuleType) -> None:
    assert "SSE4.2" in build_deb.DESCRIPTION and "Nehalem" in build_deb.DESCRIPTION


def test_the_package_version_is_the_version_the_app_reports(
    build_deb: ModuleType, tmp_path: Path
) -> None:
    root = tmp_path / "root"
    info = root / "opt" / "lokal" / "_internal" / "lokal-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lokal\nVersion: 0.1.0\n")
    assert build_deb.stamp_app_version(root, "0.1.1")
    assert "Version: 0.1.1\n" in (info / "METADATA").read_text()
    assert not build_deb.stamp_app_version(tmp_path / "empty", "0.1.1")
    egg = tmp_path / "egg" / "opt" / "lokal" / "_internal" / "lokal.egg-info"
    egg.mkdir(parents=True)
    (egg / "PKG-INFO").write_text("Metadata-Version: 2.1\nName: lokal\nVersion: 0.1.0\n")
    assert build_deb.stamp_app_version(tmp_path / "egg", "0.1.1")
    assert "Version: 0.1.1\n" in (egg / "PKG-INFO").read_text()


def test_check_deb_script_removes_the_package_and_checks_the_data_stays() -> None:
    script = (ROOT / "installer" / "linux" / "check_deb.sh").read_text()
    assert "env -i PATH=/usr/bin:/bin" in script
    assert "dpkg -r lokal" in script and "dpkg -P lokal" in script
    assert 'test -d "$data"' in script


def readme_test_line() -> str:
    ci = (ROOT / ".ci" / "run").read_text()
    return next(line for line in ci.splitlines() if line.startswith("python -m pip install -e"))


@pytest.mark.parametrize(("failing", "status"), [("pip", 3), ("pytest", 1), ("pytest", 5)])
def test_ci_stops_with_the_status_of_a_failing_install_or_test_run(
    tmp_path: Path, failing: str, status: int
) -> None:
    # A stand-in `python` that fails in the chosen step; the line runs as .ci/run runs it.
    fake = tmp_path / "python"
    fake.write_text(f'#!/bin/sh\ncase "$*" in *"{failing}"*) exit {status};; esac\nexit 0\n')
    fake.chmod(0o755)
    script = f"set -euo pipefail\n{readme_test_line()}\necho went on\n"
    result = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        text=True,
        env={"PATH": f"{tmp_path}:/usr/bin:/bin"},
    )
    assert result.returncode == status and "went on" not in result.stdout


def test_ci_runs_the_bundle_check_after_the_tests_unless_skipped() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    tests_at = ci.index("python -m pytest")
    check_at = ci.index("installer/linux/check_deb.sh")
    assert check_at > tests_at
    assert "LOKAL_SKIP_BUNDLE" in ci


# --- Windows ---------------------------------------------------------------------


def iss_sections(text: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(";") or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections.setdefault(current, [])
        elif current:
            sections[current].append(line)
    return sections


def test_inno_setup_script_installs_per_user_and_keeps_the_data() -> None:
    text = (ROOT / "installer" / "windows" / "lokal.iss").read_text()
    sections = iss_sections(text)
    assert {"Setup", "Files", "Icons", "Registry", "Run"} <= sections.keys()
    setup = dict(line.split("=", 1) for line in sections["Setup"] if "=" in line)
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == "{userpf}\\Lokal"
    assert setup["OutputBaseFilename"].endswith("-{#Variant}")
    assert any("{autoprograms}\\Lokal" in line for line in sections["Icons"])
    # Per-user registry only, and the data folder is never deleted.
    assert all(line.startswith("Root: HKA") for line in sections["Registry"])
    assert "UninstallDelete" not in sections
    assert "{localappdata}\\Lokal" not in text
    assert '#if Variant == "cuda"' in text and '#elif Variant == "cpu"' in text
    assert (ROOT / "installer" / "windows" / "cuda-notes.txt").exists()


def test_inno_setup_files_come_from_the_bundle() -> None:
    sections = iss_sections((ROOT / "installer" / "windows" / "lokal.iss").read_text())
    assert any(
        line.startswith('Source: "{#BundleDir}\\*"') and "recursesubdirs" in line
        for line in sections["Files"]
    )


# --- macOS -----------------------------------------------------------------------


def test_info_plist_declares_documents_and_minimum_macos() -> None:
    with (ROOT / "installer" / "macos" / "Info.plist").open("rb") as f:
        info = plistlib.load(f)
    assert info["CFBundleIdentifier"]
    major = int(info["LSMinimumSystemVersion"].split(".")[0])
    assert major >= 13
    types = {
        uti: doc["LSHandlerRank"]
        for doc in info["CFBundleDocumentTypes"]
        for uti in doc["LSItemContentTypes"]
    }
    assert types["com.adobe.pdf"] == "Alternate"
    assert types["org.openxmlformats.wordprocessingml.document"] == "Alternate"
    assert types["net.daringfireball.markdown"] == "Alternate"
    assert types["public.plain-text"] == "Alternate"
    assert types["org.lokal.gguf"] == "Owner"
    exported = {t["UTTypeIdentifier"]: t for t in info["UTExportedTypeDeclarations"]}
    assert exported["org.lokal.gguf"]["UTTypeTagSpecification"]["public.filename-extension"] == [
        "gguf"
    ]


def test_entitlements_ask_only_for_executable_memory() -> None:
    with (ROOT / "installer" / "macos" / "entitlements.plist").open("rb") as f:
        entitlements = plistlib.load(f)
    assert entitlements == {"com.apple.security.cs.allow-unsigned-executable-memory": True}
