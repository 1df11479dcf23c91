"""The model manager, the attachments bar and the sources speak German when asked, live.

The window words download progress and citation places itself (so they can be
translated); in English they must stay exactly what the terminal and the store say.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.core.models.download import Failed, Phase, Progress, amount, preflight
from app.core.models.fit import processor_only_report
from app.core.models.hub import RemoteFile, RemoteModel
from app.core.models.progress_text import describe
from app.core.models.transfer import BUSY
from app.core.sentence import Sentence
from app.core.store import ChatStore
from app.core.store.document_records import Citation, Passage
from app.ui import appearance
from app.ui.attacher import DocumentAttacher
from app.ui.attachments import AttachmentBar
from app.ui.download_worker import DownloadManager
from app.ui.model_bar import ModelBar
from app.ui.model_manager import ModelManagerDialog
from app.ui.model_row import amount_text, progress_text
from app.ui.sources_view import SourcesView, citation_label
from app.ui.text import translated
from tests.fixtures import make_documents as make

GB = 1_000_000_000


def progress(
    phase: Phase,
    done: int,
    total: int,
    *,
    file_index: int = 1,
    file_count: int = 1,
    speed: float = 0.0,
    eta: float | None = None,
) -> Progress:
    return Progress("m", phase, "m.gguf", file_index, file_count, done, total, speed, eta)


@pytest.mark.parametrize(
    "p",
    [
        progress("looking up", 0, 0),
        progress("checking", 3 * GB, 12 * GB, file_index=2, file_count=3),
        progress("checking", 0, 0),
        progress("downloading", 0, 0),
        progress("downloading", 5_500_000_000, 12_100_000_000, speed=23.4e6, eta=283.0),
        progress("downloading", 700_000, 900_000_000, file_index=1, file_count=2, eta=7300.0),
    ],
)
def test_progress_words_in_english_are_the_terminals(p: Progress) -> None:
    assert progress_text(p) == describe(p)


def test_amounts_in_english_are_the_terminals() -> None:
    for done, total in ((0, 0), (5_500_000_000, 12_100_000_000), (300_000, 800_000_000)):
        assert amount_text(done, total) == amount(done, total)


def passage(unit: str, start: int, end: int, heading: str | None = None) -> Passage:
    return Passage(1, 1, 0, "guide.pdf", None, "pdf", unit, start, end, heading, "text")


@pytest.mark.parametrize(
    "citation",
    [
        Citation(1, (passage("page", 18, 18),)),
        Citation(2, (passage("page", 4, 5),)),
        Citation(3, (passage("line", 10, 24),)),
        Citation(4, (passage("paragraph", 3, 3, "Budget"),)),
        Citation(5, (passage("paragraph", 3, 3),)),
        Citation(6, (passage("line", 40, 42), passage("line", 5, 9))),
        Citation(7, (passage("page", 2, 2), passage("page", 2, 2))),
    ],
)
def test_citation_places_in_english_are_the_stores(citation: Citation) -> None:
    assert citation_label(citation) == citation.label()


@pytest.fixture
def dialog(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ModelManagerDialog]:
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path / "data"))
    manager = DownloadManager(root=tmp_path / "models")
    window = ModelManagerDialog(
        manager, report=processor_only_report(), settings_path=tmp_path / "settings.json"
    )
    qtbot.addWidget(window)
    yield window
    manager.shutdown()


def test_models_attachments_and_sources_switch_to_german_and_back(
    qtbot: QtBot, dialog: ModelManagerDialog, tiny_gguf: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    dialog.import_file(tiny_gguf)
    row = dialog.rows["gpt-oss-20b"]
    bar = AttachmentBar()
    qtbot.addWidget(bar)
    bar.add("a", "report.pdf")
    bar.set_ready("a", 1234, 3)
    bar.add("b", "photo.jpg")
    bar.set_failed("b", "photo.jpg is an image, not text.")
    sources = SourcesView([Citation(1, (passage("page", 18, 18),))])
    qtbot.addWidget(sources)
    try:
        assert appearance.apply_language(app, "de") == "de"
        qtbot.waitUntil(lambda: dialog.windowTitle() == "Modelle")
        assert dialog.close_button.text() == "Schließen"
        assert dialog.offline_box.text() == "Offline-Modus (keinerlei Netzwerkverbindungen)"
        assert dialog.intro.text().startswith("Modelle werden in ")
        # The notice from before the switch is said again in German.
        assert dialog.notice.text().endswith(
            "importiert: Harmony-Format · Denkaufwand · Werkzeuge."
        )
        assert row.button("download").text() == "Herunterladen"
        assert row.status.text() == "Nicht heruntergeladen."
        row.state.downloading = True
        row.update_state(row.state)
        assert row.status.text() == "Wird gestartet…"
        row.state.progress = progress("downloading", 5_500_000_000, 12_100_000_000, eta=90.0)
        row.update_state(row.state)
        assert row.status.text() == "Wird heruntergeladen 45 % · 5,5 von 12,1 GB · noch 1 min 30 s"
        dialog.refresh()  # rows made while German is on start in German
        assert dialog.rows["gpt-oss-20b"].button("resume").text() == "Fortsetzen"

        assert bar.attach_button.text() == "Anhängen…"
        assert bar.attach_button.accessibleName() == "Dateien anhängen"
        ready, failed = bar.chips["a"], bar.chips["b"]
        assert ready.detail.text() == "1.234 Tokens · 3 Seiten"
        assert ready.remove_button.accessibleName() == "report.pdf entfernen"
        assert failed.toolTip().startswith("photo.jpg konnte nicht angehängt werden: ")
        assert bar.add("c", "notes.md").detail.text() == "Wird gelesen…"

        assert sources.buttons[0].text() == "[1] guide.pdf, Seite 18"
        assert sources.buttons[0].accessibleName() == "Quelle 1: guide.pdf, Seite 18"
    finally:
        appearance.apply_language(app, "en")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Models")
    assert dialog.close_button.text() == "Close"
    assert dialog.notice.text().endswith("harmony format · reasoning effort · tools.")
    assert dialog.rows["gpt-oss-20b"].button("download").text() == "Download"
    assert bar.attach_button.text() == "Attach…"
    assert bar.chips["a"].detail.text() == "1,234 tokens · 3 pages"
    assert bar.chips["c"].detail.text() == "Reading…"
    assert sources.buttons[0].text() == "[1] guide.pdf, page 18"


def test_the_planners_sentences_switch_to_german_and_back(
    qtbot: QtBot, dialog: ModelManagerDialog, tiny_gguf: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    dialog.import_file(tiny_gguf)
    row = dialog.rows["gpt-oss-20b"]
    qtbot.waitUntil(lambda: row.state.verdict is not None)
    assert row.state.verdict is not None
    explanation = row.state.verdict.sentence
    assert explanation.startswith("No usable GPU was found, so the CPU runs the model with")
    bar = ModelBar()
    qtbot.addWidget(bar)
    bar.set_state("ready", Sentence("%1 · %2", "tiny.gguf", explanation))
    english = (bar.status.text(), row.badge.text(), row.fit.text())
    assert english[1] == "Fits (processor only)" and english[2] == explanation
    try:
        assert appearance.apply_language(app, "de") == "de"
        qtbot.waitUntil(lambda: dialog.windowTitle() == "Modelle")
        german = "Keine nutzbare GPU gefunden; der Prozessor führt das Modell mit "
        assert bar.status.text().startswith("tiny.gguf · " + german)
        assert row.badge.text() == "Passt (nur Prozessor)"
        assert row.fit.text().startswith(german) and "freiem Speicher)." in row.fit.text()
    finally:
        appearance.apply_language(app, "en")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Models")
    assert (bar.status.text(), row.badge.text(), row.fit.text()) == english


def test_refused_files_say_why_in_german_and_back(qtbot: QtBot, tmp_path: Path) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    database = tmp_path / "lokal.db"
    conversation = ChatStore(database).create_conversation("docs")
    bar = AttachmentBar()
    qtbot.addWidget(bar)
    attacher = DocumentAttacher(bar, database, lambda: conversation.id)
    notices: list[str] = []
    attacher.notice.connect(notices.append)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    photo = tmp_path / "photo.txt"  # a PNG image with a text file's name
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    mixed = make.write_pdf(tmp_path / "mixed.pdf", [["typed page"], ["x"]], scanned=[2])
    folder = tmp_path / "images"
    folder.mkdir()
    (folder / "a.png").write_bytes(b"not a document")
    try:
        attacher.attach_paths([empty, photo, mixed, folder])
        qtbot.waitUntil(
            lambda: (
                len(bar.chips) == 3
                and all(chip.state != "reading" for chip in bar.chips.values())
                and len(notices) == 1
            ),
            timeout=60_000,
        )
        chips = {chip.name: chip for chip in bar.chips.values()}

        def shown() -> dict[str, tuple[str, str]]:
            return {name: (chip.detail.text(), chip.toolTip()) for name, chip in chips.items()}

        english = shown()
        assert english["empty.txt"][0] == "empty.txt is empty."
        assert english["photo.txt"] == (
            "photo.txt is a PNG image, not text.",
            "photo.txt could not be attached: photo.txt is a PNG image, not text.",
        )
        assert chips["mixed.pdf"].state == "ready"
        assert english["mixed.pdf"][1].endswith(
            "Page 2 has no text layer (it may be a scan or an image)."
        )
        assert notices == ["The folder images holds no files Lokal can read."]
        try:
            assert appearance.apply_language(app, "de") == "de"
            qtbot.waitUntil(lambda: chips["empty.txt"].detail.text() == "empty.txt ist leer.")
            assert shown()["photo.txt"] == (
                "photo.txt ist ein PNG-Bild, kein Text.",
                "photo.txt konnte nicht angehängt werden: photo.txt ist ein PNG-Bild, kein Text.",
            )
            assert (
                chips["mixed.pdf"]
                .toolTip()
                .endswith("Seite 2 hat keine Textebene (vielleicht ein Scan oder ein Bild).")
            )
            assert translated(notices[0]) == (
                "Der Ordner images enthält keine Dateien, die Lokal lesen kann."
            )
        finally:
            appearance.apply_language(app, "en")
        qtbot.waitUntil(lambda: chips["empty.txt"].detail.text() == "empty.txt is empty.")
        assert shown() == english
    finally:
        attacher.close()


def test_a_failed_download_says_why_in_german_and_back(
    qtbot: QtBot, dialog: ModelManagerDialog, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    name = "gpt-oss-20b"
    folder = tmp_path / "models" / name
    remote = RemoteModel(
        "openai/gpt-oss-20b",
        "0" * 40,
        (RemoteFile("gpt-oss-20b.gguf", 12 * GB, "0" * 64, "https://example.invalid/m"),),
    )
    problem = preflight(remote, folder, lambda _folder: 2 * GB)
    assert problem is not None
    dialog.downloads.finished.emit(name, Failed(name, problem, resumable=False))
    dialog.downloads.models_changed.emit()
    english = (
        f"There is not enough free space in {folder.parent}: the download needs 12.0 GB more "
        "(and 536.9 MB to spare), and only 2.0 GB is free."
    )
    assert dialog.rows[name].status.text() == english
    try:
        assert appearance.apply_language(app, "de") == "de"
        qtbot.waitUntil(lambda: dialog.windowTitle() == "Modelle")
        assert dialog.rows[name].status.text() == (
            f"In {folder.parent} ist nicht genug Platz frei: Der Download braucht noch 12,0 GB "
            "(und 536,9 MB Reserve), und nur 2,0 GB sind frei."
        )
        # One that Resume continues says so, in German too.
        busy = Sentence(BUSY, "gpt-oss-20b.gguf")
        dialog.downloads.finished.emit(name, Failed(name, busy, resumable=True))
        dialog.downloads.models_changed.emit()
        assert dialog.rows[name].status.text() == (
            "gpt-oss-20b.gguf wird bereits von einem anderen Lokal-Fenster heruntergeladen. "
            "Klicken Sie auf „Fortsetzen“, um weiterzumachen."
        )
    finally:
        appearance.apply_language(app, "en")
    qtbot.waitUntil(lambda: dialog.windowTitle() == "Models")
    assert dialog.rows[name].status.text() == (
        "gpt-oss-20b.gguf is already being downloaded by another Lokal window. "
        "Press Resume to continue."
    )
