"""The one module that talks to llama.cpp (through llama-cpp-python's ctypes layer).

It uses the low-level C API rather than `llama_cpp.Llama`: the high-level class
re-detokenizes whole answers, allocates a batch sized n_batch × n_ctx, knows
nothing of harmony and cannot pass tensor placement overrides. What is here is
small and mechanical on purpose: the generation logic lives in generation.py,
which tests drive with a fake runtime.

Only the engine process imports this module; a crash in here never takes the
window down with it.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import hashlib
import os
import sys
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar, Literal

from app.core.engine.tile_guard import refuse_amx_tiles, tile_state

# Before llama.cpp is loaded: its AMX kernels crash gpt-oss (see tile_guard.py).
refuse_amx_tiles()

import llama_cpp as ll  # noqa: E402
import llama_cpp._ggml as ll_ggml  # noqa: E402
import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

from app.core.engine.cpu_features import choose_cpu_variant, cpu_variant_name  # noqa: E402
from app.core.engine.hardware import physical_cores  # noqa: E402
from app.core.engine.protocol import (  # noqa: E402
    DeviceInfo,
    LoadSettings,
    SamplingSettings,
    SystemReport,
)
from app.core.engine.text_pieces import split_for_tokenizer  # noqa: E402
from app.core.engine.vocab_sampler import VocabSampler  # noqa: E402

_FLASH = {
    "auto": ll.LLAMA_FLASH_ATTN_TYPE_AUTO,
    "on": ll.LLAMA_FLASH_ATTN_TYPE_ENABLED,
    "off": ll.LLAMA_FLASH_ATTN_TYPE_DISABLED,
}
_SPECIAL_ATTRS = ll.LLAMA_TOKEN_ATTR_CONTROL | ll.LLAMA_TOKEN_ATTR_USER_DEFINED
_KV_TYPES = {"f16": 1, "q8_0": 8}  # ggml_type ids
_ALL_SEQUENCES = -1


class RuntimeError_(Exception):
    """llama.cpp refused something; the message is meant for people."""


@dataclass
class _LogTail:
    """Keeps llama.cpp's last log lines, so a failed load can say why."""

    lines: deque[str]
    count: int = 0  # lines seen so far, kept or not

    def add(self, text: str) -> None:
        self.lines.append(text.rstrip())
        self.count += 1

    def since(self, count: int) -> list[str]:
        """The kept lines logged after the first `count` lines."""
        newer = self.count - count
        return list(self.lines)[-newer:] if newer > 0 else []

    def errors(self) -> str:
        wanted = [line for line in self.lines if "error" in line.lower() or "fail" in line.lower()]
        return "; ".join(wanted[-3:])


_log_tail = _LogTail(deque(maxlen=5000))


@ll.llama_log_callback
def _on_log(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
    if text:
        _log_tail.add(text.decode("utf-8", errors="replace"))


_backend_ready = False
_dynamic_backends_loaded = False
_DEVICE_KINDS: dict[int, Literal["cpu", "gpu", "igpu", "accel", "other"]] = {
    0: "cpu",
    1: "gpu",
    2: "igpu",
    3: "accel",
}


def _ggml_library() -> ctypes.CDLL:
    """The libggml that libllama itself uses.

    A wheel cannot hold symlinks, so a portable build ships libggml.so and
    libggml.so.0 as two files: opened by name, they are two libraries with two
    backend registries, and backends loaded into the wrong one stay invisible
    to llama.cpp. Resolving the symbols through libllama's handle finds its own
    copy. Windows has one ggml.dll, which llama.dll does not re-export.
    """
    llama: ctypes.CDLL = ll.llama_cpp._lib
    if sys.platform != "win32" and hasattr(llama, "ggml_backend_reg_count"):
        return llama
    fallback: ctypes.CDLL = ll_ggml.libggml
    return fallback


def _ggml() -> ctypes.CDLL:
    """libggml with the device functions declared (llama-cpp-python does not bind them)."""
    lib = _ggml_library()
    if not getattr(lib, "_lokal_declared", False):
        p, n, s = ctypes.c_void_p, ctypes.c_size_t, ctypes.c_char_p
        for name, args, result in (
            ("ggml_backend_reg_count", [], n),
            ("ggml_backend_reg_get", [n], p),
            ("ggml_backend_reg_name", [p], s),
            ("ggml_backend_dev_count", [], n),
            ("ggml_backend_dev_get", [n], p),
            ("ggml_backend_dev_name", [p], s),
            ("ggml_backend_dev_description", [p], s),
            ("ggml_backend_dev_memory", [p, ctypes.POINTER(n), ctypes.POINTER(n)], None),
            ("ggml_backend_dev_type", [p], ctypes.c_int),
            ("ggml_backend_dev_backend_reg", [p], p),
            ("ggml_backend_dev_buffer_type", [p], p),
            ("ggml_backend_dev_by_type", [ctypes.c_int], p),
            ("ggml_backend_load_all_from_path", [s], None),
            ("ggml_backend_load", [s], p),
        ):
            function = getattr(lib, name)
            function.argtypes = args
            function.restype = result
        lib._lokal_declared = True  # type: ignore[attr-defined]
    return lib


def _init_backend(safe_mode: bool = False) -> None:
    """Once per process: route llama.cpp's log to us, load dynamic backends, init.

    In the safe configuration (safe_mode.py) a portable build loads only its best CPU
    variant without AMX, and no GPU backend.
    """
    global _backend_ready, _dynamic_backends_loaded
    if _backend_ready:
        return
    ll.llama_log_set(_on_log, ctypes.c_void_p(0))
    ggml = _ggml()
    if ggml.ggml_backend_reg_count() == 0:
        # A portable build (GGML_BACKEND_DL) ships each backend, and each CPU
        # variant, as its own library next to libggml; ggml picks the best CPU one.
        lib_dir = Path(ll.__file__).resolve().parent / "lib"
        variant = _best_cpu_variant_without_amx(lib_dir) if safe_mode else None
        if variant is not None:
            ggml.ggml_backend_load(str(variant).encode())
        else:
            ggml.ggml_backend_load_all_from_path(str(lib_dir).encode())
        _dynamic_backends_loaded = True
    ll.llama_backend_init()
    _backend_ready = True


def _best_cpu_variant_without_amx(lib_dir: Path) -> Path | None:
    """The CPU variant library ggml would choose, leaving out the AMX one."""
    scored = []
    for path in sorted(lib_dir.glob("*ggml-cpu-*")):
        if path.suffix not in (".so", ".dll", ".dylib"):
            continue
        try:
            score_function = ctypes.CDLL(str(path)).ggml_backend_score
        except (OSError, AttributeError):
            continue
        score_function.restype = ctypes.c_int
        scored.append((cpu_variant_name(path.name), int(score_function()), path))
    choice = choose_cpu_variant([(name, score) for name, score, _ in scored])
    return next((path for name, _, path in scored if name == choice), None)


def _loaded_cpu_variant() -> str:
    """Which CPU variant a portable build loaded, read from this process's memory map."""
    if not _dynamic_backends_loaded:
        return "native build"
    try:
        maps = Path("/proc/self/maps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "chosen at run time"
    for line in maps.splitlines():
        name = line.rsplit("/", 1)[-1]
        if "ggml-cpu-" in name:
            return cpu_variant_name(name)
    return "chosen at run time"


def probe_system() -> SystemReport:
    """Backends and devices as llama.cpp sees them, with their free memory."""
    _init_backend()
    ggml = _ggml()
    backends = tuple(
        _text(ggml.ggml_backend_reg_name(ggml.ggml_backend_reg_get(i)))
        for i in range(ggml.ggml_backend_reg_count())
    )
    devices = []
    for i in range(ggml.ggml_backend_dev_count()):
        dev = ggml.ggml_backend_dev_get(i)
        free, total = ctypes.c_size_t(0), ctypes.c_size_t(0)
        ggml.ggml_backend_dev_memory(dev, ctypes.byref(free), ctypes.byref(total))
        devices.append(
            DeviceInfo(
                name=_text(ggml.ggml_backend_dev_name(dev)),
                description=_text(ggml.ggml_backend_dev_description(dev)),
                kind=_DEVICE_KINDS.get(ggml.ggml_backend_dev_type(dev), "other"),
                backend=_text(ggml.ggml_backend_reg_name(ggml.ggml_backend_dev_backend_reg(dev))),
                free_bytes=free.value,
                total_bytes=total.value,
            )
        )
    return SystemReport(
        backends=backends,
        devices=tuple(devices),
        dynamic_backends_loaded=_dynamic_backends_loaded,
        system_info=_text(ll.llama_print_system_info()),
        llama_cpp_python_version=str(getattr(ll, "__version__", "unknown")),
        cpu_variant=_loaded_cpu_variant(),
        amx_tiles=tile_state() or "",
        llama_cpp_commit=_build_fact("ggml_commit"),
        ggml_version=_build_fact("ggml_version"),
    )


def _build_fact(name: str) -> str:
    """ggml's ``ggml_commit()`` or ``ggml_version()``; "" where the build lacks it."""
    function = getattr(_ggml_library(), name, None)
    if function is None:
        return ""
    function.argtypes = []
    function.restype = ctypes.c_char_p
    return _text(function())


def _text(value: bytes | None) -> str:
    return value.decode("utf-8", errors="replace") if value else ""


class _TensorOverride(ctypes.Structure):
    """struct llama_model_tensor_buft_override (llama-cpp-python leaves it unbound)."""

    _fields_: ClassVar = [("pattern", ctypes.c_char_p), ("buft", ctypes.c_void_p)]


_WARM_UP_TEXT = (
    "Lokal checks that this model runs on this computer before it is used: a short "
    "prompt, read in one batch, and two tokens generated one at a time. 0123456789"
)

# The MoE expert weights of every layer: gate, up and down projections.
EXPERT_TENSORS = rb"blk\.\d+\.ffn_(gate|up|down)_exps"


def _experts_in_ram() -> ctypes.Array[_TensorOverride]:
    """Overrides placing expert tensors in CPU memory, NULL-terminated."""
    ggml = _ggml()
    cpu = ggml.ggml_backend_dev_by_type(0)
    if not cpu:
        raise RuntimeError_("llama.cpp has no CPU device to keep the experts on.")
    buffer_type = ggml.ggml_backend_dev_buffer_type(cpu)
    return (_TensorOverride * 2)(_TensorOverride(EXPERT_TENSORS, buffer_type), _TensorOverride())


def _progress_callback(report: Callable[[float], bool | None]) -> Any:
    def callback(fraction: float, _user_data: Any) -> bool:
        # An exception cannot cross into C; losing one report is harmless.
        with contextlib.suppress(Exception):
            if report(float(fraction)) is False:
                return False  # llama.cpp stops loading: the load was cancelled
        return True  # go on loading

    return ll.llama_progress_callback(callback)


class LlamaRuntime:
    """A loaded model and its context, with the operations the generation loop needs."""

    def __init__(
        self, settings: LoadSettings, progress: Callable[[float], bool | None] | None = None
    ) -> None:
        """Load the model; ``progress`` hears the fraction read so far (from llama.cpp's thread)
        and stops the load by returning False."""
        _init_backend(settings.safe_mode)
        started = time.perf_counter()
        self.settings = settings
        self.n_threads = settings.n_threads or physical_cores()
        model_params = ll.llama_model_default_params()
        model_params.n_gpu_layers = settings.n_gpu_layers
        model_params.load_mode = (
            ll.LLAMA_LOAD_MODE_MMAP if settings.use_mmap else ll.LLAMA_LOAD_MODE_NONE
        )
        model_params.use_extra_bufts = settings.repack_weights
        self._overrides = _experts_in_ram() if settings.experts_on_cpu else None
        if self._overrides is not None:
            model_params.tensor_buft_overrides = ctypes.addressof(self._overrides)
        if progress is not None:
            # Kept on self: ctypes must not free the callback while llama.cpp holds it.
            self._progress = _progress_callback(progress)
            model_params.progress_callback = self._progress
        first_log_line = _log_tail.count
        model = ll.llama_model_load_from_file(str(settings.model_path).encode(), model_params)
        if not model:
            raise RuntimeError_(
                "llama.cpp could not load the model"
                + (f" ({_log_tail.errors()})" if _log_tail.errors() else ".")
            )
        self._model = model
        self._vocab = ll.llama_model_get_vocab(model)
        n_ctx_train = int(ll.llama_model_n_ctx_train(model))
        ctx_params = ll.llama_context_default_params()
        ctx_params.n_ctx = min(settings.n_ctx, n_ctx_train) if n_ctx_train else settings.n_ctx
        ctx_params.n_batch = settings.n_batch
        ctx_params.n_ubatch = min(settings.n_ubatch, settings.n_batch)
        ctx_params.n_threads = self.n_threads
        ctx_params.n_threads_batch = self.n_threads
        ctx_params.flash_attn_type = _FLASH[settings.flash_attention]
        # A full-size sliding-window cache: without it, rolling the cache back to
        # where the previous turn's dropped analysis began is impossible.
        ctx_params.swa_full = True
        ctx_params.type_k = ctx_params.type_v = _KV_TYPES[settings.kv_cache_type]
        ctx_params.no_perf = True
        ctx = ll.llama_init_from_model(model, ctx_params)
        if not ctx:
            ll.llama_model_free(model)
            raise RuntimeError_(
                "llama.cpp could not create a context"
                + (f" ({_log_tail.errors()})" if _log_tail.errors() else ".")
            )
        self._ctx = ctx
        self._memory = ll.llama_get_memory(ctx)
        self.n_ctx = int(ll.llama_n_ctx(ctx))
        self.n_ubatch = int(ll.llama_n_ubatch(ctx))
        self.n_ctx_train = n_ctx_train
        self.n_vocab = int(ll.llama_vocab_n_tokens(self._vocab))
        self._pieces: dict[int, bytes] = {}
        self._abort_check: Callable[[], bool] = lambda: False
        # Kept on self: ctypes callbacks must outlive their registration.
        self._abort_cb = ll.ggml_abort_callback(lambda _data: bool(self._abort_check()))
        self.special_ids = self._find_special_tokens()
        self.end_ids = frozenset(
            t for t in self.special_ids.values() if ll.llama_vocab_is_eog(self._vocab, t)
        )
        buf = ctypes.create_string_buffer(256)
        ll.llama_model_desc(model, buf, ctypes.sizeof(buf))
        self.description = buf.value.decode("utf-8", errors="replace")
        self.system_info = ll.llama_print_system_info().decode("utf-8", errors="replace")
        self.load_seconds = time.perf_counter() - started
        self.tensors_overridden = sum(
            "buffer type overridden" in line for line in _log_tail.since(first_log_line)
        )

    # --- vocabulary ---------------------------------------------------------

    def _find_special_tokens(self) -> dict[str, int]:
        """Every control or user-defined token, by its text."""
        found: dict[str, int] = {}
        for token in range(self.n_vocab):
            if ll.llama_vocab_get_attr(self._vocab, token) & _SPECIAL_ATTRS:
                text = ll.llama_vocab_get_text(self._vocab, token)
                if text:
                    found[text.decode("utf-8", errors="replace")] = token
        return found

    def tokenize_plain(self, text: str) -> list[int]:
        """Tokens of ordinary text, with special-token parsing off.

        Callers must still keep user-defined token strings out of `text`:
        llama.cpp matches those even with parsing off (see prompt.py). A long run
        without a break goes to llama.cpp in pieces: whole, it would overflow the
        pre-tokenizer's stack (text_pieces.py). Ordinary text goes whole.
        """
        tokens: list[int] = []
        for piece in split_for_tokenizer(text):
            tokens.extend(self._tokenize_piece(piece))
        return tokens

    def _tokenize_piece(self, text: str) -> list[int]:
        """One llama_tokenize call; `text` must be short (see tokenize_plain)."""
        # A lone surrogate (from a file decoded with surrogateescape) cannot be UTF-8.
        data = text.encode("utf-8", errors="replace")
        if not data:
            return []
        capacity = len(data) + 8
        tokens = (ll.llama_token * capacity)()
        n = ll.llama_tokenize(self._vocab, data, len(data), tokens, capacity, False, False)
        if n < 0:
            capacity = -n
            tokens = (ll.llama_token * capacity)()
            n = ll.llama_tokenize(self._vocab, data, len(data), tokens, capacity, False, False)
        return list(tokens[:n])

    def token_bytes(self, token: int) -> bytes:
        """The raw bytes of one token, cached: each token id is converted once per load."""
        piece = self._pieces.get(token)
        if piece is None:
            buf = ctypes.create_string_buffer(64)
            n = ll.llama_token_to_piece(self._vocab, token, buf, 64, 0, True)
            if n < 0:
                buf = ctypes.create_string_buffer(-n)
                n = ll.llama_token_to_piece(self._vocab, token, buf, -n, 0, True)
            piece = buf.raw[:n]
            self._pieces[token] = piece
        return piece

    # --- the KV cache -------------------------------------------------------

    def evaluate(
        self,
        tokens: Sequence[int],
        *,
        should_abort: Callable[[], bool] | None = None,
        min_rows: int = 0,
    ) -> bool:
        """Evaluate tokens appended at the end of the cache; False when aborted.

        `should_abort` is polled by ggml between graph nodes, so even one large
        batch of a long prompt stops within milliseconds of the flag.

        `min_rows`: fewer tokens are evaluated in a batch of that many rows, the
        rest filler positions after them that are removed again. The CPU flash
        attention computes a batch of 64 rows or more with another kernel than a
        smaller one (prompt_batches.py); the filler cannot change the real rows,
        which never attend to later positions.
        """
        if not tokens:
            return True
        padding = max(0, min_rows - len(tokens))
        if padding:
            start = int(ll.llama_memory_seq_pos_max(self._memory, 0)) + 1
            batch = _padded_batch(tokens, start, padding)
        else:
            array = (ll.llama_token * len(tokens))(*tokens)
            batch = ll.llama_batch_get_one(array, len(tokens))
        if should_abort is not None:
            self._abort_check = should_abort
            ll.llama_set_abort_callback(self._ctx, self._abort_cb, None)
        try:
            status = ll.llama_decode(self._ctx, batch)
        finally:
            if should_abort is not None:
                # Off again: a Python callback per graph node costs real time per token.
                ll.llama_set_abort_callback(self._ctx, ll.ggml_abort_callback(0), None)
                self._abort_check = lambda: False
            if padding:
                ll.llama_batch_free(batch)
                ll.llama_memory_seq_rm(self._memory, 0, start + len(tokens), -1)
        if status == 2:
            return False
        if status != 0:
            raise RuntimeError_(f"llama.cpp could not evaluate the prompt (status {status}).")
        return True

    def warm_up(self) -> None:
        """A short prompt and two single-token steps, then an empty cache: the batched and
        the one-token kernels both run once (safe_mode.py)."""
        tokens = self.tokenize_plain(_WARM_UP_TEXT)[:48]
        self.evaluate(tokens)
        for _ in range(2):
            self.evaluate([int(np.argmax(self.last_logits()))])
        self.clear_cache()

    def truncate_cache(self, keep: int) -> bool:
        """Drop cached positions from `keep` on; False if llama.cpp cannot."""
        return bool(ll.llama_memory_seq_rm(self._memory, 0, keep, -1))

    def clear_cache(self) -> None:
        ll.llama_memory_clear(self._memory, True)

    # --- sampling -----------------------------------------------------------

    def make_sampler(
        self,
        sampling: SamplingSettings,
        *,
        grammar: str | None = None,
        logit_bias: Mapping[int, float] | None = None,
        vectorised: bool = True,
    ) -> Sampler | LogitsSampler:
        """Without a grammar, our vectorised sampler (vocab_sampler.py); with one, llama.cpp's
        chain, since only the grammar knows which tokens are allowed. ``vectorised=False``
        forces llama.cpp's chain (benchmarks compare the two)."""
        if grammar is None and vectorised:
            return LogitsSampler(self, VocabSampler(self.n_vocab, sampling, logit_bias))
        chain = ll.llama_sampler_chain_init(ll.llama_sampler_chain_default_params())
        if logit_bias:
            entries = (ll.llama_logit_bias * len(logit_bias))(
                *(ll.llama_logit_bias(token, bias) for token, bias in logit_bias.items())
            )
            ll.llama_sampler_chain_add(
                chain, ll.llama_sampler_init_logit_bias(self.n_vocab, len(logit_bias), entries)
            )
        if grammar is not None:
            grammar_sampler = ll.llama_sampler_init_grammar(
                self._vocab, grammar.encode("utf-8"), b"root"
            )
            if not grammar_sampler:
                ll.llama_sampler_free(chain)
                raise RuntimeError_("llama.cpp rejected the grammar.")
            ll.llama_sampler_chain_add(chain, grammar_sampler)
        if sampling.temperature <= 0:
            ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_greedy())
        else:
            if sampling.top_k > 0:
                ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_top_k(sampling.top_k))
            if sampling.top_p < 1.0:
                ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_top_p(sampling.top_p, 1))
            if sampling.min_p > 0.0:
                ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_min_p(sampling.min_p, 1))
            ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_temp(sampling.temperature))
            seed = sampling.seed if sampling.seed is not None else int.from_bytes(os.urandom(4))
            ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_dist(seed & 0xFFFFFFFF))
        return Sampler(chain, self._ctx)

    def last_logits(self) -> npt.NDArray[np.float32]:
        """The logits of the last evaluated token: a view of llama.cpp's buffer, valid
        until the next evaluate()."""
        pointer = ll.llama_get_logits_ith(self._ctx, -1)
        if not pointer:
            raise RuntimeError_("llama.cpp has no logits to sample from.")
        return np.ctypeslib.as_array(pointer, shape=(self.n_vocab,))

    def close(self) -> None:
        if self._ctx:
            ll.llama_free(self._ctx)
            self._ctx = None
        if self._model:
            ll.llama_model_free(self._model)
            self._model = None

    # --- saved prompt caches (prompt_cache_turns.py) ----------------------

    def sequence_state_size(self) -> int:
        """The bytes sequence_state() needs now."""
        return int(ll.llama_state_seq_get_size(self._ctx, _ALL_SEQUENCES))

    def sequence_state(self, into: Any = None) -> memoryview | None:
        """A copy of the KV cache's cells, every one of them (llama_state_seq_get_data for
        sequence -1: the context holds only sequence 0), written straight into ``into``
        (a writable buffer of at least sequence_state_size() bytes; a new bytearray
        when None). The part written, or None if llama.cpp cannot give one.

        Not the state of sequence 0: that keeps only the sliding-window cells the last
        position still sees, a restore puts them at the start of the cache, and the
        cells after them then go elsewhere than in the cache they came from; the
        flash-attention kernels group cells into tiles and thread chunks by their
        place, so answers after such a restore differ from a cold evaluation in their
        last bits. All cells come back to the same places (restore_sequence).
        """
        size = self.sequence_state_size()
        if size <= 0:
            return None
        target = bytearray(size) if into is None else into
        if len(target) < size:
            return None
        buffer = (ctypes.c_uint8 * size).from_buffer(target)
        written = int(ll.llama_state_seq_get_data(self._ctx, buffer, size, _ALL_SEQUENCES))
        del buffer  # no export left: the buffer can be closed or resized by its owner
        return memoryview(target)[:written] if 0 < written <= size else None

    def restore_sequence(self, state: bytearray) -> bool:
        """Replace the KV cache with saved cells (sequence_state), as sequence 0 from cell 0
        on in their order: where a cold evaluation puts them, and the next cell found
        for a new token is the one after them. False (and an empty cache) when
        llama.cpp refuses the state, e.g. one of another layout."""
        self.clear_cache()
        if not state:
            return False
        buffer = (ctypes.c_uint8 * len(state)).from_buffer(state)
        try:
            restored = int(ll.llama_state_seq_set_data(self._ctx, buffer, len(state), 0))
        finally:
            del buffer
        if restored <= 0:
            self.clear_cache()
            return False
        return True

    def build_identity(self) -> str:
        """This llama.cpp build: llama-cpp-python's version, a hash of libllama and the
        CPU features in use. A saved KV state is only reused by the same build."""
        return _build_identity()


def _padded_batch(tokens: Sequence[int], start: int, padding: int) -> Any:
    """A batch of the tokens at positions from `start`, then `padding` filler rows (the
    last token repeated); logits only for the last real token."""
    n = len(tokens) + padding
    batch = ll.llama_batch_init(n, 0, 1)
    for i in range(n):
        batch.token[i] = tokens[min(i, len(tokens) - 1)]
        batch.pos[i] = start + i
        batch.n_seq_id[i] = 1
        batch.seq_id[i][0] = 0
        batch.logits[i] = i == len(tokens) - 1
    batch.n_tokens = n
    return batch


@functools.cache
def _build_identity() -> str:
    library = Path(getattr(ll.llama_cpp._lib, "_name", "") or "")
    digest = hashlib.sha256()
    with contextlib.suppress(OSError):
        digest.update(library.read_bytes())
    version = str(getattr(ll, "__version__", "unknown"))
    features = _text(ll.llama_print_system_info())
    return f"{version};{digest.hexdigest()};{features}"


class LogitsSampler:
    """Our vectorised sampler on the runtime's logits (see vocab_sampler.py)."""

    def __init__(self, runtime: LlamaRuntime, sampler: VocabSampler) -> None:
        self._runtime = runtime
        self._sampler = sampler

    def sample(self) -> int:
        return self._sampler.sample(self._runtime.last_logits())

    def close(self) -> None:
        pass


class Sampler:
    """A llama.cpp sampler chain; sampling also advances its grammar, if any."""

    def __init__(self, chain: object, ctx: object) -> None:
        self._chain = chain
        self._ctx = ctx

    def sample(self) -> int:
        return int(ll.llama_sampler_sample(self._chain, self._ctx, -1))

    def close(self) -> None:
        if self._chain:
            ll.llama_sampler_free(self._chain)
            self._chain = None
