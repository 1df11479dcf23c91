"""forced_harmony_grammar: random weights, well-formed harmony, stopped by the engine's bias."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.grammar import GrammarError, forced_harmony_grammar, validate_gbnf
from tests.test_grammar_worker import run_generate, tiny_model, vocab_info


def test_grammar_is_valid_and_never_names_an_end_token() -> None:
    grammar = forced_harmony_grammar(analysis_words=5, final_words=3)
    info = validate_gbnf(grammar, forbidden_tokens=("<|return|>", "<|call|>", "<|endoftext|>"))
    assert info.tokens == ("<|channel|>", "<|message|>", "<|end|>", "<|start|>")
    assert forced_harmony_grammar(analysis_words=0, final_words=2000)


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"analysis_words": -1, "final_words": 1}, "analysis_words"),
        ({"analysis_words": 1, "final_words": 2001}, "final_words"),
        ({"analysis_words": 1, "final_words": 1, "word_chars": "a-z]\nroot ::= [x"}, "word_chars"),
        ({"analysis_words": 1, "final_words": 1, "word_chars": ""}, "word_chars"),
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(GrammarError, match=needle):
        forced_harmony_grammar(**kwargs)  # type: ignore[arg-type]


def _words(n: int) -> str:
    return "" if n == 0 else r"[a-z]{1,8}" + rf"(?: [a-z]{{1,8}}){{{n - 1}}}"


def test_random_weights_emit_well_formed_harmony(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    model = tiny_model(request, tmp_path_factory)
    ret = vocab_info(model)["special_tokens"]["<|return|>"]
    prompt = "<|start|>user<|message|>Hello<|end|><|start|>assistant"
    cases = [
        (analysis, final, seed) for analysis, final in [(5, 4), (1, 12), (0, 1)] for seed in (1, 2)
    ]
    jobs = [
        {
            "grammar": forced_harmony_grammar(analysis_words=analysis, final_words=final),
            "prompt": prompt,
            "max_tokens": 400,
            "seed": seed,
            "logit_bias": {str(ret): 50.0},  # how the engine picks the stop token
        }
        for analysis, final, seed in cases
    ]
    for (analysis, final, _), result in zip(
        cases, run_generate(model, jobs, tmp_path), strict=True
    ):
        shape = (
            rf"<\|channel\|>analysis<\|message\|>{_words(analysis)}<\|end\|>"
            rf"<\|start\|>assistant<\|channel\|>final<\|message\|>{_words(final)}"
        )
        assert result["stopped"] == "<|return|>"
        assert re.fullmatch(shape, result["text"]), result["text"]
