"""An engine process that calls os.abort() mid-generation, as llama.cpp's GGML_ASSERT does.

It is the real engine_main with one change: the generation loop aborts the
process after 50 evaluated tokens. Lives in an importable module because the
engine process is started with "spawn".
"""

from __future__ import annotations

import os
from multiprocessing.connection import Connection
from typing import Any


def engine_main_that_aborts(conn: Connection, cancel_up_to: Any) -> None:
    from app.core.engine import llama_runtime
    from app.core.engine.engine_process import engine_main

    original = llama_runtime.LlamaRuntime.evaluate
    count = {"tokens": 0}

    def evaluate(self: Any, tokens: Any, **kwargs: Any) -> bool:
        if len(tokens) == 1:
            count["tokens"] += 1
            if count["tokens"] > 50:
                os.abort()
        result: bool = original(self, tokens, **kwargs)
        return result

    llama_runtime.LlamaRuntime.evaluate = evaluate  # type: ignore[method-assign]
    engine_main(conn, cancel_up_to)


def engine_main_whose_warm_up_crashes(conn: Connection, cancel_up_to: Any) -> None:
    """The real engine_main, except that every warm-up aborts, in the safe configuration too."""
    from app.core.engine import llama_runtime
    from app.core.engine.engine_process import engine_main

    def warm_up(self: Any) -> None:
        os.abort()

    llama_runtime.LlamaRuntime.warm_up = warm_up  # type: ignore[method-assign]
    engine_main(conn, cancel_up_to)
