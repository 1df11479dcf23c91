"""Saved prompt caches: time to the first token of a follow-up after a restart, restored ÷ cold.

A conversation of about --tokens prompt tokens is answered once (its prompt cache
is saved), the engine process is stopped and started again, and a follow-up
question is asked: that is the restored time to first token. The cold time is
the same kind of turn without a saved cache: a second conversation of the same
length, asked for the first time in that fresh engine. Then the two
conversations alternate (A, B, A, B): each turn restores its own conversation's
file, since the KV cache holds the other one. Also printed: how long each save
held up the engine's loop (copying the state out of llama.cpp) and how long the
writing took on its own thread, how late a 10 ms timer in this process (the
window's side) ran meanwhile, and the disk used.

    python bench/prompt_cache.py                 # the tiny synthetic model
    flock /tmp/lokal-heavy.lock python bench/prompt_cache.py --full --no-repack --ctx 8192

The last line is ``restore_ratio=X`` (goal: at most 0.1 on the 20B-shaped model).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from engine_settings import FULL_MODEL, say  # noqa: E402

from app.core.engine.client import EngineClient  # noqa: E402
from app.core.engine.prompt_cache import CacheFolder  # noqa: E402
from app.core.engine.protocol import (  # noqa: E402
    Done,
    EngineError,
    GenerateRequest,
    LoadSettings,
    PromptCacheRef,
    PromptCacheStats,
    SamplingSettings,
)
from app.core.harmony import Message  # noqa: E402
from app.core.synthetic import build_gptoss_gguf  # noqa: E402

DATE = "2025-06-01"
STORY = (
    "the keeper climbed the stairs at dusk and wrote the weather in a small book while "
    "ships passed far out on the grey water and gulls turned over the rocks below"
)
WORDS = tuple(STORY.split(" "))


class TimerLag:
    """A 10 ms timer on a thread of this process: how late it fires while the engine works."""

    def __init__(self) -> None:
        self.lags: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            due = time.perf_counter() + 0.01
            self._stop.wait(0.01)
            self.lags.append(max(0.0, time.perf_counter() - due))

    def __enter__(self) -> TimerLag:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def text_of(n_words: int, offset: int) -> str:
    return " ".join(WORDS[(offset + i) % len(WORDS)] for i in range(n_words))


def conversation(n_words: int, seed: int) -> tuple[Message, ...]:
    """Turns of about 400 words each, user and assistant, ending with a question."""
    messages: list[Message] = []
    offset = seed * 7
    while n_words > 0:
        take = min(400, n_words)
        messages.append(Message(role="user", content=text_of(take, offset)))
        messages.append(
            Message(role="assistant", content=text_of(take // 4, offset + 3), channel="final")
        )
        offset += 11
        n_words -= take
    messages.append(Message(role="user", content="What did the keeper write?"))
    return tuple(messages)


def follow_up(messages: tuple[Message, ...], n: int) -> tuple[Message, ...]:
    answer = Message(role="assistant", content="The weather, every evening.", channel="final")
    return (*messages, answer, Message(role="user", content=f"And on day {n}?"))


def turn(client: EngineClient, messages: tuple[Message, ...], ref: PromptCacheRef | None) -> Done:
    request = GenerateRequest(
        request_id=0,
        messages=messages,
        sampling=SamplingSettings(temperature=0.0),
        max_tokens=2,
        ignore_end=True,
        conversation_date=DATE,
        prompt_cache=ref,
    )
    events = list(client.generate(request))
    done = events[-1]
    if isinstance(done, EngineError):
        raise SystemExit(f"engine error: {done.message}")
    assert isinstance(done, Done)
    return done


def words_for(client: EngineClient, tokens: int) -> int:
    """Words of filler that make a conversation of about ``tokens`` prompt tokens."""
    probe = 300
    done = turn(client, conversation(probe, seed=99), None)
    return max(1, int(tokens * probe / done.prompt_tokens))


@dataclass
class Run:
    ratio: float
    alternating_ratio: float
    stats: PromptCacheStats
    timer_lag_max: float
    disk: int


def measure(settings: LoadSettings, scratch: Path, tokens: int) -> Run:
    """One whole run: save A, restart, restored A, cold B, then A and B alternating."""
    folder = scratch / "prompt-cache"
    a = PromptCacheRef(1, folder, 2 * 10**9)
    b = PromptCacheRef(2, folder, 2 * 10**9)
    with EngineClient() as client:
        client.load(settings)
        n_words = words_for(client, tokens)
        first = turn(client, conversation(n_words, seed=1), a)
        say(f"first engine: conversation A answered, {first.prompt_tokens} prompt tokens")
        saved = client.flush_prompt_caches()

    history_a = conversation(n_words, seed=1)
    history_b = conversation(n_words, seed=2)
    with EngineClient() as client, TimerLag() as lag:  # the restart
        client.load(settings)
        # A first short turn: a fresh process's first decode sets up its buffers and
        # threads, which neither measured turn should pay.
        turn(client, (Message(role="user", content="Hello."),), None)
        thread_a = follow_up(history_a, 1)
        restored = turn(client, thread_a, a)
        cold = turn(client, history_b, b)
        thread_b = history_b
        alternating = []
        for n in (2, 3):
            thread_a = follow_up(thread_a, n)
            alternating.append(turn(client, thread_a, a))
            thread_b = follow_up(thread_b, n)
            alternating.append(turn(client, thread_b, b))
        stats = client.flush_prompt_caches()
    line("restored after restart (A)", restored)
    line("cold (B, first time)", cold)
    for i, done in enumerate(alternating):
        line(f"alternating {'AB'[i % 2]}", done)
    assert restored.time_to_first_token_s and cold.time_to_first_token_s
    assert restored.prompt_tokens_restored and all(d.prompt_tokens_restored for d in alternating)
    alternating_ttft = [d.time_to_first_token_s or 0.0 for d in alternating]
    return Run(
        ratio=restored.time_to_first_token_s / cold.time_to_first_token_s,
        alternating_ratio=statistics.median(alternating_ttft) / cold.time_to_first_token_s,
        stats=PromptCacheStats(
            saves=saved.saves + stats.saves,
            snapshot_seconds=saved.snapshot_seconds + stats.snapshot_seconds,
            write_seconds=saved.write_seconds + stats.write_seconds,
            restore_seconds=stats.restore_seconds,
        ),
        timer_lag_max=max(lag.lags, default=0.0),
        disk=CacheFolder(folder).bytes_used(),
    )


def line(name: str, done: Done) -> None:
    say(
        f"{name}: ttft {done.time_to_first_token_s:.3f} s, prompt {done.prompt_tokens}, "
        f"restored {done.prompt_tokens_restored}, evaluated {done.prompt_tokens_evaluated}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--full", action="store_true", help="the 20B-shaped synthetic model")
    parser.add_argument("--model", type=Path, help="another GGUF file")
    parser.add_argument("--tokens", type=int, default=4000)
    parser.add_argument("--ctx", type=int, default=8192)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-repack", action="store_true", help="use_extra_bufts off")
    parser.add_argument("--repeats", type=int, default=3, help="whole runs; medians printed")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        if args.model:
            model = args.model
        elif args.full:
            if not FULL_MODEL.exists():
                say(f"writing {FULL_MODEL} (about 80 s) …")
                build_gptoss_gguf(FULL_MODEL, preset="full", seed=0)
            model = FULL_MODEL
        else:
            model = build_gptoss_gguf(Path(scratch) / "tiny.gguf", preset="tiny", seed=0)
        settings = LoadSettings(
            model_path=model,
            n_ctx=args.ctx,
            n_threads=args.threads,
            repack_weights=not args.no_repack,
        )
        say(
            f"model {model.name}, n_ctx {args.ctx}, threads {args.threads}, "
            f"repack {'off' if args.no_repack else 'on'}, about {args.tokens} prompt tokens"
        )
        runs = [
            measure(settings, Path(scratch) / f"run{i}", args.tokens) for i in range(args.repeats)
        ]

    ratios = sorted(r.ratio for r in runs)
    say(f"runs={len(runs)} restore_ratios={' '.join(f'{x:.4f}' for x in ratios)}")
    say(f"alternating_ratio={statistics.median(r.alternating_ratio for r in runs):.4f}")
    saves = [s for r in runs for s in r.stats.snapshot_seconds]
    writes = [s for r in runs for s in r.stats.write_seconds]
    say(f"saves={len(writes)}")
    say(f"save_blocking_ms_median={1000 * statistics.median(saves):.1f}")
    say(f"save_blocking_ms_max={1000 * max(saves):.1f}")
    say(f"save_write_ms_median={1000 * statistics.median(writes):.1f}")
    say(f"save_write_ms_max={1000 * max(writes):.1f}")
    restores = [s for r in runs for s in r.stats.restore_seconds]
    say(f"restores={len(restores)} restore_ms_median={1000 * statistics.median(restores):.1f}")
    say(f"client_timer_lag_ms_max={max(r.timer_lag_max for r in runs) * 1000:.1f}")
    disk = runs[-1].disk
    say(f"disk_bytes={disk} ({disk / 2**20:.1f} MiB for 2 conversations)")
    say(f"restore_ratio={statistics.median(ratios):.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
