"""``mcp.json`` in the data folder: the ``mcpServers`` format other apps use.

Each entry is a stdio server (``command``, ``args``, ``env``, ``cwd``) or an
HTTP one (``url``, ``headers``). Lokal's own keys sit beside them and other
apps ignore them: ``disabled`` (Claude Desktop's and Cline's spelling),
``disabledTools`` (Cline's) and ``neverAsk`` (tools that run without asking).
Unknown keys are kept, so a file shared with another app survives a save.
Beside ``mcpServers``, ``pythonPackages`` names a folder whose packages the
``python`` tool may import (read-only), beyond the standard library.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

FILE_NAME = "mcp.json"

BAD_CONFIG = QT_TRANSLATE_NOOP("core", "The tool configuration %1 cannot be read: %2")
BAD_SERVER = QT_TRANSLATE_NOOP("core", "The tool server “%1” needs either a command or a URL.")


class ConfigError(ValueError):
    """A configuration file that cannot be used; the message is a sentence."""


@dataclass(frozen=True)
class ServerConfig:
    name: str
    command: str | None = None
    args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)
    cwd: str | None = None
    url: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    enabled: bool = True
    disabled_tools: frozenset[str] = frozenset()
    never_ask: frozenset[str] = frozenset()
    extra: dict[str, Any] = field(default_factory=dict)  # keys of other apps, kept

    @property
    def transport(self) -> str:
        return "http" if self.url else "stdio"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.extra)
        if self.url:
            data["url"] = self.url
            if self.headers:
                data["headers"] = dict(self.headers)
        else:
            data["command"] = self.command
            data["args"] = list(self.args)
            if self.env:
                data["env"] = dict(self.env)
            if self.cwd:
                data["cwd"] = self.cwd
        if not self.enabled:
            data["disabled"] = True
        if self.disabled_tools:
            data["disabledTools"] = sorted(self.disabled_tools)
        if self.never_ask:
            data["neverAsk"] = sorted(self.never_ask)
        return data


_OWN_KEYS = {
    "command", "args", "env", "cwd", "url", "headers", "disabled", "disabledTools", "neverAsk",
    "type", "transport",
}  # fmt: skip


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"{what} must be a list of strings")
    return tuple(value)


def _mapping(value: Any, what: str) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be an object")
    return {str(k): str(v) for k, v in value.items()}


def server_from_json(name: str, data: Any) -> ServerConfig:
    if not isinstance(data, dict):
        raise ValueError(f"the entry “{name}” must be an object")
    command, url = data.get("command"), data.get("url") or data.get("serverUrl")
    if not (isinstance(command, str) and command) and not (isinstance(url, str) and url):
        raise ValueError(Sentence(BAD_SERVER, name))
    return ServerConfig(
        name=name,
        command=command if isinstance(command, str) and command else None,
        args=_strings(data.get("args"), "args"),
        env=_mapping(data.get("env"), "env"),
        cwd=data.get("cwd") if isinstance(data.get("cwd"), str) else None,
        url=url if isinstance(url, str) and url else None,
        headers=_mapping(data.get("headers"), "headers"),
        enabled=not bool(data.get("disabled", False)),
        disabled_tools=frozenset(_strings(data.get("disabledTools"), "disabledTools")),
        never_ask=frozenset(_strings(data.get("neverAsk"), "neverAsk")),
        extra={k: v for k, v in data.items() if k not in _OWN_KEYS},
    )


@dataclass(frozen=True)
class ToolsConfig:
    servers: tuple[ServerConfig, ...] = ()
    # A folder of pure-Python packages the python tool may import; None: standard library only.
    python_packages: str | None = None

    def get(self, name: str) -> ServerConfig | None:
        return next((s for s in self.servers if s.name == name), None)

    def with_server(self, server: ServerConfig) -> ToolsConfig:
        others = tuple(s for s in self.servers if s.name != server.name)
        return replace(self, servers=(*others, server))

    def with_python_packages(self, folder: str | None) -> ToolsConfig:
        return replace(self, python_packages=folder or None)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"mcpServers": {s.name: s.to_json() for s in self.servers}}
        if self.python_packages:
            data["pythonPackages"] = self.python_packages
        return data


def parse_config(text: str) -> ToolsConfig:
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("the file must hold a JSON object")
    servers = data.get("mcpServers", data.get("servers", {}))
    if not isinstance(servers, dict):
        raise ValueError("mcpServers must be an object")
    packages = data.get("pythonPackages")
    return ToolsConfig(
        tuple(server_from_json(str(n), v) for n, v in servers.items()),
        packages if isinstance(packages, str) and packages else None,
    )


def load_config(path: Path) -> ToolsConfig:
    """The servers in ``path``; an absent file is an empty configuration."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ToolsConfig()
    except OSError as exc:
        raise ConfigError(Sentence(BAD_CONFIG, str(path), exc.strerror or str(exc))) from exc
    try:
        return parse_config(text)
    except ValueError as exc:  # json.JSONDecodeError is one
        raise ConfigError(Sentence(BAD_CONFIG, str(path), str(exc))) from exc


def save_config(path: Path, config: ToolsConfig) -> None:
    """Write atomically: a crash mid-save leaves the old file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".mcp-", suffix=".json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(config.to_json(), handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def import_config(ours: ToolsConfig, other: Path) -> tuple[ToolsConfig, list[str]]:
    """Add the servers of another app's file; a name already here is left as it is.

    Returns the new configuration and the names added.
    """
    theirs = load_config(other)
    added: list[str] = []
    for server in theirs.servers:
        if ours.get(server.name) is None:
            ours = ours.with_server(server)
            added.append(server.name)
    return ours, added
