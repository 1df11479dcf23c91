"""The engine process's side of saved prompt caches: restore before a prompt, save after it.

A turn that names its conversation (GenerateRequest.prompt_cache) first looks
for that conversation's saved state when the KV cache holds another
conversation (a switch, or a fresh engine after a restart). The state is
restored when its tokens share a longer prefix with the new prompt than what
is in memory; the generation loop then cuts it back to the common prefix and
evaluates only the rest, exactly as it does within one conversation. Anything
unusual (no file, another setup, a damaged file, llama.cpp refusing the state)
leaves an empty cache: a normal evaluation.

After the answer, once the engine is idle (a question already waiting goes
first), the state is copied out of llama.cpp into a buffer whose pages are
already in memory (in the loop: the next turn will change the cache) and
written on the writer's thread. A next turn of the same conversation makes a
save still pending moot; any other turn copies it out first. The buffer for
the next copy is given back after a while without turns (StateBuffers.IDLE_RELEASE_S)
and made ready again on the writer's thread when the next turn starts.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from app.core.engine.generation import Generator, common_prefix_length
from app.core.engine.prompt_batches import TILE_ROWS
from app.core.engine.prompt_cache import (
    CacheFolder,
    CacheSetup,
    CacheWriter,
    Snapshot,
    StateBuffers,
    model_identity,
)
from app.core.engine.protocol import (
    GenerateRequest,
    LoadSettings,
    PromptCacheRef,
    PromptCacheStats,
)

log = logging.getLogger("lokal.engine.prompt_cache")


class StateRuntime(Protocol):
    @property
    def n_ctx(self) -> int: ...

    def clear_cache(self) -> None: ...
    def truncate_cache(self, keep: int) -> bool: ...
    def sequence_state_size(self) -> int: ...
    def sequence_state(self, into: Any = None) -> memoryview | None: ...
    def restore_sequence(self, state: bytearray) -> bool: ...


class LlamaStateRuntime(StateRuntime, Protocol):
    def build_identity(self) -> str: ...


def context_description(settings: LoadSettings, n_ctx: int) -> str:
    """The load settings a saved KV state depends on (its layout and its numbers)."""
    return (
        f"n_ctx={n_ctx};kv={settings.kv_cache_type};flash={settings.flash_attention};"
        f"gpu_layers={settings.n_gpu_layers};experts_on_cpu={settings.experts_on_cpu};swa_full=1"
    )


class PromptCaches:
    """Saved prompt caches for one loaded model."""

    def __init__(
        self,
        runtime: StateRuntime,
        generator: Generator,
        setup: CacheSetup,
        writer: CacheWriter,
        buffers: StateBuffers | None = None,
    ) -> None:
        self.runtime = runtime
        self.generator = generator
        self.setup = setup.digest()
        self.writer = writer
        self.owner: int | None = None  # the conversation whose tokens the KV cache holds
        self.snapshot_seconds: list[float] = []
        self.restore_seconds: list[float] = []
        self._saved: dict[int, tuple[int, ...]] = {}  # the tokens last saved, per conversation
        self.buffers = StateBuffers() if buffers is None else buffers
        # The turn whose state is still to be saved: saving waits until the engine is idle
        # (save_pending), so a question already waiting goes first.
        self.pending: GenerateRequest | None = None
        self._pending_cut = 0
        self.skipped_saves = 0  # pending saves a next turn of the same conversation made moot

    def preparer(self, request: GenerateRequest) -> Callable[[Sequence[int]], int]:
        """The hook the generation loop calls with the prompt, before evaluating it."""
        return lambda prompt: self.restore(request, prompt)

    def restore(self, request: GenerateRequest, prompt: Sequence[int]) -> int:
        """Bring the conversation's saved state in if it helps; returns its token count."""
        self._settle_pending(request)
        ref = request.prompt_cache
        if ref is None:
            self.owner = None
            return 0
        if ref.max_bytes <= 0:  # turned off in Settings: what was saved goes too
            self.owner = None
            self.buffers.release()
            try:
                CacheFolder(ref.folder).evict(0)
            except OSError as exc:
                log.warning("prompt caches not removed: %s", exc)
            return 0
        prepare = self.buffers.preparation()
        if prepare is not None:  # given back while idle: ready again by this turn's save
            self.writer.run(prepare)
        cached = self.generator.cached
        if self.owner == ref.conversation_id and cached:
            return 0  # the KV cache already holds this conversation: newer than its file
        self.owner = ref.conversation_id
        started = time.perf_counter()
        restored = self._restore(ref, prompt)
        if restored:
            self.restore_seconds.append(time.perf_counter() - started)
        return restored

    def _restore(self, ref: PromptCacheRef, prompt: Sequence[int]) -> int:
        cached = self.generator.cached
        folder = CacheFolder(ref.folder)
        try:
            snapshot = folder.load(ref.conversation_id, self.setup, prompt)
        except OSError as exc:
            log.warning("prompt cache not read: %s", exc)
            return 0
        if snapshot is None:
            return 0
        # Only a state the prompt goes on from, by at least one token, with room for a
        # batch of filler rows after it (prompt_batches.py): the evaluation then starts
        # exactly where the state ends, as the test against a cold evaluation does.
        if len(snapshot.tokens) >= len(prompt) or len(prompt) + TILE_ROWS > self.runtime.n_ctx:
            return 0
        if common_prefix_length(snapshot.tokens, prompt) < len(snapshot.tokens):
            return 0
        in_memory = min(common_prefix_length(cached, prompt), self.generator.reusable)
        if len(snapshot.tokens) <= in_memory:
            return 0
        state = snapshot.state
        if not isinstance(state, bytearray) or not self.runtime.restore_sequence(state):
            log.warning("llama.cpp refused the saved prompt cache of conversation %d", self.owner)
            self.runtime.clear_cache()
            self.generator.cached.clear()
            return 0
        self.generator.cached[:] = snapshot.tokens
        self.generator.reusable = len(snapshot.tokens)  # saved prompt tokens only (save())
        self._saved[ref.conversation_id] = snapshot.tokens
        return len(snapshot.tokens)

    def finish_turn(self, request: GenerateRequest) -> None:
        """After a turn: its state is to be saved once the engine is idle (save_pending)."""
        ref = request.prompt_cache
        self.pending = request if ref is not None and self.owner == ref.conversation_id else None
        # What to keep is decided now: by the time the save is made, the generator may
        # already hold the next request's prompt length.
        self._pending_cut = min(self.generator.prompt_length, self.generator.reusable)

    def save_pending(self) -> None:
        """Save the last turn's state now, if it still is to be saved."""
        request, self.pending = self.pending, None
        if request is None:
            return
        try:
            self.save(request, self._pending_cut)
        except (MemoryError, OSError) as exc:  # no memory for the copy: the next turn tries
            log.warning("prompt cache not saved: %s", exc)

    def _settle_pending(self, request: GenerateRequest) -> None:
        """A turn is about to change the KV cache. The same conversation going on: its
        pending save is moot (this turn's save holds more). Another conversation, or a
        turn without a saved cache: the pending state is copied out first, else it is lost."""
        pending = self.pending
        if pending is None:
            return
        ref, before = request.prompt_cache, pending.prompt_cache
        if ref is not None and before is not None and ref.conversation_id == before.conversation_id:
            self.pending = None
            self.skipped_saves += 1
            log.debug("prompt cache of conversation %d: saved after this turn", ref.conversation_id)
            return
        self.save_pending()

    def save(self, request: GenerateRequest, cut: int | None = None) -> None:
        """After a turn: copy the state of its prompt out and hand it to the writer.

        The answer's tokens are cut off first. The next turn renders the answer
        anew (without its reasoning), so they would rarely be reused, yet they can
        be thousands; and they were evaluated one at a time, which llama.cpp computes
        with other kernels than a prompt batch: a prefix holding only prompt tokens,
        each evaluated in a batch of at least 64 rows (Generator.reusable), is what a
        cold evaluation of the next prompt computes too.
        """
        ref = request.prompt_cache
        if ref is None or self.owner != ref.conversation_id:
            return
        cached = self.generator.cached
        if cut is None:
            cut = min(self.generator.prompt_length, self.generator.reusable)
        cut = min(cut, self.generator.reusable)
        if len(cached) > cut:
            if not self.runtime.truncate_cache(cut):
                return
            del cached[cut:]
        tokens = tuple(cached)
        if not tokens:
            return
        if self._saved.get(ref.conversation_id) == tokens:
            return  # the file already holds exactly this
        started = time.perf_counter()
        size = self.runtime.sequence_state_size()
        buffer = self.buffers.take(size)
        try:
            state = self.runtime.sequence_state(buffer)
        except BaseException:
            self.buffers.put_back(buffer)
            raise
        self.snapshot_seconds.append(time.perf_counter() - started)
        if state is None:
            self.buffers.ready(size, buffer)
            return
        self._saved[ref.conversation_id] = tokens
        snapshot = Snapshot(ref.conversation_id, self.setup, tokens, state)

        def written(view: memoryview = state) -> None:
            view.release()
            self.buffers.ready(size, buffer)

        self.writer.submit(CacheFolder(ref.folder), snapshot, ref.max_bytes, written)

    def idle_wait(self) -> float | None:
        """How long the engine may wait for a request before release_if_idle is due;
        None: as long as it likes."""
        return self.buffers.idle_wait()

    def release_if_idle(self) -> None:
        """The engine waited idle_wait() for nothing: no save is pending (those are made
        first), so the buffer prepared for the next copy goes back to the system."""
        if self.pending is None and self.buffers.release_if_idle():
            log.debug("prompt cache buffer released after %.0f s idle", self.buffers.idle_release_s)

    def stats(self) -> PromptCacheStats:
        self.save_pending()
        self.writer.wait()
        return PromptCacheStats(
            saves=self.writer.stats.saves,
            snapshot_seconds=tuple(self.snapshot_seconds),
            write_seconds=tuple(self.writer.stats.write_seconds),
            restore_seconds=tuple(self.restore_seconds),
        )


# --- the engine process's hooks (engine_process.py) ---------------------------

_writer: CacheWriter | None = None


def _shared_writer() -> CacheWriter:
    """One writer thread per engine process, whichever model is loaded."""
    global _writer
    if _writer is None:
        _writer = CacheWriter()
    return _writer


def prompt_caches_for(
    runtime: LlamaStateRuntime, generator: Generator, settings: LoadSettings
) -> PromptCaches | None:
    """Saved prompt caches for a model just loaded; None (no caching) if its file cannot
    be identified."""
    try:
        model = model_identity(settings.model_path)
    except OSError as exc:
        log.warning("prompt caches off for this model: %s", exc)
        return None
    setup = CacheSetup(
        model=model,
        build=runtime.build_identity(),
        context=context_description(settings, runtime.n_ctx),
    )
    return PromptCaches(runtime, generator, setup, _shared_writer())


def prompt_cache_stats(caches: PromptCaches | None) -> PromptCacheStats:
    if caches is None:
        if _writer is not None:
            _writer.wait()
        return PromptCacheStats(0, (), ())
    return caches.stats()


def finish_prompt_caches() -> None:
    """Before the engine process ends: let the files being written be finished."""
    if _writer is not None:
        _writer.wait()
