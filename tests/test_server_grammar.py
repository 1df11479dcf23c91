"""The grammars the server forces answers with, on the tiny model's real sampler."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from app.core.engine.protocol import LoadSettings, SamplingSettings
from app.core.grammar import json_schema_to_gbnf, validate_gbnf
from app.core.harmony import StreamParser
from app.core.server.forcing import ForcedFunction, SchemaRefused, _prefixed, forced_grammar

WEATHER = {
    "type": "object",
    "properties": {"city": {"type": "string", "maxLength": 8}},
    "required": ["city"],
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def runtime(tiny_gguf: Path) -> Iterator[object]:
    from app.core.engine.llama_runtime import LlamaRuntime

    rt = LlamaRuntime(LoadSettings(model_path=tiny_gguf, n_ctx=4096, n_threads=1))
    yield rt
    rt.close()


def sample(runtime: object, grammar: str, seed: int, limit: int = 3000) -> list[int]:
    """Tokens sampled under `grammar` until an end token (not included) or `limit`."""
    rt = runtime  # a LlamaRuntime; typed loosely to keep llama_cpp out of this module's imports
    rt.clear_cache()  # type: ignore[attr-defined]
    rt.evaluate(rt.tokenize_plain("<|start|>assistant"))  # type: ignore[attr-defined]
    sampler = rt.make_sampler(SamplingSettings(seed=seed), grammar=grammar)  # type: ignore[attr-defined]
    tokens: list[int] = []
    try:
        while len(tokens) < limit:
            token = sampler.sample()
            if token in rt.end_ids:  # type: ignore[attr-defined]
                break
            tokens.append(token)
            rt.evaluate([token])  # type: ignore[attr-defined]
    finally:
        sampler.close()
    return tokens


def parse(runtime: object, tokens: list[int]) -> list[object]:
    rt = runtime
    names = {token: text for text, token in rt.special_ids.items()}  # type: ignore[attr-defined]
    parser = StreamParser(role="assistant", strict=True)
    data = b""
    for token in tokens:
        if token in names:
            parser.feed_text(data.decode("utf-8", "replace"))
            data = b""
            parser.feed_special(names[token])
        else:
            data += rt.token_bytes(token)  # type: ignore[attr-defined]
    parser.feed_text(data.decode("utf-8", "replace"))
    parser.finish()
    return list(parser.messages)


def test_rules_are_renamed_but_literals_and_classes_are_not() -> None:
    grammar = 'root ::= "root ws" ws [a-z]{2} item\nws ::= [ ]{0,3}\nitem ::= <|end|> ws\n'
    text, start = _prefixed(grammar, "p-")
    assert start == "p-root"
    assert text == (
        'p-root ::= "root ws" p-ws [a-z]{2} p-item\np-ws ::= [ ]{0,3}\np-item ::= <|end|> p-ws\n'
    )


def test_unsupported_parameters_name_the_keyword_and_the_tool() -> None:
    with pytest.raises(SchemaRefused) as refused:
        forced_grammar(
            functions=[ForcedFunction("find", {"type": "string", "pattern": "x+"})],
            analysis_chars=100,
        )
    assert "'pattern'" in str(refused.value)
    assert refused.value.param == "tools[find].parameters"


def test_the_analysis_is_bounded() -> None:
    grammar = forced_grammar(schema=WEATHER, analysis_chars=100)
    validate_gbnf(grammar)
    assert "thought-chunk{0,6}" in grammar  # 6 × 16 + at most 15 more characters
    assert "thought" not in forced_grammar(schema=WEATHER, analysis_chars=0)


@pytest.mark.parametrize("seed", range(6))
def test_a_forced_call_is_a_well_formed_call_with_valid_arguments(
    runtime: object, seed: int
) -> None:
    grammar = forced_grammar(
        functions=[ForcedFunction("get_weather", WEATHER), ForcedFunction("noop", None)],
        analysis_chars=200,
    )
    messages = parse(runtime, sample(runtime, grammar, seed))
    call = messages[-1]
    assert call.recipient in ("functions.get_weather", "functions.noop")  # type: ignore[attr-defined]
    assert call.channel == "commentary"  # type: ignore[attr-defined]
    arguments = json.loads(call.content)  # type: ignore[attr-defined]
    assert isinstance(arguments, dict)
    if call.recipient == "functions.get_weather":  # type: ignore[attr-defined]
        assert set(arguments) == {"city"} and len(arguments["city"]) <= 8
    assert all(m.channel == "analysis" for m in messages[:-1])  # type: ignore[attr-defined]


def test_json_strings_never_take_a_control_token(runtime: object) -> None:
    """llama.cpp matches control tokens by their text; `<|end|>` inside a string would end
    the message there. Hundreds of tokens of string content hold none."""
    grammar = json_schema_to_gbnf({"type": "string", "minLength": 1500})
    specials = set(runtime.special_ids.values())  # type: ignore[attr-defined]
    tokens = sample(runtime, grammar, seed=1, limit=400)
    assert len(tokens) == 400
    assert not specials & set(tokens)
