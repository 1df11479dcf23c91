"""What the rest of Lokal needs to know about a validated model file.

Capabilities come from the metadata, vocabulary and chat template only, never the file name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .ggml_types import FILE_TYPE_NAMES
from .reader import GGUFHeader

HARMONY_TOKENS = ("<|start|>", "<|channel|>", "<|message|>", "<|end|>")
TOKEN_TYPE_CONTROL, TOKEN_TYPE_USER_DEFINED = 3, 4
_RESERVED = re.compile(r"<\|reserved_\d+\|>")
_REASONING = re.compile(r"reasoning[_ ]effort", re.IGNORECASE)
_TOOLS = re.compile(r"\{[%{][^%}]*\btools\b")


@dataclass(frozen=True)
class ModelFacts:
    path: Path
    architecture: str
    name: str | None
    size_label: str | None
    parameter_count: int  # elements over all tensors
    file_size: int
    tensor_bytes: int
    tensor_count: int
    gguf_version: int
    file_type: int | None  # general.file_type (llama_ftype); 38 = MXFP4 MoE
    file_type_name: str | None
    context_length: int | None
    block_count: int | None
    embedding_length: int | None
    head_count: int | None
    head_count_kv: int | None
    key_length: int | None  # head dimension of keys
    value_length: int | None  # head dimension of values
    expert_count: int | None
    expert_used_count: int | None
    expert_feed_forward_length: int | None
    sliding_window: int | None
    rope_freq_base: float | None
    rope_scaling_type: str | None
    rope_scaling_factor: float | None
    rope_original_context_length: int | None
    vocab_size: int
    tokenizer_model: str | None
    tokenizer_pre: str | None
    bos_token_id: int | None
    eos_token_id: int | None
    padding_token_id: int | None
    #: named special tokens in the vocabulary (control/user-defined, not reserved), by id
    special_tokens: tuple[tuple[str, int], ...]
    has_chat_template: bool
    harmony: bool  # vocabulary and template speak OpenAI harmony
    reasoning_effort: bool  # the template takes a reasoning effort
    tools: bool  # the template renders tool definitions
    warnings: tuple[str, ...]

    @property
    def special_token_strings(self) -> tuple[str, ...]:
        return tuple(text for text, _ in self.special_tokens)

    def token_id(self, text: str) -> int | None:
        """Id of a special token, or None if the vocabulary lacks it."""
        return next((i for t, i in self.special_tokens if t == text), None)


def _int(h: GGUFHeader, key: str) -> int | None:
    v = h.get(key)
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def _float(h: GGUFHeader, key: str) -> float | None:
    v = h.get(key)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) else None


def _str(h: GGUFHeader, key: str) -> str | None:
    v = h.get(key)
    return v if isinstance(v, str) else None


def _token_id(h: GGUFHeader, key: str, n_vocab: int) -> int | None:
    v = _int(h, key)
    return v if v is not None and 0 <= v < n_vocab else None


def special_tokens(
    tokens: Sequence[str], types: Sequence[int] | None
) -> tuple[tuple[str, int], ...]:
    out = []
    for i, text in enumerate(tokens):
        if types is not None and i < len(types):
            special = types[i] in (TOKEN_TYPE_CONTROL, TOKEN_TYPE_USER_DEFINED)
        else:
            special = text.startswith("<|") and text.endswith("|>")
        if special and not _RESERVED.fullmatch(text):
            out.append((text, i))
    return tuple(out)


def build_facts(
    h: GGUFHeader,
    tokens: Sequence[str],
    token_types: Sequence[int] | None,
    tensor_bytes: int,
    warnings: Sequence[str],
) -> ModelFacts:
    arch = str(h.get("general.architecture"))

    def a(suffix: str) -> int | None:
        return _int(h, f"{arch}.{suffix}")

    heads, embd = a("attention.head_count"), a("embedding_length")
    default_head = embd // heads if embd and heads else None
    template = _str(h, "tokenizer.chat_template")
    vocab = set(tokens)
    specials = special_tokens(tokens, token_types)
    harmony = all(t in vocab for t in HARMONY_TOKENS) and bool(
        template and all(t in template for t in HARMONY_TOKENS)
    )
    file_type = _int(h, "general.file_type")
    n = len(tokens)
    return ModelFacts(
        path=h.path,
        architecture=arch,
        name=_str(h, "general.name"),
        size_label=_str(h, "general.size_label"),
        parameter_count=sum(t.n_elements for t in h.tensors),
        file_size=h.file_size,
        tensor_bytes=tensor_bytes,
        tensor_count=len(h.tensors),
        gguf_version=h.version,
        file_type=file_type,
        file_type_name=FILE_TYPE_NAMES.get(file_type) if file_type is not None else None,
        context_length=a("context_length"),
        block_count=a("block_count"),
        embedding_length=embd,
        head_count=heads,
        head_count_kv=a("attention.head_count_kv") or heads,
        key_length=a("attention.key_length") or default_head,
        value_length=a("attention.value_length") or default_head,
        expert_count=a("expert_count"),
        expert_used_count=a("expert_used_count"),
        expert_feed_forward_length=a("expert_feed_forward_length"),
        sliding_window=a("attention.sliding_window"),
        rope_freq_base=_float(h, f"{arch}.rope.freq_base"),
        rope_scaling_type=_str(h, f"{arch}.rope.scaling.type"),
        rope_scaling_factor=_float(h, f"{arch}.rope.scaling.factor"),
        rope_original_context_length=a("rope.scaling.original_context_length"),
        vocab_size=n,
        tokenizer_model=_str(h, "tokenizer.ggml.model"),
        tokenizer_pre=_str(h, "tokenizer.ggml.pre"),
        bos_token_id=_token_id(h, "tokenizer.ggml.bos_token_id", n),
        eos_token_id=_token_id(h, "tokenizer.ggml.eos_token_id", n),
        padding_token_id=_token_id(h, "tokenizer.ggml.padding_token_id", n),
        special_tokens=specials,
        has_chat_template=bool(template),
        harmony=harmony,
        reasoning_effort=bool(template and _REASONING.search(template)),
        tools=bool(template and _TOOLS.search(template)),
        warnings=tuple(warnings),
    )
