"""ToolHost with real MCP servers: mcp-server-time from PyPI, and in-test servers that misbehave."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.cli.main import main
from app.core.tools import ServerConfig, ServerState, ToolHost, ToolsConfig, load_config
from app.core.tools.config import import_config, parse_config, save_config
from app.core.tools.results import MAX_RESULT_CHARS

SERVERS = Path(__file__).parent / "tool_servers"
TIME_SERVER = Path(sys.executable).with_name("mcp-server-time")


def stdio(name: str, script: str, *args: str) -> ServerConfig:
    return ServerConfig(name, command=sys.executable, args=(str(SERVERS / script), *args))


class Token:
    """A cancel signal as the engine service's CancelToken gives it."""

    def __init__(self) -> None:
        self._event = threading.Event()
        self._callbacks: list[object] = []

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def on_cancel(self, callback):  # type: ignore[no-untyped-def]
        self._callbacks.append(callback)
        return lambda: self._callbacks.remove(callback) if callback in self._callbacks else None

    def cancel(self) -> None:
        self._event.set()
        for callback in list(self._callbacks):
            callback()  # type: ignore[operator]


@pytest.fixture(scope="module")
def host() -> Iterator[ToolHost]:
    config = ToolsConfig(
        (
            ServerConfig("time", command=str(TIME_SERVER), args=("--local-timezone=UTC",)),
            stdio("bad", "misbehaving.py"),
            stdio("text", "garbage.py", "text"),
            stdio("shape", "garbage.py", "shape"),
            ServerConfig("missing", command="/nonexistent/lokal-no-such-server"),
        )
    )
    with ToolHost(config=config) as tool_host:
        yield tool_host


def test_mcp_server_time_over_stdio(host: ToolHost) -> None:
    (status,) = host.ensure(["time"])
    assert status.state is ServerState.READY
    assert {t.name for t in status.tools} >= {"get_current_time", "convert_time"}
    result = host.call("time", "get_current_time", '{"timezone": "Europe/Berlin"}')
    assert not result.is_error, result.error
    assert json.loads(result.text)["timezone"] == "Europe/Berlin"


def test_a_server_that_cannot_start_fails_with_its_reason(host: ToolHost) -> None:
    (status,) = host.ensure(["missing"])
    assert status.state is ServerState.FAILED
    assert status.reason
    result = host.call("missing", "anything", "{}")
    assert result.is_error and result.error and "missing" in result.error


def test_a_crash_mid_call_is_an_error_result_and_the_next_call_restarts_it(host: ToolHost) -> None:
    result = host.call("bad", "crash", {})
    assert result.is_error and result.error is not None
    assert "“bad” failed" in result.error
    status = host.status("bad")
    assert status.state is ServerState.FAILED
    assert "goodbye" in status.stderr_tail  # what the server said before it died
    again = host.call("bad", "echo", {"text": "back", "times": 2})
    assert again.text == "back back"
    assert host.status("bad").state is ServerState.READY


def test_a_hanging_tool_times_out(host: ToolHost) -> None:
    result = host.call("bad", "hang", {}, timeout_s=0.5)
    assert result.is_error and result.error is not None
    assert "did not answer within 0.5 seconds" in result.error
    assert host.call("bad", "echo", {"text": "alive"}).text == "alive"  # the server lives on


def test_cancelling_a_hanging_call_returns_at_once(host: ToolHost) -> None:
    host.ensure(["bad"])
    token = Token()
    outcome: list[object] = []
    caller = threading.Thread(
        target=lambda: outcome.append(host.call("bad", "hang", {}, cancel=token))
    )
    caller.start()
    time.sleep(0.3)  # the call is under way (nothing to await: it hangs by design)
    stopped = time.monotonic()
    token.cancel()
    caller.join(30)
    took = time.monotonic() - stopped
    assert not caller.is_alive()
    (result,) = outcome
    assert result.is_error and "was stopped" in result.error  # type: ignore[attr-defined]
    print(f"a hanging call ended {took * 1000:.1f} ms after cancel")
    assert took < 30  # far below the 60 s timeout: the cancel, not the clock, ended it


def test_a_huge_result_is_cut_with_a_note(host: ToolHost) -> None:
    result = host.call("bad", "huge", {})
    assert result.truncated
    assert len(result.text) < MAX_RESULT_CHARS + 100
    assert result.text.endswith("more characters cut]")


def test_garbage_on_stdout_fails_the_call_at_once(host: ToolHost) -> None:
    result = host.call("text", "answer", {}, timeout_s=60)
    assert result.is_error and result.error and "not JSON-RPC" in result.error
    assert result.duration_s < 60


def test_a_result_of_the_wrong_shape_is_an_error_result(host: ToolHost) -> None:
    result = host.call("shape", "answer", {})
    assert result.is_error and result.error and "wrong shape" in result.error


def test_a_tool_name_with_harmony_markers_gets_a_safe_name_and_still_works(
    host: ToolHost,
) -> None:
    (status,) = host.ensure(["bad"])
    evil = next(t for t in status.tools if "<|" in t.name)
    assert evil.model_name == "bad_evil_call_name_channel"
    assert host.find(evil.model_name, ["bad"]) == evil
    assert host.call("bad", evil.name, {}).text == "evil ran"


def test_arguments_that_are_not_an_object_are_an_error_result(host: ToolHost) -> None:
    result = host.call("bad", "echo", "[1, 2")
    assert result.is_error and result.error and "not a JSON object" in result.error


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def http_server() -> Iterator[str]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, str(SERVERS / "misbehaving.py"), "http", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None:
                    pytest.fail("the HTTP server did not start")
                time.sleep(0.1)  # polling a port: there is no event to wait on
        yield f"http://127.0.0.1:{port}/mcp"
    finally:
        process.kill()  # a graceful stop would wait for the hanging call
        process.wait(10)


def test_a_streamable_http_server_on_loopback(http_server: str) -> None:
    config = ToolsConfig((ServerConfig("web", url=http_server),))
    with ToolHost(config=config) as web:
        (status,) = web.ensure(["web"])
        assert status.state is ServerState.READY, status.reason
        assert status.transport == "http"
        assert web.call("web", "echo", {"text": "over http", "times": 1}).text == "over http"
        assert web.call("web", "hang", {}, timeout_s=0.5).is_error


def test_mcp_json_round_trip_keeps_other_apps_keys(tmp_path: Path) -> None:
    text = json.dumps(
        {
            "mcpServers": {
                "time": {"command": "uvx", "args": ["mcp-server-time"], "autoApprove": ["x"]},
                "web": {"url": "http://127.0.0.1:9/mcp", "headers": {"A": "b"}, "disabled": True},
                "quiet": {"command": "q", "disabledTools": ["loud"], "neverAsk": ["safe"]},
            }
        }
    )
    config = parse_config(text)
    path = tmp_path / "mcp.json"
    save_config(path, config)
    again = load_config(path)
    assert again == config
    assert again.get("time").extra == {"autoApprove": ["x"]}  # type: ignore[union-attr]
    assert again.get("web").enabled is False  # type: ignore[union-attr]
    assert again.get("quiet").disabled_tools == {"loud"}  # type: ignore[union-attr]
    assert again.get("quiet").never_ask == {"safe"}  # type: ignore[union-attr]


def test_importing_another_apps_file_adds_only_new_servers(tmp_path: Path) -> None:
    other = tmp_path / "claude_desktop_config.json"
    other.write_text(
        json.dumps({"mcpServers": {"a": {"command": "x"}, "b": {"url": "http://127.0.0.1:1/"}}})
    )
    ours = ToolsConfig((ServerConfig("a", command="mine"),))
    merged, added = import_config(ours, other)
    assert added == ["b"]
    assert merged.get("a").command == "mine"  # type: ignore[union-attr]


def test_a_bad_config_is_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "mcp.json"
    path.write_text("{not json")
    with pytest.raises(ValueError, match="cannot be read"):
        load_config(path)


def test_disabled_tools_are_not_offered(host: ToolHost) -> None:
    config = ToolsConfig((stdio("bad", "misbehaving.py").__class__(
        "bad", command=sys.executable, args=(str(SERVERS / "misbehaving.py"),),
        disabled_tools=frozenset({"crash"}),
    ),))  # fmt: skip
    with ToolHost(config=config) as quiet:
        names = {t.name for t in quiet.tools(["bad"])}
    assert "echo" in names and "crash" not in names


def test_cli_tools_list_and_call(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "mcp.json"
    save_config(path, ToolsConfig((ServerConfig("time", command=str(TIME_SERVER)),)))
    assert main(["tools", "--config", str(path), "list", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)
    assert listed["state"] == "ready"
    assert "get_current_time" in {t["name"] for t in listed["tools"]}
    code = main(
        ["tools", "--config", str(path), "call", "time", "get_current_time", '{"timezone":"UTC"}']
    )
    assert code == 0
    assert json.loads(capsys.readouterr().out)["timezone"] == "UTC"
    code = main(["tools", "--config", str(path), "call", "time", "nope", "{}"])
    assert code == 1


def test_stop_ends_the_wait_for_a_server_that_never_starts() -> None:
    silent = ServerConfig(
        "silent", command=sys.executable, args=("-c", "import time; time.sleep(120)")
    )
    with ToolHost(config=ToolsConfig((silent,))) as slow:
        token = Token()
        outcome: list[object] = []
        waiter = threading.Thread(target=lambda: outcome.append(slow.tools(["silent"], token)))
        waiter.start()
        time.sleep(0.5)  # the wait for its handshake is under way (it never comes)
        stopped = time.monotonic()
        token.cancel()
        waiter.join(30)
        took = time.monotonic() - stopped
        assert not waiter.is_alive() and outcome == [[]]
        assert took < 20  # below the 30 s handshake limit: the cancel ended the wait
        assert slow.status("silent").state is ServerState.STARTING  # still trying, for later
