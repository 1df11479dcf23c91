"""`lokal serve`: the OpenAI-compatible server, headless, with its own engine."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.core.network_guard import is_loopback


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = commands.add_parser(
        "serve", help="answer OpenAI-compatible API requests on this computer"
    )
    serve.add_argument("--model", default=None, help="an installed model's name or a GGUF path")
    serve.add_argument("--port", type=int, default=8080, help="0 picks a free port")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on")
    serve.add_argument("--api-key", default=None, help="the key clients must send")
    serve.add_argument(
        "--no-api-key", action="store_true", help="accept requests without a key (loopback only)"
    )
    serve.add_argument(
        "--cors-origin", action="append", default=[], metavar="ORIGIN",
        help="a web origin allowed to call the server from a browser",
    )  # fmt: skip
    serve.add_argument(
        "--allow-host", action="append", default=[], metavar="NAME[:PORT]",
        help="another Host header to accept (a name or address this server is reached by)",
    )  # fmt: skip
    serve.add_argument("--context", type=int, default=None, help="context length in tokens")
    serve.add_argument("--threads", type=int, default=None)
    serve.add_argument("--max-waiting", type=int, default=4, help="requests that may queue")


def _model_choice(args: argparse.Namespace) -> tuple[Path, str] | str:
    """(file, name clients use) or a sentence saying why there is none."""
    from app.core.models.installed import find_installed, list_installed
    from app.core.settings import load

    choice = args.model or load()[0].default_model
    if choice is None:
        installed = list_installed()
        if not installed:
            return "No model is installed; give one with --model PATH."
        return installed[0].path, installed[0].name
    found = find_installed(choice)
    if found is not None:
        return found.path, found.name
    path = Path(choice).expanduser()
    return path, path.stem


def run_serve(args: argparse.Namespace) -> int:
    if args.no_api_key and not is_loopback(args.host):
        print(
            "lokal: --no-api-key is refused on an address other computers can reach.",
            file=sys.stderr,
        )
        return 2
    from app.core.server.api_key import ApiKeyError, server_key

    key: str | None = None
    if not args.no_api_key:
        try:
            key = server_key(args.api_key)
        except ApiKeyError as exc:
            print(f"lokal: {exc}", file=sys.stderr)
            return 1
    choice = _model_choice(args)
    if isinstance(choice, str):
        print(f"lokal: {choice}", file=sys.stderr)
        return 1
    from app.core.server.serve import listening_socket

    try:
        sock = listening_socket(args.host, args.port)
    except OSError as exc:
        print(f"lokal: cannot listen on {args.host}:{args.port} ({exc.strerror}).", file=sys.stderr)
        return 1
    from app.core.server.limits import Limits
    from app.core.server.serve import ServeOptions, serve

    options = ServeOptions(
        model_path=choice[0],
        model_name=choice[1],
        api_key=key,
        cors_origins=args.cors_origin,
        extra_hosts=args.allow_host,
        n_ctx=args.context,
        threads=args.threads,
        limits=Limits(max_waiting=max(0, args.max_waiting)),
    )
    return serve(sock, options)
