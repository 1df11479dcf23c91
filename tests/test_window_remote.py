"""The window with a model on a server: chosen in the same list, per conversation, and the
window says which server sees the conversation and wrote each answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from app.core.connections.store import Connection, add_connection
from app.ui.chat_view import stats_line
from app.ui.main_window import MainWindow
from tests.fixtures import remote_shapes as shapes
from tests.fixtures.replay_server import ReplayServer, sse_reply

MODEL = "openai/gpt-oss-120b"


@pytest.fixture
def server() -> Iterator[ReplayServer]:
    with ReplayServer() as replay:
        replay.add(
            "/v1/chat/completions",
            sse_reply(shapes.vllm_stream(MODEL, "Thinking.", "Hello from the team server.")),
        )
        yield replay


def test_a_server_model_answers_without_a_local_model(
    qtbot: QtBot, tmp_path: Path, server: ReplayServer
) -> None:
    add_connection(Connection("team", server.base_url, models=(MODEL,)))
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    picker = window.server_picker
    assert picker.isVisible()
    assert "stays on this computer" in picker.badge.text()
    picker.choose(f"team:{MODEL}")
    assert "team sees this conversation" in picker.badge.text()
    window.composer.setPlainText("Hi?")
    window.composer.submit()
    qtbot.waitUntil(lambda: len(window.chat.bubbles) == 2 and not window.generating, timeout=30_000)
    answer = window.chat.bubbles[-1]
    assert "⇄ team" in answer.stats.text()
    conversation = window.conversation_id
    stored = window.store.thread(conversation)[-1]
    assert stored.content == "Hello from the team server." and stored.status == "complete"
    assert server.chat_bodies()[0]["messages"][-1]["content"] == "Hi?"
    # Another conversation on this computer, then back: the server is chosen again.
    window.new_conversation()
    picker.choose(None)
    window.open_conversation(conversation)
    assert picker.source() == f"team:{MODEL}"
    window.close()


def test_a_local_answer_names_no_server() -> None:
    from app.ui.chat_view import Stats

    assert "⇄" not in stats_line(Stats(12.0, 0.5, 3, 4))
    assert "⇄ lab" in stats_line(Stats(12.0, 0.5, 3, 4, server="lab"))


def test_the_models_window_adds_and_tests_a_server(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import keyring

    from app.core.connections.store import find_connection, get_key
    from app.ui.connections_panel import ConnectionsPanel
    from tests.fixtures.replay_server import json_reply
    from tests.test_model_token import MemoryKeyring

    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    with ReplayServer(api_key="sk-lab-42") as lab:
        lab.add("/v1/models", json_reply(shapes.ollama_models("gpt-oss:120b", "qwen3:8b")))
        lab.add("/v1/chat/completions", sse_reply(shapes.ollama_stream("gpt-oss:120b", "Hm", "OK")))
        panel = ConnectionsPanel()
        qtbot.addWidget(panel)
        panel.name.setText("lab")
        panel.url.setText(lab.base_url)
        panel.key.setText("sk-lab-42")
        panel.local.setChecked(True)
        with qtbot.waitSignal(panel.changed, timeout=10_000):
            panel.add()
        qtbot.waitUntil(lambda: "reachable" in panel.result.text(), timeout=20_000)
    assert panel.key.text() == ""  # the key does not stay in the window
    assert get_key("lab") == "sk-lab-42"
    assert "lab (Ollama) is reachable, accepted the API key" in panel.result.text()
    assert "reasoning arrives apart" in panel.result.text()
    assert find_connection("lab").models == ("gpt-oss:120b", "qwen3:8b")
    assert find_connection("lab").local_hosts == ("127.0.0.1",)
    assert "(on this network)" in panel.list.item(0).text()


def test_offline_mode_refuses_a_server_not_on_this_network_in_the_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    from app.core import network_guard

    add_connection(Connection("far", "https://192.0.2.9:8000/v1", models=(MODEL,)))
    window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
    qtbot.addWidget(window)
    window.show()
    network_guard.set_offline(True)
    network_guard.clear_attempts()
    window.server_picker.choose(f"far:{MODEL}")
    window.composer.setPlainText("Anything?")
    window.composer.submit()
    qtbot.waitUntil(lambda: len(window.chat.bubbles) == 2 and not window.generating, timeout=30_000)
    stored = window.store.thread(window.conversation_id)[-1]
    assert stored.status == "error" and "offline mode" in (stored.error or "")
    assert network_guard.attempts() == []  # not even tried
    window.close()


def test_a_server_models_tool_call_shows_the_card_and_runs_here(
    qtbot: QtBot, tmp_path: Path
) -> None:
    import os
    import sys

    from app.core.paths import data_dir
    from app.core.tools import ServerConfig, ToolsConfig
    from app.core.tools.config import FILE_NAME, save_config

    marks = tmp_path / "marks.txt"
    marker = Path(__file__).parent / "tool_servers" / "marker.py"
    save_config(
        data_dir() / FILE_NAME,
        ToolsConfig((ServerConfig("pin", command=sys.executable, args=(str(marker), str(marks))),)),
    )
    with ReplayServer() as server:
        add_connection(Connection("team", server.base_url, models=(MODEL,)))
        server.add(
            "/v1/chat/completions",
            sse_reply(shapes.vllm_tool_call(MODEL, "Mark it.", "pin_mark", '{"word": "hi"}')),
            sse_reply(shapes.vllm_stream(MODEL, "Done.", "Marked it.")),
        )
        window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
        qtbot.addWidget(window)
        window.show()
        window.server_picker.choose(f"team:{MODEL}")
        window.tools_button.menu_.aboutToShow.emit()
        for action in window.tools_button.menu_.actions():
            if "“pin”" in action.text():
                action.setChecked(True)
        assert window.tools_button.selected() == ("pin",)
        window.composer.setPlainText("Mark hi.")
        window.composer.submit()
        qtbot.waitUntil(lambda: window.chat.bubbles[-1].card is not None, timeout=30_000)
        card = window.chat.bubbles[-1].card
        assert card is not None
        assert "“mark”" in card.heading.text() and '"word": "hi"' in card.arguments.toPlainText()
        assert window.chat.bubbles[-1].reasoning.toPlainText() == "Mark it."  # up to the call
        if shot := os.environ.get("LOKAL_SHOT"):  # a screenshot, to look at the card
            qtbot.wait(500)  # only for the picture: the layout settles
            window.grab().save(shot)
        assert not marks.exists()
        card.allow.click()
        qtbot.waitUntil(lambda: not window.controller.busy, timeout=30_000)
        bodies = server.chat_bodies()
    assert marks.read_text() == "hi\n"
    bubble = window.chat.bubbles[-1]
    assert bubble.card is None
    (block,) = bubble.tool_blocks
    assert block.result.toPlainText() == "marked hi"
    assert window.store.thread(window.conversation_id)[-1].content == "Marked it."
    assert [m["role"] for m in bodies[1]["messages"]][-2:] == ["assistant", "tool"]
    window.close()


def test_a_local_model_loads_while_a_server_answers(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path
) -> None:
    import threading

    class Gate(threading.Event):
        def wait(self, timeout: float | None = None) -> bool:
            return super().wait(None)  # held until the test opens it

    gate = Gate()
    chunks = [shapes._chunk(MODEL, {"content": "Once"}), gate, shapes._chunk(MODEL, {}, "stop")]
    with ReplayServer() as server:
        server.add("/v1/chat/completions", sse_reply(chunks))
        add_connection(Connection("team", server.base_url, models=(MODEL,)))
        window = MainWindow(tmp_path / "lokal.db", tmp_path / "settings.json")
        qtbot.addWidget(window)
        window.show()
        try:
            window.server_picker.choose(f"team:{MODEL}")
            window.composer.setPlainText("A story?")
            window.composer.submit()
            qtbot.waitUntil(lambda: window.controller.state.final == "Once", timeout=30_000)
            window.load_model(tiny_gguf)
            qtbot.waitUntil(lambda: window.model_ready, timeout=60_000)
            assert window.generating  # the answer is still streaming
        finally:
            gate.set()
        qtbot.waitUntil(lambda: not window.generating, timeout=30_000)
    assert window.store.thread(window.conversation_id)[-1].content == "Once"
    window.close()
