"""How much memory a model needs, from its GGUF header alone: weights, KV cache, compute.

Part of the load planner (see load_plan.py). Everything is derived from the tensor list
and a few metadata keys, so a model is measured without reading its weights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from app.core.gguf.errors import GGUFValidationError
from app.core.gguf.ggml_types import GGML_TYPES
from app.core.gguf.reader import ArraySummary, GGUFHeader
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

#: The MoE expert weights of one layer (gate, up and down projections, with their biases).
#: The same pattern the runtime hands llama.cpp to keep experts in RAM, so the planner counts
#: exactly the bytes that the override moves.
EXPERT_TENSOR = re.compile(r"blk\.\d+\.ffn_(gate|up|down)_exps")
_LAYER_TENSOR = re.compile(r"blk\.(\d+)\.")

#: Bytes per KV cache element. q8_0 stores 32 values in 34 bytes (an f16 scale + 32 int8).
KV_BYTES_PER_32 = {"f16": 64, "q8_0": 34}
KV_CACHE_TYPES = tuple(KV_BYTES_PER_32)
#: llama.cpp rounds the cache size up to a multiple of 256 cells.
KV_PAD = 256

MIB = 1 << 20
#: Scratch beyond the tensors we can size: graph metadata, backend workspaces (cuBLAS),
#: small temporaries. llama.cpp reports about 400 MiB of compute buffer for gpt-oss-20b at
#: n_ubatch 512, of which the logits are 393 MiB; this margin makes the estimate generous.
COMPUTE_MARGIN = 128 * MIB
#: Hidden-state-sized activations alive at once in one micro-batch (residual stream, norms,
#: Q/K/V, attention output, router, the active experts' gate/up halves): 16 is a safe upper
#: bound for gpt-oss (4 active experts × 2880 ≈ 4 × n_embd each for gate and up).
ACTIVATION_ROWS = 16


@dataclass(frozen=True)
class ModelFootprint:
    """Sizes that decide where a model fits. Bytes are the tensors' bytes in the file."""

    label: str  # for sentences: "gpt-oss-20b"
    total_bytes: int
    #: per repeating layer: weights other than the experts (attention, norms, router)
    layer_bytes: tuple[int, ...]
    #: per repeating layer: expert weights (``EXPERT_TENSOR``)
    layer_expert_bytes: tuple[int, ...]
    input_bytes: int  # token embeddings: llama.cpp always keeps them on the CPU
    output_bytes: int  # output norm and projection: the first thing offloaded to a GPU
    other_bytes: int  # anything unclassified; counted on both sides to stay safe
    largest_layer_tensor_bytes: int  # the biggest single weight inside a layer
    n_layer: int
    n_embd: int
    n_head: int
    n_head_kv: int
    key_length: int
    value_length: int
    sliding_window: int  # 0: none
    n_ctx_train: int  # 0: unknown
    n_vocab: int
    n_expert: int  # 0: a dense model
    n_expert_used: int

    @property
    def expert_bytes(self) -> int:
        return sum(self.layer_expert_bytes)

    def layer_total(self, i: int) -> int:
        return self.layer_bytes[i] + self.layer_expert_bytes[i]

    def active_expert_fraction(self) -> float:
        """Share of the expert weights read for one token (4 of 32 experts for gpt-oss)."""
        if self.n_expert <= 0:
            return 1.0
        return min(1.0, max(1, self.n_expert_used) / self.n_expert)


def kv_layer_bytes(fp: ModelFootprint, n_ctx: int, kv_type: str = "f16") -> int:
    """K and V cache of one layer for ``n_ctx`` tokens."""
    if kv_type not in KV_BYTES_PER_32:
        raise ValueError(f"Unknown KV cache type {kv_type!r}; use one of {KV_CACHE_TYPES}.")
    cells = -(-n_ctx // KV_PAD) * KV_PAD
    elements = cells * fp.n_head_kv * (fp.key_length + fp.value_length)
    return -(-elements * KV_BYTES_PER_32[kv_type] // 32)


def kv_cache_bytes(fp: ModelFootprint, n_ctx: int, kv_type: str = "f16") -> int:
    """The whole KV cache. Every layer keeps ``n_ctx`` cells, the sliding-window layers too:
    the engine loads with swa_full so that the cache can roll back across turns."""
    return fp.n_layer * kv_layer_bytes(fp, n_ctx, kv_type)


def compute_buffer_bytes(fp: ModelFootprint, n_ubatch: int, n_outputs: int | None = None) -> int:
    """Scratch memory of the device that computes the output layer.

    llama.cpp reserves the graph for the worst micro-batch, whose logits are
    n_outputs × n_vocab × 4 bytes (n_outputs = n_ubatch unless the context caps it with
    ``n_outputs_max``). That dominates for a 201,088-token vocabulary. Activations are
    ACTIVATION_ROWS hidden states per token, plus COMPUTE_MARGIN.
    """
    outputs = n_ubatch if n_outputs is None else min(n_outputs, n_ubatch)
    return outputs * fp.n_vocab * 4 + host_compute_bytes(fp, n_ubatch)


def host_compute_bytes(fp: ModelFootprint, n_ubatch: int) -> int:
    """Scratch memory on the CPU side when a GPU computes the output layer."""
    return n_ubatch * fp.n_embd * 4 * ACTIVATION_ROWS + COMPUTE_MARGIN


def _tensor_bytes(name: str, ggml_type: int, n_elements: int) -> int:
    t = GGML_TYPES.get(ggml_type)
    if t is None:
        raise GGUFValidationError(
            Sentence(
                QT_TRANSLATE_NOOP("core", "The tensor %1 has the unknown ggml type %2."),
                repr(name),
                str(ggml_type),
            ),
            "tensor-type",
        )
    return -(-n_elements // t.block_size) * t.type_size


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, tuple) and value and all(isinstance(v, int) for v in value):
        return max(value)  # per-layer arrays (e.g. head_count_kv): plan for the largest
    return None


def _label(h: GGUFHeader, arch: str) -> str:
    size = h.get("general.size_label")
    if isinstance(size, str) and size:
        return f"{arch}-{size.lower()}"
    name = h.get("general.name")
    return name if isinstance(name, str) and name else (arch or "this model")


def footprint_from_header(header: GGUFHeader) -> ModelFootprint:
    """Measure a model from its tensor list and hyperparameters."""
    arch = str(header.get("general.architecture", ""))

    def hp(key: str) -> int | None:
        return _int(header.get(f"{arch}.{key}"))

    per_layer: dict[int, list[int]] = {}
    input_b = output_b = other_b = largest = total = 0
    embd_dims: tuple[int, ...] = ()
    for t in header.tensors:
        size = _tensor_bytes(t.name, t.ggml_type, t.n_elements)
        total += size
        m = _LAYER_TENSOR.match(t.name)
        if m:
            slot = per_layer.setdefault(int(m.group(1)), [0, 0])
            slot[1 if EXPERT_TENSOR.match(t.name) else 0] += size
            largest = max(largest, size)
        elif t.name.startswith("token_embd"):
            input_b += size
            if t.name == "token_embd.weight":
                embd_dims = t.dims
        elif t.name.startswith("output"):
            output_b += size
        else:
            other_b += size

    n_layer = hp("block_count") or (max(per_layer) + 1 if per_layer else 0)
    n_embd = hp("embedding_length") or (embd_dims[0] if embd_dims else 0)
    n_head = hp("attention.head_count") or 0
    if not (n_layer and n_embd and n_head):
        raise GGUFValidationError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core",
                    "The model's header does not say how many layers, heads or hidden units it "
                    "has, so its memory needs cannot be planned.",
                )
            ),
            "missing-key",
        )
    key_length = hp("attention.key_length") or n_embd // n_head
    tokens = header.get("tokenizer.ggml.tokens")
    if len(embd_dims) > 1:
        n_vocab = embd_dims[1]
    elif isinstance(tokens, ArraySummary):
        n_vocab = tokens.length
    else:
        n_vocab = len(tokens) if isinstance(tokens, tuple) else 0
    # Layers the header declares but that hold no tensors count as empty, not missing;
    # tensors of layers beyond block_count are still memory, so they count as "other".
    layers = [per_layer.get(i, [0, 0]) for i in range(n_layer)]
    other_b += sum(sum(v) for i, v in per_layer.items() if i >= n_layer)
    return ModelFootprint(
        label=_label(header, arch),
        total_bytes=total,
        layer_bytes=tuple(b for b, _ in layers),
        layer_expert_bytes=tuple(e for _, e in layers),
        input_bytes=input_b,
        output_bytes=output_b,
        other_bytes=other_b,
        largest_layer_tensor_bytes=largest,
        n_layer=n_layer,
        n_embd=n_embd,
        n_head=n_head,
        n_head_kv=hp("attention.head_count_kv") or n_head,
        key_length=key_length,
        value_length=hp("attention.value_length") or key_length,
        sliding_window=hp("attention.sliding_window") or 0,
        n_ctx_train=hp("context_length") or 0,
        n_vocab=n_vocab,
        n_expert=hp("expert_count") or 0,
        n_expert_used=hp("expert_used_count") or 0,
    )
