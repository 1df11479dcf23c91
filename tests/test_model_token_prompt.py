"""`lokal models download` without a secure keyring: the token is asked for on the terminal
each time a model needs one, used for that download only, and never written anywhere."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.backends.fail
import pytest

from app.core.models import token as tokens
from app.core.models.installed import list_installed
from tests.fixtures.local_hub import LocalHub

SECRET = "hf_TypedAtTheTerminal0987654321zyx"
REPO = "test-org/gated-GGUF"


class Terminal:
    """sys.stdin as seen by the command: a terminal or not (nothing is read from it)."""

    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


@pytest.fixture
def gated(tmp_path: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalHub]:
    """A Hub that answers 401 unless the request carries SECRET; a keyring Lokal refuses."""
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path / "data"))
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"models": [{"name": "tiny", "label": "Tiny", "repo": REPO,
                                               "files": "*.gguf"}]}))  # fmt: skip
    monkeypatch.setenv("LOKAL_CATALOG", str(catalog))
    monkeypatch.setattr(keyring, "get_keyring", lambda: keyring.backends.fail.Keyring())
    tokens.clear_token()
    with LocalHub() as hub:
        hub.add_repo(REPO, {"tiny.gguf": tiny_gguf.read_bytes()})
        hub.faults.require_token = SECRET
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        yield hub
    tokens.clear_token()


def asks(monkeypatch: pytest.MonkeyPatch, *, tty: bool) -> list[str]:
    """Patch getpass and the terminal test; returns the prompts getpass was called with."""
    import getpass
    import sys

    prompts: list[str] = []

    def fake_getpass(prompt: str = "", stream: object = None) -> str:
        prompts.append(prompt)
        return f"  {SECRET}\n"

    monkeypatch.setattr(getpass, "getpass", fake_getpass)
    monkeypatch.setattr(sys, "stdin", Terminal(tty))
    return prompts


def everything_written(root: Path) -> str:
    return "\n".join(p.read_text(errors="replace") for p in root.rglob("*") if p.is_file())


def test_on_a_terminal_the_token_is_asked_for_and_used_for_this_download_only(
    gated: LocalHub,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from app.cli.main import main

    caplog.set_level(logging.DEBUG)
    prompts = asks(monkeypatch, tty=True)
    assert main(["models", "download", "tiny"]) == 0
    assert len(prompts) == 1 and "Tiny needs a Hugging Face token" in prompts[0]
    assert [m.name for m in list_installed()] == ["tiny"]
    statuses = [(r.headers.get("authorization"), r.status) for r in gated.requests]
    assert (None, 401) in statuses  # first without a token, refused
    assert (f"Bearer {SECRET}", 200) in statuses  # then with the one typed in
    assert tokens.get_token() is None  # nothing kept for later
    captured = capsys.readouterr()
    assert "Installed Tiny" in captured.out
    data = tmp_path / "data"
    assert (data / "logs" / "lokal.log").is_file()  # the log was written, without it
    for text in (captured.out, captured.err, caplog.text, everything_written(data)):
        assert SECRET not in text and SECRET[3:20] not in text


def test_without_a_terminal_it_says_how_to_give_the_token(
    gated: LocalHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.main import main

    prompts = asks(monkeypatch, tty=False)
    assert main(["models", "download", "tiny"]) == 1
    assert prompts == []
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.startswith("lokal: ") and "Traceback" not in last
    assert "asks for the token each time" in last and "run this command in a terminal" in last
    assert list_installed() == []


def test_models_token_explains_that_downloads_ask_for_it(
    gated: LocalHub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from app.cli.main import main

    prompts = asks(monkeypatch, tty=True)
    assert main(["models", "token"]) == 1
    assert prompts == []  # a token that could not be kept is not asked for in vain
    err = capsys.readouterr().err
    assert "will not store the token" in err and "asks for the token" in err
