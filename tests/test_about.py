"""Help → About: version, the engine's llama.cpp build, licences read from what is installed,
the data folder with an Open button, and details to copy into a bug report."""

from __future__ import annotations

import email.message
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QAbstractButton, QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.core import about
from app.core.engine.protocol import SystemReport
from app.core.models.fit import processor_only_report
from app.ui import appearance
from app.ui.about_dialog import AboutDialog, LicenceText
from app.ui.download_worker import DownloadManager

REPORT = SystemReport(
    backends=("CPU",),
    devices=(),
    dynamic_backends_loaded=True,
    system_info="CPU : AVX2 = 1 | ",
    llama_cpp_python_version="0.3.36",
    cpu_variant="haswell",
    amx_tiles="refused",
    llama_cpp_commit="0c1e570",
    ggml_version="0.25.3",
)


# --- the facts (no Qt) -------------------------------------------------------


def test_the_version_is_the_installed_distributions() -> None:
    assert about.lokal_version() == metadata.version("lokal")
    assert about.lokal_licence() == "Apache-2.0"  # pyproject.toml's


def test_the_libraries_are_what_lokal_requires_to_run_and_not_its_test_tools() -> None:
    names = {about.canonical(d.metadata["Name"]) for d in about.runtime_distributions()}
    # Direct requirements, and what they need in turn (pydantic needs pydantic-core).
    for needed in ("pyside6", "llama-cpp-python", "huggingface-hub", "sqlite-utils", "mcp"):
        assert needed in names
    assert "pydantic-core" in names and "shiboken6" in names
    # The [test] extra is not bundled: it must not be listed.
    assert not names & {"pytest", "ruff", "mypy", "hypothesis", "openai", "lokal"}


def test_each_library_licence_is_read_from_its_own_metadata() -> None:
    licences = {
        about.canonical(c.name): c.licence
        for c in about.library_components(about.runtime_distributions())
    }
    assert licences["llama-cpp-python"] == "MIT"
    assert licences["huggingface-hub"] == "Apache-2.0"
    assert licences["sqlite-utils"] == "Apache-2.0"
    assert licences["platformdirs"] == "MIT"
    assert licences["keyring"] == "MIT"
    assert licences["mcp"] == "MIT"
    assert "LGPL-3.0" in licences["pyside6"]
    for dist in about.runtime_distributions():
        assert about.licence_of(dist.metadata) == licences[about.canonical(dist.metadata["Name"])]


def _meta(**fields: str | list[str]) -> email.message.Message:
    message = email.message.Message()
    for name, value in fields.items():
        for one in [value] if isinstance(value, str) else value:
            message[name.replace("_", "-")] = one
    return message


def test_licence_prefers_the_spdx_expression_then_a_short_field_then_classifiers() -> None:
    classifiers = ["License :: OSI Approved :: MIT License", "Programming Language :: Python"]
    both = _meta(License_Expression="BSD-3-Clause", License="Other", Classifier=classifiers)
    assert about.licence_of(both) == "BSD-3-Clause"  # type: ignore[arg-type]
    short = _meta(License="Apache 2.0", Classifier=classifiers)
    assert about.licence_of(short) == "Apache 2.0"  # type: ignore[arg-type]
    whole_text = _meta(License="Copyright (c) someone\n\nPermission is...", Classifier=classifiers)
    assert about.licence_of(whole_text) == "MIT License"  # type: ignore[arg-type]
    assert about.licence_of(_meta(License="UNKNOWN")) == ""  # type: ignore[arg-type]


def _distribution(folder: Path, metadata_text: str, files: dict[str, str]) -> metadata.Distribution:
    info = folder / "demo-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(metadata_text, encoding="utf-8")
    record = ["demo-1.0.dist-info/METADATA,,"]
    for name, text in files.items():
        path = info / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        record.append(f"demo-1.0.dist-info/{name},,")
    (info / "RECORD").write_text("\n".join(record) + "\n", encoding="utf-8")
    return metadata.PathDistribution(info)


def test_licence_texts_follow_the_license_file_fields_in_their_order(tmp_path: Path) -> None:
    dist = _distribution(
        tmp_path,
        "Metadata-Version: 2.4\nName: demo\nVersion: 1.0\nLicense-Expression: MIT\n"
        "License-File: LICENSE\nLicense-File: vendored/zlib.txt\n",
        {"licenses/LICENSE": "own", "licenses/vendored/zlib.txt": "zlib", "NOTES": "x"},
    )
    assert [p.read_text() for p in about.licence_texts(dist)] == ["own", "zlib"]


def test_an_older_wheel_licence_file_is_found_by_name(tmp_path: Path) -> None:
    dist = _distribution(
        tmp_path,
        "Metadata-Version: 2.1\nName: demo\nVersion: 1.0\nLicense: MIT\n",
        {"LICENSE.txt": "own", "top_level.txt": "demo"},
    )
    assert [p.name for p in about.licence_texts(dist)] == ["LICENSE.txt"]


def test_a_library_without_a_licence_file_gets_lokals_copy_of_its_licence() -> None:
    pyside = metadata.distribution("PySide6")
    names = [p.name for p in about.licence_texts(pyside)]
    assert names[:2] == [about.LGPL, about.GPL]


def test_the_licence_texts_lokal_must_ship_are_in_resources() -> None:
    for name in (about.APACHE, about.LGPL, about.GPL, about.LLAMA_CPP_MIT):
        path = about.shipped_text(name)
        assert path is not None and path.stat().st_size > 500, name
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (about.licence_dir() / about.LGPL).read_text()
    assert "The ggml authors" in (about.licence_dir() / about.LLAMA_CPP_MIT).read_text()


def test_the_fixed_parts_carry_the_engines_build_and_their_licences() -> None:
    gpt_oss, llama, qt = about.fixed_components(REPORT, "6.11.3")
    assert (gpt_oss.licence, llama.licence, qt.licence) == ("Apache-2.0", "MIT", "LGPL-3.0-only")
    assert llama.version == "0c1e570 (ggml 0.25.3)" and qt.version == "6.11.3"
    assert about.fixed_components(None, "6")[1].version == ""  # not asked yet: no guess


def test_details_for_a_bug_report(tmp_path: Path) -> None:
    text = about.details_text(REPORT, tmp_path, "6.11.3", "6.11.3")
    assert text.startswith(f"Lokal {metadata.version('lokal')}\n")
    assert "llama.cpp 0c1e570 (ggml 0.25.3), llama-cpp-python 0.3.36" in text
    assert "CPU kernels: haswell" in text and f"Data folder: {tmp_path}" in text
    assert "Engine: could not be started" in about.details_text(
        processor_only_report(), tmp_path, "6", "6"
    )


def test_the_engine_reports_the_llama_cpp_commit_it_was_built_from() -> None:
    from app.core.engine.client import EngineClient

    with EngineClient() as client:
        report = client.probe()
    assert len(report.llama_cpp_commit) >= 7 and report.ggml_version.count(".") == 2


# --- the dialog --------------------------------------------------------------


@pytest.fixture
def dialog(qtbot: QtBot, tmp_path: Path) -> AboutDialog:
    dialog = AboutDialog(report=REPORT, folder=tmp_path / "Lokal")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _rows(dialog: AboutDialog) -> list[list[str]]:
    table = dialog.table
    return [
        [table.topLevelItem(i).text(c) for c in range(3)]  # type: ignore[union-attr]
        for i in range(table.topLevelItemCount())
    ]


def test_the_dialog_shows_the_engine_build_and_every_licence(dialog: AboutDialog) -> None:
    assert metadata.version("lokal") in dialog.title.text()
    assert dialog.engine_label.text() == "llama.cpp 0c1e570 (ggml 0.25.3), llama-cpp-python 0.3.36"
    assert dialog.kernels_label.text() == "portable build, haswell variant"
    rows = _rows(dialog)
    assert rows[:3] == [
        ["gpt-oss (model weights, OpenAI)", "—", "Apache-2.0"],
        ["llama.cpp (in llama-cpp-python)", "0c1e570 (ggml 0.25.3)", "MIT"],
        ["Qt (in PySide6)", dialog.components[2].version, "LGPL-3.0-only"],
    ]
    by_name = {about.canonical(r[0]): r for r in rows[3:]}
    assert by_name["llama-cpp-python"][1:] == [metadata.version("llama-cpp-python"), "MIT"]
    assert len(by_name) == len(about.runtime_distributions())


def test_a_licence_text_opens_for_the_chosen_part(qtbot: QtBot, dialog: AboutDialog) -> None:
    dialog.select_row(2)  # Qt
    viewer = dialog.show_licence()
    assert isinstance(viewer, LicenceText)
    qtbot.waitExposed(viewer)
    text = viewer.view.toPlainText()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text and "GNU GENERAL PUBLIC LICENSE" in text
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)
    assert not viewer.isVisible()
    # A library's own licence file, from its installed metadata.
    names = [about.canonical(c.name) for c in dialog.components]
    dialog.select_row(names.index("llama-cpp-python"))
    library = dialog.show_licence()
    assert library is not None and "Andrei Betlen" in library.view.toPlainText()


def test_copy_details_puts_the_facts_on_the_clipboard(dialog: AboutDialog) -> None:
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text()
    assert copied == dialog.details()
    assert "llama-cpp-python 0.3.36" in copied and str(dialog.folder) in copied
    assert dialog.notice.text() == "Copied."


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def handle(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened_urls() -> Iterator[list[QUrl]]:
    """What QDesktopServices was asked to open (a file manager is never started)."""
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("file", catcher, "handle")
    yield catcher.urls
    QDesktopServices.unsetUrlHandler("file")


def test_open_shows_the_data_folder(dialog: AboutDialog, opened_urls: list[QUrl]) -> None:
    assert dialog.folder_label.text() == str(dialog.folder)
    dialog.open_button.click()
    assert [u.toLocalFile() for u in opened_urls] == [str(dialog.folder)]
    assert dialog.folder.is_dir() and dialog.notice.text() == ""


def test_escape_closes_the_dialog(qtbot: QtBot, dialog: AboutDialog) -> None:
    qtbot.waitExposed(dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_every_button_and_the_table_have_accessible_names(dialog: AboutDialog) -> None:
    buttons = dialog.findChildren(QAbstractButton)
    assert len(buttons) >= 4
    for button in buttons:
        assert button.accessibleName(), button.text()
    assert dialog.table.accessibleName() and dialog.table.accessibleDescription()
    assert dialog.engine_label.accessibleName() and dialog.folder_label.accessibleName()


def test_the_dialog_speaks_german(qtbot: QtBot, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert appearance.apply_language(app, "de") == "de"
    try:
        dialog = AboutDialog(report=REPORT, folder=tmp_path)
        qtbot.addWidget(dialog)
        assert dialog.windowTitle() == "Über Lokal"
        assert dialog.kernels_label.text() == "portable Version, Variante haswell"
        assert _rows(dialog)[0][0] == "gpt-oss (Modellgewichte, OpenAI)"
        texts = {b.text() for b in dialog.findChildren(QPushButton)}
        assert "&Details kopieren" in texts and "&Öffnen" in texts
    finally:
        appearance.apply_language(app, "en")


def test_the_engine_build_fills_in_when_the_engine_answers(qtbot: QtBot, tmp_path: Path) -> None:
    downloads = DownloadManager()
    dialog = AboutDialog(downloads=downloads, folder=tmp_path)
    qtbot.addWidget(dialog)
    assert dialog.engine_label.text() == "Asking the engine…"
    qtbot.waitUntil(lambda: dialog.report is not None, timeout=60_000)
    assert dialog.engine_label.text().startswith("llama.cpp ")
    assert _rows(dialog)[1][1] == about.llama_cpp_version(dialog.report)
    # A second dialog uses what the engine said: it does not ask again.
    again = AboutDialog(downloads=downloads, folder=tmp_path)
    qtbot.addWidget(again)
    assert again.report is dialog.report
    downloads.shutdown()


def test_help_about_opens_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    try:
        window.about()
        dialogs = window.findChildren(AboutDialog)
        assert len(dialogs) == 1 and dialogs[0].isVisible()
        qtbot.waitUntil(lambda: dialogs[0].report is not None, timeout=60_000)
        dialogs[0].close()
    finally:
        window.close()
