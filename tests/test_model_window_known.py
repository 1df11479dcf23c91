"""The Models window's verdicts, memory figures, every model Lokal knows, and downloads that
only downloading again helps. Memory numbers are injected; the Hub is the local one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.core.engine import model_setup
from app.core.models.catalog import find_entry
from app.core.models.download import Failed, Installed
from app.core.models.fit import processor_only_report, verdict_for_entry
from app.core.models.installed import list_incomplete
from app.core.models.known import known_models, remember_opened
from app.core.paths import data_dir
from app.ui import model_manager
from app.ui.download_worker import DownloadManager
from tests.fixtures.local_hub import LocalHub
from tests.test_model_manager import answer, hub, managers, new_manager, open_dialog, shown

__all__ = ["hub", "managers"]  # fixtures shared with the model manager's tests

GIB = 1 << 30
FIGURE = re.compile(r"\d+(?:[.,]\d+)? GB")


def machine(monkeypatch: pytest.MonkeyPatch, total_gb: float, free_gb: float) -> None:
    """This computer's memory as the planner reads it: (total, available now)."""
    total, free = int(total_gb * GIB), int(free_gb * GIB)
    monkeypatch.setattr(model_setup, "memory_status", lambda: (total, free))


def test_the_verdict_follows_total_memory_and_free_memory_only_adds_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    entry = find_entry("gpt-oss-20b")
    assert entry is not None
    verdicts = []
    # 23.5 GB, while another program takes more and more of it.
    for free in (21.0, 15.0, 9.0, 4.0, 1.0):
        machine(monkeypatch, 23.5, free)
        verdicts.append(verdict_for_entry(entry, processor_only_report()))
    assert {(v.fits, v.short) for v in verdicts} == {(True, "Fits (processor only)")}
    assert [v.close_others for v in verdicts] == [False, False, True, True, True]
    assert "close other programs first" in verdicts[-1].sentence
    machine(monkeypatch, 8, 7.5)  # a small computer with nothing running: too big, steadily
    small = verdict_for_entry(entry, processor_only_report())
    assert small.fits is False and not small.close_others


@pytest.mark.parametrize("name", ["gpt-oss-20b", "gpt-oss-120b"])
@pytest.mark.parametrize("total_gb", [8.0, 23.5, 64.0, 128.0])
def test_one_memory_figure_decides_the_verdict(
    name: str, total_gb: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry = find_entry(name)
    assert entry is not None
    machine(monkeypatch, total_gb, total_gb / 3)
    verdict = verdict_for_entry(entry, processor_only_report())
    assert verdict.need_bytes is not None
    assert verdict.fits is (total_gb * GIB >= verdict.need_bytes)
    # Just below and at the figure, the verdict turns.
    for total, fits in ((verdict.need_bytes - 64 * 2**20, False), (verdict.need_bytes, True)):
        monkeypatch.setattr(model_setup, "memory_status", lambda t=total: (t, t))
        assert verdict_for_entry(entry, processor_only_report()).fits is fits


def test_the_catalog_names_no_memory_figure_of_its_own() -> None:
    catalog = Path(model_manager.__file__).parents[1] / "core" / "models" / "catalog.json"
    assert not FIGURE.search(catalog.read_text()), "a figure here can disagree with the verdict"


def test_description_and_verdict_name_the_same_figure(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    machine(monkeypatch, 23.5, 12)
    dialog = open_dialog(qtbot, new_manager(managers))
    row = dialog.rows["gpt-oss-120b"]
    described = FIGURE.findall(row.summary.text())
    assert len(described) == 1
    assert row.badge.text() == "Too big for this computer"
    assert described[0] in row.fit.text() and "23.5 GB" in row.fit.text()


def test_memory_taken_by_another_program_does_not_flip_the_row(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager = new_manager(managers)
    badges = []
    for free in (20.0, 3.0):
        machine(monkeypatch, 23.5, free)
        dialog = open_dialog(qtbot, manager)
        row = dialog.rows["gpt-oss-120b"]
        assert row.badge.text() == "Too big for this computer"
        dialog.refresh()
        badges.append(dialog.rows["gpt-oss-120b"].badge.text())
    assert badges[0] == badges[1]


def test_an_opened_file_is_listed_with_load_default_and_remove_that_keeps_the_file(
    managers: list[DownloadManager],
    qtbot: QtBot,
    hub: LocalHub,
    tiny_gguf: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mine = tmp_path / "elsewhere" / "my-model.gguf"
    mine.parent.mkdir()
    mine.write_bytes(tiny_gguf.read_bytes())
    remember_opened(mine)
    assert [k.source for k in known_models()] == ["file"]
    dialog = open_dialog(qtbot, new_manager(managers))
    row = dialog.rows[str(mine.resolve())]
    assert row.status.text() == "Opened from a file"
    for key in ("load", "default", "delete"):
        assert shown(row.button(key)), key
    assert row.button("delete").text() == "Remove…"
    with qtbot.waitSignal(dialog.load_requested) as loading:
        row.button("load").click()
    assert loading.args == [mine.resolve()]
    with qtbot.waitSignal(dialog.default_model_changed):
        row.button("default").click()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.default_model_changed) as cleared:
        dialog.rows[str(mine.resolve())].button("delete").click()
    assert cleared.args == [""]
    assert "The file stays at" in asked[0] and "never deletes it" in asked[0]
    assert mine.is_file() and str(mine.resolve()) not in dialog.rows
    assert (data_dir() / "opened_models.json").is_file() and known_models() == []


def test_a_checksum_failure_says_so_and_offers_download_again(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub
) -> None:
    hub.faults.flip_byte_at = 1000
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    with qtbot.waitSignal(manager.finished, timeout=30_000) as done:
        dialog.rows["big"].button("download").click()
    assert isinstance(done.args[1], Failed)
    manager.shutdown()
    # Later, in a new window: what happened and the one action that helps.
    reopened = open_dialog(qtbot, new_manager(managers))
    row = reopened.rows["big"]
    assert "checksum" in row.status.text() and "Paused" not in row.status.text()
    assert shown(row.button("again")) and not shown(row.button("resume"))
    assert not shown(row.bar)
    hub.faults.flip_byte_at = None
    with qtbot.waitSignal(reopened.downloads.finished, timeout=30_000) as again:
        row.button("again").click()
    assert isinstance(again.args[1], Installed)
    assert list_incomplete() == []


def test_a_vanished_hub_version_says_so_and_download_again_takes_the_new_one(
    managers: list[DownloadManager], qtbot: QtBot, hub: LocalHub
) -> None:
    hub.faults.rate = 3 * 1024 * 1024
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    dialog.rows["big"].button("download").click()
    qtbot.waitUntil(
        lambda: manager.latest.get("big") is not None and manager.latest["big"].done > 0,
        timeout=20_000,
    )
    with qtbot.waitSignal(manager.finished, timeout=10_000):
        dialog.rows["big"].button("pause").click()
    manager.shutdown()
    hub.faults.rate = None
    hub.add_repo("t/big-GGUF", {"big.gguf": b"GGUF" + b"\0" * 4096}, commit="c" * 40)
    manager = new_manager(managers)
    dialog = open_dialog(qtbot, manager)
    with qtbot.waitSignal(manager.finished, timeout=30_000) as resumed:
        dialog.rows["big"].button("resume").click()
    assert isinstance(resumed.args[1], Failed)
    row = dialog.rows["big"]
    assert (
        row.status.text()
        == "The version of Big file this download began with is no longer on the Hub."
    )
    assert shown(row.button("again")) and not shown(row.button("resume"))
    with qtbot.waitSignal(manager.finished, timeout=30_000) as again:
        row.button("again").click()
    assert isinstance(again.args[1], Installed)
    assert again.args[1].installed.commit == "c" * 40
