"""`lokal ask --tools`: the model's call is asked about on the terminal, then run."""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

import pytest

import app.cli.ask_tools as ask_tools
from app.cli.extract import AttachedFiles
from app.cli.main import main
from app.core.chat.turn import run_turn
from app.core.grammar import forced_harmony_grammar, forced_tool_call_grammar
from app.core.store import StoredMessage
from app.core.tools import ServerConfig, ToolsConfig
from app.core.tools.config import save_config

SERVER = Path(__file__).parent / "tool_servers" / "misbehaving.py"
SCHEMA = {
    "type": "object",
    "properties": {"text": {"type": "string", "maxLength": 6}, "times": {"enum": [2]}},
    "required": ["text", "times"],
}


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The model is made to call bad_echo, then to answer."""
    grammars = (
        forced_tool_call_grammar("functions.bad_echo", SCHEMA),
        forced_harmony_grammar(analysis_words=2, final_words=2),
    )
    monkeypatch.setattr(
        ask_tools, "run_turn", functools.partial(run_turn, completion_grammar=grammars)
    )
    config = tmp_path / "mcp.json"
    save_config(
        config, ToolsConfig((ServerConfig("bad", command=sys.executable, args=(str(SERVER),)),))
    )
    return config


def ask(model: Path, config: Path, *extra: str) -> int:
    return main(
        ["ask", "hi", "--model", str(model), "--config", str(config), "--tools", "bad",
         "--temperature", "0", "--context", "2048", *extra]
    )  # fmt: skip


def test_the_terminal_asks_and_yes_runs_the_call(
    forced: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "y")
    assert ask(tiny_gguf, forced) == 0
    captured = capsys.readouterr()
    assert asked == ["Run it? [y]es / [a]lways / [N]o: "]
    assert "bad › echo" in captured.err and '"times": 2' in captured.err
    assert "[functions.bad_echo: done]" in captured.out


def test_no_declines_and_yes_flag_never_asks(
    forced: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setattr("builtins.input", lambda prompt: "n")
    assert ask(tiny_gguf, forced) == 0
    assert "The user declined" in capsys.readouterr().out
    monkeypatch.setattr("builtins.input", lambda prompt: pytest.fail("asked despite --yes"))
    assert ask(tiny_gguf, forced, "--yes") == 0
    assert "[functions.bad_echo: done]" in capsys.readouterr().out


def test_an_unknown_server_is_refused(forced: Path, tiny_gguf: Path) -> None:
    assert (
        main(["ask", "hi", "--model", str(tiny_gguf), "--config", str(forced), "--tools", "nope"])
        == 1
    )


def _records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_json_prints_plain_asks_events_and_each_tool_call(
    forced: Path, tiny_gguf: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ask", "hi", "--model", str(tiny_gguf), "--json", "--max-tokens", "8",
                 "--temperature", "0", "--context", "2048"]) == 0  # fmt: skip
    plain = _records(capsys.readouterr().out)
    assert ask(tiny_gguf, forced, "--json", "--yes") == 0
    captured = capsys.readouterr()
    records = _records(captured.out)  # every line of stdout is one JSON object
    shapes = {str(r["event"]): set(r) for r in plain}
    for record in records:
        if record["event"] in shapes:  # the same events carry the same fields
            assert set(record) == shapes[str(record["event"])], record["event"]
    assert {"delta", "done"} <= {r["event"] for r in records}
    (tool,) = [r for r in records if r["event"] == "tool"]
    assert (tool["server"], tool["tool"], tool["state"]) == ("bad", "echo", "done")
    arguments = json.loads(str(tool["arguments"]))
    assert arguments["times"] == 2 and len(arguments["text"]) <= 6
    assert tool["result"] == " ".join([arguments["text"]] * 2)  # what the server answered
    assert tool["approved_by"] == "--yes"
    assert records[-1]["event"] == "done"  # the answer after the call


def test_json_asks_on_stderr_and_records_a_refusal(
    forced: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    monkeypatch.setattr("builtins.input", lambda prompt="": "n")
    assert ask(tiny_gguf, forced, "--json") == 0
    captured = capsys.readouterr()
    assert "Run it?" in captured.err and "Run it?" not in captured.out
    (tool,) = [r for r in _records(captured.out) if r["event"] == "tool"]
    assert tool["state"] == "declined" and tool["result"] == "The user declined"
    assert tool["approved_by"] is None


@pytest.fixture
def document(tmp_path: Path) -> Path:
    path = tmp_path / "zebras.txt"
    path.write_text(
        "Zebras in the Okavango delta cross the river every November.\n", encoding="utf-8"
    )
    return path


def test_attached_documents_go_into_the_question_as_plain_ask_puts_them(
    forced: Path, tiny_gguf: Path, document: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    questions: list[str] = []
    turn = ask_tools.run_turn

    def recording(*args: Any, **kw: Any) -> Any:
        question: StoredMessage = args[3]
        questions.append(question.content)
        return turn(*args, **kw)

    monkeypatch.setattr(ask_tools, "run_turn", recording)
    assert ask(tiny_gguf, forced, "--yes", "--attach", str(document)) == 0
    out = capsys.readouterr().out
    expected, sources = AttachedFiles([str(document)]).question_with_documents("hi", 2048)
    assert questions == [expected]  # exactly what plain `lokal ask --attach` sends
    assert "Okavango" in expected and sources
    assert "Sources:" in out and "zebras.txt" in out
    assert ask(tiny_gguf, forced, "--yes", "--json", "--attach", str(document)) == 0
    records = _records(capsys.readouterr().out)
    (listed,) = [r for r in records if r["event"] == "sources"]
    assert [s["name"] for s in listed["sources"]] == ["zebras.txt"]  # type: ignore[index]
    assert questions[-1] == expected
