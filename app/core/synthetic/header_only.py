"""The GGUF header a preset would be written with, without writing the file.

Lets the planner and `lokal doctor` reason about gpt-oss-20b's real tensor
sizes before anything is downloaded.
"""

from __future__ import annotations

from pathlib import Path

from app.core.gguf.reader import GGUFHeader, MetaValue, TensorInfo
from app.core.synthetic.presets import Preset
from app.core.synthetic.tensors import plan_tensors


def preset_header(p: Preset, name: str = "gpt-oss-20b.gguf") -> GGUFHeader:
    arch = "gpt-oss"
    tensors, offset = [], 0
    for t in plan_tensors(p, p.n_vocab):
        # plan_tensors lists numpy shapes; ggml's dimension order is the reverse.
        tensors.append(TensorInfo(t.name, tuple(reversed(t.shape)), int(t.qtype), offset))
        offset += t.nbytes
    metadata: dict[str, MetaValue] = {
        "general.architecture": arch,
        "general.size_label": p.size_label,
        f"{arch}.block_count": p.n_layer,
        f"{arch}.context_length": p.context_length,
        f"{arch}.embedding_length": p.n_embd,
        f"{arch}.attention.head_count": p.n_head,
        f"{arch}.attention.head_count_kv": p.n_head_kv,
        f"{arch}.attention.key_length": p.head_dim,
        f"{arch}.attention.value_length": p.head_dim,
        f"{arch}.attention.sliding_window": p.sliding_window,
        f"{arch}.expert_count": p.n_expert,
        f"{arch}.expert_used_count": p.n_expert_used,
    }
    return GGUFHeader(Path(name), offset, 3, 32, metadata, {}, tuple(tensors), 0, 0)
