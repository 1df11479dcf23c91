"""Running the server headless: its own engine, uvicorn on an already bound socket."""

from __future__ import annotations

import logging
import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from app.core.engine.client import EngineClient
from app.core.engine.load_plan import Overrides
from app.core.engine.service import EngineService, JobState
from app.core.paths import data_dir
from app.core.server.app import build_app
from app.core.server.context import ServerContext
from app.core.server.guard import allowed_hosts
from app.core.server.jobs import EngineGateway
from app.core.server.limits import Limits
from app.core.server.responses_store import ResponseStore
from app.core.server.service_port import ServiceEnginePort

log = logging.getLogger("lokal.server")


@dataclass(frozen=True)
class ServeOptions:
    model_path: Path
    model_name: str
    api_key: str | None
    cors_origins: Sequence[str] = ()
    extra_hosts: Sequence[str] = ()  # Host values to accept beside the bound address
    n_ctx: int | None = None
    threads: int | None = None
    limits: Limits = field(default_factory=Limits)


def listening_socket(host: str, port: int) -> socket.socket:
    """Bind and listen before anything is printed: a client that connects as soon as it reads
    "Serving …" waits in the backlog until uvicorn accepts, instead of being refused."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(socket.SOMAXCONN)
    except OSError:
        sock.close()
        raise
    return sock


def base_url(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/v1"


def installed_models() -> list[tuple[str, int]]:
    from app.core.models.installed import list_installed

    out = []
    for model in list_installed():
        try:
            created = int(model.path.stat().st_mtime)
        except OSError:
            created = 0
        out.append((model.name, created))
    return out


def serve(sock: socket.socket, options: ServeOptions, out: TextIO = sys.stdout) -> int:
    import uvicorn

    service = EngineService(EngineClient())
    loading = service.load(
        options.model_path, Overrides(n_ctx=options.n_ctx, threads=options.threads)
    )
    loading.wait()
    if loading.state is not JobState.DONE:
        print(f"lokal: {loading.error or 'The model did not load.'}", file=sys.stderr)
        service.close()
        return 1
    port = ServiceEnginePort(service)
    ctx = ServerContext(
        gateway=EngineGateway(port, options.limits.max_waiting),
        limits=options.limits,
        installed=installed_models(),
        model_name=options.model_name,
        responses_store=ResponseStore(data_dir() / "lokal.db"),
    )
    host, bound_port = sock.getsockname()[:2]
    app = build_app(
        ctx,
        hosts=allowed_hosts(host, bound_port, options.extra_hosts),
        api_key=options.api_key,
        cors_origins=options.cors_origins,
    )
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_graceful_shutdown=2)
    server = uvicorn.Server(config)
    print(f"Serving {ctx.model_id} at {base_url(sock)}", file=out, flush=True)
    if options.api_key is not None:
        print(f"API key: {options.api_key}", file=out, flush=True)
    try:
        server.run(sockets=[sock])
    finally:
        service.close()
    return 0
