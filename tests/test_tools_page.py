"""Settings → Tools: servers with their state, tools switched on and off, importing a file."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app.core.tools import ServerConfig, ToolHost, ToolsConfig, load_config
from app.core.tools.config import save_config
from app.ui.tools_page import ToolsPage

SERVER = Path(__file__).parent / "tool_servers" / "misbehaving.py"


@pytest.fixture
def host(tmp_path: Path) -> Iterator[ToolHost]:
    path = tmp_path / "mcp.json"
    save_config(
        path, ToolsConfig((ServerConfig("bad", command=sys.executable, args=(str(SERVER),)),))
    )
    with ToolHost(path) as tool_host:
        yield tool_host


def test_a_server_starts_from_the_page_and_its_tools_can_be_switched(
    qtbot: QtBot, host: ToolHost
) -> None:
    page = ToolsPage(host)
    qtbot.addWidget(page)
    assert "not started" in page.servers.item(0).text()
    page.start.click()
    assert "starting" in page.servers.item(0).text()  # the window did not wait for it
    qtbot.waitUntil(lambda: "ready with" in page.servers.item(0).text(), timeout=60_000)
    names = [page.tools.topLevelItem(n).text(0) for n in range(page.tools.topLevelItemCount())]
    assert "echo" in names and "crash" in names
    crash = page.tools.topLevelItem(names.index("crash"))
    crash.setCheckState(1, Qt.CheckState.Unchecked)
    echo = page.tools.topLevelItem(names.index("echo"))
    echo.setCheckState(2, Qt.CheckState.Checked)
    assert host.config_path is not None
    saved = load_config(host.config_path).get("bad")
    assert saved is not None and saved.disabled_tools == {"crash"} and saved.never_ask == {"echo"}
    assert "crash" not in {t.name for t in host.tools(["bad"])}
    page.enabled.setChecked(False)
    qtbot.waitUntil(lambda: "off" in page.servers.item(0).text(), timeout=30_000)
    assert host.status("bad").state.value != "ready"


def test_switching_a_server_off_stops_it_off_the_gui_thread(
    qtbot: QtBot, host: ToolHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    page = ToolsPage(host)
    qtbot.addWidget(page)
    page.start.click()
    qtbot.waitUntil(lambda: "ready with" in page.servers.item(0).text(), timeout=60_000)
    stopped_on: list[threading.Thread] = []
    real_stop = host.stop_server

    def stop_server(name: str) -> None:  # a server that takes its time to end
        stopped_on.append(threading.current_thread())
        real_stop(name)

    monkeypatch.setattr(host, "stop_server", stop_server)
    page.enabled.setChecked(False)
    assert "stopping" in page.servers.item(0).text()  # the window did not wait for it
    assert load_config(host.config_path).get("bad").enabled is False  # type: ignore[arg-type,union-attr]
    qtbot.waitUntil(lambda: "off" in page.servers.item(0).text(), timeout=30_000)
    assert stopped_on and stopped_on[0] is not threading.main_thread()


def test_importing_another_apps_file(qtbot: QtBot, host: ToolHost, tmp_path: Path) -> None:
    other = tmp_path / "claude_desktop_config.json"
    other.write_text(json.dumps({"mcpServers": {"time": {"command": "mcp-server-time"}}}))
    page = ToolsPage(host)
    qtbot.addWidget(page)
    assert page.import_file(other) == ["time"]
    assert page.servers.count() == 2 and "Imported: time" in page.state.text()
    broken = tmp_path / "broken.json"
    broken.write_text("{")
    assert page.import_file(broken) == []
    assert "cannot be read" in page.state.text()


def test_the_python_tools_packages_folder_is_chosen_saved_and_cleared(
    qtbot: QtBot, host: ToolHost, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    folder = tmp_path / "packages"
    folder.mkdir()
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *a, **k: str(folder))
    page = ToolsPage(host)
    qtbot.addWidget(page)
    assert page.packages.text() == "" and not page.clear_packages.isEnabled()
    page.browse_packages.click()
    assert page.packages.text() == str(folder)
    assert host.config_path is not None
    saved = load_config(host.config_path)
    assert saved.python_packages == str(folder)
    assert saved.get("bad") is not None  # the servers stay as they were
    assert json.loads(host.config_path.read_text())["pythonPackages"] == str(folder)
    again = ToolsPage(host)
    qtbot.addWidget(again)
    assert again.packages.text() == str(folder)  # shown again next time
    page.clear_packages.click()
    assert load_config(host.config_path).python_packages is None
    assert page.packages.text() == "" and not page.clear_packages.isEnabled()


def test_the_packages_folder_can_be_set_from_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.main import main

    config = tmp_path / "mcp.json"
    folder = tmp_path / "packages"
    folder.mkdir()
    tools = ["tools", "--config", str(config), "python-packages"]
    assert main([*tools, str(folder)]) == 0
    assert load_config(config).python_packages == str(folder)
    assert main(tools) == 0 and str(folder) in capsys.readouterr().out
    assert main([*tools, str(tmp_path / "missing")]) == 1
    assert load_config(config).python_packages == str(folder)
    assert main([*tools, "--clear"]) == 0
    assert load_config(config).python_packages is None
