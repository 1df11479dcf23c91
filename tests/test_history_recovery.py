"""A history that cannot be opened is moved aside and a new one begins, with a sentence
that says where the old file is; each way a lokal.db can be broken, and the real window."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from app.core.store import ChatStore
from app.core.store.recovery import HistoryUnusable, SetAside, open_or_set_aside
from app.ui import appearance
from app.ui.text import translated

ROOT = Path(__file__).resolve().parent.parent


def a_history(path: Path) -> Path:
    with ChatStore(path) as store:
        conversation = store.create_conversation("kept")
        for n in range(200):  # several pages, so damage can land past the first
            store.add_user_message(conversation.id, f"message {n} " + "words " * 40)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def corrupt(path: Path) -> None:
    a_history(path)
    data = bytearray(path.read_bytes())
    data[100:4096] = os.urandom(3996)  # the schema's page, past the file header
    path.write_bytes(bytes(data))


def truncated(path: Path) -> None:
    a_history(path)
    path.write_bytes(path.read_bytes()[:50])  # a copy cut short inside the header


def not_sqlite(path: Path) -> None:
    path.write_bytes(b"%PDF-1.7 this is not a database at all\n" * 100)


def directory(path: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("a folder where the file should be")


def unreadable(path: Path) -> None:
    path.symlink_to(path.name)  # a link to itself: the system refuses to open it


def no_permission(path: Path) -> None:
    a_history(path)
    path.chmod(0)


BROKEN: list[Callable[[Path], None]] = [corrupt, truncated, not_sqlite, directory, unreadable]
if hasattr(os, "geteuid") and os.geteuid() != 0:  # root reads a file of mode 000
    BROKEN.append(no_permission)


@pytest.mark.parametrize("damage", BROKEN, ids=lambda f: f.__name__)
def test_a_broken_history_is_set_aside_and_a_new_one_begins(
    tmp_path: Path, damage: Callable[[Path], None], caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "lokal.db"
    damage(path)
    (tmp_path / "lokal.db-wal").write_bytes(b"the old file's last writes")
    with caplog.at_level(logging.ERROR, logger="lokal.store"):
        set_aside = open_or_set_aside(path)
    assert isinstance(set_aside, SetAside)
    assert set_aside.moved_to.parent == tmp_path
    assert set_aside.moved_to.name.startswith("lokal.db.unreadable-")
    assert os.path.lexists(set_aside.moved_to)  # kept, never deleted
    assert (tmp_path / f"{set_aside.moved_to.name}-wal").read_bytes() == (
        b"the old file's last writes"
    )
    assert not os.path.lexists(path) and not (tmp_path / "lokal.db-wal").exists()
    assert set_aside.cause and set_aside.cause in caplog.text  # the log says why
    assert str(set_aside.moved_to) in set_aside.sentence()
    with ChatStore(path) as fresh:  # and a new history begins
        assert fresh.list_conversations() == []
    assert open_or_set_aside(path) is None


def test_a_history_that_opens_is_left_alone(tmp_path: Path) -> None:
    path = a_history(tmp_path / "lokal.db")
    assert open_or_set_aside(path) is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["lokal.db"]


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root may write anywhere"
)
def test_a_history_that_cannot_be_moved_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    not_sqlite(folder / "lokal.db")
    folder.chmod(0o500)
    try:
        with pytest.raises(HistoryUnusable):
            open_or_set_aside(folder / "lokal.db")
    finally:
        folder.chmod(0o700)


def test_the_sentence_is_in_english_and_german(qtbot: QtBot, tmp_path: Path) -> None:
    set_aside = SetAside(tmp_path / "lokal.db.unreadable-20260101-000000", "file is not a database")
    assert translated(set_aside.sentence()).startswith("Lokal could not read its conversation")
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    appearance.apply_language(app, "de")
    try:
        german = translated(set_aside.sentence())
    finally:
        appearance.apply_language(app, "en")
    assert german != set_aside.sentence() and str(set_aside.moved_to) in german


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_window_starts_on_a_broken_history(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    truncated(folder / "lokal.db")
    env = {**os.environ, "LOKAL_DATA_DIR": str(folder), "QT_QPA_PLATFORM": "offscreen"}
    process = subprocess.Popen(
        [sys.executable, "-m", "app", "gui"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        log = folder / "logs" / "lokal.log"
        deadline = time.monotonic() + 120
        # Another process's progress: nothing here to wait on but time.
        while "a new one begins" not in (log.read_text() if log.exists() else ""):
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "the window did not start"
            time.sleep(0.1)
        text = log.read_text()
        assert "cannot be opened: database disk image is malformed" in text
        assert len(list(folder.glob("lokal.db.unreadable-*[0-9]"))) == 1
        time.sleep(0.5)  # it stays up: no exit right after
        assert process.poll() is None
        process.send_signal(signal.SIGTERM)
        _out, err = process.communicate(timeout=60)
        assert process.returncode == 0 and "Traceback" not in err
        with ChatStore(folder / "lokal.db") as fresh:
            assert fresh.list_conversations() == []
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def test_the_window_shows_the_sentence(qtbot: QtBot) -> None:
    from app.ui.launch import _tell

    parent = QMessageBox()
    qtbot.addWidget(parent)
    _tell(parent, "Lokal could not read … <b>kept</b> at /x")
    box = parent.findChild(QMessageBox, "historySetAside")
    assert box is not None and box.text().endswith("<b>kept</b> at /x")
