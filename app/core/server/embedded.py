"""The server run beside the window: uvicorn on its own thread, on the window's engine service.

The window owns one EngineService; the server's requests become jobs in the
same line as the window's turns (kind "request", which is how the window can
say it is busy answering an API request). `start` binds the socket before it
returns, so a port already taken is reported at once.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Sequence
from pathlib import Path

import uvicorn

from app.core.engine.service import EngineService
from app.core.server.app import build_app
from app.core.server.context import ServerContext
from app.core.server.guard import allowed_hosts
from app.core.server.jobs import EngineGateway, ServerStats
from app.core.server.limits import Limits
from app.core.server.responses_store import ResponseStore
from app.core.server.serve import base_url


class EmbeddedServer:
    def __init__(
        self,
        service: EngineService,
        *,
        api_key: str | None,
        host: str = "127.0.0.1",
        port: int = 8080,
        database: Path | None = None,
        cors_origins: Sequence[str] = (),
        limits: Limits | None = None,
        model_name: str = "",
    ) -> None:
        from app.core.server.service_port import ServiceEnginePort

        self.limits = limits or Limits()
        self.context = ServerContext(
            gateway=EngineGateway(ServiceEnginePort(service), self.limits.max_waiting),
            limits=self.limits,
            model_name=model_name,
            responses_store=ResponseStore(database) if database is not None else None,
        )
        self.api_key = api_key
        self._host, self._port = host, port
        self._cors = tuple(cors_origins)
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.base_url: str | None = None

    @property
    def stats(self) -> ServerStats:
        """Requests served and whether one runs (read from any thread)."""
        return self.context.gateway.stats

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> str:
        """Listen and serve; returns the base URL. OSError if the address cannot be used."""
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self._host, self._port))
            sock.listen()
        except OSError:
            sock.close()
            raise
        host, port = sock.getsockname()[:2]
        app = build_app(
            self.context,
            hosts=allowed_hosts(host, port),
            api_key=self.api_key,
            cors_origins=self._cors,
        )
        config = uvicorn.Config(
            app, log_level="warning", access_log=False, timeout_graceful_shutdown=2
        )
        server = uvicorn.Server(config)
        # Off the main thread uvicorn leaves signals alone: they stay the window's.
        self._server = server
        self.base_url = base_url(sock)

        def run() -> None:
            asyncio.run(server.serve(sockets=[sock]))
            sock.close()

        self._thread = threading.Thread(target=run, name="lokal-server", daemon=True)
        self._thread.start()
        return self.base_url

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening; requests still running are cancelled when their clients go."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        server.should_exit = True
        thread.join(timeout)
        self._server = self._thread = None
