"""The `lokal` command: the window by default, and subcommands for terminals and scripts."""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

from app.cli import arguments
from app.core.sentence import Sentence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lokal", description="Private, offline chat with gpt-oss on this computer."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    gui = commands.add_parser("gui", help="open the window (the default)")
    # The desktop entry passes the files a person opened with Lokal (Exec=lokal %F).
    gui.add_argument("files", nargs="*", type=Path, help="models or documents to open")

    ask = commands.add_parser("ask", help="answer one prompt in the terminal")
    ask.add_argument("prompt", help="what to ask")
    ask.add_argument(
        "--model",
        required=True,
        help="path to a GGUF model file, or CONNECTION:MODEL for a model on a server",
    )
    ask.add_argument("--effort", choices=("low", "medium", "high"), default="medium")
    ask.add_argument("--show-reasoning", action="store_true", help="print the reasoning, dimmed")
    ask.add_argument("--json", action="store_true", help="print one JSON object per event")
    ask.add_argument("--max-tokens", type=arguments.max_tokens, default=4096)
    ask.add_argument("--temperature", type=arguments.temperature, default=1.0)
    ask.add_argument("--top-p", type=arguments.top_p, default=1.0)
    ask.add_argument("--seed", type=arguments.seed, default=None)
    ask.add_argument(
        "--context",
        type=arguments.context,
        default=None,
        help="context length in tokens (default: planned)",
    )
    ask.add_argument(
        "--threads",
        type=arguments.threads,
        default=None,
        help="threads (default: one per physical core; at most this computer's processors)",
    )
    ask.add_argument("--instructions", default=None, help="developer instructions")
    ask.add_argument(
        "--attach", action="append", default=[], metavar="FILE", help="a document to ask about"
    )
    ask.add_argument(
        "--tools", default="", metavar="SERVER,...", help="let the model call these MCP servers"
    )
    ask.add_argument("--yes", action="store_true", help="run every tool call without asking")
    ask.add_argument("--config", type=Path, default=None, help="the tool servers file")

    extract = commands.add_parser("extract", help="print the text Lokal reads from a document")
    extract.add_argument("file", help="a PDF, DOCX, Markdown, text, code, HTML or CSV file")
    extract.add_argument("--json", action="store_true", help="print the result as JSON")

    selftest = commands.add_parser(
        "selftest", help="check the engine end to end on a tiny built-in model"
    )
    selftest.add_argument(
        "--window",
        action="store_true",
        help="check the window instead: Qt, icon, translations, catalog, a model loaded in it",
    )

    doctor = commands.add_parser("doctor", help="show what this computer offers the engine")
    doctor.add_argument("--json", action="store_true", help="print the facts as JSON")
    doctor.add_argument(
        "--model", default=None, help="plan for this GGUF file (default: gpt-oss-20b)"
    )
    from app.cli.connections import add_parser as add_connections_parser
    from app.cli.models import add_parser as add_models_parser
    from app.cli.serve import add_parser as add_serve_parser

    add_models_parser(commands)
    from app.cli.tools import add_parser as add_tools_parser

    add_tools_parser(commands)
    add_connections_parser(commands)
    add_serve_parser(commands)
    return parser


def command_names(parser: argparse.ArgumentParser) -> set[str]:
    """The subcommands the parser knows (read from it, so a new one is never missed)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def with_command(argv: Sequence[str], parser: argparse.ArgumentParser | None = None) -> list[str]:
    """`lokal FILE...` (how the desktop opens files with Lokal) means `lokal gui FILE...`."""
    argv = list(argv)
    commands = command_names(parser or build_parser())
    if argv and argv[0] not in commands and not argv[0].startswith("-"):
        argv.insert(0, "gui")
    return argv


def main(argv: Sequence[str] | None = None) -> int:
    # Frozen builds start the engine process through this entry point too.
    multiprocessing.freeze_support()
    parser = build_parser()
    args = parser.parse_args(with_command(sys.argv[1:] if argv is None else argv, parser))
    _start_log(args.command or "gui")
    # Offline mode (the default once a model is installed): no connection leaves this computer.
    from app.core.models.offline import apply_offline_mode

    apply_offline_mode()
    notice = _update_notice()
    if notice is not None and args.command is not None:
        # The window shows it in its status bar; a terminal command says it first.
        print(notice, file=sys.stderr)
    if args.command == "models":
        from app.cli.models import run_models

        return run_models(args)
    if args.command == "tools":
        from app.cli.tools import run_tools

        return run_tools(args)
    if args.command == "connections":
        from app.cli.connections import run_connections

        return run_connections(args)
    if args.command == "serve":
        from app.cli.serve import run_serve

        return run_serve(args)
    if args.command == "ask":
        from app.cli.ask import run_ask

        return run_ask(args)
    if args.command == "extract":
        from app.cli.extract import run_extract

        return run_extract(args)
    if args.command == "doctor":
        from app.cli.doctor import run_doctor

        return run_doctor(args)
    if args.command == "selftest" and args.window:
        from app.cli.selftest_window import run_window_selftest

        return run_window_selftest()
    if args.command == "selftest":
        from app.cli.selftest import run_selftest

        return run_selftest()
    from app.ui.launch import run_gui

    return run_gui(sys.argv[:1], getattr(args, "files", []), notice=notice)


def app_version() -> str:
    """This Lokal's version, from its installed metadata (the bundle carries it too)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("lokal")
    except PackageNotFoundError:
        return "(version unknown)"


def _start_log(command: str) -> None:
    from app.core.logging_setup import install_logging

    install_logging()
    frozen = ", bundled" if getattr(sys, "frozen", False) else ""
    logging.getLogger("lokal").info(
        "Lokal %s: %s on %s, Python %s%s",
        app_version(),
        command,
        platform.platform(),
        platform.python_version(),
        frozen,
    )


def _update_notice() -> Sentence | None:
    """ "Updated to X.Y.Z" when this is the first start of a newer version (once)."""
    from app.core.paths import data_dir
    from app.core.update_notice import take_update_notice

    return take_update_notice(data_dir(), app_version())
