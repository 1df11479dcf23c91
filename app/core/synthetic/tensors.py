"""Random tensor data in the real formats (MXFP4 experts, Q8_0 matrices, F32), streamed."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import gguf
import numpy as np
from gguf.quants import quantize

from app.core.synthetic.presets import Preset

QK = 32  # weights per block for both Q8_0 and MXFP4
Q8_0_BLOCK_BYTES = 34  # fp16 scale + 32 int8
MXFP4_BLOCK_BYTES = 17  # E8M0 exponent + 16 bytes of packed E2M1 nibbles
#: root-mean-square of an E2M1 code drawn uniformly from all 16 nibbles
_E2M1_RMS = math.sqrt(sum(v * v for v in (0, 0.5, 1, 1.5, 2, 3, 4, 6)) / 8)
_CHUNK_BYTES = 64 << 20  # streaming granularity for the big tensors

Chunks = Iterator[np.ndarray[Any, Any]]


@dataclass(frozen=True)
class _Tensor:
    name: str
    shape: tuple[int, ...]  # numpy order: the last axis is the ggml row
    qtype: gguf.GGMLQuantizationType
    nbytes: int
    chunks: Callable[[np.random.Generator], Chunks]


def mxfp4_exponent(sigma: float) -> int:
    """E8M0 exponent so that uniformly random E2M1 codes have standard deviation ``sigma``."""
    return round(127 + math.log2(sigma / _E2M1_RMS))


def _row_chunks(rows: int, row_bytes: int) -> Iterator[int]:
    step = max(1, _CHUNK_BYTES // max(1, row_bytes))
    for start in range(0, rows, step):
        yield min(step, rows - start)


def _f32(shape: tuple[int, ...], sigma: float, mean: float = 0.0) -> _Tensor:
    def gen(rng: np.random.Generator) -> Chunks:
        yield (mean + sigma * rng.standard_normal(shape)).astype(np.float32)

    return _Tensor("", shape, gguf.GGMLQuantizationType.F32, 4 * math.prod(shape), gen)


def _q8_0(shape: tuple[int, ...], sigma: float, exact: bool) -> _Tensor:
    rows, row = math.prod(shape[:-1]), shape[-1]
    row_bytes = row // QK * Q8_0_BLOCK_BYTES

    def gen(rng: np.random.Generator) -> Chunks:
        for n in _row_chunks(rows, row_bytes):
            if exact:
                weights = (sigma * rng.standard_normal((n, row))).astype(np.float32)
                yield quantize(weights, gguf.GGMLQuantizationType.Q8_0)
                continue
            # random int8 quants with one fp16 scale per block: std = 73.9 * d
            raw = np.frombuffer(rng.bytes(n * row_bytes), np.uint8)
            blocks = raw.reshape(n, -1, Q8_0_BLOCK_BYTES).copy()
            scale = np.float16(sigma / 73.9)
            blocks[:, :, 0:2] = np.frombuffer(scale.tobytes(), np.uint8)
            yield blocks

    return _Tensor("", shape, gguf.GGMLQuantizationType.Q8_0, rows * row_bytes, gen)


def _mxfp4(shape: tuple[int, ...], sigma: float) -> _Tensor:
    """Real MXFP4 blocks: exponent byte (E8M0, bias 127) then 16 bytes of E2M1 nibbles
    (element j in the low nibble of qs[j], element j+16 in the high nibble)."""
    rows, row = math.prod(shape[:-1]), shape[-1]
    row_bytes = row // QK * MXFP4_BLOCK_BYTES
    exponent = mxfp4_exponent(sigma)

    def gen(rng: np.random.Generator) -> Chunks:
        for n in _row_chunks(rows, row_bytes):
            raw = np.frombuffer(rng.bytes(n * row_bytes), np.uint8)
            blocks = raw.reshape(n, -1, MXFP4_BLOCK_BYTES).copy()
            jitter = rng.integers(-1, 2, size=blocks.shape[:2], dtype=np.int16)
            blocks[:, :, 0] = (exponent + jitter).astype(np.uint8)
            yield blocks

    return _Tensor("", shape, gguf.GGMLQuantizationType.MXFP4, rows * row_bytes, gen)


def _named(name: str, t: _Tensor) -> _Tensor:
    return _Tensor(name, t.shape, t.qtype, t.nbytes, t.chunks)


def plan_tensors(p: Preset, n_vocab: int) -> list[_Tensor]:
    """Every tensor llama.cpp's gpt-oss loader creates, in numpy (reversed ggml) order."""
    e, ff, x = p.n_embd, p.n_ff_exp, p.n_expert
    q_dim, kv_dim = p.n_head * p.head_dim, p.n_head_kv * p.head_dim
    s_in, s_ff, s_q = 1 / math.sqrt(e), 1 / math.sqrt(ff), 1 / math.sqrt(q_dim)
    exact = p.exact_quant
    out = [_named("token_embd.weight", _q8_0((n_vocab, e), 1.0, exact))]
    for i in range(p.n_layer):
        b = f"blk.{i}."
        out += [
            _named(b + "attn_norm.weight", _f32((e,), 0.02, 1.0)),
            _named(b + "attn_q.weight", _q8_0((q_dim, e), s_in, exact)),
            _named(b + "attn_q.bias", _f32((q_dim,), 0.02)),
            _named(b + "attn_k.weight", _q8_0((kv_dim, e), s_in, exact)),
            _named(b + "attn_k.bias", _f32((kv_dim,), 0.02)),
            _named(b + "attn_v.weight", _q8_0((kv_dim, e), s_in, exact)),
            _named(b + "attn_v.bias", _f32((kv_dim,), 0.02)),
            _named(b + "attn_output.weight", _q8_0((e, q_dim), s_q, exact)),
            _named(b + "attn_output.bias", _f32((e,), 0.02)),
            _named(b + "attn_sinks.weight", _f32((p.n_head,), 1.0)),
            _named(b + "post_attention_norm.weight", _f32((e,), 0.02, 1.0)),
            _named(b + "ffn_gate_inp.weight", _f32((x, e), s_in)),
            _named(b + "ffn_gate_inp.bias", _f32((x,), 0.02)),
            _named(b + "ffn_gate_exps.weight", _mxfp4((x, ff, e), s_in)),
            _named(b + "ffn_gate_exps.bias", _f32((x, ff), 0.02)),
            _named(b + "ffn_up_exps.weight", _mxfp4((x, ff, e), s_in)),
            _named(b + "ffn_up_exps.bias", _f32((x, ff), 0.02)),
            _named(b + "ffn_down_exps.weight", _mxfp4((x, e, ff), s_ff)),
            _named(b + "ffn_down_exps.bias", _f32((x, e), 0.02)),
        ]
    out += [
        _named("output_norm.weight", _f32((e,), 0.02, 1.0)),
        _named("output.weight", _q8_0((n_vocab, e), s_in, exact)),
    ]
    return out
