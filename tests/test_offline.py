"""Offline mode: a whole session opens no connection that leaves this computer.

The guard refuses and records every non-loopback connect and name lookup, in this
process and in the engine process. The session test runs the window's actions
under it (OFFLINE_ACTIONS: start, a chat turn with the tiny model, a search, a
document attached and asked about) and requires zero recorded attempts; a
deliberate attempt at the end must be recorded, so the test can fail.
"""

from __future__ import annotations

import ipaddress
import multiprocessing
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from pytestqt.qtbot import QtBot

from app.core import network_guard, settings
from app.core.models.hub import OFFLINE_REFUSAL, HubError, lookup
from app.core.models.offline import apply_offline_mode

if TYPE_CHECKING:
    from app.ui.main_window import MainWindow

OUTSIDE = ("192.0.2.1", 80)  # TEST-NET-1: never a real host


@pytest.fixture
def offline(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Offline mode as the app turns it on at start; the engine's log of attempts."""
    log = tmp_path / "network-attempts.log"
    monkeypatch.setenv(network_guard.LOG_ENV, str(log))
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path / "data"))
    settings.update(offline_mode=True)
    network_guard.clear_attempts()
    assert apply_offline_mode() is True
    try:
        yield log
    finally:
        network_guard.set_offline(False)
        network_guard.clear_attempts()


def attempts_logged(log: Path) -> list[str]:
    return log.read_text().splitlines() if log.exists() else []


def test_the_guard_refuses_outside_connections_and_allows_loopback(offline: Path) -> None:
    with pytest.raises(network_guard.OfflineError):
        socket.create_connection(OUTSIDE, timeout=1)
    with pytest.raises(network_guard.OfflineError):
        socket.getaddrinfo("huggingface.co", 443)
    with pytest.raises(network_guard.OfflineError):
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53))
    server = socket.create_server(("127.0.0.1", 0))
    with server, socket.create_connection(server.getsockname(), timeout=1):
        pass  # loopback stays allowed: the app's own parts talk through it
    socket.getaddrinfo("localhost", 80)
    assert len(network_guard.attempts()) == 3
    assert all(
        "192.0.2.1" in a or "huggingface" in a or "8.8.8.8" in a for a in attempts_logged(offline)
    )


def test_a_hub_lookup_in_offline_mode_refuses_with_a_sentence(offline: Path) -> None:
    with pytest.raises(HubError) as caught:
        lookup("ggml-org/gpt-oss-20b-GGUF", "main", lambda _n: True)
    assert str(caught.value) == OFFLINE_REFUSAL
    assert network_guard.attempts() == []  # refused before trying


def test_the_engine_process_goes_offline_from_its_entry_point(offline: Path) -> None:
    from app.core.engine.client import EngineClient
    from tests.offline_engine import engine_main_that_phones_home

    with EngineClient(process_main=engine_main_that_phones_home) as client:
        client.probe()
        deadline = time.monotonic() + 20
        while not attempts_logged(offline) and time.monotonic() < deadline:
            time.sleep(0.05)
        pid = client.pid
    lines = attempts_logged(offline)
    assert lines and lines[0].startswith(f"{pid} ") and "192.0.2.1" in lines[0]


# --- the session ----------------------------------------------------------------------


def load_tiny_model(window: MainWindow, qtbot: QtBot, model: Path) -> None:
    window.load_model(model)
    qtbot.waitUntil(lambda: window.model_ready, timeout=60_000)


def chat_turn(window: MainWindow, qtbot: QtBot, _tmp: Path) -> None:
    window.composer.setPlainText("lighthouse keepers at night")
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.generating, timeout=180_000)
    assert len(window.chat.bubbles) == 2


def search(window: MainWindow, qtbot: QtBot, _tmp: Path) -> None:
    with qtbot.waitSignal(window.search_shown, timeout=10_000):
        window.search.setText("lighthouse")
    assert window.conversations.count() == 1


def attach_and_ask(window: MainWindow, qtbot: QtBot, tmp: Path) -> None:
    notes = tmp / "harbour.md"
    notes.write_text("# Harbour\n\nThe harbour wall is three hundred metres long.\n")
    window.attach_files([notes])
    chips = window.attachments.chips
    qtbot.waitUntil(lambda: any(chip.state == "ready" for chip in chips.values()), timeout=60_000)
    window.composer.setPlainText("How long is the harbour wall?")
    window.composer.submit()
    qtbot.waitUntil(lambda: not window.generating, timeout=180_000)
    assert window.chat.bubbles[-1].sources is not None  # the answer was given the document


#: What a user does in an offline session; each runs under the guard, in order, after
#: the window has started and loaded the tiny model. Extension point: document attach
#: appends an action here with this signature (attach a file in the window and ask
#: about it), and the session test then proves it opens no connection either.
OFFLINE_ACTIONS: list[Callable[[MainWindow, QtBot, Path], None]] = [
    chat_turn,
    search,
    attach_and_ask,
]


def inet_sockets(pid: int) -> list[str]:
    """The engine's open IPv4/IPv6 sockets (Linux): its pipes to the app are Unix sockets."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd)
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = []
    for table in ("tcp", "tcp6", "udp", "udp6"):
        for line in Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]:
            if line.split()[9] in inodes:
                found.append(f"{table} {line.split()[2]}")
    return found


def test_an_offline_session_opens_no_connection(
    qtbot: QtBot, tmp_path: Path, tiny_gguf: Path, offline: Path
) -> None:
    from app.ui.main_window import MainWindow

    window = MainWindow(tmp_path / "lokal.db")
    qtbot.addWidget(window)
    window.show()
    try:
        load_tiny_model(window, qtbot, tiny_gguf)
        for action in OFFLINE_ACTIONS:
            action(window, qtbot, tmp_path)
        pid = window.service.engine_pid
        assert pid is not None
        if sys.platform.startswith("linux"):
            environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            assert f"{network_guard.OFFLINE_ENV}=1".encode() in environ
            assert inet_sockets(pid) == []
    finally:
        window.close()
    assert network_guard.attempts() == []
    assert attempts_logged(offline) == []
    # The guard is live: a deliberate attempt is refused and recorded, so this test can fail.
    with pytest.raises(network_guard.OfflineError):
        socket.create_connection(OUTSIDE, timeout=1)
    assert len(network_guard.attempts()) == 1 and len(attempts_logged(offline)) == 1


def test_a_child_process_started_offline_is_offline(offline: Path) -> None:
    context = multiprocessing.get_context("spawn")
    process = context.Process(target=_child_tries_to_connect)
    process.start()
    process.join(30)
    assert process.exitcode == 0
    assert any("192.0.2.1" in line for line in attempts_logged(offline))


def _child_tries_to_connect() -> None:
    network_guard.install_from_environment()
    try:
        socket.create_connection(OUTSIDE, timeout=1)
    except network_guard.OfflineError:
        return
    raise SystemExit(1)


# --- the same proof without the app's own guard: every connect() the kernel sees ------

STRACE = shutil.which("strace") or "/usr/bin/strace"
ROOT = Path(__file__).resolve().parent.parent
_CONNECT = re.compile(r"^(\d+)\s+connect\(\d+, \{sa_family=(AF_INET6?|AF_UNIX|[A-Z_0-9]+)(.*)$")
_ADDRESS = re.compile(r'inet_addr\("([^"]+)"\)|inet_pton\(AF_INET6, "([^"]+)"')


def outside_connects(trace: Path) -> list[str]:
    """The connect() calls in an strace log that target an IP address off this computer.

    An AF_INET/AF_INET6 call whose address cannot be read counts as outside.
    """
    found = []
    for line in trace.read_text(errors="replace").splitlines():
        match = _CONNECT.match(line)
        if match is None or match.group(2) not in ("AF_INET", "AF_INET6"):
            continue  # not a connect, or a local (Unix) socket
        address = _ADDRESS.search(match.group(3))
        try:
            ip = ipaddress.ip_address(next(a for a in address.groups() if a) if address else "")
        except ValueError:
            found.append(line)
            continue
        mapped = getattr(ip, "ipv4_mapped", None)
        if not (ip.is_loopback or (mapped is not None and mapped.is_loopback)):
            found.append(line)
    return found


def traced(args: list[str], trace: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run ``args`` and every process it starts under strace, recording each connect()."""
    return subprocess.run(
        [STRACE, "-f", "-e", "trace=connect", "-o", str(trace), *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL,
    )  # fmt: skip


def test_an_offline_session_makes_no_outside_connect_call_seen_by_strace(
    tmp_path: Path, tiny_gguf: Path
) -> None:
    """Independent of the app's guard: the kernel's view of a real offline ask and list."""
    if not Path(STRACE).is_file():
        pytest.skip("strace is not installed (Debian: apt-get install strace)")
    env = {k: v for k, v in os.environ.items() if k not in ("HF_ENDPOINT", "LOKAL_OFFLINE")}
    env |= {"LOKAL_DATA_DIR": str(tmp_path / "data"), "PYTHONPATH": str(ROOT)}
    probe = traced(["true"], tmp_path / "probe.trace", env)
    if probe.returncode != 0:
        pytest.skip(f"strace cannot trace here (ptrace not permitted?): {probe.stderr.strip()}")
    settings.save(settings.Settings(offline_mode=True), tmp_path / "data" / "settings.json")
    notes = tmp_path / "notes.txt"
    notes.write_text("The harbour opens at six in the morning.\n")
    python = [sys.executable, "-m", "app"]
    question = "When does the harbour open?"
    sessions = {
        "ask": ([*python, "ask", "--model", str(tiny_gguf), "--attach", str(notes),
                 "--max-tokens", "16", question], "notes.txt"),
        "list": ([*python, "models", "list"], "Models folder"),
    }  # fmt: skip
    for name, (args, expected) in sessions.items():
        trace = tmp_path / f"{name}.trace"
        result = traced(args, trace, env)
        assert result.returncode == 0 and expected in result.stdout, result.stderr
        assert outside_connects(trace) == [], name

    # The tracer sees a child's connect to an outside address, so this test can fail.
    control = tmp_path / "control.trace"
    connect = (
        "import socket\ns = socket.socket()\ns.setblocking(False)\n"
        "try:\n    s.connect(('192.0.2.1', 80))\nexcept OSError:\n    pass\n"
    )
    child = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {connect!r}])"
    assert traced([sys.executable, "-c", child], control, env).returncode == 0
    (seen,) = outside_connects(control)
    assert "192.0.2.1" in seen
