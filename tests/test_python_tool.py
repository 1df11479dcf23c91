"""The python tool: the model's code runs contained, and each escape attempt ends in a sentence."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path
from typing import cast

import pytest

from app.core.tools.python_tool import PythonLimits, PythonTool

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX containment is tested")


@pytest.fixture(scope="module")
def tool() -> PythonTool:
    return PythonTool(PythonLimits(timeout_s=10.0))


def test_code_runs_and_its_output_comes_back(tool: PythonTool) -> None:
    result = tool.call(
        "python", "import math\nprint(math.factorial(10))\nopen('x.txt','w').write('ok')", None
    )
    assert not result.is_error, result.text
    assert result.text.strip() == "3628800"


def test_a_network_attempt_is_refused(tool: PythonTool) -> None:
    code = "import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=3)\nprint('connected')"
    result = tool.call("python", code, None)
    assert result.is_error and result.error
    assert "connected" not in result.text
    assert "network" in result.text.lower() or "unreachable" in result.text.lower()


def test_loopback_is_refused_too(tool: PythonTool) -> None:
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        code = (
            "import socket\n"
            f"socket.create_connection(('127.0.0.1', {port}), timeout=3)\nprint('in')"
        )
        result = tool.call("python", code, None)
    assert result.is_error and "in\n" not in result.text


def test_a_fork_bomb_is_refused(tool: PythonTool) -> None:
    code = "import os\nwhile True:\n    os.fork()"
    result = tool.call("python", code, None)
    assert result.is_error and "allows no os" in result.text
    code = "import subprocess\nsubprocess.run(['sh', '-c', ':(){ :|:& };:'])"
    assert "allows no subprocess" in tool.call("python", code, None).text


def test_a_10_gb_allocation_fails_inside(tool: PythonTool) -> None:
    result = tool.call("python", "block = bytearray(10 * 1024**3)\nprint(len(block))", None)
    assert result.is_error and "MemoryError" in result.text


def test_an_endless_loop_is_stopped_at_the_time_limit() -> None:
    short = PythonTool(PythonLimits(timeout_s=2.0))
    result = short.call("python", "while True:\n    pass", None)
    assert result.is_error and result.error and "longer than 2 seconds" in result.error


def test_writing_outside_its_folder_is_refused(tool: PythonTool, tmp_path: Path) -> None:
    target = tmp_path / "escaped.txt"
    code = f"open({str(target)!r}, 'w').write('out')"
    result = tool.call("python", code, None)
    assert result.is_error and "only in its folder" in result.text
    assert not target.exists()
    # Below the audit hook, the kernel (Landlock, where present) refuses as well.
    code = f"import os\nfd = os.open({str(target)!r}, os.O_WRONLY | os.O_CREAT)"
    assert tool.call("python", code, None).is_error
    assert not target.exists()


def test_huge_output_is_cut_with_a_note(tool: PythonTool) -> None:
    result = tool.call("python", "print('y' * 5_000_000)", None)
    assert result.truncated and "more" in result.text[-80:]
    assert len(result.text) < 40_000


def test_each_call_gets_a_fresh_empty_folder(tool: PythonTool) -> None:
    first = tool.call(
        "python", "import os\nopen('left.txt','w').write('x')\nprint(os.getcwd())", None
    )
    second = tool.call(
        "python",
        "import os\nprint(sorted(p for p in os.listdir() if not p.startswith('.')))\n"
        "print(os.getcwd())",
        None,
    )
    assert second.text.splitlines()[0] == "[]"
    assert first.text.strip() != second.text.splitlines()[1]
    assert not os.path.exists(first.text.strip())


def test_stop_ends_a_running_call_at_once(tool: PythonTool) -> None:
    class Token:
        cancelled = False
        callbacks: list = []  # noqa: RUF012

        def on_cancel(self, callback):  # type: ignore[no-untyped-def]
            self.callbacks.append(callback)
            return lambda: None

    token = Token()
    outcome: list[object] = []
    runner = threading.Thread(
        target=lambda: outcome.append(tool.call("python", "import time\ntime.sleep(60)", token))
    )  # type: ignore[arg-type]
    runner.start()
    time.sleep(1.0)  # the child is running (nothing to await: it sleeps by design)
    pressed = time.monotonic()
    for callback in token.callbacks:
        callback()
    runner.join(30)
    print(f"python tool stopped {1000 * (time.monotonic() - pressed):.0f} ms after Stop")
    (result,) = outcome
    assert result.is_error and "stopped" in result.error  # type: ignore[attr-defined]


@pytest.fixture
def packages(tmp_path: Path) -> Path:
    """A folder holding one tiny pure-Python package, as a person would add it."""
    folder = tmp_path / "packages"
    (folder / "lokal_extra").mkdir(parents=True)
    (folder / "lokal_extra" / "__init__.py").write_text("ANSWER = 6 * 7\n", encoding="utf-8")
    return folder


IMPORT_IT = "import lokal_extra\nprint('answer', lokal_extra.ANSWER)"


def test_only_the_standard_library_can_be_imported_by_default(tool: PythonTool) -> None:
    # sqlite_utils is installed beside Lokal; the model's code does not get it.
    for module in ("lokal_extra", "sqlite_utils"):
        result = tool.call("python", f"import {module}", None)
        assert result.is_error and "ModuleNotFoundError" in result.text, result.text
    assert not tool.call("python", "import json, sqlite3, decimal", None).is_error


def test_a_packages_folder_is_importable_only_when_named_and_stays_unwritten(
    tool: PythonTool, packages: Path
) -> None:
    assert "ModuleNotFoundError" in tool.call("python", IMPORT_IT, None).text
    with_packages = PythonTool(PythonLimits(timeout_s=10.0), packages=packages)
    result = with_packages.call("python", IMPORT_IT, None)
    assert not result.is_error, result.text
    assert result.text.strip() == "answer 42"
    assert "packages installed by the user" in with_packages.namespace.description
    package = packages / "lokal_extra"
    attempts = [f"open({str(package / 'planted.py')!r}, 'w').write('x')"]
    if sys.platform.startswith("linux"):  # Landlock refuses what no audit hook sees
        attempts += [
            f"import os\nos.mkdir({str(packages / 'made')!r})",
            f"import os\nos.remove({str(package / '__init__.py')!r})",
        ]
    for attempt in attempts:
        refused = with_packages.call("python", attempt, None)
        assert refused.is_error and "PermissionError" in refused.text, attempt
    assert sorted(p.name for p in packages.rglob("*")) == ["__init__.py", "lokal_extra"]


def test_the_chat_gives_the_python_tool_the_folder_settings_name(
    packages: Path, tmp_path: Path
) -> None:
    from app.core.chat.controller import ChatController
    from app.core.engine.service import EngineService
    from app.core.tools import ToolHost, ToolsConfig

    with EngineService() as service, ToolHost(config=ToolsConfig()) as host:
        controller = ChatController(
            service, tmp_path / "lokal.db", lambda call: None, tool_host=host
        )
        assert cast(PythonTool, controller.builtin_tools["python"](1)).packages is None
        host.set_config(host.config.with_python_packages(str(packages)), restart=False)
        made = cast(PythonTool, controller.builtin_tools["python"](1))
        assert made.packages == packages
        assert not made.call("python", IMPORT_IT, None).is_error
