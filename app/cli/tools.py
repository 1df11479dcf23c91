"""`lokal tools list|call`: check the MCP servers of mcp.json from the terminal;
`lokal tools python-packages [PATH | --clear]`: the python tool's extra packages folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from app.core.paths import data_dir
from app.core.tools import ServerStatus, ToolHost
from app.core.tools.config import FILE_NAME, ConfigError


def add_parser(commands: Any) -> None:
    tools = commands.add_parser("tools", help="list or call the tools of the configured servers")
    tools.add_argument(
        "--config",
        type=Path,
        default=None,
        help=f"the servers file (default: {FILE_NAME} in the data folder)",
    )
    actions = tools.add_subparsers(dest="tools_command", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="start each server and print its state and tools")
    listing.add_argument("--json", action="store_true", help="print the result as JSON")
    call = actions.add_parser("call", help="call one tool")
    call.add_argument("server")
    call.add_argument("tool")
    call.add_argument("arguments", nargs="?", default="{}", help="a JSON object")
    call.add_argument("--timeout", type=float, default=60.0, help="seconds (default 60)")
    packages = actions.add_parser(
        "python-packages", help="show or set the folder of packages the python tool may import"
    )
    packages.add_argument("path", nargs="?", type=Path, help="a folder of pure-Python packages")
    packages.add_argument("--clear", action="store_true", help="the standard library only")


def config_path(args: argparse.Namespace) -> Path:
    return args.config or data_dir() / FILE_NAME


def run_tools(args: argparse.Namespace) -> int:
    try:
        host = ToolHost(config_path(args))
    except ConfigError as exc:
        print(f"lokal: {exc}", file=sys.stderr)
        return 1
    with host:
        if args.tools_command == "python-packages":
            return _python_packages(host, args.path, args.clear)
        if args.tools_command == "list":
            return _list(host, args.json)
        return _call(host, args.server, args.tool, args.arguments, args.timeout)


def _python_packages(host: ToolHost, path: Path | None, clear: bool) -> int:
    if path is not None or clear:
        if path is not None and not path.expanduser().is_dir():
            print(f"lokal: {path} is not a folder", file=sys.stderr)
            return 1
        folder = None if clear else str(path.expanduser().resolve()) if path else None
        host.set_config(host.config.with_python_packages(folder), restart=False)
    folder = host.config.python_packages
    print(folder if folder else "none: the python tool imports the standard library only")
    return 0


def status_json(status: ServerStatus) -> dict[str, Any]:
    return {
        "name": status.name,
        "transport": status.transport,
        "enabled": status.enabled,
        "state": status.state.value,
        "reason": status.reason,
        "stderr_tail": status.stderr_tail,
        "tools": [
            {
                "name": t.name,
                "model_name": t.model_name,
                "description": t.description,
                "parameters": t.parameters,
                "enabled": t.enabled,
                "never_ask": t.never_ask,
            }
            for t in status.tools
        ],
    }


def _list(host: ToolHost, as_json: bool) -> int:
    names = [s.name for s in host.config.servers if s.enabled]
    host.ensure(names)
    statuses = host.statuses()
    if as_json:
        print(json.dumps([status_json(s) for s in statuses], indent=2, ensure_ascii=False))
        return 0
    if not statuses:
        print(f"No tool servers are configured ({FILE_NAME} in the data folder).")
    for status in statuses:
        state = status.state.value if status.enabled else "off"
        if status.state.value == "ready":
            state += f" with {len(status.tools)} tools"
        print(f"{status.name} ({status.transport}): {state}")
        if status.reason:
            print(f"  reason: {status.reason}")
            for line in status.stderr_tail.strip().splitlines()[-5:]:
                print(f"  | {line}")
        for tool in status.tools:
            mark = "" if tool.enabled else " (off)"
            summary = (tool.description.strip().splitlines() or [""])[0]
            print(f"  - {tool.name}{mark}: {summary}")
    return 0


def _call(host: ToolHost, server: str, tool: str, arguments: str, timeout: float) -> int:
    result = host.call(server, tool, arguments, timeout_s=timeout)
    if result.error:
        print(f"lokal: {result.error}", file=sys.stderr)
    print(result.text)
    return 1 if result.is_error else 0
