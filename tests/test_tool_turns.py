"""The turn loop with tools: tool call → approval → call → result → the model goes on.

The tiny random-weights model is made to call a tool by grammar; the tools are
real MCP servers (tests/tool_servers) behind a real ToolHost.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import pytest

from app.core.chat.controller import Phase
from app.core.chat.turn import Decision
from app.core.chat.turn_job import Question, TurnOptions
from app.core.engine.client import EngineClient
from app.core.engine.protocol import Delta, Done, Event, GenerateRequest, ToolCall
from app.core.engine.service import EngineService
from app.core.grammar import forced_harmony_grammar, forced_tool_call_grammar
from app.core.store import ChatStore
from app.core.tools import ServerConfig, ToolHost, ToolsConfig
from tests.fixtures.controller_driver import ControllerDriver, loaded_service

SERVER = Path(__file__).parent / "tool_servers" / "misbehaving.py"
ECHO_SCHEMA = {
    "type": "object",
    "properties": {"text": {"type": "string", "maxLength": 12}, "times": {"enum": [1, 2, 3]}},
    "required": ["text", "times"],
}


@pytest.fixture(scope="module")
def host() -> Iterator[ToolHost]:
    config = ToolsConfig((ServerConfig("bad", command=sys.executable, args=(str(SERVER),)),))
    with ToolHost(config=config) as tool_host:
        yield tool_host


@pytest.fixture(scope="module")
def service(tiny_gguf: Path) -> Iterator[EngineService]:
    with loaded_service(tiny_gguf) as engine:
        yield engine


class Window(ControllerDriver):
    """The controller's owner, asking with the misbehaving server's tools."""

    def ask(self, text: str, grammars: tuple[str, ...], conversation: int | None = None) -> None:
        options = TurnOptions(
            temperature=0.0, tools=("bad",), extra={"completion_grammar": grammars}
        )
        assert self.controller.ask(Question(conversation, text, None, text, options))


# Tools that take no arguments: only "{}" fits, so the random model writes it at once
# (an open object schema lets it write keys for thousands of tokens).
NO_ARGUMENTS = {"type": "object", "properties": {}, "additionalProperties": False}


def call_then_answer(recipient: str, schema: dict[str, object]) -> tuple[str, ...]:
    return (
        forced_tool_call_grammar(recipient, schema),
        forced_harmony_grammar(analysis_words=2, final_words=3),
    )


def test_a_forced_call_is_approved_reaches_the_server_and_the_model_goes_on(
    service: EngineService, host: ToolHost, tmp_path: Path
) -> None:
    window = Window(service, tmp_path / "lokal.db", host)
    window.ask("echo something", call_then_answer("functions.bad_echo", ECHO_SCHEMA))
    window.until(lambda: window.controller.state.pending_call is not None)
    card = window.controller.state.pending_call
    assert card is not None and card.call is not None
    assert (card.call.server, card.call.tool) == ("bad", "echo")
    arguments = json.loads(card.arguments)  # schema-valid, as the grammar made them
    assert isinstance(arguments["text"], str) and len(arguments["text"]) <= 12
    assert arguments["times"] in (1, 2, 3)
    assert json.loads(card.call.pretty_arguments()) == arguments
    window.controller.approve(Decision.ALLOW_ONCE)
    window.until(lambda: not window.controller.busy)
    state = window.controller.state
    assert state.phase is Phase.DONE, state.error
    (step,) = state.tool_steps
    assert step.state == "done" and step.approved_by == "you"
    assert step.result == " ".join([arguments["text"]] * arguments["times"])  # the server ran it
    with ChatStore(tmp_path / "lokal.db") as store:
        thread = store.thread(state.conversation_id or 0, state.answer_id)
    assert [m.role for m in thread] == ["user", "assistant", "tool", "assistant"]
    call_row, tool_row, answer_row = thread[1:]
    assert call_row.tool_calls[0].recipient == "functions.bad_echo"
    assert call_row.finish_reason == "tool_call"
    assert tool_row.author == "functions.bad_echo" and tool_row.content == step.result
    assert tool_row.tool_meta is not None and tool_row.tool_meta["approved_by"] == "you"
    assert answer_row.content and answer_row.status == "complete"
    assert Phase.AWAITING_APPROVAL in [s.phase for s in window.states]
    assert Phase.RUNNING_TOOL in [s.phase for s in window.states]


def test_deny_gives_the_model_the_user_declined(
    service: EngineService, host: ToolHost, tmp_path: Path
) -> None:
    window = Window(service, tmp_path / "lokal.db", host)
    window.ask("crash it", call_then_answer("functions.bad_crash", NO_ARGUMENTS))
    window.decide(Decision.DENY)
    window.until(lambda: not window.controller.busy)
    state = window.controller.state
    assert state.phase is Phase.DONE
    (step,) = state.tool_steps
    assert step.state == "declined" and step.result == "The user declined"
    assert host.status("bad").state.value == "ready"  # the crash tool never ran


def test_always_allow_skips_the_card_for_that_tool_in_that_conversation(
    service: EngineService, host: ToolHost, tmp_path: Path
) -> None:
    window = Window(service, tmp_path / "lokal.db", host)
    grammars = call_then_answer("functions.bad_echo", ECHO_SCHEMA)
    window.ask("first", grammars)
    window.decide(Decision.ALWAYS)
    window.until(lambda: not window.controller.busy)
    first = window.controller.state
    assert first.phase is Phase.DONE
    window.states.clear()
    window.ask("second", grammars, conversation=first.conversation_id)
    window.until(lambda: not window.controller.busy)
    second = window.controller.state
    assert second.phase is Phase.DONE
    assert Phase.AWAITING_APPROVAL not in [s.phase for s in window.states]
    (step,) = second.tool_steps
    assert step.state == "done" and step.approved_by == "you, for this conversation"
    # Another conversation asks again.
    window.ask("elsewhere", grammars)
    window.decide(Decision.DENY)
    window.until(lambda: not window.controller.busy)


def test_always_allow_holds_after_a_restart_in_that_conversation_only(
    service: EngineService, host: ToolHost, tmp_path: Path
) -> None:
    database = tmp_path / "lokal.db"
    grammars = call_then_answer("functions.bad_echo", ECHO_SCHEMA)
    before = Window(service, database, host)
    before.ask("first", grammars)
    before.decide(Decision.ALWAYS)
    before.until(lambda: not before.controller.busy)
    conversation = before.controller.state.conversation_id
    assert before.controller.state.phase is Phase.DONE and conversation is not None
    before.controller.close()
    with ChatStore(database) as store:  # what the window reads when it opens the conversation
        assert store.always_allowed_tools(conversation) == {"bad/echo"}
    # A new controller on the same file, as after quitting and starting again.
    after = Window(service, database, host)
    after.ask("second", grammars, conversation=conversation)
    after.until(lambda: not after.controller.busy)
    assert Phase.AWAITING_APPROVAL not in [s.phase for s in after.states]
    (step,) = after.controller.state.tool_steps
    assert step.state == "done" and step.approved_by == "you, for this conversation"
    # Another conversation still asks.
    after.ask("elsewhere", grammars)
    after.decide(Decision.DENY)
    after.until(lambda: not after.controller.busy)
    assert after.controller.state.conversation_id != conversation


def test_stop_during_a_hanging_tool_ends_the_turn_at_once(
    service: EngineService, host: ToolHost, tmp_path: Path
) -> None:
    window = Window(service, tmp_path / "lokal.db", host)
    window.ask("hang", call_then_answer("functions.bad_hang", NO_ARGUMENTS))
    window.decide(Decision.ALLOW_ONCE)
    window.until(lambda: window.controller.state.phase is Phase.RUNNING_TOOL)
    pressed = time.monotonic()
    window.controller.stop()
    window.until(lambda: not window.controller.busy)
    took = time.monotonic() - pressed
    state = window.controller.state
    assert state.phase is Phase.CANCELLED
    (step,) = state.tool_steps
    assert step.state == "stopped"
    print(f"Stop during a hanging tool: the turn ended {took * 1000:.1f} ms later")
    assert took < 30  # the 60 s call timeout did not end it: Stop did


def test_stop_while_a_call_waits_for_approval(
    service: EngineService, host: ToolHost, tmp_path: Path
) -> None:
    window = Window(service, tmp_path / "lokal.db", host)
    window.ask("wait", call_then_answer("functions.bad_echo", ECHO_SCHEMA))
    window.until(lambda: window.controller.state.pending_call is not None)
    window.controller.stop()
    window.until(lambda: not window.controller.busy)
    assert window.controller.state.phase is Phase.CANCELLED
    assert window.controller.state.tool_steps[-1].state == "stopped"


# --- with a scripted engine: what each step's prompt holds --------------------


class CallingClient:
    """Calls functions.bad_echo at every step (reasoning first), recording each request."""

    def __init__(self) -> None:
        self.model = None
        self.loaded_settings = None
        self.requests: list[GenerateRequest] = []

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        self.requests.append(request)
        rid = len(self.requests)
        yield Delta(rid, "analysis", f"thinking {rid}")
        yield ToolCall(rid, "functions.bad_echo", f'{{"text": "t{rid}"}}', "<|constrain|>json")
        yield Done(rid, "tool_call", 10, 10, 5, 2, 0, 0.1, 10.0, 100.0, ())

    def cancel(self, request_id: int | None = None) -> None:
        pass

    def close(self, timeout: float = 5.0) -> None:
        pass

    def kill(self) -> None:
        pass


def test_each_step_sees_the_turns_reasoning_calls_and_results_and_the_limit_ends_it(
    host: ToolHost, tmp_path: Path
) -> None:
    client = CallingClient()
    with EngineService(cast(EngineClient, client)) as engine:
        window = Window(engine, tmp_path / "lokal.db", host)
        window.ask("loop", ())
        answered: set[int] = set()

        def new_card() -> bool:
            card = window.controller.state.pending_call
            return card is not None and card.call_message_id not in answered

        for _ in range(10):
            window.until(new_card)
            card = window.controller.state.pending_call
            assert card is not None
            answered.add(card.call_message_id)
            window.controller.approve(Decision.ALLOW_ONCE)
        window.until(lambda: not window.controller.busy)
    state = window.controller.state
    assert len(client.requests) == 11  # ten calls ran; the eleventh was not
    assert len(state.tool_steps) == 10
    assert state.phase is Phase.FAILED and state.error and "10 tool calls" in state.error
    last = client.requests[-1].messages
    assert [m.role for m in last][:1] == ["user"]
    # Harmony keeps this turn's reasoning between its calls, and every call and result.
    analysis = [m.content for m in last if m.channel == "analysis"]
    assert analysis == [f"thinking {n}" for n in range(1, 11)]
    calls = [m for m in last if m.recipient == "functions.bad_echo"]
    results = [m for m in last if m.role == "tool"]
    assert len(calls) == len(results) == 10
    assert results[0].author_name == "functions.bad_echo" and results[0].content == "t1"
    assert results[0].channel == "commentary" and results[0].recipient == "assistant"
    assert {spec.name for spec in client.requests[0].tools} >= {"bad_echo", "bad_hang"}


def test_the_model_searches_its_documents_with_the_builtin_browser(
    service: EngineService, host: ToolHost, tmp_path: Path
) -> None:
    from app.core.documents.ingest import ingest_file
    from app.core.store.documents import DocumentStore
    from tests.fixtures import make_documents as make

    database = tmp_path / "lokal.db"
    with ChatStore(database) as chat:
        conversation = chat.create_conversation("ledger").id
        pdf = make.write_long_pdf(tmp_path / "ledger.pdf", count=3)
        ingest_file(pdf, DocumentStore(chat), conversation)
    window = Window(service, database, host)
    search = {
        "type": "object",
        "properties": {"query": {"enum": ["registry code"]}},
        "required": ["query"],
    }
    grammars = (
        forced_tool_call_grammar("browser.search", search),
        forced_harmony_grammar(analysis_words=2, final_words=2),
    )
    options = TurnOptions(
        temperature=0.0, tools=("browser",), extra={"completion_grammar": grammars}
    )
    question = Question(conversation, "find the code", None, "ledger", options)
    assert window.controller.ask(question)
    window.until(lambda: window.controller.state.pending_call is not None)
    card = window.controller.state.pending_call
    assert card is not None and card.call is not None and card.call.server == "browser"
    window.controller.approve(Decision.ALLOW_ONCE)
    window.until(lambda: not window.controller.busy)
    state = window.controller.state
    assert state.phase is Phase.DONE, state.error
    (step,) = state.tool_steps
    assert step.result.startswith("[0] Search results for “registry code”")
    assert "ledger.pdf, page" in step.result
    with ChatStore(database) as chat:
        tool_row = chat.get_message(step.result_message_id)
    assert tool_row.author == "browser.search" and tool_row.content == step.result


class OneCallClient(CallingClient):
    """Calls functions.bad_echo once, then answers."""

    def generate(self, request: GenerateRequest) -> Iterator[Event]:
        if self.requests:
            self.requests.append(request)
            yield Delta(2, "final", "done")
            yield Done(2, "stop", 10, 10, 1, 0, 1, 0.1, 10.0, 100.0, ())
            return
        yield from super().generate(request)


def test_never_ask_in_settings_runs_the_call_without_a_card(tmp_path: Path) -> None:
    config = ToolsConfig(
        (
            ServerConfig(
                "bad", command=sys.executable, args=(str(SERVER),), never_ask=frozenset({"echo"})
            ),
        )
    )
    client = OneCallClient()
    with ToolHost(config=config) as quiet, EngineService(cast(EngineClient, client)) as engine:
        window = Window(engine, tmp_path / "lokal.db", quiet)
        window.ask("go", ())
        window.until(lambda: not window.controller.busy)
    state = window.controller.state
    assert state.phase is Phase.DONE and state.final == "done"
    assert Phase.AWAITING_APPROVAL not in [s.phase for s in window.states]
    (step,) = state.tool_steps
    assert step.state == "done" and step.approved_by == "settings" and step.result == "t1"
