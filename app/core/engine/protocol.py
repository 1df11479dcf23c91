"""Messages between the engine client and the engine process.

Everything here crosses a process boundary with pickle, so it is plain frozen
dataclasses of builtins and harmony messages. Requests go to the engine;
events come back, each tagged with the request id so that a late event of a
cancelled or superseded request can be recognised and dropped.

Cancellation is deliberately not a message: a busy generation loop never reads
its inbox, so the client raises a shared flag instead (see client.py).

The numbers in a request go to llama.cpp's C code, which checks none of them (a
NaN temperature, a negative token budget, 100,000 threads): ``request_problem``
and ``load_problem`` say in a sentence what is wrong before the engine acts on
them, and the command line and the settings use the same checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, TypeGuard

from app.core.harmony import Message, ReasoningEffort, ToolNamespace, ToolSpec
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

Channel = Literal["analysis", "commentary", "final"]
FinishReason = Literal["stop", "tool_call", "length", "cancelled", "context_full", "error"]


# --- requests ---------------------------------------------------------------


@dataclass(frozen=True)
class LoadSettings:
    """How to load a model. Defaults suit a CPU laptop; the planner refines them."""

    model_path: Path
    n_ctx: int = 8192
    n_batch: int = 512
    n_ubatch: int = 512
    n_threads: int = 0  # 0: the number of physical cores
    n_gpu_layers: int = 0
    flash_attention: Literal["auto", "on", "off"] = "auto"
    use_mmap: bool = True
    repack_weights: bool = True
    # MoE expert tensors stay in system RAM while the rest goes to the GPU.
    experts_on_cpu: bool = False
    kv_cache_type: Literal["f16", "q8_0"] = "f16"
    # The configuration a crash falls back to (safe_mode.py): CPU only, no repacked
    # weights, no flash attention, and for a portable build a CPU variant without AMX.
    safe_mode: bool = False


@dataclass(frozen=True)
class SamplingSettings:
    """OpenAI's recommended defaults for gpt-oss are temperature 1 and top-p 1."""

    temperature: float = 1.0
    top_p: float = 1.0
    top_k: int = 0  # 0: off
    min_p: float = 0.0
    seed: int | None = None  # None: a fresh seed per request


@dataclass(frozen=True)
class LoadRequest:
    settings: LoadSettings
    # Cancelling this id (the shared flag, as for a turn) stops the load; 0: not cancellable.
    request_id: int = 0
    # Prove the loaded model with a short decode before saying Loaded (safe_mode.py).
    warm_up: bool = False


@dataclass(frozen=True)
class PromptCacheRef:
    """Which conversation a turn belongs to, and where its saved prompt cache lives."""

    conversation_id: int
    folder: Path  # the data folder's prompt-cache folder
    max_bytes: int  # the budget of all saved caches together (least recently used go first)


@dataclass(frozen=True)
class GenerateRequest:
    """One assistant turn for a conversation.

    `messages` are the user/assistant/tool messages of the conversation so far;
    the system and developer messages are built from the other fields.
    """

    request_id: int
    messages: tuple[Message, ...]
    reasoning_effort: ReasoningEffort = "medium"
    instructions: str | None = None
    tools: tuple[ToolSpec, ...] = ()
    # Built-in tools (gpt-oss's browser and python), declared in the system message.
    builtin_tools: tuple[ToolNamespace, ...] = ()
    response_schema: dict[str, Any] | None = None
    sampling: SamplingSettings = field(default_factory=SamplingSettings)
    max_tokens: int = 4096
    conversation_date: str | None = None  # YYYY-MM-DD; None: today
    # A GBNF grammar for the whole completion. It exists so that the self-test
    # can make a model with random weights write well-formed harmony.
    completion_grammar: str | None = None
    # OpenAI's ``tool_choice`` for a server ("required": the answer must call a tool);
    # None sends none. The local engine forces calls by ``completion_grammar`` instead.
    tool_choice: Literal["auto", "required", "none"] | None = None
    # Never stop on an end token: generate exactly max_tokens (benchmarks, tests).
    ignore_end: bool = False
    # The conversation this turn belongs to: its KV state is restored before the
    # prompt when the saved tokens still match, and saved after the answer.
    prompt_cache: PromptCacheRef | None = None


@dataclass(frozen=True)
class InfoRequest:
    pass


@dataclass(frozen=True)
class ProbeRequest:
    """What llama.cpp sees of this computer: backends and devices. Needs no model."""


@dataclass(frozen=True)
class UnloadRequest:
    pass


@dataclass(frozen=True)
class ShutdownRequest:
    pass


@dataclass(frozen=True)
class PromptCacheFlushRequest:
    """Wait for the prompt caches being written; answered by PromptCacheStats."""


Request = (
    LoadRequest
    | GenerateRequest
    | InfoRequest
    | ProbeRequest
    | UnloadRequest
    | ShutdownRequest
    | PromptCacheFlushRequest
)


# --- events -----------------------------------------------------------------


@dataclass(frozen=True)
class ModelInfo:
    model_path: str
    n_ctx: int
    n_ctx_train: int
    n_vocab: int
    n_threads: int
    load_seconds: float
    description: str
    system_info: str
    # How many tensors llama.cpp placed by our override (experts kept in RAM).
    tensors_overridden: int = 0


@dataclass(frozen=True)
class DeviceInfo:
    name: str
    description: str
    kind: Literal["cpu", "gpu", "igpu", "accel", "other"]
    backend: str
    free_bytes: int
    total_bytes: int


@dataclass(frozen=True)
class SystemReport:
    backends: tuple[str, ...]
    devices: tuple[DeviceInfo, ...]
    dynamic_backends_loaded: bool
    system_info: str  # llama.cpp's own line: CPU features and build options
    llama_cpp_python_version: str
    # "native build", or the CPU variant a portable build chose (e.g. "haswell").
    cpu_variant: str = ""
    # What tile_guard.py did about AMX in the engine process.
    amx_tiles: str = ""
    # The llama.cpp source the library was built from: its commit (e.g. "0c1e570") and
    # ggml's version; empty where an older build does not say.
    llama_cpp_commit: str = ""
    ggml_version: str = ""


@dataclass(frozen=True)
class Loaded:
    info: ModelInfo


@dataclass(frozen=True)
class LoadProgress:
    """How much of the model file llama.cpp has read, 0.0 to 1.0; sent while loading."""

    fraction: float


@dataclass(frozen=True)
class EngineInfo:
    loaded: ModelInfo | None
    cached_tokens: int
    pid: int
    rss_bytes: int
    peak_rss_bytes: int  # the engine process's high-water mark (VmHWM)


@dataclass(frozen=True)
class Unloaded:
    pass


@dataclass(frozen=True)
class PromptProgress:
    """How much of the prompt the engine has read: ``evaluated`` of the ``total`` tokens it
    must read (the cached prefix is not read again); ``prompt_tokens`` is the whole prompt.
    The first one (evaluated 0) comes as soon as the prompt is known."""

    request_id: int
    evaluated: int
    total: int
    prompt_tokens: int = 0


@dataclass(frozen=True)
class Delta:
    """Text of one channel, batched: several tokens' worth at a time."""

    request_id: int
    channel: Channel
    text: str


@dataclass(frozen=True)
class ToolCall:
    request_id: int
    recipient: str  # e.g. "functions.get_weather"
    arguments: str  # as the model wrote it, usually JSON
    content_type: str | None


@dataclass(frozen=True)
class Done:
    request_id: int
    finish_reason: FinishReason
    prompt_tokens: int
    prompt_tokens_evaluated: int
    completion_tokens: int
    analysis_tokens: int
    final_tokens: int
    time_to_first_token_s: float | None
    tokens_per_second: float | None
    prompt_tokens_per_second: float | None
    messages: tuple[Message, ...]  # what the parser made of the completion
    # Prompt tokens that came from a saved prompt cache instead of being evaluated.
    prompt_tokens_restored: int = 0


@dataclass(frozen=True)
class PromptCacheStats:
    """The engine's prompt-cache saves so far: how long each held up the engine's loop
    (copying the state out of llama.cpp) and how long writing it took on its thread."""

    saves: int
    snapshot_seconds: tuple[float, ...]
    write_seconds: tuple[float, ...]
    # Reading, checking and handing a saved state to llama.cpp, per restore.
    restore_seconds: tuple[float, ...] = ()


@dataclass(frozen=True)
class EngineError:
    """A failure told as a sentence. `fatal` means the engine process is gone."""

    request_id: int | None
    message: str
    fatal: bool = False
    # The process's exit code when it is gone (negative: the signal that ended it).
    exit_code: int | None = None
    # Set when the prompt does not fit the context: how many tokens it has.
    prompt_tokens: int | None = None


Event = (
    Loaded
    | EngineInfo
    | SystemReport
    | Unloaded
    | PromptProgress
    | LoadProgress
    | Delta
    | ToolCall
    | Done
    | PromptCacheStats
    | EngineError
)


# --- what llama.cpp can be given ----------------------------------------------

# llama.cpp's seed is a uint32, and its largest value means "choose one at random".
SEED_MAX: Final = 0xFFFF_FFFE
# llama.cpp's top-k and context sizes are int32.
INT32_MAX: Final = 0x7FFF_FFFF
# ggml's own thread pool holds at most this many (GGML_MAX_N_THREADS); an OpenMP
# build fails to start tens of thousands and aborts, and 100,000 crashed.
MAX_THREADS: Final = 512


def _number(value: object) -> TypeGuard[float]:
    """A finite int or float (bool is not a number here)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def temperature_problem(value: object) -> Sentence | None:
    if _number(value) and value >= 0:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP("core", "The temperature must be a number of at least 0, not %1."),
        str(value),
    )


def top_p_problem(value: object) -> Sentence | None:
    if _number(value) and 0 < value <= 1:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP("core", "Top-p must be more than 0 and at most 1, not %1."), str(value)
    )


def top_k_problem(value: object) -> Sentence | None:
    if _whole(value) and 0 <= value <= INT32_MAX:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP("core", "Top-k must be a whole number from 0 (off) to %1, not %2."),
        f"{INT32_MAX:,}",
        str(value),
    )


def min_p_problem(value: object) -> Sentence | None:
    if _number(value) and 0 <= value <= 1:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP("core", "Min-p must be a number from 0 to 1, not %1."), str(value)
    )


def seed_problem(value: object) -> Sentence | None:
    if value is None or (_whole(value) and 0 <= value <= SEED_MAX):
        return None
    return Sentence(
        QT_TRANSLATE_NOOP("core", "The seed must be a whole number from 0 to %1, not %2."),
        f"{SEED_MAX:,}",
        str(value),
    )


def max_tokens_problem(value: object) -> Sentence | None:
    if _whole(value) and value >= 1:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP("core", "The answer's token limit must be at least 1, not %1."),
        str(value),
    )


def context_problem(value: object) -> Sentence | None:
    if _whole(value) and 1 <= value <= INT32_MAX:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP("core", "A context of %1 tokens is not possible; ask for at least 1."),
        f"{value:,}" if _whole(value) else str(value),
    )


def threads_problem(value: object) -> Sentence | None:
    """For a number a person asked for (more than the machine has is clamped, not refused)."""
    if _whole(value) and value >= 1:
        return None
    return Sentence(
        QT_TRANSLATE_NOOP("core", "At least one thread is needed (%1 was asked for)."),
        str(value),
    )


def sampling_problem(sampling: SamplingSettings) -> Sentence | None:
    """The first value llama.cpp's sampler cannot take, as a sentence; None if all can."""
    return (
        temperature_problem(sampling.temperature)
        or top_p_problem(sampling.top_p)
        or top_k_problem(sampling.top_k)
        or min_p_problem(sampling.min_p)
        or seed_problem(sampling.seed)
    )


def request_problem(request: GenerateRequest) -> Sentence | None:
    """Why the engine must refuse ``request`` before it reaches llama.cpp; None if it need not."""
    if not isinstance(request.sampling, SamplingSettings):
        return sampling_problem(SamplingSettings(temperature=math.nan))
    return sampling_problem(request.sampling) or max_tokens_problem(request.max_tokens)


def load_problem(settings: LoadSettings) -> Sentence | None:
    """Why llama.cpp must not be asked to load with ``settings``; None if it may."""
    threads = settings.n_threads
    if not (_whole(threads) and 0 <= threads <= MAX_THREADS):
        return Sentence(
            QT_TRANSLATE_NOOP("core", "llama.cpp can use 1 to %1 threads, not %2."),
            str(MAX_THREADS),
            str(threads),
        )
    for size in (settings.n_ctx, settings.n_batch, settings.n_ubatch):
        problem = context_problem(size)
        if problem is not None:
            return problem
    return None
