"""`lokal ask --tools SERVER,...`: the model may call tools; each call is asked about here.

The same turn loop as the window (``run_turn`` with a ``ToolSet``), over a
conversation held in memory: the terminal shows the reasoning (if asked), each
call with its arguments, the question "run it?", the result, and the answer.
``--attach`` quotes the documents into the question as plain ``lokal ask`` does;
``--json`` prints plain ``lokal ask --json``'s events (the engine's, as they
come) and, after each call, a ``tool`` event: server, tool, arguments, result,
who approved it. The question "run it?" then goes to stderr, never to stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TextIO

from app.cli.extract import AttachedFiles, sources_text
from app.cli.tools import config_path
from app.core.chat.tool_set import tool_set_for
from app.core.chat.turn import Decision, Engine, ToolStep, TurnUpdate, run_turn
from app.core.engine.client import EngineClient, EngineFailure
from app.core.engine.load_plan import Overrides
from app.core.engine.protocol import Event, GenerateRequest, SamplingSettings
from app.core.engine.remote.client import RemoteEngine
from app.core.engine.service import CancelToken
from app.core.store import ChatStore
from app.core.store.document_records import Citation
from app.core.tools import ToolHost
from app.core.tools.config import ConfigError
from app.core.tools.host import CancelSignal


class TerminalApprover:
    """Asks on the terminal before each call; ``--yes`` approves all."""

    def __init__(self, yes: bool, ask: Callable[[str], str], out: TextIO) -> None:
        self.yes = yes
        self.ask = ask
        self.out = out

    def preapproved(self, step: ToolStep) -> str | None:
        return "--yes" if self.yes else None

    def __call__(self, step: ToolStep, cancel: CancelSignal | None) -> tuple[Decision, str]:
        call = step.call
        assert call is not None
        self.out.write(f"\nThe model wants to call {call.server} › {call.tool} with:\n")
        self.out.write(call.pretty_arguments() + "\n")
        try:
            answer = self.ask("Run it? [y]es / [a]lways / [N]o: ").strip().lower()
        except EOFError:
            answer = ""
        if answer in ("a", "always"):
            self.yes = True
            return Decision.ALWAYS, "you, for this conversation"
        if answer in ("y", "yes"):
            return Decision.ALLOW_ONCE, "you"
        return Decision.DENY, ""


class StepPrinter:
    """Prints what is new in each update: text as it grows, each tool step once per state."""

    def __init__(self, out: TextIO, show_reasoning: bool) -> None:
        self.out = out
        self.show_reasoning = show_reasoning
        self.message_id = 0
        self.shown = {"analysis": 0, "final": 0}
        self.steps: dict[int, str] = {}

    def show(self, update: TurnUpdate) -> None:
        if update.message_id != self.message_id:
            self.message_id, self.shown = update.message_id, {"analysis": 0, "final": 0}
        if self.show_reasoning:
            self._grow("analysis", update.analysis)
        self._grow("final", update.final)
        for step in update.tool_steps:
            if self.steps.get(step.call_message_id) == step.state:
                continue
            self.steps[step.call_message_id] = step.state
            if step.state in ("done", "failed", "declined", "stopped"):
                label = step.error or step.state
                self.out.write(f"\n[{step.recipient}: {label}]\n{step.result}\n")
        self.out.flush()

    def show_sources(self, citations: Sequence[Citation]) -> None:
        self.out.write(sources_text(citations) + "\n")
        self.out.flush()

    def _grow(self, channel: str, text: str) -> None:
        new = text[self.shown[channel] :]
        if new:
            self.out.write(new)
            self.shown[channel] = len(text)


class JsonStepPrinter:
    """``lokal ask --json``'s events as they come, a ``tool`` event for each call made,
    and the sources at the end: one JSON object a line."""

    def __init__(self, out: TextIO) -> None:
        from app.cli.ask import JsonPrinter

        self.events = JsonPrinter(out)
        self.out = out
        self.shown: set[int] = set()

    def show(self, update: TurnUpdate) -> None:
        for step in update.tool_steps:
            if step.call_message_id in self.shown:
                continue
            if step.state in ("done", "failed", "declined", "stopped"):
                self.shown.add(step.call_message_id)
                self._write(tool_record(step))

    def show_sources(self, citations: Sequence[Citation]) -> None:
        self.events.show_sources(citations)

    def _write(self, record: dict[str, object]) -> None:
        self.out.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.out.flush()


def tool_record(step: ToolStep) -> dict[str, object]:
    """One call as ``--json`` prints it."""
    call = step.call
    return {
        "event": "tool",
        "recipient": step.recipient,
        "server": call.server if call else None,
        "tool": call.tool if call else None,
        "arguments": step.arguments,
        "state": step.state,
        "result": step.result,
        "error": step.error,
        "approved_by": step.approved_by or None,
        "duration_s": round(step.duration_s, 3),
    }


class EventTee:
    """The engine, with each of its events shown as it passes (``--json``)."""

    def __init__(self, engine: Engine, show: Callable[[Event], None]) -> None:
        self.engine = engine
        self.show = show

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        for event in self.engine.generate(request):
            self.show(event)
            yield event

    def cancel(self) -> None:
        self.engine.cancel()


def _ask_on_stderr(prompt: str) -> str:
    sys.stderr.write(prompt)
    sys.stderr.flush()
    return input()


def run_ask_with_tools(
    args: argparse.Namespace,
    prompt: str,
    attached: AttachedFiles | None = None,
    remote: RemoteEngine | None = None,
) -> int:
    """Answer with tools, by the local model ``args.model`` or, given ``remote``, by a model
    on a server (its calls still run here)."""
    try:
        host = ToolHost(config_path(args))
    except ConfigError as exc:
        print(f"lokal: {exc}", file=sys.stderr)
        return 1
    names = [name.strip() for name in args.tools.split(",") if name.strip()]
    unknown = [name for name in names if host.config.get(name) is None]
    if unknown:
        print(f"lokal: no tool server called {', '.join(unknown)} in mcp.json", file=sys.stderr)
        host.close()
        return 1
    as_json = bool(getattr(args, "json", False))
    printer: StepPrinter | JsonStepPrinter
    printer = (
        JsonStepPrinter(sys.stdout) if as_json else StepPrinter(sys.stdout, args.show_reasoning)
    )
    approver = TerminalApprover(args.yes, _ask_on_stderr if as_json else input, sys.stderr)
    token = CancelToken()
    sources: list[Citation] = []
    with host, contextlib.ExitStack() as stack, ChatStore(":memory:") as store:
        client: Engine
        from app.cli.ask import REMOTE_CONTEXT

        n_ctx = REMOTE_CONTEXT  # a server does not say its context length
        if remote is not None:
            client = remote
        else:
            local = stack.enter_context(EngineClient())
            try:
                info, _plan = local.load_planned(
                    Path(args.model).expanduser(),
                    Overrides(n_ctx=args.context, threads=args.threads),
                )
            except EngineFailure as exc:
                print(f"lokal: {exc}", file=sys.stderr)
                return 1
            client, n_ctx = local, info.n_ctx
        token.on_cancel(client.cancel)
        chat = store.create_conversation(prompt[:60])
        if attached is not None:  # quoted into the question, as plain `lokal ask` does
            prompt, sources = attached.question_with_documents(prompt, n_ctx)
        question = store.add_user_message(chat.id, prompt)
        last: TurnUpdate | None = None
        engine: Engine = client
        if isinstance(printer, JsonStepPrinter):
            engine = EventTee(client, printer.events.show)
        turn = run_turn(
            engine, store, chat.id, question,
            effort=args.effort, instructions=args.instructions, max_tokens=args.max_tokens,
            sampling=SamplingSettings(
                temperature=args.temperature, top_p=args.top_p, seed=args.seed
            ),
            tools=tool_set_for(host, names), approve=approver, cancel=token,
        )  # fmt: skip
        try:
            for last in turn:
                printer.show(last)
        except KeyboardInterrupt:
            token.cancel()
            for last in turn:
                printer.show(last)
            return 130
    if not isinstance(printer, JsonStepPrinter):
        sys.stdout.write("\n")
    if last is not None and last.error:
        print(f"lokal: {last.error}", file=sys.stderr)
        return 1
    if sources:
        printer.show_sources(sources)
    return 0
