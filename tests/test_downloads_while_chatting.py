"""A download from the model manager goes on while the main window answers a question."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core import network_guard
from app.core.models.download import Installed
from app.core.models.fit import processor_only_report
from app.core.models.installed import find_installed
from app.ui import download_worker
from app.ui.main_window import MainWindow
from app.ui.model_manager import ModelManagerDialog
from tests.fixtures.local_hub import LocalHub
from tests.fixtures.window_turns import show_with_model

SHORT = {"max_tokens": 24}


@pytest.fixture
def hub(tiny_gguf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHub]:
    catalog = tmp_path / "catalog.json"
    entry = {"name": "tiny", "label": "Tiny gpt-oss", "repo": "t/tiny-GGUF", "files": "*.gguf"}
    catalog.write_text(json.dumps({"models": [entry]}))
    monkeypatch.setenv("LOKAL_CATALOG", str(catalog))
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path / "data"))
    # The machine check is not what this test is about: plan as for a computer without a GPU.
    monkeypatch.setattr(download_worker, "probe_report", processor_only_report)
    with LocalHub() as server:
        server.add_repo("t/tiny-GGUF", {"tiny.gguf": tiny_gguf.read_bytes()})
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        network_guard.set_offline(False)
        yield server
    network_guard.set_offline(False)


def test_a_download_goes_on_while_a_question_is_answered(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, hub: LocalHub
) -> None:
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json", turn_extra=SHORT)
    show_with_model(qtbot, window, tiny_gguf)

    # Slow enough that the download cannot end during the answer; set free afterwards.
    hub.faults.rate, hub.faults.piece = 8 * 1024, 4 * 1024
    window.open_model_manager()
    dialog = window.findChild(ModelManagerDialog)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.rows["tiny"].button("download").isEnabled(), timeout=30_000)
    finished: list[object] = []
    window.downloads.finished.connect(lambda _name, event: finished.append(event))
    dialog.rows["tiny"].button("download").click()
    qtbot.waitUntil(lambda: hub.bytes_served("tiny.gguf") > 0, timeout=20_000)

    window.composer.setPlainText("what is a lighthouse")
    window.composer.submit()
    assert window.generating and window.downloads.is_active("tiny")
    qtbot.waitUntil(lambda: not window.generating, timeout=60_000)
    answer = window.chat.bubbles[-1]
    assert answer.role == "assistant" and answer.text()
    assert window.downloads.is_active("tiny") and finished == []  # both ran at once

    hub.faults.rate = None
    qtbot.waitUntil(lambda: bool(finished), timeout=30_000)
    assert isinstance(finished[0], Installed)
    installed = find_installed("tiny")
    assert installed is not None
    digest = hashlib.sha256(installed.path.read_bytes()).hexdigest()
    assert digest == hashlib.sha256(tiny_gguf.read_bytes()).hexdigest()
    assert dialog.rows["tiny"].status.text().startswith("Installed")
    assert window.model_ready and window.model_path == tiny_gguf  # the chat's model stays loaded
    window.close()
