"""GGUF header reading and validation: the synthetic gpt-oss model passes, a generated corpus
of malformed files is rejected with readable reasons, and files the validator accepts do not
crash llama.cpp."""

from __future__ import annotations

import importlib.util
import os
import random
import struct
import subprocess
import sys
import textwrap
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from app.core.engine.load_plan import PlanRefusal
from app.core.engine.model_setup import plan_for_file, plan_for_header
from app.core.engine.protocol import SystemReport
from app.core.gguf import (
    ArraySummary,
    GGUFValidationError,
    ModelFacts,
    read_gguf_header,
    validate_gguf,
)
from app.core.sentence import Sentence, message_of
from tests.fixtures.make_gptoss_gguf import TINY, build_vocab

gguf = pytest.importorskip("gguf")

ARRAY, STRING = 9, 8
_SCALAR = {
    0: "B",
    1: "b",
    2: "H",
    3: "h",
    4: "I",
    5: "i",
    6: "f",
    7: "?",
    10: "Q",
    11: "q",
    12: "d",
}


# ---------------------------------------------------------------------------------------------
# A raw GGUF serializer (independent of the code under test) to build malformed variants
# ---------------------------------------------------------------------------------------------


@dataclass
class KV:
    key: str
    vtype: int
    value: Any
    etype: int | None = None


@dataclass
class TI:
    name: str
    dims: list[int]
    ggml_type: int
    offset: int


@dataclass
class Model:
    kvs: list[KV]
    tensors: list[TI]
    data: bytes
    version: int = 3
    alignment: int = 32
    n_tensors: int | None = None
    n_kv: int | None = None
    #: byte offsets of length/type/count/number fields, filled by to_bytes (for mutation)
    structural: list[int] = field(default_factory=list)

    def copy(self, **changes: Any) -> Model:
        changes.setdefault("kvs", [replace(k) for k in self.kvs])
        changes.setdefault("tensors", [replace(t, dims=list(t.dims)) for t in self.tensors])
        return replace(self, structural=[], **changes)

    def kv(self, key: str) -> KV:
        return next(k for k in self.kvs if k.key == key)

    def without(self, key: str) -> Model:
        m = self.copy()
        m.kvs = [k for k in m.kvs if k.key != key]
        return m

    def with_value(self, key: str, value: Any, vtype: int | None = None) -> Model:
        m = self.copy()
        kv = m.kv(key)
        kv.value = value
        if vtype is not None:
            kv.vtype = vtype
        return m

    def to_bytes(self) -> bytes:
        out = bytearray()

        def put(fmt: str, value: Any, structural: bool = True) -> None:
            if structural:
                self.structural.append(len(out))
            out.extend(struct.pack("<" + fmt, value))

        def put_str(s: str | bytes) -> None:
            raw = s.encode("utf-8", "surrogateescape") if isinstance(s, str) else s
            put("Q", len(raw))
            out.extend(raw)

        def put_value(vtype: int, value: Any) -> None:
            if vtype == STRING:
                put_str(value)
            else:
                put(_SCALAR[vtype], value)

        out.extend(b"GGUF")
        put("I", self.version)
        put("q", len(self.tensors) if self.n_tensors is None else self.n_tensors)
        put("q", len(self.kvs) if self.n_kv is None else self.n_kv)
        for kv in self.kvs:
            put_str(kv.key)
            put("i", kv.vtype)
            if kv.vtype == ARRAY:
                assert kv.etype is not None
                put("i", kv.etype)
                put("Q", len(kv.value))
                for v in kv.value:
                    put_value(kv.etype, v)
            else:
                put_value(kv.vtype, kv.value)
        for t in self.tensors:
            put_str(t.name)
            put("I", len(t.dims))
            for d in t.dims:
                put("q", d)
            put("i", t.ggml_type)
            put("Q", t.offset)
        out.extend(b"\0" * (-len(out) % self.alignment))
        return bytes(out) + self.data


def parse(path: Path) -> Model:
    r = gguf.GGUFReader(path)
    kvs = []
    for name, f in r.fields.items():
        if name.startswith("GGUF."):
            continue
        types = [int(t) for t in f.types]
        value = f.contents()
        kvs.append(KV(name, types[0], value, types[1] if types[0] == ARRAY else None))
    tensors = [
        TI(t.name, [int(d) for d in t.shape], int(t.tensor_type), int(t.field.parts[-1][0]))
        for t in r.tensors
    ]
    data = path.read_bytes()[r.data_offset :]
    return Model(kvs, tensors, data, alignment=r.alignment)


@pytest.fixture(scope="module")
def model(tiny_gguf: Path) -> Model:
    m = parse(tiny_gguf)
    assert m.to_bytes() == tiny_gguf.read_bytes(), "the test serializer must round-trip"
    return m


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    p = tmp_path / f"{name}.gguf"
    p.write_bytes(content)
    return p


def rejected(path: Path) -> GGUFValidationError:
    """Validate, expecting a readable rejection and nothing else, in bounded time."""
    started = time.perf_counter()
    with pytest.raises(GGUFValidationError) as info:
        validate_gguf(path)
    assert time.perf_counter() - started < 2.0
    message = str(info.value)
    # A sentence; the one refusing another architecture begins with its name ("gemma3 is…").
    starts = message[:1].isupper() or info.value.reason == "not-gpt-oss"
    assert starts and message.endswith((".", ")")), message
    assert "Traceback" not in message and len(message) < 400, message
    return info.value


# ---------------------------------------------------------------------------------------------
# The valid model
# ---------------------------------------------------------------------------------------------


def test_tiny_model_facts(tiny_gguf: Path) -> None:
    facts = validate_gguf(tiny_gguf)
    vocab = build_vocab(TINY)
    assert isinstance(facts, ModelFacts)
    assert facts.architecture == "gpt-oss"
    assert (facts.block_count, facts.embedding_length, facts.context_length) == (2, 64, 8192)
    assert (facts.head_count, facts.head_count_kv, facts.key_length, facts.value_length) == (
        4,
        1,
        16,
        16,
    )
    assert (facts.expert_count, facts.expert_used_count, facts.expert_feed_forward_length) == (
        4,
        2,
        64,
    )
    assert facts.sliding_window == 128
    assert facts.rope_freq_base == 150000.0
    assert (facts.rope_scaling_type, facts.rope_scaling_factor) == ("yarn", 32.0)
    assert facts.rope_original_context_length == 4096
    assert facts.file_type == 38 and facts.file_type_name == "MXFP4_MOE"
    assert facts.file_size == tiny_gguf.stat().st_size
    assert 0 < facts.tensor_bytes < facts.file_size and facts.tensor_count == 41
    assert facts.vocab_size == len(vocab.tokens)
    assert (facts.tokenizer_model, facts.tokenizer_pre) == ("gpt2", "gpt-4o")
    assert (facts.bos_token_id, facts.eos_token_id, facts.padding_token_id) == (
        vocab.bos_id,
        vocab.eos_id,
        vocab.pad_id,
    )
    assert facts.token_id("<|return|>") == vocab.eos_id
    assert facts.token_id("<|channel|>") == vocab.first_special + 7
    for text in ("<|start|>", "<|end|>", "<|message|>", "<|call|>", "<|constrain|>"):
        assert text in facts.special_token_strings
    assert not any("reserved" in t for t in facts.special_token_strings)
    assert facts.has_chat_template and facts.harmony and facts.reasoning_effort and facts.tools
    assert facts.warnings == ()
    assert facts.parameter_count > 100_000


def test_reader_reports_header_structure(tiny_gguf: Path) -> None:
    h = read_gguf_header(tiny_gguf)
    assert h.version == 3 and h.alignment == 32 and h.data_offset % 32 == 0
    assert h.metadata["general.architecture"] == "gpt-oss"
    tokens = h.metadata["tokenizer.ggml.tokens"]
    assert isinstance(tokens, ArraySummary) and tokens.length == len(build_vocab(TINY).tokens)
    by_name = {t.name: t for t in h.tensors}
    assert by_name["blk.1.ffn_down_exps.weight"].dims == (64, 64, 4)
    assert by_name["blk.1.ffn_down_exps.weight"].ggml_type == 39
    assert by_name["token_embd.weight"].ggml_type == 8
    assert by_name["blk.0.attn_sinks.weight"].dims == (4,)


def test_capabilities_come_from_metadata_not_file_name(model: Model, tmp_path: Path) -> None:
    no_template = write(
        tmp_path, "gpt-oss-20b-harmony", model.without("tokenizer.chat_template").to_bytes()
    )
    facts = validate_gguf(no_template)
    assert not facts.has_chat_template and not facts.harmony and not facts.tools
    plain = model.with_value("tokenizer.chat_template", "{{ messages[0]['content'] }}")
    facts = validate_gguf(write(tmp_path, "plain", plain.to_bytes()))
    assert not facts.harmony and not facts.reasoning_effort and not facts.tools


def test_silently_wrong_keys_are_warnings(model: Model, tmp_path: Path) -> None:
    facts = validate_gguf(write(tmp_path, "w", model.without("gpt-oss.rope.freq_base").to_bytes()))
    assert any("gpt-oss.rope.freq_base" in w for w in facts.warnings)


# ---------------------------------------------------------------------------------------------
# The malformed corpus
# ---------------------------------------------------------------------------------------------


def _truncation_points(size: int, data_offset: int) -> list[int]:
    header = data_offset
    points = {0, 1, 3, 4, 6, 8, 12, 16, 20, 23, 24, 25, 30, 40, 100, 1_000}
    points |= {header * k // 17 for k in range(1, 17)}  # across metadata and tensor infos
    points |= {header - 1, header, header + 1}
    data = size - header
    points |= {header + data * k // 11 for k in range(1, 11)}  # inside tensor data
    points |= {size - 1}
    return sorted(p for p in points if p < size)


def test_truncated_files_are_rejected(model: Model, tiny_gguf: Path, tmp_path: Path) -> None:
    content = tiny_gguf.read_bytes()
    header = read_gguf_header(tiny_gguf)
    points = _truncation_points(len(content), header.data_offset)
    assert len(points) >= 30
    for cut in points:
        err = rejected(write(tmp_path, f"cut{cut}", content[:cut]))
        message = str(err)
        if cut == 0:
            assert "empty" in message
        elif cut < 4:
            assert "not a GGUF file" in message
        else:
            assert "truncated" in message, (cut, message)
        if cut > header.data_offset:
            crossing = next(
                t
                for t in header.tensors
                if header.data_offset + t.offset + _nbytes(t.dims, t.ggml_type) > cut
            )
            assert repr(crossing.name) in message and f"{cut:,}" in message


def _nbytes(dims: tuple[int, ...], ggml_type: int) -> int:
    block, size = {0: (1, 4), 8: (32, 34), 39: (32, 17)}[ggml_type]
    n = 1
    for d in dims:
        n *= d
    return n // block * size


Case = tuple[str, Callable[[Model], bytes], str]


def _tensor_change(index: int, **changes: Any) -> Callable[[Model], bytes]:
    def build(m: Model) -> bytes:
        m = m.copy()
        for k, v in changes.items():
            setattr(m.tensors[index], k, v)
        return m.to_bytes()

    return build


def _tensor_shift(index: int, delta: int) -> Callable[[Model], bytes]:
    def build(m: Model) -> bytes:
        m = m.copy()
        m.tensors[index].offset += delta
        return m.to_bytes()

    return build


def _same_size_reshape(index: int) -> Callable[[Model], bytes]:
    def build(m: Model) -> bytes:
        m = m.copy()
        row, rows = m.tensors[index].dims
        m.tensors[index].dims = [row * 2, rows // 2]
        return m.to_bytes()

    return build


def _vocab_change(fn: Callable[[list[str]], object]) -> Callable[[Model], bytes]:
    def build(m: Model) -> bytes:
        m = m.copy()
        tokens = list(m.kv("tokenizer.ggml.tokens").value)
        fn(tokens)
        m.kv("tokenizer.ggml.tokens").value = tokens
        return m.to_bytes()

    return build


def _raw_patch(offset_of: Callable[[Model], int], raw: bytes) -> Callable[[Model], bytes]:
    def build(m: Model) -> bytes:
        content = bytearray(m.to_bytes())
        at = offset_of(m)
        content[at : at + len(raw)] = raw
        return bytes(content)

    return build


def _first_key_length(m: Model) -> int:
    return 24


def _value_type_of(key: str) -> Callable[[Model], int]:
    def at(m: Model) -> int:
        content = m.to_bytes()
        raw = key.encode()
        return content.index(struct.pack("<Q", len(raw)) + raw) + 8 + len(raw)

    return at


def _template_length(m: Model) -> int:
    return _value_type_of("tokenizer.chat_template")(m) + 4


U64 = 10  # value type code of uint64

CASES: list[Case] = [
    ("zero-filled", lambda m: bytes(len(m.to_bytes())), "not a GGUF file"),
    ("garbage", lambda m: random.Random(7).randbytes(50_000), "not a GGUF file"),
    ("wrong-magic", lambda m: b"GGUG" + m.to_bytes()[4:], "not a GGUF file"),
    ("version-1", lambda m: m.copy(version=1).to_bytes(), "version 1"),
    ("version-99", lambda m: m.copy(version=99).to_bytes(), "version 99"),
    ("big-endian", lambda m: m.copy(version=3 << 24).to_bytes(), "byte order"),
    ("huge-tensor-count", lambda m: m.copy(n_tensors=1 << 40).to_bytes(), "tensors"),
    ("huge-kv-count", lambda m: m.copy(n_kv=1 << 40).to_bytes(), "metadata entries"),
    ("negative-kv-count", lambda m: m.copy(n_kv=-5).to_bytes(), "metadata entries"),
    ("kv-count-too-big-for-file", lambda m: m.copy(n_kv=100_000).to_bytes(), "metadata entries"),
    ("tensor-count-off-by-one", lambda m: m.copy(n_tensors=42).to_bytes(), ""),
    ("huge-key-length", _raw_patch(_first_key_length, struct.pack("<Q", 1 << 62)), "bytes"),
    ("huge-string-length", _raw_patch(_template_length, struct.pack("<Q", 1 << 40)), "template"),
    ("string-past-eof", _raw_patch(_template_length, struct.pack("<Q", 10_000_000)), "template"),
    (
        "unknown-value-type",
        _raw_patch(_value_type_of("gpt-oss.block_count"), b"\x0d\0\0\0"),
        "block_count",
    ),
    (
        "nested-array",
        _raw_patch(_value_type_of("tokenizer.ggml.merges"), b"\x09\0\0\0\x09\0\0\0"),
        "merges",
    ),
    (
        "huge-array",
        _raw_patch(
            lambda m: _value_type_of("tokenizer.ggml.merges")(m) + 8, struct.pack("<Q", 1 << 50)
        ),
        "merges",
    ),
    ("unknown-ggml-type", _tensor_change(3, ggml_type=77), "77"),
    ("removed-ggml-type", _tensor_change(3, ggml_type=4), "blk.0.attn_q.bias"),
    ("offset-past-eof", _tensor_change(40, offset=1 << 40), "past the end"),
    ("overlapping", _tensor_change(2, offset=0), "overlaps"),
    ("misaligned", _tensor_shift(2, 8), "alignment"),
    ("gap", _tensor_shift(2, 32), "back to back"),
    ("too-many-dims", _tensor_change(5, dims=[1, 1, 1, 1, 64]), "dimensions"),
    ("negative-dim", _tensor_change(5, dims=[-64]), "negative"),
    ("row-not-multiple-of-block", _tensor_change(0, dims=[48, 576]), "block size"),
    ("wrong-shape", _same_size_reshape(0), "token_embd.weight"),
    ("duplicate-tensor", _tensor_change(2, name="blk.0.attn_norm.weight"), "appears twice"),
    ("long-tensor-name", _tensor_change(2, name="x" * 80), "longer than"),
    (
        "bad-alignment",
        lambda m: m.copy(kvs=[*m.kvs, KV("general.alignment", 4, 48)]).to_bytes(),
        "power of two",
    ),
    (
        "zero-alignment",
        lambda m: m.copy(kvs=[*m.kvs, KV("general.alignment", 4, 0)]).to_bytes(),
        "power of two",
    ),
    (
        "alignment-u64",
        lambda m: m.copy(kvs=[*m.kvs, KV("general.alignment", U64, 32)]).to_bytes(),
        "u32",
    ),
    (
        "duplicate-key",
        lambda m: m.copy(kvs=[*m.kvs, m.kv("gpt-oss.block_count")]).to_bytes(),
        "appears twice",
    ),
    (
        "heads-not-divisible",
        lambda m: m.with_value("gpt-oss.attention.head_count_kv", 3).to_bytes(),
        "heads",
    ),
    (
        "experts-used-gt-experts",
        lambda m: m.with_value("gpt-oss.expert_used_count", 5).to_bytes(),
        "experts",
    ),
    (
        "experts-used-zero",
        lambda m: m.with_value("gpt-oss.expert_used_count", 0).to_bytes(),
        "experts",
    ),
    (
        "too-many-layers",
        lambda m: m.with_value("gpt-oss.block_count", 100_000).to_bytes(),
        "layers",
    ),
    (
        "key-as-string",
        lambda m: m.with_value("gpt-oss.expert_count", "4", STRING).to_bytes(),
        "expert_count",
    ),
    ("key-as-i32", lambda m: m.with_value("gpt-oss.block_count", 2, 5).to_bytes(), "block_count"),
    (
        "unknown-rope-scaling",
        lambda m: m.with_value("gpt-oss.rope.scaling.type", "ntk").to_bytes(),
        "ntk",
    ),
    (
        "kv-differs-from-k",
        lambda m: m.with_value("gpt-oss.attention.value_length", 32).to_bytes(),
        "value head",
    ),
    (
        "architecture-missing",
        lambda m: m.without("general.architecture").to_bytes(),
        "architecture",
    ),
    ("tokens-missing", lambda m: m.without("tokenizer.ggml.tokens").to_bytes(), "tokenizer"),
    (
        "tokenizer-model-missing",
        lambda m: m.without("tokenizer.ggml.model").to_bytes(),
        "tokenizer",
    ),
    ("merges-missing", lambda m: m.without("tokenizer.ggml.merges").to_bytes(), "merges"),
    ("wrong-tokenizer", lambda m: m.with_value("tokenizer.ggml.model", "llama").to_bytes(), "gpt2"),
    ("duplicate-token", _vocab_change(lambda t: t.__setitem__(300, t[299])), "twice"),
    (
        "token-types-short",
        lambda m: m.with_value("tokenizer.ggml.token_type", [1] * 10).to_bytes(),
        "token_type",
    ),
    ("vocab-shorter-than-embedding", _vocab_change(lambda t: t.pop()), "token_embd.weight"),
    ("sinks-not-f32", _tensor_change(10, ggml_type=26), "F32"),
    (
        "tensor-missing",
        lambda m: m.copy(tensors=m.tensors[:-1], data=m.data).to_bytes(),
        "output.weight",
    ),
]
REQUIRED = [
    "context_length",
    "embedding_length",
    "block_count",
    "attention.head_count",
    "attention.head_count_kv",
    "attention.key_length",
    "attention.value_length",
    "attention.layer_norm_rms_epsilon",
    "attention.sliding_window",
    "expert_feed_forward_length",
    "expert_count",
    "expert_used_count",
]


def _missing(key: str) -> Callable[[Model], bytes]:
    return lambda m: m.without(key).to_bytes()


CASES += [(f"missing-{k}", _missing(f"gpt-oss.{k}"), f"gpt-oss.{k}") for k in REQUIRED]

# Text in the header that is not UTF-8, in every string the tiny model has (the test below
# checks that the list is complete), in key and tensor names and inside the vocabulary; each
# is refused with a sentence naming where, never decoded into text that cannot be shown.
STRING_KEYS = [
    "general.architecture",
    "general.type",
    "general.name",
    "general.basename",
    "general.size_label",
    "general.license",
    "gpt-oss.rope.scaling.type",
    "tokenizer.ggml.model",
    "tokenizer.ggml.pre",
    "tokenizer.chat_template",
]
BAD_UTF8 = [
    b"gpt-\xffoss",  # a byte that never occurs in UTF-8
    b"\x80abc",  # a continuation byte without a lead
    b"\xc0\xaf",  # an overlong encoding of '/'
    b"\xed\xa0\x80",  # a UTF-16 surrogate encoded as UTF-8
    b"abc\xe2\x82",  # a sequence cut short at the end
]


def _bad_text(key: str, raw: bytes) -> Callable[[Model], bytes]:
    return lambda m: m.with_value(key, raw).to_bytes()


def _bad_key_name(m: Model) -> bytes:
    m = m.copy()
    m.kv("general.license").key = b"general.\xfflicense"  # type: ignore[assignment]
    return m.to_bytes()


CASES += [
    (f"not-utf8-{key}", _bad_text(key, BAD_UTF8[i % len(BAD_UTF8)]), f"{key!r} is not valid UTF-8")
    for i, key in enumerate(STRING_KEYS)
]
CASES += [
    (
        f"not-utf8-token-{i}",
        _vocab_change(lambda t, raw=raw: t.__setitem__(300, raw)),
        "entry 300 of the metadata key 'tokenizer.ggml.tokens' is not valid UTF-8",
    )
    for i, raw in enumerate(BAD_UTF8)
]
CASES += [
    ("not-utf8-key-name", _bad_key_name, "metadata entry"),
    ("not-utf8-tensor-name", _tensor_change(2, name=b"blk.0.\xffttn_norm.weight"), "tensor 2"),
]

# Models of another kind: refused with one sentence naming the architecture, before anything
# about them that gpt-oss rules would find wrong.
CASES += [
    (
        "unknown-architecture",
        lambda m: m.with_value("general.architecture", "frobnicator").to_bytes(),
        "frobnicator is not a gpt-oss model; Lokal runs gpt-oss models only.",
    ),
    (
        "other-architecture-with-broken-layout",
        lambda m: _tensor_shift(2, 8)(m.with_value("general.architecture", "gemma3")),
        "gemma3 is not a gpt-oss model",
    ),
    (
        "architecture-with-control-characters",
        lambda m: m.with_value("general.architecture", "gpt-oss\n\x1b[31m").to_bytes(),
        "'gpt-oss\\n\\x1b[31m' is not a gpt-oss model",
    ),
    (
        "architecture-very-long",
        lambda m: m.with_value("general.architecture", "x" * 10_000).to_bytes(),
        "x…' is not a gpt-oss model",
    ),
    (
        "architecture-empty",
        lambda m: m.with_value("general.architecture", "").to_bytes(),
        "architecture name is empty",
    ),
    (
        "architecture-as-u32",
        lambda m: m.with_value("general.architecture", 7, 4).to_bytes(),
        "'general.architecture' is stored as uint32",
    ),
    ("llama-model", lambda m: _foreign_bytes(), "llama is not a gpt-oss model"),
]

# A gpt-oss header whose vocabulary lacks a harmony control token: every prompt would fail.
HARMONY_FORMAT = ("<|start|>", "<|end|>", "<|message|>", "<|channel|>", "<|constrain|>")
HARMONY_FORMAT += ("<|return|>", "<|call|>")


def _without_token(text: str) -> Callable[[Model], bytes]:
    def rename(tokens: list[str]) -> None:
        tokens[tokens.index(text)] = text.replace("|>", "_gone|>")

    return _vocab_change(rename)


CASES += [
    (f"no-harmony-{t.strip('<|>')}", _without_token(t), f"lacks {t} of the harmony chat format")
    for t in HARMONY_FORMAT
]


def _foreign_bytes() -> bytes:
    import tempfile

    from tests.fixtures.make_foreign_gguf import build_llama_gguf

    with tempfile.TemporaryDirectory() as folder:
        return build_llama_gguf(Path(folder) / "llama.gguf").read_bytes()


@pytest.mark.parametrize(("name", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_malformed_file_is_rejected(
    model: Model, tmp_path: Path, name: str, build: Callable[[Model], bytes], expected: str
) -> None:
    err = rejected(write(tmp_path, name, build(model)))
    assert expected in str(err), str(err)


def test_every_string_of_the_model_is_in_the_utf8_corpus(model: Model) -> None:
    assert sorted(k.key for k in model.kvs if k.vtype == STRING) == sorted(STRING_KEYS)


@pytest.mark.parametrize(
    "name",
    [c[0] for c in CASES if c[0].startswith(("not-utf8", "no-harmony", "unknown-arch", "llama"))],
)
def test_new_refusals_are_sentences_the_window_translates(
    model: Model, tmp_path: Path, name: str
) -> None:
    build = next(c[1] for c in CASES if c[0] == name)
    err = rejected(write(tmp_path, name, build(model)))
    sentence = message_of(err)
    assert isinstance(sentence, Sentence) and "%1" in sentence.template
    assert "Error" not in sentence and "Unicode" not in sentence  # no class names


REPORT = SystemReport((), (), False, "CPU : AVX2 = 1", "0.3.36")


@pytest.mark.parametrize(("name", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_the_load_planner_refuses_every_malformed_file_with_its_sentence(
    model: Model, tmp_path: Path, name: str, build: Callable[[Model], bytes], expected: str
) -> None:
    path = write(tmp_path, name, build(model))
    plan = plan_for_file(path, REPORT)  # never raises
    assert isinstance(plan, PlanRefusal) and expected in plan.reason, plan


def test_the_planner_refuses_what_it_cannot_read(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.gguf", tmp_path):
        plan = plan_for_file(path, REPORT)
        assert isinstance(plan, PlanRefusal) and plan.reason.endswith("."), plan


def test_a_header_of_another_architecture_is_refused_by_the_planner_too(
    model: Model, tmp_path: Path
) -> None:
    """Callers that plan from a header they read (lokal doctor, the fit verdicts) get the
    refusal as a GGUFValidationError, which they already turn into a sentence."""
    foreign = model.with_value("general.architecture", "qwen2moe")
    header = read_gguf_header(write(tmp_path, "qwen", foreign.to_bytes()))
    with pytest.raises(GGUFValidationError, match="qwen2moe is not a gpt-oss model"):
        plan_for_header(header, REPORT)
    no_shape = model.without("gpt-oss.attention.head_count")
    header = read_gguf_header(write(tmp_path, "no-shape", no_shape.to_bytes()))
    with pytest.raises(GGUFValidationError, match="cannot be planned"):
        plan_for_header(header, REPORT)


def test_abort_inducing_keys_say_so(model: Model, tmp_path: Path) -> None:
    for key in ("expert_count", "expert_used_count", "attention.value_length"):
        err = rejected(write(tmp_path, key, model.without(f"gpt-oss.{key}").to_bytes()))
        assert "crash" in str(err)


def test_paths_that_are_not_model_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.gguf"
    empty.write_bytes(b"")
    assert "empty" in str(rejected(empty))
    assert "folder" in str(rejected(tmp_path))
    assert "no file" in str(rejected(tmp_path / "missing.gguf"))


def test_huge_claims_allocate_little(model: Model, tmp_path: Path) -> None:
    files = [
        write(tmp_path, "n_kv", model.copy(n_kv=(1 << 20)).to_bytes()),
        write(tmp_path, "str", _raw_patch(_template_length, struct.pack("<Q", 1 << 30))(model)),
        write(tmp_path, "arr", CASES[[c[0] for c in CASES].index("huge-array")][1](model)),
    ]
    tracemalloc.start()
    try:
        for f in files:
            rejected(f)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20


# ---------------------------------------------------------------------------------------------
# Whatever the validator accepts, llama.cpp survives
# ---------------------------------------------------------------------------------------------

_LOADER = textwrap.dedent(
    """
    import sys, llama_cpp
    for path in sys.argv[1:]:
        print("start", path, flush=True)
        try:
            llm = llama_cpp.Llama(
                model_path=path, n_ctx=256, n_threads=1, n_threads_batch=1, verbose=False
            )
            prompt = b"<|start|>user<|message|>hi<|end|><|start|>assistant"
            llm.eval(llm.tokenize(prompt, special=True))
            for _ in range(2):
                llm.eval([llm.sample(temp=0.8)])
            llm.close()
        except Exception as e:
            print("error", type(e).__name__, flush=True)
        print("done", path, flush=True)
    """
)


def _load_all(paths: list[Path]) -> list[tuple[Path, int]]:
    """Load each file with llama_cpp in a child process; return those that killed it."""
    crashed: list[tuple[Path, int]] = []
    pending = list(paths)
    while pending:
        proc = subprocess.run(
            [sys.executable, "-c", _LOADER, *map(str, pending)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "OMP_NUM_THREADS": "1"},
        )
        done = {
            line.split(" ", 1)[1] for line in proc.stdout.splitlines() if line.startswith("done ")
        }
        if proc.returncode >= 0:
            assert proc.returncode == 0, proc.stderr[-2000:]
            return crashed
        culprit = next(p for p in pending if str(p) not in done)
        crashed.append((culprit, proc.returncode))
        pending = pending[pending.index(culprit) + 1 :]
    return crashed


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="needs llama-cpp-python")
def test_accepted_mutants_do_not_crash_llama_cpp(model: Model, tmp_path: Path) -> None:
    content = bytearray(model.to_bytes())
    structural = sorted(set(model.structural))
    header_end = read_gguf_header(write(tmp_path, "orig", bytes(content))).header_size
    rng = random.Random(20240601)
    accepted: list[Path] = []
    for i in range(40):
        mutant = bytearray(content)
        for _ in range(rng.choice((1, 1, 2, 3))):
            at = (
                rng.choice(structural) + rng.randrange(4)
                if rng.random() < 0.6
                else rng.randrange(header_end)
            )
            mutant[at] = rng.choice(
                (0, 0xFF, rng.randrange(256), mutant[at] ^ (1 << rng.randrange(8)))
            )
        path = write(tmp_path, f"mutant{i}", bytes(mutant))
        try:
            validate_gguf(path)
        except GGUFValidationError:
            continue
        accepted.append(path)
    assert accepted, "some mutants should pass validation"
    assert _load_all(accepted) == []


@pytest.mark.slow
@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="needs llama-cpp-python")
def test_the_llama_model_in_the_corpus_is_one_llama_cpp_loads(tmp_path: Path) -> None:
    """The refusal is Lokal's choice, not a damaged file: llama.cpp runs the model."""
    from tests.fixtures.make_foreign_gguf import build_llama_gguf

    path = build_llama_gguf(tmp_path / "llama.gguf")
    script = (
        "import sys, llama_cpp\n"
        "llm = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=256, n_threads=1, verbose=False)\n"
        "llm.eval(llm.tokenize(b'hello world'))\n"
        "print(llm.metadata['general.architecture'])\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0 and done.stdout.split() == ["llama"], done.stderr[-2000:]
    with pytest.raises(GGUFValidationError, match="llama is not a gpt-oss model"):
        validate_gguf(path)
