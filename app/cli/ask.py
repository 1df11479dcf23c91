"""`lokal ask`: one prompt, answered in the terminal, through the same engine as the window."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, TextIO

from app.cli.extract import AttachedFiles, sources_text
from app.core.chat.overflow import estimate_prompt, prompt_budget, too_long_sentence
from app.core.chat.turn import Engine
from app.core.connections.store import (
    ConnectionProblem,
    find_connection,
    get_key,
    parse_model_ref,
)
from app.core.documents.model import ExtractionError
from app.core.engine.client import EngineClient, EngineFailure
from app.core.engine.load_plan import Overrides
from app.core.engine.protocol import (
    Delta,
    Done,
    EngineError,
    Event,
    GenerateRequest,
    SamplingSettings,
    ToolCall,
)
from app.core.engine.remote.client import RemoteEngine
from app.core.harmony import Message
from app.core.store.document_records import Citation

DIM, RESET = "\x1b[2m", "\x1b[0m"
LABELS = {"analysis": "[reasoning]", "commentary": "[commentary]", "final": "[answer]"}


# What attached documents may take of a server's context when it does not say its length.
REMOTE_CONTEXT = 8192


def run_ask(args: argparse.Namespace) -> int:
    remote = parse_model_ref(args.model)
    if remote is not None:
        return _run_remote(args, *remote)
    overrides = Overrides(n_ctx=args.context, threads=args.threads)
    try:
        attached = AttachedFiles(args.attach) if args.attach else None
    except ExtractionError as exc:
        print(f"lokal: {exc}", file=sys.stderr)
        return 1
    if getattr(args, "tools", ""):
        from app.cli.ask_tools import run_ask_with_tools

        return run_ask_with_tools(args, args.prompt, attached)
    out = sys.stdout
    printer = JsonPrinter(out) if args.json else TextPrinter(out, args.show_reasoning)
    with EngineClient() as client:
        try:
            info, plan = client.load_planned(Path(args.model).expanduser(), overrides)
        except EngineFailure as exc:
            print(f"lokal: {exc}", file=sys.stderr)
            return 1
        if plan.threads_note:
            print(f"lokal: {plan.threads_note}", file=sys.stderr)
        prompt, sources = args.prompt, list[Citation]()
        if attached is not None:
            prompt, sources = attached.question_with_documents(args.prompt, info.n_ctx)
        request = _request(args, prompt)
        estimated = estimate_prompt(request.messages, args.instructions)
        if estimated > prompt_budget(info.n_ctx):
            # The window offers these choices; here the sentence says what they are.
            print(f"lokal: {too_long_sentence(estimated, info.n_ctx)}", file=sys.stderr)
            return 1
        code = _answer(client, request, printer)
    if sources and code == 0:
        printer.show_sources(sources)
    return code


def _run_remote(args: argparse.Namespace, name: str, model: str) -> int:
    """The same question to a model on a server; documents are still read here and sent as
    the same quoted block the local engine gets."""
    try:
        attached = AttachedFiles(args.attach) if args.attach else None
        connection = find_connection(name)
    except (ExtractionError, ConnectionProblem) as exc:
        print(f"lokal: {exc}", file=sys.stderr)
        return 1
    out = sys.stdout
    printer = JsonPrinter(out) if args.json else TextPrinter(out, args.show_reasoning, name)
    engine = RemoteEngine(connection.target(model, get_key(name)))
    if getattr(args, "tools", ""):
        from app.cli.ask_tools import run_ask_with_tools

        return run_ask_with_tools(args, args.prompt, attached, remote=engine)
    prompt, sources = args.prompt, list[Citation]()
    if attached is not None:
        prompt, sources = attached.question_with_documents(args.prompt, REMOTE_CONTEXT)
    code = _answer(engine, _request(args, prompt), printer)
    if sources and code == 0:
        printer.show_sources(sources)
    return code


def _request(args: argparse.Namespace, prompt: str) -> GenerateRequest:
    return GenerateRequest(
        request_id=0,
        messages=(Message(role="user", content=prompt),),
        reasoning_effort=args.effort,
        instructions=args.instructions,
        sampling=SamplingSettings(temperature=args.temperature, top_p=args.top_p, seed=args.seed),
        max_tokens=args.max_tokens,
    )


def _answer(client: Engine, request: GenerateRequest, printer: Printer) -> int:
    events = client.generate(request)
    try:
        for event in events:
            printer.show(event)
            if isinstance(event, EngineError):
                return 1
    except KeyboardInterrupt:
        client.cancel()
        for event in events:  # the rest, up to done(cancelled)
            printer.show(event)
        return 130
    return 0


class Printer(Protocol):
    def show(self, event: Event) -> None: ...
    def show_sources(self, citations: Sequence[Citation]) -> None: ...


class JsonPrinter:
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def show(self, event: Event) -> None:
        record = {"event": type(event).__name__.lower(), **dataclasses.asdict(event)}
        self.out.write(json.dumps(record, default=str, ensure_ascii=False) + "\n")
        self.out.flush()

    def show_sources(self, citations: Sequence[Citation]) -> None:
        sources = [
            {"number": c.number, "label": c.label(), "name": c.first.name, "unit": c.first.unit}
            | {"start": min(p.start for p in c.passages), "end": max(p.end for p in c.passages)}
            for c in citations
        ]
        self.out.write(json.dumps({"event": "sources", "sources": sources}, ensure_ascii=False))
        self.out.write("\n")
        self.out.flush()


class TextPrinter:
    """Answer on stdout; reasoning dimmed (or hidden); statistics and errors on stderr."""

    def __init__(self, out: TextIO, show_reasoning: bool, server: str | None = None) -> None:
        self.out = out
        self.server = server  # the connection answering, named with the statistics
        self.show_reasoning = show_reasoning
        self.color = out.isatty()
        self.channel: str | None = None

    def show(self, event: Event) -> None:
        if isinstance(event, Delta):
            self._delta(event)
        elif isinstance(event, ToolCall):
            self._write(f"\n[tool call to {event.recipient}] {event.arguments}\n")
        elif isinstance(event, Done):
            self._write("\n")
            rate = f", {event.tokens_per_second:.1f} tokens/s" if event.tokens_per_second else ""
            where = f"{self.server}: " if self.server else ""
            print(
                f"[{where}{event.finish_reason}: {event.completion_tokens} tokens{rate}; prompt "
                f"{event.prompt_tokens_evaluated} of {event.prompt_tokens} tokens evaluated]",
                file=sys.stderr,
            )
        elif isinstance(event, EngineError):
            print(f"\nlokal: {event.message}", file=sys.stderr)

    def show_sources(self, citations: Sequence[Citation]) -> None:
        self._write("\n" + sources_text(citations) + "\n")

    def _delta(self, event: Delta) -> None:
        if event.channel == "analysis" and not self.show_reasoning:
            return
        if event.channel != self.channel:
            if self.channel is not None:
                self._write("\n\n")
            self.channel = event.channel
            if self.show_reasoning and not self.color:
                # Without colour, label the parts so a reader (or a script) can tell them apart.
                self._write(LABELS[event.channel] + "\n")
        if event.channel == "analysis" and self.color:
            self._write(f"{DIM}{event.text}{RESET}")
        else:
            self._write(event.text)

    def _write(self, text: str) -> None:
        self.out.write(text)
        self.out.flush()
