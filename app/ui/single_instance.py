"""One Lokal per data folder: a second launch hands its files to the first and ends.

"Open with Lokal" in a file manager starts `lokal FILE...` every time. A second
window would run a second engine next to the first (twice the memory for the
model), and its start-up would mark the first window's streaming answer as
interrupted. So the first launch holds a lock file in the data folder and
listens on a local socket named after that folder; a later launch finds the
lock taken, sends its files over the socket and exits.

A lock left by a crash is taken over: QLockFile sees that the process named in
it is gone, and the socket name it listened on is cleared before listening.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import time
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QByteArray, QDeadlineTimer, QLockFile, QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("lokal.gui")

LOCK_FILE = "lokal.lock"
# How long a second launch tries to reach the first: it may itself be starting.
HAND_OVER_MS = 10_000
_REPLY = b"ok\n"


def server_name(folder: Path) -> str:
    """A local socket name for this data folder (and so for this user)."""
    digest = hashlib.sha256(os.fsencode(folder.resolve())).hexdigest()[:20]
    return f"lokal-{digest}"


class Primary(QObject):
    """The first launch: holds the lock and takes the files later launches send."""

    files_received = Signal(list)  # list[Path]

    def __init__(self, lock: QLockFile, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lock = lock
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        # A crash leaves the socket file behind on Unix; the lock says it is ours now.
        QLocalServer.removeServer(name)
        if not self.server.listen(name):
            log.warning("cannot listen for later launches: %s", self.server.errorString())
        self.server.newConnection.connect(self._accept)

    def _accept(self) -> None:
        while (connection := self.server.nextPendingConnection()) is not None:
            connection.readyRead.connect(self._ready)
            connection.disconnected.connect(connection.deleteLater)
            if connection.bytesAvailable():
                self._read(connection)

    def _ready(self) -> None:
        connection = self.sender()
        if isinstance(connection, QLocalSocket):
            self._read(connection)

    def _read(self, connection: QLocalSocket) -> None:
        if not connection.canReadLine():
            return
        line = bytes(connection.readLine().data())
        try:
            files = [Path(name) for name in json.loads(line)["files"]]
        except (ValueError, KeyError, TypeError):
            log.warning("a later launch sent something unreadable; ignored")
            connection.disconnectFromServer()
            return
        connection.write(QByteArray(_REPLY))
        connection.flush()
        log.info("a later launch handed over %d file(s)", len(files))
        self.files_received.emit(files)

    def release(self) -> None:
        self.server.close()
        self._lock.unlock()


def claim(folder: Path) -> Primary | None:
    """The lock for ``folder`` (a Primary), or None when another Lokal holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = QLockFile(str(folder / LOCK_FILE))
    lock.setStaleLockTime(0)  # stale only when its process is gone, however long it ran
    if not lock.tryLock(0):
        if lock.error() == QLockFile.LockError.LockFailedError:
            return None
        # The folder cannot hold a lock file (read-only): run alone, unguarded.
        log.warning(
            "no lock file in %s (%s): a second launch is not prevented", folder, lock.error()
        )
    return Primary(lock, server_name(folder))


def hand_over(folder: Path, files: Sequence[Path], timeout_ms: int = HAND_OVER_MS) -> bool:
    """Send ``files`` to the Lokal that holds ``folder``; True once it has them."""
    payload = json.dumps({"files": [str(Path(f).expanduser().resolve()) for f in files]})
    deadline = QDeadlineTimer(timeout_ms)
    name = server_name(folder)
    while not deadline.hasExpired():
        socket = QLocalSocket()
        socket.connectToServer(name)
        if socket.waitForConnected(min(1000, max(1, deadline.remainingTime()))):
            socket.write(QByteArray((payload + "\n").encode()))
            socket.flush()
            reply = b""
            while _REPLY not in reply and socket.waitForReadyRead(max(1, deadline.remainingTime())):
                reply += bytes(socket.readAll().data())
            socket.disconnectFromServer()
            if _REPLY in reply:
                return True
        # Not listening yet (it is starting up): ask again shortly. No window or event
        # loop exists in this process yet, so sleeping blocks nothing.
        time.sleep(0.2)
    return False
