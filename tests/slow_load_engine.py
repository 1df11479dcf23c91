"""An engine process whose model loads take a minute, as a 12 GB file on a slow disk does.

It is the real engine_main; before each real load, llama.cpp's progress callback
is called 600 times, 0.1 s apart, and the load stops where the callback says
so (returns False), as llama.cpp does. Lives in an importable module because
the engine process is started with "spawn".
"""

from __future__ import annotations

import time
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any

STEPS = 600
STEP_S = 0.1  # the simulated disk's pace, inside the engine process only


def engine_main_that_loads_slowly(conn: Connection, cancel_up_to: Any) -> None:
    from app.core.engine import llama_runtime
    from app.core.engine.engine_process import engine_main

    original = llama_runtime.LlamaRuntime.__init__

    def slow_init(self: Any, settings: Any, progress: Callable[[float], Any] | None = None) -> None:
        for step in range(STEPS):
            if progress is not None and progress(step / STEPS / 2) is False:
                raise llama_runtime.RuntimeError_("llama.cpp could not load the model.")
            time.sleep(STEP_S)
        original(self, settings, progress)

    llama_runtime.LlamaRuntime.__init__ = slow_init  # type: ignore[method-assign]
    engine_main(conn, cancel_up_to)
