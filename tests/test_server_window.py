"""The window's Local server switch, with the tiny model loaded in the window."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import openai
import pytest
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot

from app.core import settings as user_settings
from app.ui.main_window import MainWindow

LONG = {
    "type": "array",
    "items": {"type": "string", "minLength": 60, "maxLength": 60},
    "minItems": 50,
    "maxItems": 50,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_switch_serves_the_windows_model(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOKAL_API_KEY", "window-key")
    settings_file = tmp_path / "settings.json"
    user_settings.save(user_settings.Settings(server_port=free_port()), settings_file)
    window = MainWindow(tmp_path / "lokal.db", settings_file)
    qtbot.addWidget(window)
    window.show()
    panel = window.server_panel
    assert not panel.switch.isChecked() and not panel.running  # off by default
    window.load_model(tiny_gguf)
    qtbot.waitUntil(lambda: window.model_ready, timeout=30_000)
    window.actions_["server"].trigger()
    assert panel.isVisible()
    panel.switch.setChecked(True)
    assert panel.running and panel.url.text().startswith("http://127.0.0.1:")
    assert panel.key.text() == "window-key"
    panel.copy_button.click()
    assert QGuiApplication.clipboard().text() == "window-key"
    assert json.loads(settings_file.read_text())["local_server"] is True
    client = openai.OpenAI(base_url=panel.url.text(), api_key="window-key", max_retries=0)
    model = client.models.list().data[0].id
    stream = client.chat.completions.create(
        model=model,
        messages=[{"role": "user", "content": "long"}],
        response_format={
            "type": "json_schema",
            "json_schema": {
                "name": "l",
                "schema": {
                    "type": "object",
                    "properties": {"lines": LONG},
                    "required": ["lines"],
                    "additionalProperties": False,
                },
            },
        },
        max_tokens=3600,
        stream=True,
    )
    next(iter(stream))
    qtbot.waitUntil(lambda: panel.busy.isVisible(), timeout=10_000)
    assert window.statusBar().currentMessage() == "Busy answering an API request"
    stream.close()
    qtbot.waitUntil(lambda: not panel.busy.isVisible(), timeout=30_000)
    qtbot.waitUntil(lambda: panel.served.text() == "Requests served: 1", timeout=10_000)
    url = panel.url.text()
    panel.switch.setChecked(False)
    assert not panel.running and json.loads(settings_file.read_text())["local_server"] is False
    with pytest.raises(openai.APIConnectionError):
        openai.OpenAI(base_url=url, api_key="window-key", max_retries=0).models.list()
    window.close()


def test_a_port_in_use_is_told_and_the_switch_stays_off(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LOKAL_API_KEY", "k")
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    settings_file = tmp_path / "settings.json"
    port = taken.getsockname()[1]
    user_settings.save(user_settings.Settings(server_port=port), settings_file)
    window = MainWindow(tmp_path / "lokal.db", settings_file)
    qtbot.addWidget(window)
    try:
        window.server_panel.switch.setChecked(True)
        assert not window.server_panel.switch.isChecked()
        assert str(port) in window.server_panel.problem.text()
    finally:
        taken.close()
        window.close()
