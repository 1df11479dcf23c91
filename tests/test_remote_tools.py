"""Tools with a model on a server: the server sees only function definitions and answers
with tool_calls; the call is approved, runs on this computer (an MCP server, the built-in
python), and its result goes back as a ``role: tool`` message; the model goes on."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from app.core.chat.controller import Phase
from app.core.chat.turn import Decision
from app.core.chat.turn_job import Question, TurnOptions
from app.core.engine.client import EngineClient
from app.core.engine.remote.client import RemoteTarget
from app.core.engine.service import EngineService
from app.core.store import ChatStore
from app.core.tools import ServerConfig, ToolHost, ToolsConfig
from tests.fixtures import remote_shapes as shapes
from tests.fixtures.controller_driver import ControllerDriver
from tests.fixtures.replay_server import ReplayServer, sse_reply

SERVERS = Path(__file__).parent / "tool_servers"
MODEL = "openai/gpt-oss-120b"


@pytest.fixture
def service() -> Iterator[EngineService]:
    with EngineService(EngineClient()) as running:  # no local model: the server answers
        yield running


@pytest.fixture
def mark_file(tmp_path: Path) -> Path:
    return tmp_path / "marks.txt"


@pytest.fixture
def host(mark_file: Path) -> Iterator[ToolHost]:
    config = ToolsConfig(
        (
            ServerConfig("bad", command=sys.executable, args=(str(SERVERS / "misbehaving.py"),)),
            ServerConfig(
                "pin", command=sys.executable, args=(str(SERVERS / "marker.py"), str(mark_file))
            ),
        )
    )
    with ToolHost(config=config) as tool_host:
        yield tool_host


class Window(ControllerDriver):
    """The controller's owner, asking a vLLM-shaped server's model with local tools."""

    def ask_team(
        self,
        server: ReplayServer,
        text: str,
        tools: tuple[str, ...] = ("pin",),
        effort: str = TurnOptions.effort,
    ) -> None:
        target = RemoteTarget("team", server.base_url, MODEL, flavor="vllm")
        options = TurnOptions(effort=effort, tools=tools, remote=target)
        assert self.controller.ask(Question(None, text, None, "Mark", options))

    def approve_each(self, count: int) -> None:
        for _ in range(count):
            self.until(lambda: self.controller.state.phase is Phase.AWAITING_APPROVAL)
            self.controller.approve(Decision.ALLOW_ONCE)
            self.until(lambda: self.controller.state.phase is not Phase.AWAITING_APPROVAL)


def tool_messages(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [m for m in body["messages"] if m["role"] == "tool"]


def test_a_streamed_vllm_call_is_approved_runs_here_and_its_result_goes_back(
    service: EngineService, host: ToolHost, tmp_path: Path, mark_file: Path
) -> None:
    with ReplayServer() as server:
        server.add(
            "/v1/chat/completions",
            sse_reply(shapes.vllm_tool_call(MODEL, "Mark it.", "pin_mark", '{"word": "hi"}')),
            sse_reply(
                shapes.vllm_tool_call(MODEL, "Compute.", "python", '{"code": "print(6 * 7)"}')
            ),
            sse_reply(shapes.vllm_stream(MODEL, "Both done.", "Marked, and 42.")),
        )
        window = Window(service, tmp_path / "lokal.db", host)
        window.ask_team(server, "Mark hi, then 6*7.", ("pin", "python"), effort="low")
        window.until(lambda: window.controller.state.pending_call is not None)
        card = window.controller.state.pending_call
        assert card is not None and card.call is not None
        assert (card.call.server, card.call.tool) == ("pin", "mark")
        assert not mark_file.exists()  # nothing runs before the person allows it
        window.controller.approve(Decision.ALLOW_ONCE)
        window.until(lambda: window.controller.state.pending_call is not None and len(
            window.controller.state.tool_steps) == 2)  # fmt: skip
        python_card = window.controller.state.pending_call
        assert python_card is not None and python_card.call is not None
        assert python_card.recipient == "python" and python_card.arguments == "print(6 * 7)"
        window.controller.approve(Decision.ALLOW_ONCE)
        window.until(lambda: not window.controller.busy)
        bodies = server.chat_bodies()
    state = window.controller.state
    assert state.phase is Phase.DONE, state.error
    assert state.final == "Marked, and 42."
    assert mark_file.read_text() == "hi\n"  # the MCP tool ran here
    marked, computed = state.tool_steps
    assert marked.state == "done" and marked.result == "marked hi"
    assert computed.state == "done" and computed.result.strip() == "42"  # python ran here
    assert [s.phase for s in window.states].count(Phase.AWAITING_APPROVAL) >= 2

    assert len(bodies) == 3
    offered = {t["function"]["name"]: t for t in bodies[0]["tools"]}
    assert set(offered) == {"pin_mark", "python"}  # functions only, built-ins included
    assert all(t["type"] == "function" for t in offered.values())
    assert offered["python"]["function"]["parameters"]["required"] == ["code"]
    # The follow-up carries the call (with the reasoning before it) and its result.
    second = bodies[1]["messages"]
    call = next(m for m in second if m.get("tool_calls"))
    assert call["role"] == "assistant" and call["reasoning"] == "Mark it."
    (function_call,) = call["tool_calls"]
    assert function_call["type"] == "function"
    assert function_call["function"] == {"name": "pin_mark", "arguments": '{"word": "hi"}'}
    (result,) = tool_messages(bodies[1])
    assert result["tool_call_id"] == function_call["id"] and result["content"] == "marked hi"
    assert second.index(result) == second.index(call) + 1
    # The third request has both calls; python's code goes back as it was offered.
    results = tool_messages(bodies[2])
    assert [r["content"].strip() for r in results] == ["marked hi", "42"]
    calls = [m["tool_calls"][0] for m in bodies[2]["messages"] if m.get("tool_calls")]
    assert calls[1]["function"]["name"] == "python"
    assert json.loads(calls[1]["function"]["arguments"]) == {"code": "print(6 * 7)"}
    assert [r["tool_call_id"] for r in results] == [c["id"] for c in calls]
    with ChatStore(tmp_path / "lokal.db") as store:
        thread = store.thread(state.conversation_id or 0, state.answer_id)
    assert [m.role for m in thread] == [
        "user", "assistant", "tool", "assistant", "tool", "assistant",
    ]  # fmt: skip
    assert thread[1].tool_calls[0].recipient == "functions.pin_mark"
    assert thread[3].tool_calls[0].recipient == "python"


def test_a_denied_call_tells_the_server_the_user_declined(
    service: EngineService, host: ToolHost, tmp_path: Path, mark_file: Path
) -> None:
    with ReplayServer() as server:
        server.add(
            "/v1/chat/completions",
            sse_reply(shapes.vllm_tool_call(MODEL, "Mark it.", "pin_mark", '{"word": "hi"}')),
            sse_reply(shapes.vllm_stream(MODEL, "Declined.", "I did not mark it.")),
        )
        window = Window(service, tmp_path / "lokal.db", host)
        window.ask_team(server, "Mark hi.")
        window.decide(Decision.DENY)
        window.until(lambda: not window.controller.busy)
        bodies = server.chat_bodies()
    assert window.controller.state.phase is Phase.DONE
    assert not mark_file.exists()
    (result,) = tool_messages(bodies[1])
    assert result["content"] == "The user declined"


def test_a_call_cut_off_mid_arguments_ends_in_one_sentence_and_runs_nothing(
    service: EngineService, host: ToolHost, tmp_path: Path, mark_file: Path
) -> None:
    whole = shapes.vllm_tool_call(MODEL, "Mark it now.", "pin_mark", '{"word": "hi"}')
    # The connection drops after the first pieces of the arguments, before finish_reason.
    cut = [*whole[: len(whole) - 3], None]
    with ReplayServer() as server:
        server.add("/v1/chat/completions", sse_reply(cut, done=False))
        window = Window(service, tmp_path / "lokal.db", host)
        window.ask_team(server, "Mark hi.")
        window.until(lambda: not window.controller.busy)
        asked = len(server.chat_bodies())
    state = window.controller.state
    assert state.phase is Phase.FAILED
    assert state.error == "The connection to team was lost in the middle of the answer."
    assert state.analysis == "Mark it now."  # the partial text is kept
    assert state.tool_steps == () and not mark_file.exists()  # a half call never runs
    assert asked == 1  # the request may have reached the model: it is not sent again
    with ChatStore(tmp_path / "lokal.db") as store:
        answer = store.thread(state.conversation_id or 0)[-1]
    assert answer.status == "error" and answer.error == state.error
    assert answer.analysis == "Mark it now."


def test_a_call_cut_by_the_length_limit_is_not_offered_to_run(
    service: EngineService, host: ToolHost, tmp_path: Path, mark_file: Path
) -> None:
    whole = shapes.vllm_tool_call(MODEL, "Mark it now.", "pin_mark", '{"word": "hi"}')
    cut = [*whole[: len(whole) - 3], shapes._chunk(MODEL, {}, "length")]
    with ReplayServer() as server:
        server.add("/v1/chat/completions", sse_reply(cut))
        window = Window(service, tmp_path / "lokal.db", host)
        window.ask_team(server, "Mark hi.")
        window.until(lambda: not window.controller.busy)
        asked = len(server.chat_bodies())
    state = window.controller.state
    assert state.phase is Phase.FAILED
    assert state.error == (
        "team reached the answer's length limit in the middle of a tool call, "
        "so the call was not run."
    )
    assert Phase.AWAITING_APPROVAL not in [s.phase for s in window.states]
    assert state.analysis == "Mark it now." and not mark_file.exists() and asked == 1


def test_the_terminal_runs_a_server_models_call_here(
    tmp_path: Path, mark_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.main import main
    from app.core.connections.store import Connection, add_connection
    from app.core.tools.config import save_config

    config = tmp_path / "mcp.json"
    marker = ServerConfig("pin", command=sys.executable, args=(str(SERVERS / "marker.py"),
                          str(mark_file)))  # fmt: skip
    save_config(config, ToolsConfig((marker,)))
    with ReplayServer() as server:
        server.add(
            "/v1/chat/completions",
            sse_reply(shapes.vllm_tool_call(MODEL, "Mark it.", "pin_mark", '{"word": "hi"}')),
            sse_reply(shapes.vllm_stream(MODEL, "Done.", "Marked it.")),
        )
        add_connection(Connection("team", server.base_url, flavor="vllm", models=(MODEL,)))
        code = main(["ask", "Mark hi.", "--model", f"team:{MODEL}", "--config", str(config),
                     "--tools", "pin", "--yes"])  # fmt: skip
        bodies = server.chat_bodies()
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert mark_file.read_text() == "hi\n"
    assert "[functions.pin_mark: done]" in captured.out and "Marked it." in captured.out
    assert [t["function"]["name"] for t in bodies[0]["tools"]] == ["pin_mark"]
    (result,) = tool_messages(bodies[1])
    assert result["content"] == "marked hi"
