"""The bare decode + sample loop: what generating a token costs with nothing of ours around it.

Overhead is only measurable against a baseline that does exactly the engine's work
minus the engine: the same LlamaRuntime, the same rendered prompt, the sampler we
ship (end tokens banned so that every run makes N tokens), one token decoded at a
time, in-process. bench/engine.py and bench/tiny_engine.py both time our engine
against this one loop, so their overhead figures mean the same thing.
"""

from __future__ import annotations

import time
from pathlib import Path

from app.core.engine.protocol import GenerateRequest, LoadSettings, SamplingSettings
from app.core.harmony import Message


class BareLoop:
    """One loaded runtime with the prompt evaluated once; seconds(n) times n tokens.

    conversation_date must match the engine requests it is compared with (None:
    today, as the engine does), so that both evaluate the same prompt.
    """

    def __init__(
        self,
        model: Path,
        threads: int,
        *,
        prompt: str,
        conversation_date: str | None = None,
        n_ctx: int = 8192,
    ) -> None:
        # Imported here, not at the top: llama_cpp loads only when a bare loop is made,
        # not in every engine process that re-imports the benchmark script.
        from app.core.engine.generation import Generator
        from app.core.engine.llama_runtime import LlamaRuntime

        self.runtime = LlamaRuntime(LoadSettings(model_path=model, n_ctx=n_ctx, n_threads=threads))
        request = GenerateRequest(
            request_id=0,
            messages=(Message(role="user", content=prompt),),
            conversation_date=conversation_date,
        )
        self.prompt = Generator(self.runtime).prompt_tokens(request)
        self.runtime.evaluate(self.prompt)

    def seconds(self, n: int) -> float:
        """Decode the prompt's last token again, then sample and decode n tokens."""
        runtime = self.runtime
        # Keep the prompt in the cache but its last token, whose logits the first sample
        # needs: every run starts from the same state without evaluating the prompt again.
        runtime.truncate_cache(len(self.prompt) - 1)
        bias = dict.fromkeys(runtime.end_ids, float("-inf"))
        sampler = runtime.make_sampler(SamplingSettings(seed=1), logit_bias=bias)
        started = time.perf_counter()
        runtime.evaluate(self.prompt[-1:])
        for _ in range(n):
            runtime.evaluate([sampler.sample()])
        elapsed = time.perf_counter() - started
        sampler.close()
        return elapsed

    def close(self) -> None:
        self.runtime.close()
