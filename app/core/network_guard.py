"""Offline mode, enforced: while it is on, this process opens no network connection.

An audit hook (PEP 578) sees every socket connect, send-to and name lookup that
Python code makes, whichever library makes it, and refuses those that would
leave this computer; loopback and local (Unix) sockets stay allowed, because
the app talks to its own parts through them. Every refused attempt is recorded
(and appended to the file named by LOKAL_NETWORK_LOG, so a test can read what a
child process tried).

The engine process inherits the switch through the environment (LOKAL_OFFLINE)
and installs the same hook when it starts; llama.cpp itself opens no sockets
when it loads a model from a path.

Audit hooks cannot be removed, so the hook is installed once and consults a
module-level switch.
"""

from __future__ import annotations

import ipaddress
import os
import sys
import threading
from typing import Any

OFFLINE_ENV = "LOKAL_OFFLINE"
LOG_ENV = "LOKAL_NETWORK_LOG"
OFFLINE_SENTENCE = "Lokal is in offline mode, so it opens no network connections."

_lock = threading.Lock()
_installed = False
_offline = False
_attempts: list[str] = []
# Hosts the user marked "on this network" for a remote engine, with their addresses.
_allowed: set[str] = set()
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


class OfflineError(ConnectionRefusedError):
    """A network connection was refused because offline mode is on."""


def is_loopback(host: Any) -> bool:
    """Whether ``host`` (a name, an address, or None for "this machine") stays on this computer."""
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str):
        return False
    name = host.strip("[]").split("%", 1)[0].lower()
    if name in _LOCAL_NAMES or name == "":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def _destination(event: str, args: tuple[Any, ...]) -> tuple[str, bool]:
    """A description of where an audited call goes, and whether it stays local."""
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        if isinstance(address, (str, bytes)) or address is None:  # AF_UNIX path, or none
            return repr(address), True
        if isinstance(address, tuple) and address:
            return f"{address[0]}:{address[1] if len(address) > 1 else ''}", is_loopback(address[0])
        return repr(address), False
    host = args[0] if args else None
    if isinstance(host, tuple) and host:  # getnameinfo takes a socket address
        host = host[0]
    return repr(host), is_loopback(host)


_WATCHED = {
    "socket.connect",
    "socket.sendto",
    "socket.sendmsg",
    "socket.getaddrinfo",
    "socket.gethostbyname",
    "socket.gethostbyaddr",
    "socket.getnameinfo",
}


def _hook(event: str, args: tuple[Any, ...]) -> None:
    if not _offline or event not in _WATCHED:
        return
    where, local = _destination(event, args)
    if local or _is_allowed(event, args):
        return
    _record(f"{event} {where}")
    raise OfflineError(OFFLINE_SENTENCE)


def _record(line: str) -> None:
    with _lock:
        _attempts.append(line)
    log = os.environ.get(LOG_ENV)
    if log:
        # Opening a file is not a network call, so this cannot recurse into the hook.
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()} {line}\n")


def _is_allowed(event: str, args: tuple[Any, ...]) -> bool:
    if not _allowed:
        return False
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        address = args[1] if len(args) > 1 else None
        host = address[0] if isinstance(address, tuple) and address else None
    else:
        host = args[0] if args else None
        if isinstance(host, tuple) and host:
            host = host[0]
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    return isinstance(host, str) and host.strip("[]").lower() in _allowed


def allow_host(host: str) -> None:
    """Let connections to ``host`` (a name or an address the user marked "on this network")
    through while offline, by name and by the addresses it resolves to now."""
    import socket

    name = host.strip("[]").lower()
    with _lock:
        _allowed.add(name)
    try:
        infos = socket.getaddrinfo(name, None)
    except OSError:
        return  # unresolvable now: the connection attempt says so itself
    with _lock:
        _allowed.update(str(info[4][0]).lower() for info in infos)


def allowed_hosts() -> set[str]:
    with _lock:
        return set(_allowed)


def install() -> None:
    """Install the audit hook (once per process); it does nothing until offline mode is on."""
    global _installed
    with _lock:
        if _installed:
            return
        sys.addaudithook(_hook)
        _installed = True


def set_offline(offline: bool) -> None:
    """Turn offline mode on or off for this process and the processes it starts from now on."""
    global _offline
    install()
    _offline = offline
    if offline:
        os.environ[OFFLINE_ENV] = "1"
    else:
        os.environ.pop(OFFLINE_ENV, None)


def is_offline() -> bool:
    return _offline


def install_from_environment() -> None:
    """For child processes: go offline when the parent was offline when it started them."""
    if os.environ.get(OFFLINE_ENV) == "1":
        set_offline(True)


def attempts() -> list[str]:
    """The connections refused in this process so far, oldest first."""
    with _lock:
        return list(_attempts)


def clear_attempts() -> None:
    with _lock:
        _attempts.clear()
