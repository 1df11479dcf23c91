"""`lokal connections add/list/remove/test`: the servers Lokal may send a conversation to.

An API key is read from the terminal (hidden) or from standard input, never from the
command line, where the shell's history and the process list would keep it.
"""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import json
import sys
from typing import Any

from app.core.connections.probe import probe
from app.core.connections.store import (
    Connection,
    ConnectionProblem,
    add_connection,
    find_connection,
    get_key,
    load_connections,
    marked_hosts,
    remove_connection,
    set_key,
    update_connection,
)


def add_parser(commands: Any) -> None:
    parser = commands.add_parser(
        "connections", help="servers that run models for Lokal (vLLM, llama-server, Ollama)"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add or replace a connection")
    add.add_argument("name", help="a short name, used as NAME:MODEL")
    add.add_argument(
        "url", help="the server's OpenAI-compatible base URL, e.g. https://gpu:8000/v1"
    )
    key = add.add_mutually_exclusive_group()
    key.add_argument("--ask-key", action="store_true", help="ask for an API key (hidden)")
    key.add_argument("--key-stdin", action="store_true", help="read the API key from stdin")
    add.add_argument("--ca-file", default=None, help="the CA certificate the server's TLS uses")
    add.add_argument(
        "--on-this-network",
        action="store_true",
        help="the server is on this network: offline mode may still use it",
    )
    add.add_argument(
        "--allow-host",
        action="append",
        default=[],
        metavar="HOST",
        help="another host offline mode may reach for this server (its other name or "
        "address, where it redirects to, or the proxy in front of it); repeatable",
    )
    listing = actions.add_parser("list", help="the connections")
    listing.add_argument("--json", action="store_true", help="print JSON")
    remove = actions.add_parser("remove", help="remove a connection and its key")
    remove.add_argument("name")
    test = actions.add_parser("test", help="list the server's models and say what was found")
    test.add_argument("name")


def run_connections(args: argparse.Namespace) -> int:
    try:
        if args.action == "add":
            return _add(args)
        if args.action == "list":
            return _list(args)
        if args.action == "remove":
            remove_connection(args.name)
            print(f"Removed {args.name}.")
            return 0
        return _test(args.name)
    except ConnectionProblem as exc:
        print(f"lokal: {exc}", file=sys.stderr)
        return 1


def _add(args: argparse.Namespace) -> int:
    local = marked_hosts(args.url, args.on_this_network, args.allow_host)
    connection = Connection(args.name, args.url, args.ca_file, local_hosts=local)
    key = None
    if args.ask_key:
        key = getpass.getpass("API key: ")
    elif args.key_stdin:
        key = sys.stdin.readline()
    add_connection(connection)
    if key and key.strip():
        set_key(args.name, key)
    saved = find_connection(args.name)
    print(f"Added {saved.name}: {saved.base_url}. Run `lokal connections test {saved.name}`.")
    return 0


def _list(args: argparse.Namespace) -> int:
    connections = load_connections()
    if args.json:
        rows = [
            dataclasses.asdict(c) | {"has_key": get_key(c.name) is not None} for c in connections
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    if not connections:
        print("No connections. Add one with `lokal connections add NAME URL`.")
        return 0
    for c in connections:
        notes: list[str] = [c.flavor]
        if get_key(c.name):
            notes.append("key in keyring")
        if c.ca_file:
            notes.append(f"CA {c.ca_file}")
        if c.on_this_network:
            notes.append("on this network")
        if c.extra_hosts:
            notes.append("offline also reaches " + ", ".join(c.extra_hosts))
        print(f"{c.name}\t{c.base_url}\t({', '.join(notes)})")
        for model in c.models:
            print(f"\t{c.name}:{model}")
    return 0


def _test(name: str) -> int:
    connection = find_connection(name)
    result = probe(connection.target("", get_key(name)))
    print(result.sentence)
    if result.ok:
        found = dataclasses.replace(connection, flavor=result.flavor, models=result.models)
        update_connection(found)
    return 0 if result.ok else 1
