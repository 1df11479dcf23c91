"""Rules for the ``gpt-oss`` architecture (llama.cpp ``src/models/openai-moe.cpp``).

llama.cpp raises a clean error for most missing keys, but it *aborts the whole process* when
``expert_count``, ``expert_used_count`` or ``attention.value_length`` are missing, when the head
count is not divisible by the key/value head count, or when more experts are used than exist;
those are all checked here before the file reaches llama.cpp.
"""

from __future__ import annotations

import math

from .errors import GGUFValidationError
from .ggml_types import GGML_INTEGER_TYPES, ValueType
from .reader import GGUFHeader

ARCH = "gpt-oss"

#: (key suffix, type, what it means, whether llama.cpp aborts the process without it)
REQUIRED_KEYS: tuple[tuple[str, ValueType, str, bool], ...] = (
    ("context_length", ValueType.UINT32, "the context length", False),
    ("embedding_length", ValueType.UINT32, "the hidden size", False),
    ("block_count", ValueType.UINT32, "the number of layers", False),
    ("attention.head_count", ValueType.UINT32, "the number of attention heads", False),
    ("attention.head_count_kv", ValueType.UINT32, "the number of key/value heads", False),
    ("attention.key_length", ValueType.UINT32, "the attention head size", False),
    ("attention.value_length", ValueType.UINT32, "the value head size", True),
    ("attention.layer_norm_rms_epsilon", ValueType.FLOAT32, "the RMS norm epsilon", False),
    ("attention.sliding_window", ValueType.UINT32, "the sliding-window size", False),
    ("expert_feed_forward_length", ValueType.UINT32, "the expert feed-forward size", False),
    ("expert_count", ValueType.UINT32, "the number of experts", True),
    ("expert_used_count", ValueType.UINT32, "the number of experts used per token", True),
)

#: keys without which the model loads but computes the wrong thing (reported as warnings)
RECOMMENDED_KEYS: tuple[tuple[str, ValueType, str], ...] = (
    ("gpt-oss.rope.freq_base", ValueType.FLOAT32, "the RoPE base frequency (150000)"),
    ("gpt-oss.rope.scaling.type", ValueType.STRING, "the RoPE scaling type (yarn)"),
    ("gpt-oss.rope.scaling.factor", ValueType.FLOAT32, "the YaRN scaling factor (32)"),
    (
        "gpt-oss.rope.scaling.original_context_length",
        ValueType.UINT32,
        "the YaRN original context length (4096)",
    ),
    ("tokenizer.ggml.pre", ValueType.STRING, "the pre-tokenizer name (gpt-4o)"),
)

MAX_LAYERS = 512  # LLAMA_MAX_LAYERS
MAX_EXPERTS = 1024  # LLAMA_MAX_EXPERTS


def _fail(message: str, reason: str) -> GGUFValidationError:
    return GGUFValidationError(message, reason)


def check_hparams(h: GGUFHeader) -> dict[str, int | float]:
    """Check the required gpt-oss keys; returns their values by suffix."""
    values: dict[str, int | float] = {}
    for suffix, vtype, meaning, aborts in REQUIRED_KEYS:
        key = f"{ARCH}.{suffix}"
        if key not in h.metadata:
            crash = " (llama.cpp would crash loading it)" if aborts else ""
            raise _fail(
                f"The model file lacks the metadata key {key!r}, {meaning}, which gpt-oss "
                f"models need{crash}.",
                "missing-key",
            )
        actual = h.value_types[key][0]
        if actual != vtype:
            raise _fail(
                f"The metadata key {key!r} ({meaning}) is stored as {actual.name.lower()}, "
                f"but llama.cpp needs {vtype.name.lower()}.",
                "key-type",
            )
        value = h.metadata[key]
        assert isinstance(value, int | float)
        if not (math.isfinite(value) and value > 0):
            raise _fail(
                f"The metadata key {key!r} ({meaning}) is {value}; it must be positive.",
                "bad-value",
            )
        values[suffix] = value
    heads, kv_heads = values["attention.head_count"], values["attention.head_count_kv"]
    if heads % kv_heads:
        raise _fail(
            f"The model has {heads} attention heads and {kv_heads} key/value heads; the first "
            "must be a multiple of the second (llama.cpp would crash).",
            "heads",
        )
    experts, used = values["expert_count"], values["expert_used_count"]
    if used > experts:
        raise _fail(
            f"The model says it uses {used} experts per token but has only {experts} experts "
            "(llama.cpp would crash).",
            "experts",
        )
    if experts > MAX_EXPERTS:
        raise _fail(
            f"The model claims {experts:,} experts; llama.cpp supports {MAX_EXPERTS}.", "experts"
        )
    if values["block_count"] > MAX_LAYERS:
        raise _fail(
            f"The model claims {values['block_count']:,} layers; llama.cpp supports {MAX_LAYERS}.",
            "layers",
        )
    if values["attention.key_length"] != values["attention.value_length"]:
        raise _fail(
            "The model's key and value head sizes differ "
            f"({values['attention.key_length']} and {values['attention.value_length']}); "
            "gpt-oss uses one head size for both.",
            "heads",
        )
    return values


def recommended_key_warnings(h: GGUFHeader) -> list[str]:
    warnings = []
    for key, vtype, meaning in RECOMMENDED_KEYS:
        if key not in h.metadata:
            warnings.append(
                f"The metadata key {key!r}, {meaning}, is missing; answers may be poor."
            )
        elif h.value_types[key][0] != vtype:
            raise _fail(
                f"The metadata key {key!r} ({meaning}) is stored as "
                f"{h.value_types[key][0].name.lower()}, but llama.cpp needs {vtype.name.lower()}.",
                "key-type",
            )
    return warnings


def expected_tensors(
    v: dict[str, int | float], n_vocab: int
) -> tuple[dict[str, tuple[int, ...]], set[str]]:
    """(required name -> ggml dims, optional names) as openai-moe.cpp creates them."""
    e, layers = int(v["embedding_length"]), int(v["block_count"])
    q = int(v["attention.head_count"]) * int(v["attention.key_length"])
    kv = int(v["attention.head_count_kv"]) * int(v["attention.key_length"])
    ff, x = int(v["expert_feed_forward_length"]), int(v["expert_count"])
    req: dict[str, tuple[int, ...]] = {
        "token_embd.weight": (e, n_vocab),
        "output_norm.weight": (e,),
        "output.weight": (e, n_vocab),
    }
    optional: set[str] = set()
    for i in range(layers):
        b = f"blk.{i}."
        req |= {
            b + "attn_norm.weight": (e,),
            b + "post_attention_norm.weight": (e,),
            b + "attn_output.weight": (q, e),
            b + "attn_output.bias": (e,),
            b + "attn_sinks.weight": (int(v["attention.head_count"]),),
            b + "ffn_gate_inp.weight": (e, x),
            b + "ffn_gate_inp.bias": (x,),
            b + "ffn_gate_exps.weight": (e, ff, x),
            b + "ffn_up_exps.weight": (e, ff, x),
            b + "ffn_down_exps.weight": (ff, e, x),
            b + "ffn_gate_exps.bias": (ff, x),
            b + "ffn_up_exps.bias": (ff, x),
            b + "ffn_down_exps.bias": (e, x),
        }
        for name, dims in (("attn_q", (e, q)), ("attn_k", (e, kv)), ("attn_v", (e, kv))):
            req[b + name + ".weight"] = dims
            req[b + name + ".bias"] = dims[1:]
            optional.add(b + name + ".bias")
        req[b + "attn_qkv.weight"] = (e, q + 2 * kv)
        req[b + "attn_qkv.bias"] = (q + 2 * kv,)
        optional |= {b + "attn_qkv.weight", b + "attn_qkv.bias"}
    return req, optional


def check_tensors(h: GGUFHeader, values: dict[str, int | float], n_vocab: int) -> None:
    expected, optional = expected_tensors(values, n_vocab)
    present = {t.name: t for t in h.tensors}
    for t in h.tensors:
        if t.name not in expected:
            raise _fail(
                f"The file has a tensor {t.name!r} that gpt-oss models do not use.", "tensor-name"
            )
        want = expected[t.name]
        if tuple(t.dims) != want:
            raise _fail(
                f"Tensor {t.name!r} has shape {list(t.dims)}, but the metadata implies "
                f"{list(want)}.",
                "tensor-shape",
            )
        if (len(want) == 1 or t.name.endswith(".bias")) and t.ggml_type != 0:
            raise _fail(f"Tensor {t.name!r} must be stored as F32 for gpt-oss.", "tensor-type")
        if t.ggml_type in GGML_INTEGER_TYPES:
            raise _fail(f"Tensor {t.name!r} holds integers, not weights.", "tensor-type")
    for name in expected:
        if name in present or name in optional:
            continue
        fused = (
            name.replace("attn_q.", "attn_qkv.")
            .replace("attn_k.", "attn_qkv.")
            .replace("attn_v.", "attn_qkv.")
        )
        if fused != name and fused in present:
            continue
        raise _fail(
            f"The model file lacks the tensor {name!r}, which gpt-oss models need.",
            "missing-tensor",
        )
