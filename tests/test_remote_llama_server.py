"""The remote engine against llama.cpp's own llama-server, built from the vendored source of
the installed llama-cpp-python (bench/llama_server.py builds it; see docs/team-server.md),
serving the tiny gpt-oss GGUF with its own harmony parser. Skipped where it was not built."""

from __future__ import annotations

import importlib.metadata
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.chat.turn_job import Question, TurnJob, TurnOptions
from app.core.connections.probe import probe
from app.core.engine.client import EngineClient
from app.core.engine.protocol import Delta, Done, EngineError, GenerateRequest
from app.core.engine.remote.client import RemoteEngine, RemoteTarget, server_of
from app.core.engine.service import EngineService
from app.core.grammar.harmony_forcing import forced_harmony_grammar
from app.core.harmony import Message
from app.core.store import ChatStore

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
KEY = "llama-key-7"


def llama_server_binary() -> Path | None:
    """Where bench/llama_server.py builds it (outside the checkout, for the installed
    llama-cpp-python's llama.cpp), or an earlier build inside bench/.cache."""
    version = importlib.metadata.version("llama-cpp-python")
    built = Path.home() / ".cache" / "lokal" / "llama-server" / version / "build" / "bin"
    if (built / "llama-server").exists():
        return built / "llama-server"
    found = sorted(
        (ROOT / "bench" / ".cache").glob(
            "llama_cpp_python-*/vendor/llama.cpp/build-server/bin/llama-server"
        )
    )
    return found[-1] if found else None


@pytest.fixture(scope="module")
def llama_server(tiny_gguf: Path) -> Iterator[str]:
    binary = llama_server_binary()
    if binary is None:
        pytest.skip("llama-server is not built: python bench/llama_server.py builds it")
    with socket.socket() as probe_socket:
        probe_socket.bind(("127.0.0.1", 0))
        port = probe_socket.getsockname()[1]
    process = subprocess.Popen(
        [str(binary), "-m", str(tiny_gguf), "--host", "127.0.0.1", "--port", str(port),
         "-c", "2048", "-np", "1", "-t", "1", "--api-key", KEY, "--jinja"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}/v1"
    target = RemoteTarget("llama", base, tiny_gguf.name, KEY, flavor="llama.cpp")
    deadline = time.monotonic() + 60
    while not probe(target).ok:  # the health of the server is what the test waits for
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(
                f"llama-server did not start: {process.stderr.read() if process.stderr else ''}"
            )
        time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(10)


def test_the_connection_test_finds_llama_server(llama_server: str, tiny_gguf: Path) -> None:
    result = probe(RemoteTarget("llama", llama_server, "", KEY))
    assert result.ok and result.flavor == "llama.cpp", result.sentence
    assert "llama (llama-server) is reachable, accepted the API key" in result.sentence


def test_an_answer_streams_from_llama_server(llama_server: str, tiny_gguf: Path) -> None:
    target = RemoteTarget("llama", llama_server, tiny_gguf.name, KEY, flavor="llama.cpp")
    grammar = forced_harmony_grammar(analysis_words=4, final_words=4)
    events = list(
        RemoteEngine(target).generate(
            GenerateRequest(
                0, (Message("user", "Hi"),), reasoning_effort="low", max_tokens=64,
                completion_grammar=grammar,
            )
        )
    )  # fmt: skip
    last = events[-1]
    assert isinstance(last, Done) and last.finish_reason == "stop", last
    analysis = "".join(e.text for e in events if isinstance(e, Delta) and e.channel == "analysis")
    final = "".join(e.text for e in events if isinstance(e, Delta) and e.channel == "final")
    # llama-server's own harmony parser split them: reasoning_content and content.
    assert len(analysis.split()) == 4 and len(final.split()) == 4
    assert "<|" not in analysis + final
    assert last.completion_tokens > 0 and last.prompt_tokens > 0


def test_random_output_refused_by_llama_servers_parser_is_one_sentence(
    llama_server: str, tiny_gguf: Path
) -> None:
    target = RemoteTarget("llama", llama_server, tiny_gguf.name, KEY, flavor="llama.cpp")
    request = GenerateRequest(0, (Message("user", "Hi"),), max_tokens=16)
    last = list(RemoteEngine(target).generate(request))[-1]
    # Random weights write what its harmony parser refuses (an error in the stream); a
    # sentence either way, never a crash.
    assert isinstance(last, Done | EngineError)
    if isinstance(last, EngineError):
        assert last.message.startswith("llama stopped the answer with an error")


def test_the_same_conversation_against_llama_server(
    llama_server: str, tiny_gguf: Path, tmp_path: Path
) -> None:
    target = RemoteTarget("llama", llama_server, tiny_gguf.name, KEY, flavor="llama.cpp")
    db = tmp_path / "chat.db"
    with EngineService(EngineClient()) as service:
        grammar = forced_harmony_grammar(analysis_words=4, final_words=4)
        extra = {"max_tokens": 64, "completion_grammar": grammar}
        options = TurnOptions(effort="low", remote=target, extra=extra)
        first = service.submit(
            TurnJob(db, options, question=Question(None, "Hi", None, "Hi", options))
        )
        assert first.wait(120)
        with ChatStore(db) as store:
            conversation = store.list_conversations()[0].id
            parent = store.thread(conversation)[-1].id
        second = service.submit(
            TurnJob(db, options, question=Question(conversation, "Again", parent, "x", options))
        )
        assert second.wait(120)
    with ChatStore(db) as store:
        answers = [m for m in store.thread(conversation) if m.role == "assistant"]
    assert len(answers) == 2
    assert [a.status for a in answers] == ["complete", "complete"], [a.error for a in answers]
    assert all(len(a.content.split()) == 4 and len(a.analysis.split()) == 4 for a in answers)
    assert all(server_of(a.model_file_hash) == "llama" for a in answers)
