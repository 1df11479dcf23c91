"""The Hugging Face token: only in a secure keyring, never in logs, files or messages."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import keyring.backend
import keyring.backends.chainer
import keyring.backends.fail
import pytest

from app.core import network_guard
from app.core.models import token as tokens
from app.core.models.catalog import CatalogEntry
from app.core.models.download import Failed, download_model
from app.core.sentence import Sentence
from tests.fixtures.local_hub import LocalHub

SECRET = "hf_TopSecretToken1234567890abcdef"
REPO = "test-org/tiny-GGUF"


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A secure keyring stand-in: keeps passwords in this process only."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


def plaintext_keyring() -> Any:
    """A backend shaped like keyrings.alt's PlaintextKeyring (the package is not installed)."""
    cls = type("PlaintextKeyring", (MemoryKeyring,), {"__module__": "keyrings.alt.file"})
    return cls()


@pytest.fixture(autouse=True)
def _fresh_session() -> Iterator[None]:
    tokens.clear_token(MemoryKeyring())
    yield
    tokens.clear_token(MemoryKeyring())
    network_guard.set_offline(False)


def test_a_secure_keyring_stores_the_token() -> None:
    backend = MemoryKeyring()
    assert tokens.set_token(f"  {SECRET}\n", backend) is None
    assert backend.store[(tokens.SERVICE, tokens.USERNAME)] == SECRET
    tokens.clear_token(backend)
    assert tokens.get_token(backend) is None
    backend.set_password(tokens.SERVICE, tokens.USERNAME, SECRET)
    assert tokens.get_token(backend) == SECRET


@pytest.mark.parametrize(
    "backend",
    [keyring.backends.fail.Keyring(), plaintext_keyring()],
    ids=["fail", "plaintext"],
)
def test_an_unsafe_keyring_is_refused_and_the_token_kept_in_memory(backend: Any) -> None:
    verdict = tokens.assess_keyring(backend)
    assert not verdict.usable and verdict.reason.endswith(".")
    reason = tokens.set_token(SECRET, backend)
    assert reason == verdict.reason and "in memory" in reason
    assert getattr(backend, "store", {}) == {}  # nothing written to it
    assert tokens.get_token(backend) == SECRET  # for this session only


def test_a_chain_uses_its_secure_backend_and_never_the_plaintext_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    secure, plain = MemoryKeyring(), plaintext_keyring()
    chainer = keyring.backends.chainer.ChainerBackend
    monkeypatch.setattr(chainer, "backends", [plain, secure])
    assert tokens.assess_keyring(chainer()).backend is secure
    monkeypatch.setattr(chainer, "backends", [plain])
    assert not tokens.assess_keyring(chainer()).usable
    monkeypatch.setattr(chainer, "backends", [])
    assert not tokens.assess_keyring(chainer()).usable


def test_redaction_hides_the_token_in_text_and_the_log_file(tmp_path: Path) -> None:
    from app.core.logging_setup import install_logging

    tokens.remember_secret(SECRET)
    assert SECRET not in tokens.redact(f"Authorization: Bearer {SECRET}")
    # A sentence the window will translate stays one, without the token in its values.
    hidden = tokens.redact(Sentence("The connection failed (%1).", f"Bearer {SECRET}"))
    assert isinstance(hidden, Sentence) and hidden.template == "The connection failed (%1)."
    assert hidden == f"The connection failed (Bearer {tokens.HIDDEN})."
    path = install_logging(tmp_path)
    assert path is not None
    logger = logging.getLogger("lokal.test")
    try:
        logger.error("sent %s", SECRET)
        logger.error("headers: %s", {"authorization": f"Bearer {SECRET}"})
    finally:
        for name in ("lokal", "app"):
            for handler in list(logging.getLogger(name).handlers):
                if handler.get_name() == "lokal-file":
                    logging.getLogger(name).removeHandler(handler)
                    handler.close()
    text = path.read_text()
    assert "sent hf_***" in text and "headers:" in text
    assert SECRET not in text and SECRET[3:20] not in text


def test_error_paths_with_a_token_never_show_it(
    tmp_path: Path,
    tiny_gguf: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The Hub echoes the Authorization header in its errors; none of it reaches the user."""
    # Lokal's own loggers at every level; other libraries at the level Python shows
    # (warnings, on stderr). Lokal's log file takes only its own loggers, so the HTTP
    # client's debug trace of the echoed headers is written nowhere.
    for name in ("lokal", "app"):
        caplog.set_level(logging.DEBUG, logger=name)
    monkeypatch.setenv("LOKAL_DATA_DIR", str(tmp_path / "data"))
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps({"models": [{"name": "tiny", "label": "Tiny", "repo": REPO,
                                               "files": "*.gguf"}]}))  # fmt: skip
    monkeypatch.setenv("LOKAL_CATALOG", str(catalog))
    backend = MemoryKeyring()
    monkeypatch.setattr(keyring, "get_keyring", lambda: backend)
    assert tokens.set_token(SECRET) is None
    from app.cli.main import main
    from app.core import settings

    settings.update(instructions="be brief")
    outputs: list[str] = []
    with LocalHub() as hub:
        hub.add_repo(REPO, {"tiny.gguf": tiny_gguf.read_bytes()})
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        hub.faults.echo_authorization = True
        for status in (401, 403, 404, 500, 503):
            hub.faults.status = status
            assert main(["models", "download", "tiny"]) == 1
            entry = CatalogEntry("tiny", "Tiny", "", REPO, "main", "*.gguf", None)
            final = download_model(entry, lambda _e: None, token=SECRET, root=tmp_path / "m")
            assert isinstance(final, Failed)
            outputs.append(final.message)
        # The token did reach the Hub, so the test would see it if it leaked.
        assert any(SECRET in r.headers.get("authorization", "") for r in hub.requests)
        hub.faults.status = None  # file errors now: the API answers, the download fails
        hub.repos[REPO].files["tiny.gguf"] = b"GGUF" + b"\0" * 10  # size mismatch on sha check
        final = download_model(entry, lambda _e: None, token=SECRET, root=tmp_path / "m2")
        outputs.append(getattr(final, "message", ""))
    captured = capsys.readouterr()
    outputs += [captured.out, captured.err, caplog.text]
    for path in (tmp_path / "data").rglob("*"):
        if path.is_file():
            outputs.append(path.read_text(errors="replace"))
    joined = "\n".join(outputs)
    assert "refused access" in joined  # the error paths ran
    assert SECRET not in joined
    assert SECRET[3:20] not in joined
    assert os.environ.get("HF_TOKEN") is None  # nothing set behind the user's back


def test_a_download_with_a_token_never_logs_in_or_saves_it(
    tmp_path: Path, tiny_gguf: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """huggingface_hub's login() writes the token to disk in clear: it must never run."""
    import huggingface_hub
    from huggingface_hub import _login

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("login must not be called")

    for module, name in [
        (huggingface_hub, "login"),
        (_login, "login"),
        (_login, "_validate_and_save_token"),
        (_login, "_set_active_token"),
    ]:
        monkeypatch.setattr(module, name, forbidden)
    with LocalHub() as hub:
        hub.add_repo(REPO, {"tiny.gguf": tiny_gguf.read_bytes()})
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        entry = CatalogEntry("tiny", "Tiny", "", REPO, "main", "*.gguf", None)
        final = download_model(entry, lambda _e: None, token=SECRET, root=tmp_path / "m")
        assert not isinstance(final, Failed), final
        assert hub.requests[0].headers["authorization"] == f"Bearer {SECRET}"
    written = [p for p in (tmp_path / "m").rglob("*") if p.is_file()]
    assert written and all(SECRET.encode() not in p.read_bytes() for p in written)
