"""Shapes of the synthetic gpt-oss models.

tiny: fast enough for every test; small: slow enough that a long prompt takes seconds
(for cancellation tests); full: the real gpt-oss-20b shapes (~12 GB, benchmarks).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Preset:
    name: str
    label: str
    size_label: str
    n_embd: int
    n_layer: int
    n_head: int
    n_head_kv: int
    head_dim: int
    n_expert: int
    n_expert_used: int
    n_ff_exp: int
    sliding_window: int
    context_length: int
    #: total vocabulary size, or 0 for "just what the tiny generator produces, padded to 64"
    n_vocab: int
    #: True: Gaussian weights quantized with gguf.quants (exact, slow); False: random blocks
    exact_quant: bool


TINY = Preset(
    name="tiny",
    label="Lokal Synthetic Gpt Oss Tiny",
    size_label="tiny",
    n_embd=64,
    n_layer=2,
    n_head=4,
    n_head_kv=1,
    head_dim=16,
    n_expert=4,
    n_expert_used=2,
    n_ff_exp=64,
    sliding_window=128,
    context_length=8192,
    n_vocab=0,
    exact_quant=True,
)

FULL = Preset(
    name="full",
    label="Lokal Synthetic Gpt Oss 20b",
    size_label="20B",
    n_embd=2880,
    n_layer=24,
    n_head=64,
    n_head_kv=8,
    head_dim=64,
    n_expert=32,
    n_expert_used=4,
    n_ff_exp=2880,
    sliding_window=128,
    context_length=131072,
    n_vocab=201088,
    exact_quant=False,
)

SMALL = Preset(
    name="small",
    label="Lokal Synthetic Gpt Oss Small",
    size_label="small",
    n_embd=1024,
    n_layer=4,
    n_head=16,
    n_head_kv=2,
    head_dim=64,
    n_expert=8,
    n_expert_used=2,
    n_ff_exp=1024,
    sliding_window=128,
    context_length=16384,
    n_vocab=0,
    exact_quant=False,
)

#: gpt-oss-20b's attention and KV cache (24 layers, 8 KV heads of 64: 48 KiB per token
#: in f16) with tiny embeddings and experts: saving and restoring prompt caches at the
#: real size, without the real model's minutes per prompt.
KV20B = Preset(
    name="kv20b",
    label="Lokal Synthetic Gpt Oss Kv20b",
    size_label="kv20b",
    n_embd=256,
    n_layer=24,
    n_head=64,
    n_head_kv=8,
    head_dim=64,
    n_expert=4,
    n_expert_used=2,
    n_ff_exp=64,
    sliding_window=128,
    context_length=131072,
    n_vocab=0,
    exact_quant=False,
)

PRESETS = {p.name: p for p in (TINY, SMALL, FULL, KV20B)}

ROPE_FREQ_BASE = 150000.0
ROPE_SCALING_FACTOR = 32.0
ROPE_ORIG_CTX = 4096
RMS_EPS = 1e-5
FILE_TYPE_MOSTLY_MXFP4 = 38
