"""Build a synthetic gpt-oss GGUF that llama.cpp loads like the real gpt-oss-20b.

The file has the real architecture key ``gpt-oss``, the real metadata keys, MXFP4 expert
tensors, Q8_0 attention/embedding matrices, F32 norms/biases/attention sinks, alternating
sliding-window layers (implicit in llama.cpp for gpt-oss), a byte-level BPE vocabulary in
GPT-2 form holding the o200k_harmony special tokens in their real relative layout, and the
real gpt-oss chat template.  The weights are random but scaled so that logits stay finite.

Usage::

    python tests/fixtures/make_gptoss_gguf.py --preset tiny OUT.gguf [--seed N]
    python tests/fixtures/make_gptoss_gguf.py --preset full OUT.gguf   # ~12 GB, streamed

or ``build_gptoss_gguf(path, preset="tiny", seed=0)`` from Python.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

import gguf
import numpy as np

from app.core.synthetic.chat_template import GPT_OSS_CHAT_TEMPLATE
from app.core.synthetic.presets import (
    FILE_TYPE_MOSTLY_MXFP4,
    PRESETS,
    RMS_EPS,
    ROPE_FREQ_BASE,
    ROPE_ORIG_CTX,
    ROPE_SCALING_FACTOR,
    Preset,
)
from app.core.synthetic.tensors import plan_tensors
from app.core.synthetic.vocab import Vocab, build_vocab


def _add_metadata(w: gguf.GGUFWriter, p: Preset, vocab: Vocab) -> None:
    a = "gpt-oss"
    w.add_type("model")
    w.add_name(p.label)
    w.add_basename("lokal-synthetic-gpt-oss")
    w.add_size_label(p.size_label)
    w.add_license("apache-2.0")
    w.add_uint32(f"{a}.block_count", p.n_layer)
    w.add_uint32(f"{a}.context_length", p.context_length)
    w.add_uint32(f"{a}.embedding_length", p.n_embd)
    w.add_uint32(f"{a}.feed_forward_length", p.n_ff_exp)
    w.add_uint32(f"{a}.attention.head_count", p.n_head)
    w.add_uint32(f"{a}.attention.head_count_kv", p.n_head_kv)
    w.add_float32(f"{a}.rope.freq_base", ROPE_FREQ_BASE)
    w.add_float32(f"{a}.attention.layer_norm_rms_epsilon", RMS_EPS)
    w.add_uint32(f"{a}.expert_count", p.n_expert)
    w.add_uint32(f"{a}.expert_used_count", p.n_expert_used)
    w.add_uint32(f"{a}.attention.key_length", p.head_dim)
    w.add_uint32(f"{a}.attention.value_length", p.head_dim)
    w.add_uint32("general.file_type", FILE_TYPE_MOSTLY_MXFP4)
    w.add_uint32(f"{a}.attention.sliding_window", p.sliding_window)
    w.add_uint32(f"{a}.expert_feed_forward_length", p.n_ff_exp)
    w.add_string(f"{a}.rope.scaling.type", "yarn")
    w.add_float32(f"{a}.rope.scaling.factor", ROPE_SCALING_FACTOR)
    w.add_uint32(f"{a}.rope.scaling.original_context_length", ROPE_ORIG_CTX)
    w.add_uint32("general.quantization_version", 2)
    w.add_string("tokenizer.ggml.model", "gpt2")
    w.add_string("tokenizer.ggml.pre", "gpt-4o")
    w.add_array("tokenizer.ggml.tokens", vocab.tokens)
    w.add_array("tokenizer.ggml.token_type", vocab.types)
    w.add_array("tokenizer.ggml.merges", vocab.merges)
    w.add_uint32("tokenizer.ggml.bos_token_id", vocab.bos_id)
    w.add_uint32("tokenizer.ggml.eos_token_id", vocab.eos_id)
    w.add_uint32("tokenizer.ggml.padding_token_id", vocab.pad_id)
    w.add_bool("tokenizer.ggml.add_bos_token", False)
    w.add_string("tokenizer.chat_template", GPT_OSS_CHAT_TEMPLATE)


def _pad(f: IO[bytes], alignment: int) -> None:
    f.write(b"\0" * (-f.tell() % alignment))


def build_gptoss_gguf(path: Path, preset: str = "tiny", seed: int = 0) -> Path:
    """Write a synthetic gpt-oss GGUF to ``path`` (atomically) and return ``path``.

    Tensor data is streamed: at most one chunk (~64 MiB) of one tensor is in memory at a time,
    so the full preset (~11.3 GiB) needs little more than that.
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; choose from {sorted(PRESETS)}")
    p = PRESETS[preset]
    path = Path(path)
    vocab = build_vocab(p)
    tensors = plan_tensors(p, len(vocab.tokens))
    rng = np.random.default_rng(seed)
    part = path.with_name(path.name + ".part")
    writer = gguf.GGUFWriter(part, "gpt-oss")
    try:
        _add_metadata(writer, p, vocab)
        for t in tensors:
            writer.add_tensor_info(t.name, t.shape, np.dtype(np.float32), t.nbytes, t.qtype)
        writer.write_header_to_file()
        writer.write_kv_data_to_file()
        writer.write_ti_data_to_file()
        assert writer.fout is not None
        out = writer.fout[0]
        alignment = writer.data_alignment
        for t in tensors:
            _pad(out, alignment)
            written = 0
            for chunk in t.chunks(rng):
                np.ascontiguousarray(chunk).tofile(out)
                written += chunk.nbytes
            if written != t.nbytes:
                raise AssertionError(f"{t.name}: wrote {written} bytes, planned {t.nbytes}")
        _pad(out, alignment)
        out.flush()
    except BaseException:
        writer.close()
        part.unlink(missing_ok=True)
        raise
    writer.close()
    os.replace(part, path)
    return path
