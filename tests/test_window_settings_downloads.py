"""The main window with the model manager: settings it did not change stay as saved,
offline mode switches at once, and unfinished downloads continue when it starts."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from app.core import network_guard, settings
from app.core.models.catalog import find_entry
from app.core.models.download import Halted, Installed
from app.core.models.fit import processor_only_report
from app.core.models.installed import import_gguf, list_incomplete, list_installed
from app.ui.download_worker import DownloadManager
from app.ui.main_window import MainWindow
from app.ui.model_manager import ModelManagerDialog
from app.ui.settings_dialog import SettingsDialog
from tests.fixtures.local_hub import LocalHub

BIG = 6 * 1024 * 1024


@pytest.fixture(autouse=True)
def _guard_off_afterwards() -> Iterator[None]:
    yield
    network_guard.set_offline(False)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path / "data"))
    network_guard.set_offline(False)
    return tmp_path / "data"


def new_window(qtbot: QtBot, tmp_path: Path) -> MainWindow:
    window = MainWindow(tmp_path / "lokal.db")
    qtbot.addWidget(window)
    # No engine probe: the fit verdicts are not what these tests look at.
    window.downloads.system_report = processor_only_report()
    return window


def saved() -> dict[str, Any]:
    return dict(json.loads(settings.settings_path().read_text()))


def test_the_window_never_overwrites_what_the_models_window_saved(
    qtbot: QtBot, tmp_path: Path, data: Path
) -> None:
    window = new_window(qtbot, tmp_path)
    window.open_model_manager()
    dialog = window.findChild(ModelManagerDialog)
    assert dialog is not None
    dialog.offline_box.setChecked(True)
    assert saved()["offline_mode"] is True
    window.model_bar.effort.setCurrentIndex(window.model_bar.effort.findData("high"))
    assert saved()["reasoning_effort"] == "high"
    assert saved()["offline_mode"] is True
    assert window.settings.offline_mode is True  # its copy follows the other window


def accept_settings_with(monkeypatch: pytest.MonkeyPatch, offline: bool | None) -> list[bool]:
    """Answer the settings dialog: tick or untick "Work offline" (None: leave it) and press OK.

    Returns what the box showed when the dialog opened, once per opening.
    """
    shown: list[bool] = []

    def exec_(dialog: SettingsDialog) -> int:
        shown.append(dialog.offline.isChecked())
        if offline is not None:
            dialog.offline.setChecked(offline)
        return SettingsDialog.DialogCode.Accepted

    monkeypatch.setattr(SettingsDialog, "exec", exec_)
    return shown


def test_work_offline_takes_effect_at_once(
    qtbot: QtBot, tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = new_window(qtbot, tmp_path)
    assert not network_guard.is_offline()
    shown = accept_settings_with(monkeypatch, True)
    window.open_settings()
    assert shown == [False]
    assert network_guard.is_offline() and saved()["offline_mode"] is True
    accept_settings_with(monkeypatch, False)
    window.open_settings()
    assert not network_guard.is_offline() and saved()["offline_mode"] is False


def test_the_settings_dialog_shows_the_offline_state_the_guard_follows(
    qtbot: QtBot, tmp_path: Path, data: Path, monkeypatch: pytest.MonkeyPatch, tiny_gguf: Path
) -> None:
    # A model is installed and offline mode is automatic: offline, though no model is the
    # default yet (the window has not loaded one).
    import_gguf(tiny_gguf)
    window = new_window(qtbot, tmp_path)
    assert window.settings.default_model is None and window.settings.offline_mode is None
    shown = accept_settings_with(monkeypatch, None)
    window.open_settings()
    assert shown == [True]
    assert network_guard.is_offline()
    assert settings.load()[0].offline_mode is None  # untouched, it stays automatic


# --- downloads that continue on the next start --------------------------------------


@pytest.fixture
def hub(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHub]:
    catalog = tmp_path / "catalog.json"
    models = [{"name": "big", "label": "Big file", "repo": "t/big-GGUF", "files": "*.gguf"}]
    catalog.write_text(json.dumps({"models": models}))
    monkeypatch.setenv("LOKAL_CATALOG", str(catalog))
    with LocalHub() as server:
        server.add_repo("t/big-GGUF", {"big.gguf": random.Random(5).randbytes(BIG)})
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        settings.update(offline_mode=False)
        yield server


@pytest.fixture
def earlier_session() -> Iterator[DownloadManager]:
    """The download manager of the session before; it lives until the test ends, as Qt
    may still deliver its threads' last signals."""
    manager = DownloadManager()
    yield manager
    manager.shutdown()


def half_download(
    qtbot: QtBot, hub: LocalHub, manager: DownloadManager, *, user_paused: bool
) -> int:
    """Start "big", stop it a quarter in (paused by the user, or the app quitting)."""
    hub.faults.rate = 3 * 1024 * 1024
    entry = find_entry("big")
    assert entry is not None
    manager.start(entry)

    def a_quarter_is_in() -> bool:
        progress = manager.latest.get("big")
        return progress is not None and progress.done > BIG // 4

    qtbot.waitUntil(a_quarter_is_in, timeout=20_000)
    if user_paused:
        with qtbot.waitSignal(manager.finished, timeout=10_000) as stopped:
            manager.pause("big")
        assert isinstance(stopped.args[1], Halted) and stopped.args[1].paused
    manager.shutdown()
    hub.faults.rate = None
    (unfinished,) = list_incomplete()
    assert 0 < unfinished.done < BIG and unfinished.paused is user_paused
    return unfinished.done


def test_an_interrupted_download_finishes_after_the_next_start_without_a_click(
    qtbot: QtBot, tmp_path: Path, hub: LocalHub, earlier_session: DownloadManager
) -> None:
    done = half_download(qtbot, hub, earlier_session, user_paused=False)
    served = hub.bytes_served("big.gguf")
    window = new_window(qtbot, tmp_path)
    assert window.statusBar().currentMessage() == "Resuming the download of Big file."
    with qtbot.waitSignal(window.downloads.finished, timeout=30_000) as finished:
        pass
    assert isinstance(finished.args[1], Installed)
    assert [m.name for m in list_installed()] == ["big"] and list_incomplete() == []
    assert hub.bytes_served("big.gguf") - served == BIG - done  # continued, not restarted


def test_a_download_the_user_paused_waits_for_them(
    qtbot: QtBot, tmp_path: Path, hub: LocalHub, earlier_session: DownloadManager
) -> None:
    half_download(qtbot, hub, earlier_session, user_paused=True)
    requests = len(hub.requests)
    window = new_window(qtbot, tmp_path)
    qtbot.wait(300)
    assert len(hub.requests) == requests and window.downloads.active_names() == []
    assert window.statusBar().currentMessage().startswith("Download paused: Big file.")


def test_offline_mode_keeps_an_interrupted_download_waiting_and_says_so(
    qtbot: QtBot, tmp_path: Path, hub: LocalHub, earlier_session: DownloadManager
) -> None:
    half_download(qtbot, hub, earlier_session, user_paused=False)
    settings.update(offline_mode=True)
    network_guard.set_offline(True)
    requests = len(hub.requests)
    window = new_window(qtbot, tmp_path)
    qtbot.wait(300)
    assert len(hub.requests) == requests and window.downloads.active_names() == []
    assert window.statusBar().currentMessage() == (
        "Big file's download is paused: offline mode is on."
    )
    assert list_incomplete()[0].paused is False  # it resumes once offline mode is off
