"""Connections kept in ``connections.json`` in Lokal's folder; their API keys only in the
operating system's keyring (as the Hugging Face token: app.core.models.token).

A connection names a base URL, an optional CA file (TLS verification is always on;
a server with its own certificate is trusted by naming its CA, never by turning
checks off), the kind of server the last test found, and the hosts the user marked
"on this network", which offline mode still lets Lokal reach.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from app.core.atomic_file import write_text_atomically
from app.core.engine.remote.client import RemoteTarget
from app.core.engine.remote.wire import FLAVORS, Flavor
from app.core.models import token as tokens
from app.core.paths import data_dir
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

FILE_NAME = "connections.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")


class ConnectionProblem(Exception):
    """A connection cannot be added, found or kept; str() is a sentence."""


@dataclass(frozen=True)
class Connection:
    name: str
    base_url: str
    ca_file: str | None = None
    flavor: Flavor = "openai"
    local_hosts: tuple[str, ...] = ()
    models: tuple[str, ...] = field(default=())  # what the last test listed

    @property
    def host(self) -> str:
        return (urlsplit(self.base_url).hostname or "").lower()

    @property
    def on_this_network(self) -> bool:
        return self.host in self.local_hosts

    @property
    def extra_hosts(self) -> tuple[str, ...]:
        """Other hosts offline mode lets through for this server: its other names or
        addresses, where a redirect leads, or the proxy that carries the requests."""
        return tuple(host for host in self.local_hosts if host != self.host)

    def target(self, model: str, api_key: str | None = None) -> RemoteTarget:
        return RemoteTarget(
            self.name, self.base_url, model, api_key, self.ca_file, self.flavor, self.local_hosts
        )


def normalise_url(url: str) -> str:
    """``url`` with an /v1 ending (servers and guides differ on whether it is written)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConnectionProblem(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core", "%1 is not a server address; it must start with http:// or https://."
                ),
                url,
            )
        )
    if not parts.path or parts.path == "/":
        url += "/v1"
    return url


_HOST = re.compile(r"^[a-z0-9._:-]{1,253}$")


def marked_hosts(base_url: str, on_this_network: bool, extra: Iterable[str]) -> tuple[str, ...]:
    """The hosts offline mode may reach for a connection: its own when it is marked "on
    this network", and each extra one (a name, an IPv4 or IPv6 address; a port or scheme
    written with it is dropped). Raises ConnectionProblem for something that is no host."""
    hosts: list[str] = []
    own = (urlsplit(base_url.strip()).hostname or "").lower()
    if on_this_network and own:
        hosts.append(own)
    for text in extra:
        for item in re.split(r"[,\s]+", text.strip()):
            if not item:
                continue
            host = item.lower()
            if "://" in host or host.startswith("["):
                host = (urlsplit(host if "://" in host else f"//{host}").hostname or "").lower()
            elif host.count(":") == 1:
                host = host.split(":", 1)[0]  # name:port
            if not _HOST.match(host):
                raise ConnectionProblem(
                    Sentence(
                        QT_TRANSLATE_NOOP("core", "%1 is not a host name or an address."), item
                    )
                )
            if host not in hosts:
                hosts.append(host)
    return tuple(hosts)


def _file() -> Path:
    return data_dir() / FILE_NAME


def load_connections() -> list[Connection]:
    try:
        raw = json.loads(_file().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError):
        return []  # an unreadable file is "none", never a crash; adding one rewrites it
    out = []
    for item in raw.get("connections", []) if isinstance(raw, dict) else []:
        try:
            out.append(_from_json(item))
        except (TypeError, ValueError, KeyError):
            continue
    return out


def _from_json(item: dict[str, Any]) -> Connection:
    flavor = item.get("flavor", "openai")
    return Connection(
        name=str(item["name"]),
        base_url=str(item["base_url"]),
        ca_file=item.get("ca_file") or None,
        flavor=flavor if flavor in FLAVORS else "openai",
        local_hosts=tuple(str(h).lower() for h in item.get("local_hosts", [])),
        models=tuple(str(m) for m in item.get("models", [])),
    )


def _save(connections: list[Connection]) -> None:
    data = {"connections": [asdict(c) for c in connections]}
    _file().parent.mkdir(parents=True, exist_ok=True)
    write_text_atomically(_file(), json.dumps(data, indent=2, ensure_ascii=False))


def find_connection(name: str) -> Connection:
    for connection in load_connections():
        if connection.name == name:
            return connection
    raise ConnectionProblem(
        Sentence(QT_TRANSLATE_NOOP("core", "There is no connection called %1."), name)
    )


def add_connection(connection: Connection) -> None:
    """Add, or replace the one with the same name."""
    if not _NAME.match(connection.name):
        raise ConnectionProblem(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core",
                    "A connection's name is up to 40 letters, digits, dots, dashes or "
                    "underscores: %1 is not one.",
                ),
                connection.name,
            )
        )
    if connection.ca_file and not Path(connection.ca_file).is_file():
        raise ConnectionProblem(
            Sentence(
                QT_TRANSLATE_NOOP("core", "The CA file %1 does not exist."), connection.ca_file
            )
        )
    connection = replace(connection, base_url=normalise_url(connection.base_url))
    others = [c for c in load_connections() if c.name != connection.name]
    _save([*others, connection])


def update_connection(connection: Connection) -> None:
    _save([connection if c.name == connection.name else c for c in load_connections()])


def remove_connection(name: str) -> None:
    find_connection(name)
    _save([c for c in load_connections() if c.name != name])
    clear_key(name)


# --- keys -------------------------------------------------------------------


def _user(name: str) -> str:
    return f"connection:{name}"


def set_key(name: str, key: str, backend: Any | None = None) -> None:
    """Store ``key`` in the keyring; raises ConnectionProblem (a sentence) where no secure
    keyring can hold it: a key is never written anywhere else."""
    key = key.strip()
    verdict = tokens.assess_keyring(backend)
    if not verdict.usable:
        raise ConnectionProblem(
            Sentence(
                QT_TRANSLATE_NOOP("core", "The API key was not stored: %1"),
                Sentence(
                    QT_TRANSLATE_NOOP("core", "no secure keyring is available on this computer")
                ),
            )
        )
    tokens.remember_secret(key)
    try:
        verdict.backend.set_password(tokens.SERVICE, _user(name), key)
    except Exception as exc:
        raise ConnectionProblem(
            Sentence(
                QT_TRANSLATE_NOOP("core", "The API key was not stored: %1"),
                tokens.redact(str(exc)) or type(exc).__name__,
            )
        ) from None


def get_key(name: str, backend: Any | None = None) -> str | None:
    verdict = tokens.assess_keyring(backend)
    if not verdict.usable:
        return None
    try:
        key = verdict.backend.get_password(tokens.SERVICE, _user(name))
    except Exception:
        return None  # a locked keyring: no key, and the server says whether it needs one
    if key:
        tokens.remember_secret(key)
    return key or None


def clear_key(name: str, backend: Any | None = None) -> None:
    verdict = tokens.assess_keyring(backend)
    if verdict.usable:
        try:
            verdict.backend.delete_password(tokens.SERVICE, _user(name))
        except Exception:
            return  # nothing stored


def parse_model_ref(text: str) -> tuple[str, str] | None:
    """``CONNECTION:MODEL`` → (connection, model) when CONNECTION is a saved connection;
    None for anything else (a path, even one with a colon, as C:\\models\\x.gguf)."""
    name, colon, model = text.partition(":")
    if not colon or not model or not _NAME.match(name):
        return None
    if not any(c.name == name for c in load_connections()):
        return None
    return name, model
