"""Proxies that need a user name and password, and TLS with a server's own CA, for model
downloads and remote engines alike."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.engine.protocol import Delta, Done, EngineError, GenerateRequest
from app.core.engine.remote.client import RemoteEngine, RemoteTarget
from app.core.harmony import Message
from app.core.models.transfer import FileSpec, TransferError, fetch_file
from tests.fixtures import remote_shapes as shapes
from tests.fixtures.auth_proxy import AuthProxy
from tests.fixtures.local_hub import LocalHub
from tests.fixtures.replay_server import ReplayServer, sse_reply
from tests.fixtures.tls_cert import make_certificate

MODEL = "gpt-oss:120b"
REPO = "test-org/proxy-GGUF"


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[AuthProxy]:
    for name in ("no_proxy", "NO_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with AuthProxy() as running:
        yield running


def use_proxy(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, url)


def test_a_download_through_a_proxy_sends_its_credentials(
    proxy: AuthProxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data = b"gguf bytes " * 1000
    with LocalHub() as hub:
        commit = hub.add_repo(REPO, {"m.gguf": data}).commit
        url = f"{hub.url}/{REPO}/resolve/{commit}/m.gguf"
        use_proxy(monkeypatch, proxy.url())
        fetch_file(FileSpec(url, len(data), hashlib.sha256(data).hexdigest()), tmp_path / "m")
    assert (tmp_path / "m").read_bytes() == data
    assert proxy.log.accepted and not proxy.log.refused  # went through the proxy, accepted


def test_a_proxy_without_credentials_is_a_sentence_not_a_hang(
    proxy: AuthProxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    with LocalHub() as hub:
        commit = hub.add_repo(REPO, {"m.gguf": b"x"}).commit
        use_proxy(monkeypatch, proxy.url(with_credentials=False))
        with pytest.raises(TransferError):
            fetch_file(
                FileSpec(f"{hub.url}/{REPO}/resolve/{commit}/m.gguf", 1, "0" * 64),
                tmp_path / "m",
                max_retries=0,
            )
    assert proxy.log.refused


def _answer(target: RemoteTarget) -> list[object]:
    return list(RemoteEngine(target).generate(GenerateRequest(0, (Message("user", "Hi"),))))


def test_a_remote_engine_over_tls_through_an_authenticating_proxy(
    proxy: AuthProxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cert, key = make_certificate(tmp_path)
    with ReplayServer(tls=(cert, key)) as server:
        server.add("/v1/chat/completions", sse_reply(shapes.ollama_stream(MODEL, "r", "Hi!")))
        use_proxy(monkeypatch, proxy.url())
        events = _answer(RemoteTarget("team", server.base_url, MODEL, ca_file=str(cert)))
    assert "".join(e.text for e in events if isinstance(e, Delta) and e.channel == "final") == "Hi!"
    assert isinstance(events[-1], Done)
    assert proxy.log.accepted == [f"CONNECT 127.0.0.1:{server.port}"]


def test_a_server_certificate_not_trusted_is_a_sentence(tmp_path: Path) -> None:
    cert, key = make_certificate(tmp_path)
    with ReplayServer(tls=(cert, key)) as server:
        server.add("/v1/chat/completions", sse_reply(shapes.ollama_stream(MODEL, "r", "Hi!")))
        events = _answer(RemoteTarget("team", server.base_url, MODEL))
    assert len(events) == 1 and isinstance(events[0], EngineError)
    assert "secure connection" in events[0].message and "CA file" in events[0].message
    assert not server.requests  # nothing was sent over the untrusted connection


def test_a_proxy_refusing_the_tunnel_is_a_sentence(
    proxy: AuthProxy, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cert, key = make_certificate(tmp_path)
    with ReplayServer(tls=(cert, key)) as server:
        use_proxy(monkeypatch, proxy.url(with_credentials=False))
        events = _answer(RemoteTarget("team", server.base_url, MODEL, ca_file=str(cert)))
    assert isinstance(events[-1], EngineError) and "proxy" in events[-1].message


def test_a_whole_model_download_through_an_authenticating_proxy(
    proxy: AuthProxy,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    """The Hub's metadata (huggingface_hub) and the file (Lokal's transfer) both pass."""
    from huggingface_hub.utils import close_session

    from app.core.models.catalog import CatalogEntry
    from app.core.models.download import Installed, download_model

    data = b"weights " * 4096
    # huggingface_hub keeps one HTTP client, made with the proxy settings of its first use:
    # a fresh one here, and none left behind that still points at this test's proxy.
    close_session()
    request.addfinalizer(close_session)
    with LocalHub() as hub:
        hub.add_repo(REPO, {"m.gguf": data})
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        use_proxy(monkeypatch, proxy.url())
        entry = CatalogEntry("proxied", "Proxied", "", REPO, "main", "*.gguf", None)
        final = download_model(entry, lambda _event: None, root=tmp_path, backoff=0.01)
    assert isinstance(final, Installed), final
    assert not proxy.log.refused
    assert any("/api/models/" in line for line in proxy.log.accepted)  # the metadata, too
    assert any("m.gguf" in line for line in proxy.log.accepted)


def test_a_changed_proxy_takes_effect_for_the_hub_without_a_restart(
    proxy: AuthProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    """huggingface_hub keeps one HTTP client made with the proxy of its first use: the
    lookup after the system's proxy changed goes through the new proxy."""
    from app.core.models.hub import lookup

    with AuthProxy() as second, LocalHub() as hub:
        hub.add_repo(REPO, {"m.gguf": b"weights"})
        monkeypatch.setenv("HF_ENDPOINT", hub.url)
        use_proxy(monkeypatch, proxy.url())
        assert lookup(REPO, "main", lambda name: name.endswith(".gguf")).files
        through_first = list(proxy.log.accepted)
        use_proxy(monkeypatch, second.url())
        assert lookup(REPO, "main", lambda name: name.endswith(".gguf")).files
    assert any("/api/models/" in line for line in through_first)
    assert any("/api/models/" in line for line in second.log.accepted)
    assert not second.log.refused  # with the new proxy's credentials
