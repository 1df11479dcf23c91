"""llama.cpp in a subprocess for the grammar tests, plus a sanity test of that worker.

llama.cpp aborts or segfaults on some grammars, so the tests never call it in the
pytest process. They run this file as a script instead:

    python tests/test_grammar_worker.py vocab    MODEL
    python tests/test_grammar_worker.py parse    MODEL GRAMMARS.json START
    python tests/test_grammar_worker.py generate MODEL JOBS.json

`parse` prints "<index> <0|1>" per grammar (1: llama_sampler_init_grammar gave a
sampler), flushing each line, so when the process dies the last line tells which
grammar killed it; `run_parse` then restarts after that grammar.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

WORKER = Path(__file__).resolve()
CRASHED = "crash"
_built: list[Path] = []  # one tiny model per pytest session when conftest has none


def tiny_model(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared tiny GGUF (conftest's `tiny_gguf`), or one built here, or skip."""
    pytest.importorskip("llama_cpp")
    try:
        return Path(request.getfixturevalue("tiny_gguf"))
    except pytest.FixtureLookupError:
        pass
    if not _built:
        try:
            from app.core.synthetic import build_gptoss_gguf
        except ImportError as exc:  # pragma: no cover - depends on the checkout
            pytest.skip(f"no tiny GGUF generator: {exc}")
        path = tmp_path_factory.mktemp("grammar") / "tiny.gguf"
        _built.append(Path(build_gptoss_gguf(path, "tiny")))
    return _built[0]


def _run(args: Sequence[str], timeout: float) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(WORKER), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def vocab_info(model: Path) -> dict[str, Any]:
    """{"n_vocab": int, "special_tokens": {text: id}, "eog": [text, ...]}."""
    done = _run(["vocab", str(model)], 60)
    assert done.returncode == 0, done.stderr[-2000:]
    info: dict[str, Any] = json.loads(done.stdout)
    return info


def run_parse(model: Path, grammars: Sequence[str], workdir: Path) -> list[str]:
    """llama.cpp's verdict per grammar: "accept", "reject" or "crash"."""
    path = workdir / "grammars.json"
    path.write_text(json.dumps(list(grammars)), encoding="utf-8")
    verdicts: list[str] = []
    while len(verdicts) < len(grammars):
        done = _run(["parse", str(model), str(path), str(len(verdicts))], 120)
        for line in done.stdout.splitlines():
            index, ok = line.split()
            assert int(index) == len(verdicts)
            verdicts.append("accept" if ok == "1" else "reject")
        if done.returncode != 0 and len(verdicts) < len(grammars):
            verdicts.append(CRASHED)  # the grammar after the last reported one killed it
    return verdicts


def run_generate(
    model: Path, jobs: Sequence[dict[str, Any]], workdir: Path
) -> list[dict[str, Any]]:
    """Run generation jobs in one child process.

    Job: grammar, prompt (harmony text), max_tokens, seed, optional logit_bias
    ({token id: bias}). Result: text, utf8 (the bytes were valid UTF-8), stopped
    (the end token's text, or "length"), tokens.
    """
    path = workdir / "jobs.json"
    path.write_text(json.dumps(list(jobs)), encoding="utf-8")
    done = _run(["generate", str(model), str(path)], 120)
    assert done.returncode == 0, f"worker died ({done.returncode}): {done.stderr[-3000:]}"
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_worker_sees_the_harmony_specials(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> None:
    info = vocab_info(tiny_model(request, tmp_path_factory))
    specials = info["special_tokens"]
    for text in ("<|channel|>", "<|message|>", "<|start|>", "<|end|>", "<|return|>"):
        assert text in specials
    assert set(info["eog"]) >= {"<|return|>", "<|call|>", "<|endoftext|>"}
    assert "<|end|>" not in info["eog"]


# --- the worker side (runs in the child process only) -----------------------------------------


def _main(argv: list[str]) -> int:  # pragma: no cover - runs in a subprocess
    import ctypes
    import resource

    from app.core.engine.tile_guard import refuse_amx_tiles

    refuse_amx_tiles()  # as the engine process does: llama.cpp's AMX kernels crash gpt-oss
    import llama_cpp as ll

    # A runaway grammar should die of bad_alloc, not take the machine's memory.
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
    mode, model_path = argv[0], argv[1]
    quiet = ll.llama_log_callback(lambda *_: None)  # kept alive: llama.cpp holds the pointer
    ll.llama_log_set(quiet, ctypes.c_void_p(0))
    ll.llama_backend_init()
    params = ll.llama_model_default_params()
    params.vocab_only = mode != "generate"
    model = ll.llama_model_load_from_file(model_path.encode(), params)
    assert model, "could not load the model"
    vocab = ll.llama_model_get_vocab(model)
    n_vocab = ll.llama_vocab_n_tokens(vocab)
    out = sys.stdout

    if mode == "vocab":
        attrs = ll.LLAMA_TOKEN_ATTR_CONTROL | ll.LLAMA_TOKEN_ATTR_USER_DEFINED
        specials = {
            ll.llama_vocab_get_text(vocab, t).decode("utf-8", "replace"): t
            for t in range(n_vocab)
            if ll.llama_vocab_get_attr(vocab, t) & attrs
        }
        eog = [text for text, t in specials.items() if ll.llama_vocab_is_eog(vocab, t)]
        out.write(json.dumps({"n_vocab": n_vocab, "special_tokens": specials, "eog": eog}))
        return 0

    if mode == "parse":
        grammars = json.loads(Path(argv[2]).read_text(encoding="utf-8"))
        for index in range(int(argv[3]), len(grammars)):
            sampler = ll.llama_sampler_init_grammar(vocab, grammars[index].encode(), b"root")
            out.write(f"{index} {1 if sampler else 0}\n")
            out.flush()
            if sampler:
                ll.llama_sampler_free(sampler)
        return 0

    assert mode == "generate"
    ctx_params = ll.llama_context_default_params()
    ctx_params.n_ctx = ctx_params.n_batch = 4096
    ctx_params.n_threads = ctx_params.n_threads_batch = 2
    ctx = ll.llama_init_from_model(model, ctx_params)
    buf = ctypes.create_string_buffer(256)
    for job in json.loads(Path(argv[2]).read_text(encoding="utf-8")):
        ll.llama_memory_clear(ll.llama_get_memory(ctx), True)
        data = job["prompt"].encode()
        tokens = (ll.llama_token * (len(data) + 8))()
        n = ll.llama_tokenize(vocab, data, len(data), tokens, len(data) + 8, False, True)
        assert ll.llama_decode(ctx, ll.llama_batch_get_one(tokens, n)) == 0
        chain = ll.llama_sampler_chain_init(ll.llama_sampler_chain_default_params())
        bias = job.get("logit_bias", {})  # as the engine does: it picks the stop token
        if bias:
            entries = (ll.llama_logit_bias * len(bias))()
            for entry, (token, value) in zip(entries, bias.items(), strict=True):
                entry.token, entry.bias = int(token), float(value)
            ll.llama_sampler_chain_add(
                chain, ll.llama_sampler_init_logit_bias(n_vocab, len(bias), entries)
            )
        grammar = ll.llama_sampler_init_grammar(vocab, job["grammar"].encode(), b"root")
        assert grammar, "llama.cpp rejected the grammar"
        ll.llama_sampler_chain_add(chain, grammar)
        ll.llama_sampler_chain_add(chain, ll.llama_sampler_init_dist(job["seed"]))
        pieces: list[bytes] = []
        stopped = "length"
        for _ in range(job["max_tokens"]):
            token = ll.llama_sampler_sample(chain, ctx, -1)
            if ll.llama_vocab_is_eog(vocab, token):
                stopped = ll.llama_vocab_get_text(vocab, token).decode()
                break
            size = ll.llama_token_to_piece(vocab, token, buf, len(buf), 0, True)
            pieces.append(buf.raw[:size])
            one = (ll.llama_token * 1)(token)
            assert ll.llama_decode(ctx, ll.llama_batch_get_one(one, 1)) == 0
        ll.llama_sampler_free(chain)
        raw = b"".join(pieces)
        try:
            text, utf8 = raw.decode("utf-8"), True
        except UnicodeDecodeError:
            text, utf8 = raw.decode("utf-8", "replace"), False
        result = {"text": text, "utf8": utf8, "stopped": stopped, "tokens": len(pieces)}
        out.write(json.dumps(result) + "\n")
        out.flush()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(_main(sys.argv[1:]))
