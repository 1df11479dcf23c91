"""Validate a GGUF file before llama.cpp sees it, and describe it.

``validate_gguf`` rejects, with a sentence a person understands, every problem that would make
llama.cpp fail to load the file, and in particular those that make it crash the process
(GGML_ASSERT aborts) instead of returning an error.  It reads only the header.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence

from app.core.harmony.tokens import FORMAT_TOKENS
from app.core.sentence import QT_TRANSLATE_NOOP, Sentence

from . import gptoss
from .cursor import shown
from .errors import GGUFValidationError
from .facts import ModelFacts, build_facts
from .ggml_types import GGML_TYPES, ValueType
from .reader import GGUFHeader, read_gguf_header

TOKENS = "tokenizer.ggml.tokens"
TOKEN_TYPES = "tokenizer.ggml.token_type"
MERGES = "tokenizer.ggml.merges"
SCORES = "tokenizer.ggml.scores"
ROPE_SCALING_TYPES = ("none", "linear", "yarn", "longrope")  # others abort llama.cpp
MAX_LAYERS = 512
MAX_EXPERTS = 1024
#: arrays validation needs whole (read them with ``read_gguf_header(..., full_arrays=...)``)
FULL_ARRAYS = (TOKENS, TOKEN_TYPES)
_PLAIN_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")

_S, _U32, _F32, _B = ValueType.STRING, ValueType.UINT32, ValueType.FLOAT32, ValueType.BOOL
_A = ValueType.ARRAY
#: key -> accepted (type, element type) pairs; ``{arch}`` is replaced by the architecture
KEY_TYPES: dict[str, tuple[tuple[ValueType, ValueType | None], ...]] = {
    "general.architecture": ((_S, None),),
    "general.name": ((_S, None),),
    "general.file_type": ((_U32, None),),
    "tokenizer.ggml.model": ((_S, None),),
    "tokenizer.ggml.pre": ((_S, None),),
    TOKENS: ((_A, _S),),
    TOKEN_TYPES: ((_A, ValueType.INT32),),
    MERGES: ((_A, _S),),
    SCORES: ((_A, _F32), (_A, ValueType.INT32)),
    "tokenizer.ggml.bos_token_id": ((_U32, None),),
    "tokenizer.ggml.eos_token_id": ((_U32, None),),
    "tokenizer.ggml.padding_token_id": ((_U32, None),),
    "tokenizer.ggml.add_bos_token": ((_B, None),),
    "tokenizer.chat_template": ((_S, None),),
    "{arch}.context_length": ((_U32, None),),
    "{arch}.embedding_length": ((_U32, None),),
    "{arch}.block_count": ((_U32, None),),
    "{arch}.expert_count": ((_U32, None),),
    "{arch}.expert_group_count": ((_U32, None),),
    "{arch}.expert_group_used_count": ((_U32, None),),
    "{arch}.nextn_predict_layers": ((_U32, None),),
    "{arch}.rope.scaling.type": ((_S, None),),
    "{arch}.rope.freq_base": ((_F32, None),),
    "{arch}.rope.scaling.factor": ((_F32, None),),
    "{arch}.rope.scaling.original_context_length": ((_U32, None),),
    "{arch}.attention.key_length": ((_U32, None),),
    "{arch}.attention.value_length": ((_U32, None),),
}
_PER_LAYER = ((_U32, None), (_A, _U32), (_A, ValueType.INT32))
for _k in ("expert_used_count", "attention.head_count", "attention.head_count_kv"):
    KEY_TYPES["{arch}." + _k] = _PER_LAYER


def _fail(message: str, reason: str) -> GGUFValidationError:
    return GGUFValidationError(message, reason)


def _type_label(t: tuple[ValueType, ValueType | None]) -> str:
    return f"array of {t[1].name.lower()}" if t[1] is not None else t[0].name.lower()


def check_tensor_layout(h: GGUFHeader) -> int:
    """Types, row sizes and extents of all tensors; returns the total tensor bytes."""
    expected, previous, total = 0, "", 0
    for t in h.tensors:
        gt = GGML_TYPES.get(t.ggml_type)
        if gt is None:
            raise _fail(
                f"Tensor {t.name!r} uses ggml type {t.ggml_type}, which is unknown (the file is "
                "corrupt or needs a newer version of llama.cpp).",
                "tensor-type",
            )
        row = t.dims[0] if t.dims else 1
        if row % gt.block_size:
            raise _fail(
                f"Tensor {t.name!r} has rows of {row:,} weights, not a multiple of the "
                f"{gt.name} block size {gt.block_size}.",
                "tensor-shape",
            )
        nbytes = t.n_elements // gt.block_size * gt.type_size
        start = h.data_offset + t.offset
        if start > h.file_size:
            raise _fail(
                f"The file is truncated or corrupt: tensor {t.name!r} starts at byte {start:,}, "
                f"past the end of the file ({h.file_size:,} bytes).",
                "truncated",
            )
        if start + nbytes > h.file_size:
            raise _fail(
                f"The file is truncated: tensor {t.name!r} ends at byte {start + nbytes:,} but "
                f"the file has {h.file_size:,} bytes.",
                "truncated",
            )
        if t.offset % h.alignment:
            raise _fail(
                f"Tensor {t.name!r} starts at data offset {t.offset:,}, which is not a multiple "
                f"of the alignment {h.alignment}.",
                "tensor-offset",
            )
        if t.offset < expected:
            raise _fail(
                f"Tensor {t.name!r} (data offset {t.offset:,}) overlaps tensor {previous!r}, "
                f"which ends at data offset {expected:,}.",
                "tensor-overlap",
            )
        if t.offset > expected:
            raise _fail(
                f"Tensor {t.name!r} starts at data offset {t.offset:,}, but the previous tensor "
                f"ends at {expected:,}; llama.cpp needs tensors stored back to back.",
                "tensor-offset",
            )
        expected = t.offset + nbytes + (-nbytes % h.alignment)
        previous, total = t.name, total + nbytes
    return total


def check_key_types(h: GGUFHeader, arch: str) -> None:
    for pattern, accepted in KEY_TYPES.items():
        key = pattern.replace("{arch}", arch)
        if key in h.value_types and h.value_types[key] not in accepted:
            raise _fail(
                f"The metadata key {key!r} is stored as {_type_label(h.value_types[key])}, but "
                f"llama.cpp needs {_type_label(accepted[0])}.",
                "key-type",
            )


def _uint(h: GGUFHeader, key: str) -> int:
    """Value of a u32 key, or the largest element of a per-layer array; 0 when absent."""
    v = h.get(key)
    if isinstance(v, tuple):
        return max((int(x) for x in v), default=0)
    return int(v) if isinstance(v, int) else 0


def check_generic_hparams(h: GGUFHeader, arch: str) -> None:
    """Conditions llama.cpp asserts for every architecture (failing them aborts it)."""
    crash = "(llama.cpp would crash loading it)"
    layers = h.get(f"{arch}.block_count")
    if isinstance(layers, int) and not 0 < layers <= MAX_LAYERS:
        raise _fail(
            f"The model claims {layers:,} layers; it must have 1 to {MAX_LAYERS} {crash}.", "layers"
        )
    if _uint(h, f"{arch}.nextn_predict_layers") > _uint(h, f"{arch}.block_count"):
        raise _fail(f"The model has more prediction layers than layers {crash}.", "layers")
    experts, used = _uint(h, f"{arch}.expert_count"), _uint(h, f"{arch}.expert_used_count")
    groups, groups_used = (
        _uint(h, f"{arch}.expert_group_count"),
        _uint(h, f"{arch}.expert_group_used_count"),
    )
    if experts > MAX_EXPERTS:
        raise _fail(
            f"The model claims {experts:,} experts; llama.cpp supports {MAX_EXPERTS} {crash}.",
            "experts",
        )
    if used > experts:
        raise _fail(
            f"The model uses {used} experts per token but has only {experts} {crash}.", "experts"
        )
    if experts and not used:
        raise _fail(f"The model has {experts} experts but uses none of them {crash}.", "experts")
    bad_groups = groups >= experts if experts else groups != 0
    if bad_groups or (groups > 1 and (experts % groups or not 0 < groups_used < groups)):
        raise _fail(f"The model's expert groups are inconsistent {crash}.", "experts")
    rope = h.get(f"{arch}.rope.scaling.type")
    if rope is not None and rope not in ROPE_SCALING_TYPES:
        raise _fail(
            f"The RoPE scaling type {rope!r} is unknown; llama.cpp knows "
            f"{', '.join(ROPE_SCALING_TYPES)} {crash}.",
            "rope",
        )


def check_tokenizer(h: GGUFHeader) -> tuple[list[str], Sequence[int] | None]:
    if "tokenizer.ggml.model" not in h.metadata or TOKENS not in h.metadata:
        missing = "tokenizer.ggml.model" if "tokenizer.ggml.model" not in h.metadata else TOKENS
        raise _fail(
            f"The model file has no tokenizer (the key {missing!r} is missing).", "tokenizer"
        )
    # llama.cpp reads token text as C strings: a NUL ends it, and empty tokens get a placeholder
    raw = h.arrays.get(TOKENS, ())
    tokens = [t.split("\0", 1)[0] or f"[EMPTY_{i}]" for i, t in enumerate(raw)]
    if not tokens or len(tokens) >= 1 << 31:
        raise _fail(f"The vocabulary has {len(tokens):,} tokens.", "tokenizer")
    if len(set(tokens)) != len(tokens):
        seen: dict[str, int] = {}
        for i, t in enumerate(tokens):
            if t in seen:
                nul = " (it contains a NUL byte, which ends it there)" if "\0" in raw[i] else ""
                raise _fail(
                    f"The vocabulary lists the token {t!r} twice, as ids {seen[t]} and {i}{nul}; "
                    "llama.cpp would crash loading it.",
                    "tokenizer",
                )
            seen[t] = i
    for key in (TOKEN_TYPES, SCORES):
        summary_len = _array_length(h, key)
        if summary_len is not None and summary_len < len(tokens):
            raise _fail(
                f"The tokenizer array {key!r} has {summary_len:,} entries for "
                f"{len(tokens):,} tokens.",
                "tokenizer",
            )
    if h.get("tokenizer.ggml.model") == "gpt2" and MERGES not in h.metadata:
        raise _fail(
            "The BPE tokenizer has no merges ('tokenizer.ggml.merges' is missing).", "tokenizer"
        )
    types = h.arrays.get(TOKEN_TYPES)
    return tokens, types


def _array_length(h: GGUFHeader, key: str) -> int | None:
    v = h.get(key)
    if v is None:
        return None
    return len(v) if isinstance(v, tuple) else int(getattr(v, "length", 0))


def check_architecture(h: GGUFHeader) -> str:
    """The architecture, when it is gpt-oss; any other is refused with one sentence."""
    arch = h.get("general.architecture")
    if arch is None:
        raise _fail(
            "The model file does not say which architecture it is ('general.architecture').",
            "architecture",
        )
    stored = h.value_types.get("general.architecture", (_S, None))
    if stored != (_S, None):
        raise _fail(
            f"The metadata key 'general.architecture' is stored as {_type_label(stored)}, but "
            "llama.cpp needs string.",
            "key-type",
        )
    if not isinstance(arch, str) or not arch:
        raise _fail("The model's architecture name is empty.", "architecture")
    if arch != gptoss.ARCH:
        raise GGUFValidationError(not_gpt_oss(arch), "not-gpt-oss")
    return arch


def not_gpt_oss(arch: str) -> Sentence:
    return Sentence(
        QT_TRANSLATE_NOOP("core", "%1 is not a gpt-oss model; Lokal runs gpt-oss models only."),
        _architecture_shown(arch),
    )


def _architecture_shown(arch: str) -> str:
    """Plain names (gemma3, llama, qwen2moe) as they are; anything odd quoted and cut short."""
    if _PLAIN_NAME.fullmatch(arch):
        return arch
    return shown(arch)


def check_harmony_vocabulary(tokens: Sequence[str]) -> None:
    """gpt-oss speaks only the harmony chat format: its control tokens must be in the vocabulary,
    or every prompt fails; refuse the file now rather than at the first question."""
    vocab = set(tokens)
    missing = [t for t in FORMAT_TOKENS if t not in vocab]
    if missing:
        raise GGUFValidationError(
            Sentence(
                QT_TRANSLATE_NOOP(
                    "core",
                    "This model's vocabulary lacks %1 of the harmony chat format, so it is not a "
                    "usable gpt-oss model; Lokal runs gpt-oss models only.",
                ),
                " ".join(missing),
            ),
            "not-harmony",
        )


def validate_gguf(path: str | os.PathLike[str]) -> ModelFacts:
    """Check a GGUF model file thoroughly from its header; raise GGUFValidationError if unusable."""
    return validate_header(read_gguf_header(path, full_arrays=FULL_ARRAYS))


def validate_header(h: GGUFHeader) -> ModelFacts:
    """What ``validate_gguf`` checks, on a header read with ``full_arrays=FULL_ARRAYS``."""
    # The architecture first: a model of another kind is named as such, not by a detail that
    # gpt-oss rules would find wrong with it.
    arch = check_architecture(h)
    tensor_bytes = check_tensor_layout(h)
    check_key_types(h, arch)
    values = gptoss.check_hparams(h)
    check_generic_hparams(h, arch)
    tokens, types = check_tokenizer(h)
    check_harmony_vocabulary(tokens)
    warnings = gptoss.recommended_key_warnings(h)
    if h.get("tokenizer.ggml.model") != "gpt2":
        raise _fail(
            f"A gpt-oss model needs the 'gpt2' (byte-level BPE) tokenizer, not "
            f"{h.get('tokenizer.ggml.model')!r}.",
            "tokenizer",
        )
    gptoss.check_tensors(h, values, len(tokens))
    return build_facts(h, tokens, types, tensor_bytes, warnings)
