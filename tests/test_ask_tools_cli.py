"""`lokal ask --tools`: the model's call is asked about on the terminal, then run."""

from __future__ import annotations

import functools
import sys
from pathlib import Path

import pytest

import app.cli.ask_tools as ask_tools
from app.cli.main import main
from app.core.chat.turn import run_turn
from app.core.grammar import forced_harmony_grammar, forced_tool_call_grammar
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
