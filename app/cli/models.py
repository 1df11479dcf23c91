"""`lokal models …`: list, download, import, verify and delete models from the terminal.

The same code as the model manager window. Progress is one updating line on a
terminal and a line every few seconds otherwise (logs, pipes). Ctrl+C pauses a
download; running the same command again resumes it.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
import time
from typing import Any, TextIO

from app.core import network_guard
from app.core.engine.protocol import SystemReport
from app.core.models import token as tokens
from app.core.models.catalog import CatalogEntry, CatalogError, find_entry, load_catalog
from app.core.models.download import (
    Event,
    Failed,
    Halted,
    Installed,
    Progress,
    amount,
    download_model,
    gigabytes,
)
from app.core.models.fit import FitVerdict, probe_report, verdict_for_entry, verdict_for_files
from app.core.models.installed import (
    InstalledModel,
    ModelError,
    delete_model,
    find_installed,
    import_gguf,
    list_incomplete,
    list_installed,
    mark_paused,
    verify_model,
)
from app.core.models.layout import model_folder
from app.core.models.offline import set_offline_mode
from app.core.models.progress_text import describe
from app.core.models.transfer import Control
from app.core.paths import models_dir

LOG_INTERVAL = 5.0  # seconds between progress lines when not on a terminal


def add_parser(commands: Any) -> None:
    """The `models` subcommand and its actions (called from app/cli/main.py)."""
    models = commands.add_parser("models", help="list, download, import, verify or delete models")
    # `lokal models` alone lists them, as `lokal models list` does.
    models.set_defaults(json=False)
    actions = models.add_subparsers(dest="action", metavar="ACTION")
    listing = actions.add_parser(
        "list", help="the catalog and the models on this computer (the default)"
    )
    listing.add_argument("--json", action="store_true", help="print JSON")
    download = actions.add_parser("download", help="download a catalog model (resumes)")
    download.add_argument("name", help="catalog name, e.g. gpt-oss-20b")
    download.add_argument(
        "--anyway", action="store_true", help="download even if it will not fit this computer"
    )
    imports = actions.add_parser("import", help="add a GGUF file from disk (it is not copied)")
    imports.add_argument("path")
    verify = actions.add_parser("verify", help="check installed files against their sha256")
    verify.add_argument("name", nargs="?", help="one model (default: all)")
    delete = actions.add_parser("delete", help="delete an installed model or unfinished download")
    delete.add_argument("name")
    delete.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    token = actions.add_parser("token", help="set or forget the Hugging Face token")
    token.add_argument("--clear", action="store_true", help="forget the stored token")
    offline = actions.add_parser("offline", help="turn offline mode on, off or automatic")
    offline.add_argument("mode", choices=("on", "off", "auto"))


def run_models(args: argparse.Namespace) -> int:
    try:
        handler = {
            "list": _list,
            "download": _download,
            "import": _import,
            "verify": _verify,
            "delete": _delete,
            "token": _token,
            "offline": _offline,
        }[args.action or "list"]
        return handler(args)
    except (ModelError, CatalogError) as exc:
        print(f"lokal: {tokens.redact(str(exc))}", file=sys.stderr)
        return 1


# --- list ---------------------------------------------------------------------


def _verdict_json(verdict: FitVerdict) -> dict[str, Any]:
    return {"fits": verdict.fits, "short": verdict.short, "explanation": verdict.sentence}


def _installed_json(model: InstalledModel, report: SystemReport) -> dict[str, Any]:
    return {
        "name": model.name,
        "label": model.label,
        "source": model.source,
        "installed": True,
        "path": str(model.path),
        "files": [str(p) for p in model.files],
        "size_bytes": model.size,
        "repo": model.repo,
        "commit": model.commit,
        "capabilities": model.capabilities,
        "problem": model.problem,
        "fit": _verdict_json(verdict_for_files(model.files, report)),
    }


def gather_list() -> list[dict[str, Any]]:
    report = probe_report()
    installed = {m.name: m for m in list_installed()}
    incomplete = {d.name: d for d in list_incomplete()}
    rows: list[dict[str, Any]] = []
    for entry in load_catalog():
        model = installed.pop(entry.name, None)
        if model:
            row = _installed_json(model, report)
        else:
            row = {
                "name": entry.name,
                "label": entry.label,
                "source": "catalog",
                "installed": False,
                "repo": entry.repo,
                "fit": _verdict_json(verdict_for_entry(entry, report)),
            }
        row["default_choice"] = entry.default
        if entry.name in incomplete:
            d = incomplete[entry.name]
            row["incomplete"] = {"done_bytes": d.done, "total_bytes": d.total}
        rows.append(row)
    rows += [_installed_json(m, report) for m in installed.values()]
    return rows


def _list(args: argparse.Namespace) -> int:
    rows = gather_list()
    if args.json:
        print(json.dumps({"models_folder": str(models_dir()), "models": rows}, indent=2))
        return 0
    print(f"Models folder: {models_dir()}")
    for row in rows:
        if row["installed"]:
            state = f"installed, {gigabytes(row['size_bytes'])}"
            if row["source"] == "import":
                state += f", imported from {row['path']}"
            if row["problem"]:
                state += f" — cannot be used: {row['problem']}"
        elif "incomplete" in row:
            inc = row["incomplete"]
            state = f"download paused at {amount(inc['done_bytes'], inc['total_bytes'])}"
        else:
            state = "not downloaded"
        print(f"  {row['name']:<20} {state}")
        print(f"  {'':<20} {row['fit']['short']}: {row['fit']['explanation']}")
    return 0


# --- download -----------------------------------------------------------------


class TerminalProgress:
    """One updating line on a terminal; a line every few seconds in a log."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.tty = stream.isatty()
        self.last = 0.0
        self.width = 0

    def __call__(self, event: Event) -> None:
        if not isinstance(event, Progress):
            return
        text = describe(event)
        if self.tty:
            padding = " " * max(0, self.width - len(text))
            self.stream.write(f"\r{text}{padding}")
            self.width = len(text)
        else:
            now = time.monotonic()
            if now - self.last < LOG_INTERVAL and event.done < event.total:
                return
            self.last = now
            self.stream.write(text + "\n")
        self.stream.flush()

    def end(self) -> None:
        if self.tty and self.width:
            self.stream.write("\n")
            self.stream.flush()


def _download(args: argparse.Namespace) -> int:
    entry = find_entry(args.name)
    if entry is None:
        names = ", ".join(e.name for e in load_catalog())
        raise ModelError(f"There is no catalog model called {args.name}; choose one of {names}.")
    if network_guard.is_offline():
        from app.core.models.hub import OFFLINE_REFUSAL

        raise ModelError(OFFLINE_REFUSAL)
    verdict = verdict_for_entry(entry, probe_report())
    print(f"{entry.label}: {verdict.sentence}", file=sys.stderr)
    if verdict.fits is False and not args.anyway:
        raise ModelError("It will not fit this computer; add --anyway to download it regardless.")
    return _run_download(entry)


def _attempt(entry: CatalogEntry, token: str | None) -> Event:
    progress = TerminalProgress(sys.stderr)
    try:
        final = download_model(entry, progress, control=Control(), token=token)
    except KeyboardInterrupt:  # Ctrl+C: the part files and download.json stay, so it resumes
        mark_paused(model_folder(entry.name))  # the user's choice: the window will not resume it
        final = Halted(entry.name, True)
    progress.end()
    return final


def _token_for_this_run(entry: CatalogEntry) -> tuple[str | None, str]:
    """Ask for a token on the terminal when no secure keyring can hold one.

    Returns the token (used for this download only, kept in memory) or None, and
    else a sentence saying what the user can do.
    """
    verdict = tokens.assess_keyring()
    if verdict.usable:
        return None, "Store your token with `lokal models token`, then run this command again."
    if not sys.stdin.isatty():
        return None, (
            "Without a secure keyring Lokal asks for the token each time it is needed; "
            "run this command in a terminal to type it in."
        )
    try:
        value = getpass.getpass(
            f"{entry.label} needs a Hugging Face token; it is used for this download only "
            "and stored nowhere (input hidden): "
        ).strip()
    except (EOFError, KeyboardInterrupt):
        value = ""
    if not value:
        return None, "No token was given."
    tokens.remember_secret(value)  # hidden in every message from here on
    return value, ""


def _run_download(entry: CatalogEntry) -> int:
    token = tokens.get_token()
    final = _attempt(entry, token)
    hint = ""
    if isinstance(final, Failed) and final.needs_token and token is None:
        asked, hint = _token_for_this_run(entry)
        if asked is not None:
            final = _attempt(entry, asked)
    if isinstance(final, Installed):
        print(f"Installed {entry.label} in {final.installed.folder}.")
        if final.installed.problem:
            print(f"lokal: but it cannot be used: {final.installed.problem}", file=sys.stderr)
            return 1
        return 0
    if isinstance(final, Halted):
        print("Paused; run the same command again to resume.", file=sys.stderr)
        return 130
    assert isinstance(final, Failed)
    if final.resumable:
        hint = f"{hint} Run the same command again to resume.".strip()
    print(tokens.redact(f"lokal: {final.message} {hint}".rstrip()), file=sys.stderr)
    return 1


# --- import, verify, delete, token, offline -----------------------------------


def _import(args: argparse.Namespace) -> int:
    from pathlib import Path

    model = import_gguf(Path(args.path))
    caps = model.capabilities
    kinds = [k for k in ("harmony", "reasoning_effort", "tools") if caps.get(k)]
    print(f"Imported {model.label} as {model.name} ({', '.join(kinds) or 'plain chat'}).")
    return 0


def _verify(args: argparse.Namespace) -> int:
    models = list_installed()
    if args.name:
        models = [m for m in models if m.name == args.name]
        if not models:
            raise ModelError(f"There is no installed model called {args.name}.")
    failed = 0
    for model in models:
        problems = verify_model(model)
        status = "ok" if not problems else "; ".join(problems)
        print(f"{model.name}: {status}")
        failed += bool(problems)
    return 1 if failed else 0


def _delete(args: argparse.Namespace) -> int:
    model = find_installed(args.name)
    incomplete = next((d for d in list_incomplete() if d.name == args.name), None)
    if model is None and incomplete is None:
        raise ModelError(f"There is no model called {args.name}.")
    if model is not None and model.source == "import":
        what = f"remove {model.name} from Lokal (the file {model.path} stays)"
    elif model is not None:
        what = f"delete {model.name} and free {gigabytes(model.frees)}"
    else:
        assert incomplete is not None
        what = f"delete the unfinished download of {args.name} ({gigabytes(incomplete.done)})"
    if not args.yes:
        if not sys.stdin.isatty():
            raise ModelError(f"This would {what}; add --yes to do it without asking.")
        if input(f"{what[0].upper()}{what[1:]}? [y/N] ").strip().lower() not in ("y", "yes"):
            return 1
    freed = delete_model(args.name)
    print(f"Deleted {args.name}; {gigabytes(freed)} freed.")
    return 0


def _token(args: argparse.Namespace) -> int:
    if args.clear:
        tokens.clear_token()
        print("The Hugging Face token is forgotten.")
        return 0
    verdict = tokens.assess_keyring()
    if not verdict.usable:
        print(verdict.reason, file=sys.stderr)
        print(
            "`lokal models download` asks for the token on the terminal whenever a model "
            "needs one, and uses it for that download only.",
            file=sys.stderr,
        )
        return 1
    value = getpass.getpass("Hugging Face token (input hidden): ")
    problem = tokens.set_token(value)
    if problem:
        print(problem, file=sys.stderr)
        return 1
    print("The token is stored in the system keyring.")
    return 0


def _offline(args: argparse.Namespace) -> int:
    choice = {"on": True, "off": False, "auto": None}[args.mode]
    offline = set_offline_mode(choice)
    print(f"Offline mode is {'on' if offline else 'off'}.")
    return 0
