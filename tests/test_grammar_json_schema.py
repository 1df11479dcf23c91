"""json_schema_to_gbnf: valid grammars, clear refusals, and real constrained output."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from app.core.grammar import GrammarError, json_schema_to_gbnf, validate_gbnf
from tests.test_grammar_worker import run_generate, tiny_model

PERSON: dict[str, Any] = {
    "type": "object",
    "properties": {
        "name": {"type": "string", "minLength": 1, "maxLength": 8},
        "age": {"type": "integer"},
        "nick": {"type": ["string", "null"], "maxLength": 4},
        "ok": {"type": "boolean"},
    },
    "required": ["name", "age"],
    "additionalProperties": False,
}
COLOURS: dict[str, Any] = {
    "type": "array",
    "items": {"enum": ["red", 'say "hi"\n', "é", 7, None, {"a": [1]}]},
    "minItems": 1,
    "maxItems": 4,
}
SHAPES: dict[str, Any] = {
    "type": "object",
    "properties": {
        "point": {"$ref": "#/$defs/Point"},
        "tag": {"anyOf": [{"type": "null"}, {"const": "x"}, {"type": "string", "maxLength": 3}]},
        "values": {"type": "array", "items": {"type": "number"}, "maxItems": 3},
        "kind": {"oneOf": [{"const": 1}, {"const": "one"}]},
    },
    "required": ["point", "values", "kind"],
    "$defs": {
        "Point": {
            "type": "object",
            "properties": {"x": {"type": "integer"}, "y": {"type": "integer"}},
            "required": ["x", "y"],
        }
    },
}
TREE: dict[str, Any] = {
    "$ref": "#/$defs/Node",
    "$defs": {
        "Node": {
            "type": "object",
            "properties": {
                "v": {"type": "integer"},
                "kids": {"type": "array", "items": {"$ref": "#/$defs/Node"}, "maxItems": 2},
            },
            "required": ["v"],
        }
    },
}
VALID: list[Any] = [PERSON, COLOURS, SHAPES, TREE, {}, True, {"type": "object"}, {"type": "number"},
         {"enum": ["a"]}, {"type": "object", "properties": {}}, {"type": "array", "maxItems": 0},
         {"type": "string", "maxLength": 2000}, {"description": "x", "type": "null"}]  # fmt: skip


@pytest.mark.parametrize("schema", VALID, ids=range(len(VALID)))
def test_schemas_give_valid_grammars(schema: Any) -> None:
    grammar = json_schema_to_gbnf(schema)
    validate_gbnf(grammar)
    assert grammar.startswith("root ::= ")


def test_whitespace_is_bounded() -> None:
    grammar = json_schema_to_gbnf(PERSON)
    assert "ws ::= [ \\t\\n]{0,20}\n" in grammar
    assert "*" not in grammar.replace("json-char*", "")  # nothing else repeats unboundedly


@pytest.mark.parametrize(
    ("schema", "needle"),
    [
        ({"type": "string", "pattern": "a+"}, "keyword 'pattern'"),
        ({"type": "integer", "minimum": 3}, "keyword 'minimum'"),
        ({"allOf": [{"type": "string"}]}, "keyword 'allOf'"),
        ({"type": "object", "properties": {"a": {}}, "additionalProperties": True}, "additional"),
        ({"type": "object", "properties": {}, "required": ["a"]}, "not in 'properties'"),
        ({"type": "array", "maxItems": 5000}, "from 0 to 2000"),
        ({"type": "array", "minItems": 3, "maxItems": 2}, "below 'minItems'"),
        ({"type": "string", "maxLength": -1}, "from 0 to 2000"),
        ({"type": "date"}, "unknown type"),
        ({"$ref": "#/$defs/Nope"}, "points nowhere"),
        ({"$ref": "https://example.com/s.json"}, "only '#/$defs/...'"),
        ({"enum": []}, "non-empty list"),
        ({"const": float("nan")}, "not JSON"),
        (False, "matches nothing"),
        # A schema that only refers to itself cannot produce any JSON:
        ({"$ref": "#/$defs/A", "$defs": {"A": {"anyOf": [{"$ref": "#/$defs/A"}]}}}, "grammar"),
    ],
)
def test_unsupported_schemas_are_refused_with_a_sentence(schema: Any, needle: str) -> None:
    with pytest.raises(GrammarError) as caught:
        json_schema_to_gbnf(schema)
    assert needle in str(caught.value)
    assert str(caught.value).endswith(".")


_SCALARS = {
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}


def _conforms(value: Any, schema: Any, root: dict[str, Any]) -> bool:
    """A checker for exactly the subset json_schema_to_gbnf supports."""
    if schema is True or schema == {}:
        return True
    if "$ref" in schema:
        return _conforms(value, root["$defs"][schema["$ref"].split("/")[-1]], root)
    if "const" in schema:
        return bool(value == schema["const"])
    if "enum" in schema:
        return value in schema["enum"]
    for key in ("anyOf", "oneOf"):
        if key in schema:
            return any(_conforms(value, option, root) for option in schema[key])
    kinds = schema.get("type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    for kind in kinds:
        if kind == "object" and isinstance(value, dict):
            props = schema.get("properties", {})
            keys = list(value)
            if set(keys) - set(props) or set(schema.get("required", [])) - set(keys):
                continue
            if keys != [k for k in props if k in value]:  # schema order
                continue
            if all(_conforms(value[k], props[k], root) for k in keys):
                return True
        elif kind == "array" and isinstance(value, list):
            items = schema.get("items", True)
            if schema.get("minItems", 0) <= len(value) <= schema.get("maxItems", 10**9) and all(
                _conforms(v, items, root) for v in value
            ):
                return True
        elif kind == "string" and isinstance(value, str):
            if schema.get("minLength", 0) <= len(value) <= schema.get("maxLength", 10**9):
                return True
        elif kind in _SCALARS and _SCALARS[kind](value):
            return True
    return False


PROMPT = (
    "<|start|>user<|message|>Answer in JSON.<|end|><|start|>assistant<|channel|>final<|message|>"
)


def test_random_weights_produce_schema_conforming_json(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    model = tiny_model(request, tmp_path_factory)
    schemas: list[dict[str, Any]] = [PERSON, COLOURS, SHAPES]
    jobs = [
        {"grammar": json_schema_to_gbnf(s), "prompt": PROMPT, "max_tokens": 3000, "seed": seed}
        for s in schemas
        for seed in (1, 2, 3)
    ]
    results = run_generate(model, jobs, tmp_path)
    for index, result in enumerate(results):
        schema = schemas[index // 3]
        assert result["stopped"] != "length", f"no end after {result['tokens']} tokens"
        assert result["utf8"], result["text"]
        value = json.loads(result["text"])
        assert _conforms(value, schema, schema), (result["text"], schema)
        assert not re.search(r"\s{21}", result["text"])  # whitespace stays bounded
