"""kill -9 of the app mid-answer, 50 times: nothing committed is lost, the file stays sound.

Each run starts the real window in a child process (offscreen), asks a question,
waits until the streaming answer has text in the database, reads that text,
and kills the process with SIGKILL. Then: integrity_check passes, every
question asked so far is still there, the killed answer still starts with the
text read before the kill, and the next start marks it interrupted.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

RUNS = int(os.environ.get("LOKAL_KILL_RUNS", "50"))
TARGET = Path(__file__).resolve().parent / "app_kill_target.py"


def read_only(database: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=5)


Seen = tuple[int, str, str]  # answer id, analysis, content


def streamed_text(database: Path, run: int) -> Seen | None:
    """The answer to "question RUN" while it streams with some text, else None."""
    if not database.exists():
        return None
    try:
        with read_only(database) as db:
            row = db.execute(
                "SELECT a.id, a.analysis, a.content FROM messages a "
                "JOIN messages q ON a.parent_id = q.id "
                "WHERE q.content = ? AND a.status = 'streaming' AND "
                "length(a.analysis) + length(a.content) > 0",
                [f"question {run}"],
            ).fetchone()
    except sqlite3.OperationalError:  # not created or migrated yet
        return None
    return (int(row[0]), str(row[1]), str(row[2])) if row else None


@pytest.mark.slow
def test_kill_minus_nine_mid_answer_loses_nothing(tmp_path: Path, tiny_gguf: Path) -> None:
    database = tmp_path / "lokal.db"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    killed: list[Seen] = []  # what each answer held just before its kill
    started = time.monotonic()
    for run in range(RUNS):
        child = subprocess.Popen(
            [sys.executable, str(TARGET), str(tmp_path), str(tiny_gguf), str(run)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            seen = None
            while seen is None:
                assert child.poll() is None, f"run {run}: the app exited by itself"
                assert time.monotonic() < deadline, f"run {run}: no answer streamed"
                time.sleep(0.02)
                seen = streamed_text(database, run)
            child.send_signal(signal.SIGKILL)
            child.wait(10)
        finally:
            # The engine process is the app's child; it goes with the group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGKILL)
            child.wait(10)
        killed.append(seen)
        with read_only(database) as db:
            assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            questions = {r[0] for r in db.execute("SELECT content FROM messages WHERE role='user'")}
            assert questions == {f"question {i}" for i in range(run + 1)}
            for answer_id, analysis, content in killed:
                text = db.execute(
                    "SELECT analysis, content, status FROM messages WHERE id = ?", [answer_id]
                ).fetchone()
                # The last run's answer stays 'streaming' until the next start.
                assert text[2] in ("streaming", "interrupted")
                assert text[0].startswith(analysis) and text[1].startswith(content)
            earlier = [seen[0] for seen in killed[:-1]]
            statuses = {
                r[0] for r in db.execute(
                    f"SELECT status FROM messages WHERE id IN ({','.join('?' * len(earlier))})",
                    earlier,
                )
            } if earlier else set()  # fmt: skip
            assert statuses <= {"interrupted"}, "a restart marks killed answers interrupted"
    print(f"\napp kill: runs={RUNS} seconds={time.monotonic() - started:.1f}")
