"""The server beside the window: on the window's engine service, started and stopped at will."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import openai
import pytest

from app.core.engine.load_plan import Overrides
from app.core.engine.service import EngineService, JobState
from app.core.server.embedded import EmbeddedServer
from tests.fixtures.long_answers import LONG_ANSWER_SCHEMA


@pytest.fixture(scope="module")
def service(tiny_gguf: Path) -> Iterator[EngineService]:
    service = EngineService()
    loading = service.load(tiny_gguf, Overrides(n_ctx=4096, threads=1))
    assert loading.wait(120) and loading.state is JobState.DONE, loading.error
    yield service
    service.close()


def test_requests_run_as_jobs_of_the_shared_service(
    service: EngineService, tmp_path: Path, tiny_gguf: Path
) -> None:
    server = EmbeddedServer(service, api_key="k", port=0, database=tmp_path / "lokal.db")
    url = server.start()
    try:
        client = openai.OpenAI(base_url=url, api_key="k", max_retries=0)
        model = client.models.list().data[0].id
        assert model == tiny_gguf.stem
        reply = client.chat.completions.create(
            model=model, messages=[{"role": "user", "content": "hi"}], max_tokens=5
        )
        assert reply.choices[0].finish_reason in ("stop", "length")
        kinds = []
        unsubscribe = service.subscribe(lambda status: kinds.append(status.running))
        stream = client.chat.completions.create(
            model=model,
            messages=[{"role": "user", "content": "long"}],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "l", "schema": LONG_ANSWER_SCHEMA},
            },
            max_tokens=3600,
            stream=True,
        )
        next(iter(stream))
        stream.close()
        unsubscribe()
        assert "request" in kinds  # what the window shows as "busy answering an API request"
        assert server.stats.served >= 1
        resumed = client.responses.create(model=model, input="x", max_output_tokens=5)
        assert client.responses.retrieve(resumed.id).id == resumed.id
    finally:
        server.stop()
    port = int(url.rsplit(":", 1)[1].removesuffix("/v1"))
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=2)


def test_a_taken_port_is_reported_at_once(service: EngineService) -> None:
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        server = EmbeddedServer(service, api_key="k", port=taken.getsockname()[1])
        with pytest.raises(OSError):
            server.start()
        assert not server.running
    finally:
        taken.close()
