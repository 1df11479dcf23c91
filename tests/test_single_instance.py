"""One Lokal per data folder, tried with real processes: a second launch hands its files
to the first and ends without touching the first's answers; a crashed first launch's
lock is taken over; Ctrl+C and SIGTERM end the window quietly."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from app.core.store import ChatStore

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"),
]
ROOT = Path(__file__).resolve().parent.parent


class Launches:
    """`lokal gui FILE...` processes on one data folder, all ended after the test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.started: list[subprocess.Popen[str]] = []

    def start(self, *files: Path) -> subprocess.Popen[str]:
        env = {**os.environ, "LOKAL_DATA_DIR": str(self.folder), "QT_QPA_PLATFORM": "offscreen"}
        process = subprocess.Popen(
            [sys.executable, "-m", "app", "gui", *map(str, files)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.started.append(process)
        return process

    def attached(self) -> list[str]:
        database = self.folder / "lokal.db"
        if not database.exists():
            return []
        with sqlite3.connect(database, timeout=10) as db:
            try:
                rows = db.execute("SELECT name FROM conversation_documents ORDER BY name")
            except sqlite3.OperationalError:  # not made yet
                return []
            return [name for (name,) in rows.fetchall()]

    def end(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
            process.communicate(timeout=30)


@pytest.fixture
def launches(tmp_path: Path) -> Iterator[Launches]:
    runs = Launches(tmp_path / "data")
    yield runs
    runs.end()


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # another process's progress: nothing here to wait on but time
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def ended_quietly(process: subprocess.Popen[str], how: signal.Signals) -> None:
    process.send_signal(how)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err


def test_a_second_launch_hands_its_files_over_and_ends(
    launches: Launches, tmp_path: Path, tiny_gguf: Path
) -> None:
    first_doc, second_doc = tmp_path / "first.md", tmp_path / "second.md"
    first_doc.write_text("# First\nabout trains\n", encoding="utf-8")
    second_doc.write_text("# Second\nabout boats\n", encoding="utf-8")
    first = launches.start(first_doc)
    wait_for(lambda: launches.attached() == ["first.md"], 120, "the first window")

    # An answer the first window is streaming right now.
    store = ChatStore(launches.folder / "lokal.db")
    conversation = store.create_conversation("busy")
    question = store.add_user_message(conversation.id, "a long question")
    answer = store.start_assistant_message(conversation.id, question.id, "low", None, None)

    second = launches.start(second_doc, tiny_gguf)
    _out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert first.poll() is None  # the first window is still there
    wait_for(lambda: "second.md" in launches.attached(), 120, "the handed-over document")
    settings = launches.folder / "settings.json"

    def model_loaded() -> bool:
        if not settings.exists():
            return False
        return json.loads(settings.read_text()).get("default_model") == str(tiny_gguf)

    wait_for(model_loaded, 120, "the handed-over model to load")
    assert store.get_message(answer.id).status == "streaming"  # not marked interrupted
    store.close()
    ended_quietly(first, signal.SIGTERM)


def test_the_lock_of_a_crashed_launch_is_taken_over(launches: Launches, tmp_path: Path) -> None:
    first_doc, later_doc = tmp_path / "first.md", tmp_path / "later.md"
    first_doc.write_text("first\n", encoding="utf-8")
    later_doc.write_text("later\n", encoding="utf-8")
    crashed = launches.start(first_doc)
    wait_for(lambda: launches.attached() == ["first.md"], 120, "the first window")
    crashed.kill()  # as a crash ends it: the lock file and the socket stay behind
    crashed.communicate(timeout=30)
    assert (launches.folder / "lokal.lock").exists()

    later = launches.start(later_doc)
    wait_for(lambda: "later.md" in launches.attached(), 120, "the new window")
    assert later.poll() is None
    ended_quietly(later, signal.SIGINT)
