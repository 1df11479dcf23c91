"""Models Lokal cannot run (another architecture, no harmony vocabulary, header text that is not
UTF-8) are refused with one sentence at import and at open, before any weights load, and a
failed import leaves nothing behind."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from app.core.engine.client import EngineClient, EngineFailure
from app.core.engine.load_plan_types import Overrides
from app.core.models.installed import ModelError, import_gguf, list_installed
from app.core.sentence import Sentence, message_of
from tests.fixtures.make_foreign_gguf import build_llama_gguf
from tests.test_gguf_validation import Model, parse

ROOT = Path(__file__).resolve().parent.parent

#: name -> (how to make the file from the tiny gpt-oss model, the sentence that refuses it)
REFUSED = {
    "llama": (None, "llama is not a gpt-oss model; Lokal runs gpt-oss models only."),
    "unknown-architecture": (
        lambda m: m.with_value("general.architecture", "frobnicator"),
        "frobnicator is not a gpt-oss model; Lokal runs gpt-oss models only.",
    ),
    "architecture-not-utf8": (
        lambda m: m.with_value("general.architecture", b"gpt-\xffoss"),
        "The model file is damaged: the metadata key 'general.architecture' is not valid "
        "UTF-8 text.",
    ),
    "name-not-utf8": (
        lambda m: m.with_value("general.name", b"Tiny \xc3("),
        "The model file is damaged: the metadata key 'general.name' is not valid UTF-8 text.",
    ),
    "no-harmony-start": (
        lambda m: _renamed_token(m, "<|start|>", "<|begin|>"),
        "This model's vocabulary lacks <|start|> of the harmony chat format, so it is not a "
        "usable gpt-oss model; Lokal runs gpt-oss models only.",
    ),
}


def _renamed_token(m: Model, old: str, new: str) -> Model:
    m = m.copy()
    tokens = list(m.kv("tokenizer.ggml.tokens").value)
    tokens[tokens.index(old)] = new
    m.kv("tokenizer.ggml.tokens").value = tokens
    return m


@pytest.fixture(scope="module")
def refused_files(tiny_gguf: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("refused")
    model = parse(tiny_gguf)
    files = {}
    for name, (change, _sentence) in REFUSED.items():
        path = folder / f"{name}.gguf"
        if change is None:
            build_llama_gguf(path)
        else:
            path.write_bytes(change(model).to_bytes())
        files[name] = path
    return files


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("LOKAL_DATA_DIR", str(folder))
    return folder


def _lokal(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "LOKAL_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("name", list(REFUSED))
def test_import_refuses_with_one_sentence_and_leaves_nothing(
    refused_files: dict[str, Path], data_dir: Path, name: str
) -> None:
    with pytest.raises(ModelError) as info:
        import_gguf(refused_files[name])
    sentence = message_of(info.value)
    assert sentence == REFUSED[name][1]
    assert isinstance(sentence, Sentence)  # the window shows it in German too
    models = data_dir / "models"
    assert not models.exists() or list(models.iterdir()) == []
    assert list_installed() == []


def test_lokal_models_import_prints_the_sentence(
    refused_files: dict[str, Path], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    for name in ("llama", "architecture-not-utf8", "name-not-utf8"):
        result = _lokal(data, "models", "import", str(refused_files[name]))
        assert (result.returncode, result.stdout) == (1, ""), result.stderr
        assert result.stderr == f"lokal: {REFUSED[name][1]}\n"
    assert not (data / "models").exists() or list((data / "models").iterdir()) == []


def test_lokal_ask_refuses_before_starting_the_engine(
    refused_files: dict[str, Path], tmp_path: Path
) -> None:
    result = _lokal(tmp_path / "data", "ask", "--model", str(refused_files["llama"]), "hi")
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == f"lokal: {REFUSED['llama'][1]}\n"


@pytest.mark.parametrize("name", list(REFUSED))
def test_opening_refuses_before_any_weights_load(
    refused_files: dict[str, Path], monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    def no_engine(self: EngineClient) -> None:
        raise AssertionError("the engine process was started")

    monkeypatch.setattr(EngineClient, "_start", no_engine)
    with EngineClient() as client, pytest.raises(EngineFailure) as info:
        client.load_planned(refused_files[name], Overrides())
    assert message_of(info.value) == REFUSED[name][1]
    assert isinstance(message_of(info.value), Sentence)


def test_the_window_open_says_why_in_the_model_bar(
    refused_files: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import queue

    from app.core.chat.model_control import ModelController, ModelState
    from app.core.engine.service import EngineService

    monkeypatch.setattr(EngineClient, "_start", lambda self: pytest.fail("engine started"))
    posted: queue.Queue[Callable[[], None]] = queue.Queue()
    service = EngineService()
    controller = ModelController(service, posted.put)
    states: list[ModelState] = []
    controller.subscribe(states.append)
    try:
        controller.load(refused_files["unknown-architecture"], Overrides())
        while not states or states[-1].phase == "loading":
            posted.get(timeout=30)()
    finally:
        service.close()
    assert (states[-1].phase, states[-1].detail) == ("failed", REFUSED["unknown-architecture"][1])
    assert isinstance(states[-1].detail, Sentence)


def test_a_manifest_that_cannot_be_written_leaves_no_folder(
    tiny_gguf: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from app.core.models import installed

    def full_disk(path: Path, data: object) -> None:
        path.with_name(path.name + ".tmp").write_text("half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(installed, "write_json", full_disk)
    with pytest.raises(ModelError, match="could not be imported: No space left on device"):
        import_gguf(tiny_gguf)
    assert list((data_dir / "models").iterdir()) == []


def test_a_model_imported_before_these_checks_is_listed_as_unusable(
    refused_files: dict[str, Path], data_dir: Path
) -> None:
    """An older Lokal imported gemma3 and llama files as "plain chat": the list says why they
    cannot be used instead of offering them."""
    from app.core.models.layout import MANIFEST, write_json

    folder = data_dir / "models" / "gemma"
    folder.mkdir(parents=True)
    path = refused_files["llama"]
    write_json(
        folder / MANIFEST,
        {
            "name": "gemma",
            "source": "import",
            "files": [{"path": str(path), "size": path.stat().st_size, "sha256": None}],
            "capabilities": {"architecture": "gemma3", "harmony": False},
            "problem": None,
        },
    )
    (model,) = list_installed()
    assert model.problem == "gemma3 is not a gpt-oss model; Lokal runs gpt-oss models only."
