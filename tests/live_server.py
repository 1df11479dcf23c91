"""A live `lokal serve` in a child process on a free loopback port, for the server's tests."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class LiveServer:
    def __init__(self, model: Path, data_dir: Path, key: str, extra: Sequence[str] = ()) -> None:
        env = {**os.environ, "LOKAL_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
        env.pop("LOKAL_API_KEY", None)
        self.key = key
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--model", str(model), "--port", "0",
             "--api-key", key, "--threads", "1", *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        lines = []
        for line in self.process.stdout:  # ends when the process does
            lines.append(line)
            if line.startswith("Serving "):
                self.base_url = line.split(" at ", 1)[1].strip()
                break
        else:
            raise RuntimeError("lokal serve did not start:\n" + "".join(lines))
        self.origin = self.base_url.removesuffix("/v1")
        # Keep reading its output so that it can never block on a full pipe.
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def request(
        self,
        method: str,
        path: str,
        *,
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        json_body: object = None,
    ) -> Reply:
        """One plain HTTP request (any Host header, any body), independent of client libraries."""
        parts = urlsplit(self.origin)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=120)
        headers = dict(headers or {})
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers.setdefault("Content-Type", "application/json")
        if body is not None:
            headers["Content-Length"] = str(len(body))
        try:
            connection.putrequest(method, path, skip_host="Host" in headers)
            for name, value in headers.items():
                connection.putheader(name, value)
            connection.endheaders(body)
            response = connection.getresponse()
            return Reply(
                response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
            )
        finally:
            connection.close()

    def health(self) -> dict[str, object]:
        reply = self.request("GET", "/health")
        assert reply.status == 200, reply.body
        data: dict[str, object] = reply.json()
        return data

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
