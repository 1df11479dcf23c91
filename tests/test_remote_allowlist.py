"""The hosts a connection marks "on this network": the server's other names and addresses,
where it redirects to, its proxy. Offline mode reaches those and no other host, a
redirect included; the list is set with `--allow-host` and in the Models window."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from app.core import network_guard
from app.core.connections.store import (
    Connection,
    ConnectionProblem,
    add_connection,
    find_connection,
    marked_hosts,
)
from app.core.engine.protocol import Done, EngineError, Event, GenerateRequest
from app.core.engine.remote.client import RemoteEngine, RemoteTarget
from app.core.harmony import Message
from tests.fixtures import remote_shapes as shapes
from tests.fixtures.replay_server import ReplayServer, Reply, json_reply, sse_reply
from tests.test_remote_connections import lokal

MODEL = "openai/gpt-oss-120b"
# TEST-NET-1 (RFC 5737): nothing answers there, and no test reaches it by accident.
FAR = "192.0.2.9"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy",
                 "ALL_PROXY", "no_proxy", "NO_PROXY"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def offline() -> Iterator[None]:
    network_guard.set_offline(True)
    network_guard.clear_attempts()
    yield
    network_guard.set_offline(False)


def run(engine: RemoteEngine, cancel_after: float | None = None) -> list[Event]:
    timer = threading.Timer(cancel_after, engine.cancel) if cancel_after else None
    if timer is not None:
        timer.start()
    try:
        return list(engine.generate(GenerateRequest(0, (Message("user", "Hi"),))))
    finally:
        if timer is not None:
            timer.cancel()


def redirect(to: str) -> Reply:
    return Reply(307, {"Location": to, "Content-Length": "0"}, body=b"")


def test_hosts_are_read_from_names_addresses_and_urls() -> None:
    hosts = marked_hosts(
        "https://gpu-server:8000/v1", True, ["10.0.0.5, GPU.lab.example", "proxy:3128", "fe80::1"]
    )
    assert hosts == ("gpu-server", "10.0.0.5", "gpu.lab.example", "proxy", "fe80::1")
    assert marked_hosts("https://gpu-server/v1", False, ["10.0.0.5"]) == ("10.0.0.5",)
    with pytest.raises(ConnectionProblem, match="is not a host name"):
        marked_hosts("https://gpu-server/v1", True, ["a/b"])


def test_allow_host_is_repeatable_in_the_terminal(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = lokal(
        capsys, "connections", "add", "lab", "http://gpu.lab:8000/v1", "--on-this-network",
        "--allow-host", "10.0.0.5", "--allow-host", "proxy.lab:3128",
    )  # fmt: skip
    assert code == 0, out
    saved = find_connection("lab")
    assert saved.local_hosts == ("gpu.lab", "10.0.0.5", "proxy.lab")
    assert saved.on_this_network and saved.extra_hosts == ("10.0.0.5", "proxy.lab")
    _code, out = lokal(capsys, "connections", "list")
    assert "offline also reaches 10.0.0.5, proxy.lab" in out


def test_offline_refuses_a_proxy_not_marked(offline: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("http_proxy", "http://192.0.2.50:3128")
    target = RemoteTarget("lab", "http://192.0.2.7:8000/v1", MODEL, local_hosts=("192.0.2.7",))
    events = run(RemoteEngine(target))
    assert isinstance(events[-1], EngineError)
    assert "offline mode" in events[-1].message and "192.0.2.50" in events[-1].message
    assert network_guard.attempts() == []  # refused before any socket was opened


def test_offline_reaches_a_proxy_that_is_marked(
    offline: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("http_proxy", "http://192.0.2.50:3128")
    hosts = ("192.0.2.7", "192.0.2.50")
    engine = RemoteEngine(RemoteTarget("lab", "http://192.0.2.7:8000/v1", MODEL, local_hosts=hosts))
    events = run(engine, cancel_after=1.0)
    assert not any("192.0.2.50" in line for line in network_guard.attempts())
    assert not (isinstance(events[-1], EngineError) and "offline" in events[-1].message)


def test_offline_refuses_a_redirect_to_a_host_not_marked(offline: None) -> None:
    with ReplayServer() as server:
        server.add("/v1/chat/completions", redirect(f"http://{FAR}:8000/v1/chat/completions"))
        # Loopback needs no mark; the host it redirects to does.
        events = run(RemoteEngine(RemoteTarget("lab", server.base_url, MODEL)))
        assert len(server.requests) == 1
    assert isinstance(events[-1], EngineError)
    assert "offline mode" in events[-1].message and FAR in events[-1].message
    assert network_guard.attempts() == []


def test_offline_follows_a_redirect_to_a_marked_host(offline: None) -> None:
    with ReplayServer() as server:
        server.add("/v1/chat/completions", redirect(f"http://{FAR}:9/v1/chat/completions"))
        engine = RemoteEngine(RemoteTarget("lab", server.base_url, MODEL, local_hosts=(FAR,)))
        events = run(engine, cancel_after=1.0)
    assert not any(FAR in line for line in network_guard.attempts())
    assert not (isinstance(events[-1], EngineError) and "offline" in events[-1].message)


def test_a_redirect_is_followed_and_the_key_stays_with_the_marked_hosts() -> None:
    answer = sse_reply(shapes.vllm_stream(MODEL, "Hm.", "Moved, and answered."))
    with ReplayServer() as old, ReplayServer() as new:
        moved = f"http://localhost:{new.port}/v1/chat/completions"
        old.add("/v1/chat/completions", redirect(moved))
        new.add("/v1/chat/completions", answer)
        # "localhost" is not marked: the key stays with the server the user named.
        events = run(RemoteEngine(RemoteTarget("lab", old.base_url, MODEL, api_key="sk-1")))
        marked = RemoteTarget(
            "lab", old.base_url, MODEL, api_key="sk-1", local_hosts=("localhost",)
        )
        again = run(RemoteEngine(marked))
        sent = [r.headers.get("Authorization") for r in new.requests]
        assert new.chat_bodies()[0]["messages"][-1]["content"] == "Hi"  # the body went along
    assert isinstance(events[-1], Done) and isinstance(again[-1], Done)
    assert sent == [None, "Bearer sk-1"]


def test_a_post_turned_into_a_get_is_not_followed() -> None:
    with ReplayServer() as server:
        server.add(
            "/v1/chat/completions",
            Reply(302, {"Location": "/login", "Content-Length": "0"}, body=b""),
        )
        events = run(RemoteEngine(RemoteTarget("lab", server.base_url, MODEL)))
    assert isinstance(events[-1], EngineError)
    assert "lab sent the request on to /login" in events[-1].message


def test_the_servers_section_edits_the_hosts(qtbot: QtBot) -> None:
    from app.ui.connections_panel import ConnectionsPanel

    with ReplayServer() as server:
        server.add("/v1/models", json_reply(shapes.vllm_models("other-model")))
        add_connection(Connection("lab", server.base_url, local_hosts=("127.0.0.1",)))
        panel = ConnectionsPanel()
        qtbot.addWidget(panel)
        panel.show()
        panel.list.setCurrentRow(0)  # choosing it fills the form
        assert panel.name.text() == "lab" and panel.local.isChecked()
        assert panel.hosts.text() == ""
        panel.hosts.setText("gpu.lab, proxy.lab:3128")
        panel.add_button.click()
        saved = find_connection("lab")
        assert saved.local_hosts == ("127.0.0.1", "gpu.lab", "proxy.lab")
        # Saving tests it again (the same server: the models it listed before stay meanwhile).
        qtbot.waitUntil(lambda: "reachable" in panel.result.text(), timeout=30_000)
        assert "(offline also: gpu.lab, proxy.lab)" in panel.list.item(0).text()
        # The test's sentence wraps in the list instead of running off its right edge.
        panel.resize(420, panel.height())
        qtbot.waitUntil(lambda: panel.list.viewport().width() < 420)
        shown = panel.list.visualItemRect(panel.list.item(0))
        assert shown.width() <= panel.list.viewport().width()
        assert panel.list.horizontalScrollBar().maximum() == 0
        panel.hosts.setText("not a/host")
        panel.add_button.click()
        assert "is not a host name or an address" in panel.result.text()
    assert find_connection("lab").local_hosts == ("127.0.0.1", "gpu.lab", "proxy.lab")
