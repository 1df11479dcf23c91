"""The model manager window and its DownloadManager, against the local Hub."""

from __future__ import annotations

import json
import random
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.core import network_guard, settings
from app.core.engine import model_setup
from app.core.engine.protocol import SystemReport
from app.core.models.catalog import find_entry
from app.core.models.download import Halted, Installed
from app.core.models.fit import processor_only_report
from app.core.models.installed import find_installed, import_gguf, list_incomplete, list_installed
from app.core.models.layout import model_folder
from app.core.paths import models_dir
from app.ui import download_worker, model_manager
from app.ui.download_worker import DownloadManager
from app.ui.model_manager import ModelManagerDialog
from tests.fixtures.local_hub import LocalHub

BIG = 6 * 1024 * 1024


@pytest.fixture
def hub(tiny_gguf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHub]:
    catalog = tmp_path / "catalog.json"
    models = [
        {"name": "tiny", "label": "Tiny gpt-oss", "repo": "t/tiny-GGUF", "files": "*.gguf"},
        {"name": "big", "label": "Big file", "repo": "t/big-GGUF", "files": "*.gguf"},
        {"name": "gpt-oss-120b", "label": "gpt-oss-120b", "repo": "t/tiny-GGUF",
         "files": "*.gguf", "shape": "gpt-oss-120b"},
    ]  # fmt: skip
    catalog.write_text(json.dumps({"models": models}))
    monkeypatch.setenv("LOKAL_CATALOG", str(catalog))
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path / "data"))
    with LocalHub() as server:
        server.add_repo("t/tiny-GGUF", {"tiny.gguf": tiny_gguf.read_bytes()})
        server.add_repo("t/big-GGUF", {"big.gguf": random.Random(3).randbytes(BIG)})
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        settings.update(offline_mode=False)
        network_guard.set_offline(False)
        yield server
    network_guard.set_offline(False)


@pytest.fixture
def managers() -> Iterator[list[DownloadManager]]:
    """Download managers made by a test, shut down at its end (as the main window does)."""
    made: list[DownloadManager] = []
    yield made
    for manager in made:
        manager.shutdown()


def new_manager(made: list[DownloadManager]) -> DownloadManager:
    made.append(DownloadManager())
    return made[-1]


def machine_with_ram(monkeypatch: pytest.MonkeyPatch, gigabytes: int) -> None:
    """This computer as the load planner sees it: ``gigabytes`` of RAM, 7/8 of it free."""
    total = gigabytes * 1024**3
    monkeypatch.setattr(model_setup, "memory_status", lambda: (total, total * 7 // 8))


def resolves(hub: LocalHub) -> list[str]:
    """The file requests the hub has seen (a download's first step after the lookup)."""
    return [r.path for r in hub.requests if "/resolve/" in r.path]


def shown(widget: QWidget) -> bool:
    """Whether the dialog shows it (rows added to an open dialog are shown a moment later)."""
    return not widget.isHidden()


def open_dialog(qtbot: QtBot, manager: DownloadManager) -> ModelManagerDialog:
    dialog = ModelManagerDialog(manager, report=processor_only_report())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def answer(monkeypatch: pytest.MonkeyPatch, reply: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str) -> bool:
        asked.append(text)
        return reply == QMessageBox.StandardButton.Yes

    monkeypatch.setattr(model_manager, "ask", question)
    return asked


def test_catalog_rows_show_fit_and_actions(
    managers: list[DownloadManager],
    qtbot: QtBot,
    hub: LocalHub,
    tiny_gguf: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import_gguf(tiny_gguf)
    machine_with_ram(monkeypatch, 8)
    dialog = open_dialog(qtbot, new_manager(managers))
    assert list(dialog.rows) == ["tiny", "big", "gpt-oss-120b", "tiny-gpt-oss"]
    big = dialog.rows["gpt-oss-120b"]
    assert big.badge.text() == "Too big for this computer"
    assert big.fit.text().startswith("gpt-oss-120b needs about ")
    assert big.fit.text().endswith("of memory on this computer; it has 8.0 GB.")
    assert big.button("download").toolTip() == big.fit.text()
    imported = dialog.rows["tiny-gpt-oss"]
    assert "harmony format · reasoning effort · tools" in imported.summary.text()
    assert shown(imported.button("default"))
    with qtbot.waitSignal(dialog.default_model_changed) as signal:
        imported.button("default").click()
    assert signal.args == ["tiny-gpt-oss"]
    assert settings.load()[0].default_model == "tiny-gpt-oss"
    assert "used by default" in dialog.rows["tiny-gpt-oss"].status.text()
    assert hub.requests == []  # showing the catalog asks nothing of the network


def test_download_installs_and_becomes_the_default(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub
) -> None:
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    with (
        qtbot.waitSignal(dialog.default_model_changed, timeout=30_000) as signal,
        qtbot.waitSignal(manager.finished, timeout=30_000) as done,
    ):
        dialog.rows["tiny"].button("download").click()
    assert isinstance(done.args[1], Installed)
    assert signal.args == ["tiny"]
    row = dialog.rows["tiny"]
    assert row.status.text() == "Installed · used by default"
    assert shown(row.button("delete")) and not shown(row.button("download"))


def test_a_download_goes_on_while_the_dialog_is_closed(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub
) -> None:
    hub.faults.rate = 4 * 1024 * 1024
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    dialog.rows["big"].button("download").click()
    qtbot.waitUntil(lambda: "Downloading" in dialog.rows["big"].status.text(), timeout=20_000)
    dialog.close()
    with qtbot.waitSignal(manager.finished, timeout=30_000):
        pass
    reopened = open_dialog(qtbot, manager)
    assert [m.name for m in list_installed()] == ["big"]
    assert reopened.rows["big"].status.text().startswith("Cannot be used")  # not a GGUF


def test_pause_then_resume_after_a_restart(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.faults.rate = 3 * 1024 * 1024
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    dialog.rows["big"].button("download").click()

    def a_quarter_is_in() -> bool:
        progress = manager.latest.get("big")
        return progress is not None and progress.done > BIG // 4

    qtbot.waitUntil(a_quarter_is_in, timeout=20_000)
    with qtbot.waitSignal(manager.finished, timeout=10_000) as stopped:
        dialog.rows["big"].button("pause").click()
    assert isinstance(stopped.args[1], Halted) and stopped.args[1].paused
    manager.shutdown()
    (paused,) = list_incomplete()
    assert 0 < paused.done < paused.total

    # The next start: a new manager and dialog offer to resume.
    hub.faults.rate = None
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    row = dialog.rows["big"]
    assert row.status.text().startswith("Paused at") and shown(row.button("resume"))
    served_before = hub.bytes_served("big.gguf")
    with qtbot.waitSignal(manager.finished, timeout=30_000):
        row.button("resume").click()
    assert hub.bytes_served("big.gguf") - served_before == BIG - paused.done
    assert list_incomplete() == []


def test_delete_asks_says_what_it_frees_and_frees_it(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    with qtbot.waitSignal(manager.finished, timeout=30_000):
        dialog.downloads.start(find_entry("tiny"))  # type: ignore[arg-type]
    path = list_installed()[0].path
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog.rows["tiny"].button("delete").click()
    assert "frees 0.2 MB" in asked[0] and path.exists()
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.default_model_changed) as cleared:
        dialog.rows["tiny"].button("delete").click()
    assert cleared.args == [""] and not path.exists()
    assert "freed" in dialog.notice.text()
    assert shown(dialog.rows["tiny"].button("download"))


def test_import_refuses_a_broken_file_with_its_reason(
    managers: list[DownloadManager],
    qtbot: QtBot,
    hub: LocalHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    warnings: list[str] = []
    monkeypatch.setattr(model_manager, "warn", lambda _p, _t, text: warnings.append(text))
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\xff" * 40)
    dialog = open_dialog(qtbot, new_manager(managers))
    assert dialog.import_file(broken) is None
    assert warnings and "Traceback" not in warnings[0] and warnings[0].endswith(".")
    assert list_installed() == []


def test_import_refuses_another_architecture_and_never_raises_out_of_the_slot(
    managers: list[DownloadManager],
    qtbot: QtBot,
    hub: LocalHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from tests.fixtures.make_foreign_gguf import build_llama_gguf

    warnings: list[str] = []
    monkeypatch.setattr(model_manager, "warn", lambda _p, _t, text: warnings.append(text))
    dialog = open_dialog(qtbot, new_manager(managers))
    llama = build_llama_gguf(tmp_path / "llama.gguf")
    assert dialog.import_file(llama) is None
    assert warnings == ["llama is not a gpt-oss model; Lokal runs gpt-oss models only."]

    def broken(*args: object) -> None:
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(model_manager, "import_gguf", broken)
    assert dialog.import_file(llama) is None  # a sentence, not an exception out of the slot
    assert warnings[-1] == "llama.gguf could not be imported: the disk went away"
    assert list_installed() == [] and not models_dir().exists()


def test_offline_mode_asks_before_any_connection(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    dialog.offline_box.setChecked(True)
    assert network_guard.is_offline() and settings.load()[0].offline_mode is True
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog.rows["tiny"].button("download").click()
    assert "offline mode" in asked[0] and hub.requests == []
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(manager.finished, timeout=30_000):
        dialog.rows["tiny"].button("download").click()
    assert not network_guard.is_offline() and settings.load()[0].offline_mode is False


def test_fit_verdicts_come_from_the_engine_probe_once(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub
) -> None:
    manager = new_manager(managers)
    dialog = ModelManagerDialog(manager)
    qtbot.addWidget(dialog)
    assert dialog.rows["gpt-oss-120b"].badge.text() == "Checking this computer…"
    qtbot.waitUntil(lambda: manager.system_report is not None, timeout=60_000)
    qtbot.waitUntil(lambda: dialog.rows["gpt-oss-120b"].badge.text() != "Checking this computer…")
    assert "GB" in dialog.rows["gpt-oss-120b"].fit.text()
    again = ModelManagerDialog(manager)  # a second opening reuses the report at once
    qtbot.addWidget(again)
    assert again.rows["gpt-oss-120b"].badge.text() == dialog.rows["gpt-oss-120b"].badge.text()


def test_a_machine_that_can_hold_it_is_told_so(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine_with_ram(monkeypatch, 128)
    dialog = open_dialog(qtbot, new_manager(managers))
    row = dialog.rows["gpt-oss-120b"]
    assert row.badge.text() == "Fits (processor only)"
    assert "of 112.0 GB free memory" in row.fit.text()
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    with qtbot.waitSignal(dialog.downloads.finished, timeout=30_000):
        row.button("download").click()
    assert asked == []  # a model that fits is downloaded without a question


def test_download_waits_for_the_verdict_and_asks_when_it_will_not_fit(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine_with_ram(monkeypatch, 8)
    checked = threading.Event()

    def slow_probe() -> SystemReport:
        checked.wait(30)
        return processor_only_report()

    monkeypatch.setattr(download_worker, "probe_report", slow_probe)
    manager = new_manager(managers)
    dialog = ModelManagerDialog(manager)
    qtbot.addWidget(dialog)
    dialog.show()
    row = dialog.rows["gpt-oss-120b"]
    assert row.badge.text() == "Checking this computer…"
    assert shown(row.button("download")) and not row.button("download").isEnabled()
    assert "fits this computer" in row.button("download").toolTip()
    row.button("download").click()
    assert hub.requests == [] and not manager.is_active("gpt-oss-120b")

    checked.set()
    qtbot.waitUntil(lambda: dialog.rows["gpt-oss-120b"].badge.text() != "Checking this computer…")
    row = dialog.rows["gpt-oss-120b"]
    assert row.badge.text() == "Too big for this computer"
    assert row.button("download").isEnabled()
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    row.button("download").click()
    assert len(asked) == 1 and asked[0].startswith(row.fit.text())
    assert "Download gpt-oss-120b anyway?" in asked[0]
    assert resolves(hub) == [] and not manager.is_active("gpt-oss-120b")

    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(manager.finished, timeout=30_000) as done:
        dialog.rows["gpt-oss-120b"].button("download").click()
    assert isinstance(done.args[1], Installed) and resolves(hub)


def leftovers(name: str) -> list[str]:
    """The part files and sidecars of ``name``'s download."""
    folder = model_folder(name, models_dir())
    return sorted(p.name for p in folder.glob("*.part*")) if folder.exists() else []


def test_cancel_asks_and_removes_a_running_or_paused_download(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    hub.faults.rate = 1024 * 1024
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)

    def fetched() -> int:
        progress = manager.latest.get("big")
        return progress.done if progress is not None and progress.phase == "downloading" else 0

    dialog.rows["big"].button("download").click()
    qtbot.waitUntil(lambda: fetched() > 0, timeout=20_000)
    # While it runs, the transfer holds its lock file (one writer per part).
    assert leftovers("big") == ["big.gguf.part", "big.gguf.part.json", "big.gguf.part.lock"]

    # "No" on a running download: it goes on.
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog.rows["big"].button("cancel").click()
    assert "Stop downloading Big file" in asked[0]
    before = fetched()
    qtbot.waitUntil(lambda: fetched() > before, timeout=20_000)
    assert manager.is_active("big")

    # "Yes": it stops, and nothing of it is left.
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(manager.finished, timeout=20_000) as stopped:
        dialog.rows["big"].button("cancel").click()
    assert isinstance(stopped.args[1], Halted) and not stopped.args[1].paused
    row = dialog.rows["big"]
    assert row.status.text() == "Not downloaded." and shown(row.button("download"))
    assert leftovers("big") == [] and list_incomplete() == []
    assert not model_folder("big", models_dir()).exists()

    # A paused download: "No" keeps it paused where it was; "Yes" removes it.
    dialog.rows["big"].button("download").click()
    qtbot.waitUntil(lambda: fetched() > 0, timeout=20_000)
    with qtbot.waitSignal(manager.finished, timeout=20_000):
        dialog.rows["big"].button("pause").click()
    (paused,) = list_incomplete()
    answer(monkeypatch, QMessageBox.StandardButton.No)
    dialog.rows["big"].button("cancel").click()
    assert list_incomplete() == [paused] and leftovers("big") == [
        "big.gguf.part",
        "big.gguf.part.json",
    ]
    assert dialog.rows["big"].status.text().startswith("Paused at")
    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.rows["big"].button("cancel").click()
    assert leftovers("big") == [] and list_incomplete() == []
    assert dialog.rows["big"].status.text() == "Not downloaded."


def test_show_in_folder_opens_the_model_folder_or_the_imported_file_folder(
    managers: list[DownloadManager],
    qtbot: QtBot,
    hub: LocalHub,
    tiny_gguf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    opened: list[QUrl] = []

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    with qtbot.waitSignal(manager.finished, timeout=30_000):
        dialog.rows["tiny"].button("download").click()
    dialog.rows["tiny"].button("folder").click()
    downloaded = find_installed("tiny")
    assert downloaded is not None
    assert [u.toString() for u in opened] == [downloaded.folder.as_uri()]

    elsewhere = tmp_path / "my models"
    elsewhere.mkdir()
    copy = elsewhere / "copy.gguf"
    shutil.copyfile(tiny_gguf, copy)
    imported = dialog.import_file(copy)
    assert imported is not None
    dialog.rows[imported.name].button("folder").click()
    assert opened[1].isLocalFile() and Path(opened[1].toLocalFile()) == elsewhere.resolve()


def plain_gguf(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A tiny GGUF whose chat template knows nothing of harmony, effort or tools."""
    from app.core.synthetic import build_gptoss_gguf, builder

    monkeypatch.setattr(builder, "GPT_OSS_CHAT_TEMPLATE", "{{ messages }}")
    return build_gptoss_gguf(folder / "plain.gguf", "tiny", seed=1)


def test_import_through_the_dialog_reads_capabilities_and_delete_leaves_the_file(
    managers: list[DownloadManager],
    qtbot: QtBot,
    hub: LocalHub,
    tiny_gguf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    dialog = open_dialog(qtbot, new_manager(managers))
    chosen: list[Path] = [tiny_gguf, plain_gguf(tmp_path, monkeypatch)]
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", lambda *a: (str(chosen.pop(0)), "GGUF models (*.gguf)")
    )
    dialog.import_button.click()
    (gptoss,) = [m for m in list_installed() if m.path == tiny_gguf.resolve()]
    row = dialog.rows[gptoss.name]
    description = row.summary.text().splitlines()[0]
    assert description == f"harmony format · reasoning effort · tools · {gptoss.path}"
    assert row.status.text() == "Imported" and shown(row.button("default"))
    assert dialog.notice.text().endswith("harmony format · reasoning effort · tools.")

    dialog.import_button.click()
    (plain,) = [m for m in list_installed() if m.path.name == "plain.gguf"]
    assert dialog.rows[plain.name].summary.text().startswith("plain chat model · ")

    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    dialog.rows[gptoss.name].button("delete").click()
    assert f"The file stays at {gptoss.path}" in asked[0] and "free" not in asked[0]
    assert tiny_gguf.exists() and tiny_gguf.stat().st_size == gptoss.size
    assert gptoss.name not in dialog.rows
    assert dialog.notice.text() == f"{gptoss.label} is removed from Lokal; its file stays."


def test_a_download_started_again_at_once_after_a_cancel_runs_to_the_end(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub
) -> None:
    """Started from the cancelled download's last event, before its thread has ended."""
    hub.faults.rate = 2 * 1024 * 1024
    manager = new_manager(managers)
    entry = find_entry("big")
    assert entry is not None
    events: list[object] = []

    def again(_name: str, event: object) -> None:
        events.append(event)
        if len(events) == 1:
            hub.faults.rate = None
            manager.start(entry)

    manager.finished.connect(again)
    manager.start(entry)
    qtbot.waitUntil(lambda: "big" in manager.latest, timeout=20_000)
    manager.cancel("big")
    qtbot.waitUntil(lambda: len(events) == 2, timeout=30_000)
    assert isinstance(events[0], Halted) and isinstance(events[1], Installed)
    assert manager.active_names() == []
