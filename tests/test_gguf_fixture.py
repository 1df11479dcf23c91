"""The synthetic gpt-oss GGUF generator builds what the tests and benchmarks rely on."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import textwrap
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.fixtures import make_gptoss_gguf as gen

gguf = pytest.importorskip("gguf")
np = pytest.importorskip("numpy")


def test_tiny_build_is_small_fast_and_deterministic(tiny_gguf: Path, tmp_path: Path) -> None:
    started = time.perf_counter()
    again = gen.build_gptoss_gguf(tmp_path / "again.gguf", "tiny", seed=0)
    assert time.perf_counter() - started < 1.0
    assert again.read_bytes() == tiny_gguf.read_bytes()
    other = gen.build_gptoss_gguf(tmp_path / "other.gguf", "tiny", seed=1)
    assert other.read_bytes() != tiny_gguf.read_bytes()
    assert 150 << 10 < tiny_gguf.stat().st_size < 300 << 10
    assert not list(tmp_path.glob("*.part"))


def test_cli_writes_a_model(tmp_path: Path) -> None:
    out = tmp_path / "cli.gguf"
    script = Path(gen.__file__)
    result = subprocess.run(
        [sys.executable, str(script), "--preset", "tiny", str(out), "--seed", "3"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes()[:4] == b"GGUF"


def test_vocabulary_has_the_real_layout() -> None:
    v = gen.build_vocab(gen.TINY)
    assert len(set(v.tokens)) == len(v.tokens) and len(v.tokens) % 64 == 0
    assert v.tokens[:94] == [chr(c) for c in range(ord("!"), ord("~") + 1)]
    assert len(v.tokens[:256]) == 256 and v.tokens[188] == "Ā" and " " not in v.tokens
    assert 200 <= len(v.merges) <= 600
    known = set(v.tokens)
    for merge in v.merges:
        left, right = merge.split(" ")
        assert left in known and right in known and left + right in known
    assert "Ġworld" in known and "hello" in known
    names = [n or f"<|reserved_{v.first_special + i}|>" for i, n in enumerate(gen.HARMONY_SPECIALS)]
    assert v.tokens[v.first_special : v.first_special + len(names)] == names
    assert set(v.types[: v.first_special]) == {gen.TOKEN_NORMAL}
    assert set(v.types[v.first_special : v.first_special + len(names)]) == {gen.TOKEN_CONTROL}
    assert set(v.types[v.first_special + len(names) :]) <= {gen.TOKEN_UNUSED}
    assert v.tokens[v.bos_id] == "<|startoftext|>" and v.tokens[v.pad_id] == "<|endoftext|>"
    assert v.tokens[v.eos_id] == "<|return|>"


def test_full_vocabulary_uses_the_real_ids() -> None:
    v = gen.build_vocab(gen.FULL)
    assert len(v.tokens) == 201_088 and len(set(v.tokens)) == 201_088
    real = {
        "<|startoftext|>": 199998,
        "<|endoftext|>": 199999,
        "<|return|>": 200002,
        "<|constrain|>": 200003,
        "<|channel|>": 200005,
        "<|start|>": 200006,
        "<|end|>": 200007,
        "<|message|>": 200008,
        "<|call|>": 200012,
        "<|endofprompt|>": 200018,
        "<|reserved_200000|>": 200000,
        "[PAD200019]": 200019,
    }
    assert {t: v.tokens.index(t) for t in real} == real
    assert (v.bos_id, v.eos_id, v.pad_id) == (199998, 200002, 199999)
    assert v.types[200019] == gen.TOKEN_UNUSED and v.types[200012] == gen.TOKEN_CONTROL


def test_full_preset_plan_matches_the_published_model() -> None:
    tensors = gen.plan_tensors(gen.FULL, 201_088)
    assert len(tensors) == 459
    kinds = Counter(t.qtype.name for t in tensors)
    assert kinds == {"F32": 289, "Q8_0": 98, "MXFP4": 72}
    assert sum(t.nbytes for t in tensors) == 12_096_558_336
    by_name = {t.name: t for t in tensors}
    assert by_name["blk.23.ffn_down_exps.weight"].shape == (32, 2880, 2880)
    assert by_name["token_embd.weight"].nbytes == 201_088 * 2880 // 32 * 34


def test_weights_decode_to_finite_well_scaled_values(tiny_gguf: Path) -> None:
    reader = gguf.GGUFReader(tiny_gguf)
    seen = set()
    for t in reader.tensors:
        kind = gguf.GGMLQuantizationType(t.tensor_type)
        values = gguf.quants.dequantize(t.data, kind)
        assert np.isfinite(values).all(), t.name
        seen.add(kind.name)
        if kind == gguf.GGMLQuantizationType.MXFP4:
            fan_in = int(t.shape[0])
            assert 0.5 < values.std() * fan_in**0.5 < 2.0, t.name
            exponents = np.asarray(t.data).reshape(-1, 17)[:, 0]
            base = gen.mxfp4_exponent(fan_in**-0.5)
            assert set(np.unique(exponents).tolist()) <= {base - 1, base, base + 1}
    assert seen == {"F32", "Q8_0", "MXFP4"}


_PROBE = textwrap.dedent(
    """
    import json, sys, llama_cpp, numpy as np
    llm = llama_cpp.Llama(model_path=sys.argv[1], n_ctx=512, n_threads=1, verbose=False)
    out = {"n_vocab": llm.n_vocab(), "eos": llm.token_eos(), "bos": llm.token_bos()}
    out["harmony"] = llm.tokenize(b"<|start|>user<|message|>hi<|end|>", add_bos=False, special=True)
    out["hello"] = llm.tokenize(b"hello world", add_bos=False)
    llm.eval(llm.tokenize(b"<|start|>user<|message|>hello<|end|><|start|>assistant", special=True))
    logits = np.ctypeslib.as_array(
        llama_cpp.llama_get_logits_ith(llm._ctx.ctx, -1), shape=(llm.n_vocab(),)
    )
    out["logits_finite"] = bool(np.isfinite(logits).all())
    out["logits_std"] = float(logits.std())
    out["text"] = llm.create_completion(
        "<|start|>user<|message|>hi<|end|><|start|>assistant", max_tokens=8, seed=1
    )["choices"][0]["text"]
    print(json.dumps(out))
    """
)


@pytest.mark.skipif(importlib.util.find_spec("llama_cpp") is None, reason="needs llama-cpp-python")
def test_llama_cpp_loads_and_runs_the_tiny_model(tiny_gguf: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, str(tiny_gguf)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = json.loads(result.stdout.strip().splitlines()[-1])
    v = gen.build_vocab(gen.TINY)
    ids = {t: i for i, t in enumerate(v.tokens)}
    assert out["n_vocab"] == len(v.tokens)
    assert (out["eos"], out["bos"]) == (v.eos_id, v.bos_id)
    assert out["harmony"] == [
        ids["<|start|>"],
        ids["user"],
        ids["<|message|>"],
        ids["hi"],
        ids["<|end|>"],
    ]
    assert out["hello"] == [ids["hello"], ids["Ġworld"]]
    assert out["logits_finite"] and 0.3 < out["logits_std"] < 3.0
    assert isinstance(out["text"], str)
