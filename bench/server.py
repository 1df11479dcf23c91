"""The local server's cost: tokens/s through `lokal serve` (streaming) ÷ the engine in-process.

The same request, planned by the server's own code (plan_chat), runs on the
engine directly (EngineClient, no HTTP) and through a live `lokal serve` over
a plain HTTP client reading the event stream. A fixed seed and a schema that
forces a long answer make both generate the same tokens. Reported:
  ratio   tokens/s through the server ÷ tokens/s in-process (goal ≥ 0.97);
  TTFT    time to the first streamed token, server minus in-process (goal ≤ 5 ms);
  cancel  time from the client hanging up to the server being idle again.

    python bench/server.py [--threads 2] [--repeats 5] [--tokens 3000]
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.core.engine.client import EngineClient  # noqa: E402
from app.core.engine.load_plan import Overrides  # noqa: E402
from app.core.engine.protocol import Delta, Done, GenerateRequest  # noqa: E402
from app.core.server.chat_models import ChatRequest  # noqa: E402
from app.core.server.chat_plan import plan_chat  # noqa: E402
from app.core.server.limits import Limits  # noqa: E402
from app.core.synthetic import build_gptoss_gguf  # noqa: E402

KEY = "bench-key"
CONTEXT = 4096


def body(tokens: int) -> dict[str, Any]:
    lines = tokens // 40  # about 40 tokens a line on the tiny vocabulary
    schema = {
        "type": "object",
        "properties": {
            "lines": {
                "type": "array",
                "items": {"type": "string", "minLength": 60, "maxLength": 60},
                "minItems": lines,
                "maxItems": lines,
            }
        },
        "required": ["lines"],
        "additionalProperties": False,
    }
    return {
        "model": "tiny",
        "messages": [{"role": "user", "content": "A long list, please."}],
        "response_format": {"type": "json_schema", "json_schema": {"name": "l", "schema": schema}},
        "max_tokens": tokens,
        "seed": 7,
        "stream": True,
    }


def in_process(client: EngineClient, request: GenerateRequest) -> tuple[float, float, int]:
    """(seconds to the first text, seconds in all, completion tokens)."""
    started = time.perf_counter()
    first = None
    for event in client.generate(request):
        if isinstance(event, Delta) and first is None:
            first = time.perf_counter() - started
        if isinstance(event, Done):
            assert first is not None
            return first, time.perf_counter() - started, event.completion_tokens
    raise RuntimeError("no Done")


class Server:
    def __init__(self, model: Path, threads: int, data: Path) -> None:
        env = {**os.environ, "LOKAL_DATA_DIR": str(data), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "app", "serve", "--model", str(model), "--port", "0",
             "--api-key", KEY, "--threads", str(threads), "--context", str(CONTEXT)],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("Serving "):
                url = line.split(" at ", 1)[1].strip()
                self.host, port = url.removeprefix("http://").removesuffix("/v1").split(":")
                self.port = int(port)
                break
        else:
            raise RuntimeError("lokal serve did not start")
        threading.Thread(target=self.process.stdout.read, daemon=True).start()

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=300)

    def post(self, connection: http.client.HTTPConnection, payload: dict[str, Any]) -> Any:
        data = json.dumps(payload).encode()
        connection.request(
            "POST", "/v1/chat/completions", data,
            {"Authorization": f"Bearer {KEY}", "Content-Type": "application/json"},
        )  # fmt: skip
        return connection.getresponse()

    def stream(self, payload: dict[str, Any]) -> tuple[float, float, int]:
        """(seconds to the first text, seconds to the end of the stream, completion tokens)."""
        connection = self.connection()
        started = time.perf_counter()
        reply = self.post(connection, {**payload, "stream_options": {"include_usage": True}})
        first, tokens = None, 0
        for raw in reply:
            line = raw.decode().strip()
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[6:])
            if chunk.get("usage"):
                tokens = chunk["usage"]["completion_tokens"]
            delta = chunk["choices"][0]["delta"] if chunk.get("choices") else {}
            if first is None and (delta.get("content") or delta.get("reasoning_content")):
                first = time.perf_counter() - started
        total = time.perf_counter() - started
        connection.close()
        assert first is not None
        return first, total, tokens

    def busy(self) -> bool:
        connection = self.connection()
        connection.request("GET", "/health")
        busy = bool(json.loads(connection.getresponse().read())["busy"])
        connection.close()
        return busy

    def cancel_latency(self, payload: dict[str, Any]) -> float:
        """Seconds from closing the connection mid-answer to the server being idle."""
        connection = self.connection()
        reply = self.post(connection, payload)
        reply.readline()  # the answer is streaming
        reply.readline()
        closed = time.perf_counter()
        connection.sock.shutdown(2)
        connection.close()
        while self.busy():
            pass
        return time.perf_counter() - closed

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--tokens", type=int, default=3000)
    args = parser.parse_args()
    payload = body(args.tokens)
    with tempfile.TemporaryDirectory() as folder:
        model = build_gptoss_gguf(Path(folder) / "tiny.gguf", preset="tiny", seed=0)
        payload["model"] = model.stem
        plan = plan_chat(ChatRequest.model_validate(payload), Limits(), CONTEXT)
        server = Server(model, args.threads, Path(folder) / "data")
        client = EngineClient()
        client.load_planned(model, Overrides(n_ctx=CONTEXT, threads=args.threads))
        try:
            direct, served = [], []
            in_process(client, plan.generate)  # warm-up: both caches hold the prompt
            server.stream(payload)
            for _ in range(args.repeats):  # alternated, so load changes hit both alike
                direct.append(in_process(client, plan.generate))
                served.append(server.stream(payload))
            cancels = [server.cancel_latency(payload) for _ in range(args.repeats)]
        finally:
            client.close()
            server.close()
    tokens = {run[2] for run in direct + served}
    rate_direct = statistics.median(run[2] / run[1] for run in direct)
    rate_served = statistics.median(run[2] / run[1] for run in served)
    ttft = statistics.median(s[0] - d[0] for d, s in zip(direct, served, strict=True))
    print(f"tiny model, {args.threads} threads, median of {args.repeats}, tokens {sorted(tokens)}")
    first_direct = statistics.median(d[0] for d in direct) * 1000
    first_served = statistics.median(s[0] for s in served) * 1000
    print(f"  in-process engine   {rate_direct:,.0f} tok/s, first text {first_direct:.1f} ms")
    print(f"  through the server  {rate_served:,.0f} tok/s, first text {first_served:.1f} ms")
    print(f"  ratio               {rate_served / rate_direct:.3f} (goal ≥ 0.97)")
    print(f"  TTFT overhead       {ttft * 1000:+.1f} ms (goal ≤ 5 ms)")
    print(f"  cancel on hang-up   {statistics.median(cancels) * 1000:.1f} ms median, "
          f"{max(cancels) * 1000:.1f} ms worst (goal ≤ 200 ms)")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
