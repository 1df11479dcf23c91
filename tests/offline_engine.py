"""An engine process that tries to phone home once its entry point has gone offline.

It is the real engine_main plus a thread that waits until the network guard is on
(which only engine_main itself does, from the environment the parent set) and then
tries to connect to a documentation address (TEST-NET-1). The guard records the
attempt in LOKAL_NETWORK_LOG, which proves the engine's entry installs the guard.
Lives in an importable module because the engine process is started with "spawn".
"""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

PHONE_HOME = ("192.0.2.1", 443)


def _phone_home_when_offline() -> None:
    from app.core import network_guard

    deadline = time.monotonic() + 30
    while not network_guard.is_offline() and time.monotonic() < deadline:
        time.sleep(0.01)
    # Refused by the guard (or unreachable when the guard is missing).
    with contextlib.suppress(OSError):
        socket.create_connection(PHONE_HOME, timeout=1).close()


def engine_main_that_phones_home(conn: Connection, cancel_up_to: Any) -> None:
    from app.core.engine.engine_process import engine_main

    threading.Thread(target=_phone_home_when_offline, daemon=True).start()
    engine_main(conn, cancel_up_to)
