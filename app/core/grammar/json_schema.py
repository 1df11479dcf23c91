"""JSON schema -> GBNF, for the subset people use for structured output.

The output is compact JSON with bounded optional whitespace (at most 20
whitespace characters in any one place) and bounded numbers, so a model with
bad or random weights cannot stall in whitespace or digits forever. Objects
emit their properties in schema order and never extra ones
(`additionalProperties: false` is assumed). Every grammar returned has passed
`validate_gbnf`; anything else raises GrammarError with a sentence.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .errors import GrammarError
from .gbnf import validate_gbnf

MAX_SCHEMA_DEPTH = 64
MAX_COUNT = 2000  # llama.cpp's repetition limit; larger bounds would be silently dropped

# Keywords that do not constrain the JSON text, and the ones converted below.
_ANNOTATIONS = frozenset(
    {"title", "description", "default", "examples", "$schema", "$id", "$comment"}
    | {"deprecated", "readOnly", "writeOnly", "$defs", "definitions"}
)
_HANDLED = frozenset(
    {"type", "properties", "required", "additionalProperties", "items", "minItems"}
    | {"maxItems", "enum", "const", "anyOf", "oneOf", "$ref", "minLength", "maxLength"}
)
_TYPES = ("object", "array", "string", "number", "integer", "boolean", "null")

# Shared rules, emitted only when used. `ws` is the only optional whitespace.
_PRIMITIVES: dict[str, str] = {
    "ws": "[ \\t\\n]{0,20}",
    # Beyond U+10FFFF is excluded because llama.cpp decodes invalid lead bytes
    # (F5..FF) into such values; excluding them makes it refuse those bytes.
    # A raw "<" is excluded too: llama.cpp matches control tokens by their text,
    # so `<|end|>` would pass as string content and end the message mid-string.
    # "<" stays writable as \u003c.
    "json-char": (
        '[^"\\\\<\\x00-\\x1F\\U00110000-\\UFFFFFFFF] | "\\\\" (["\\\\/bfnrt] | "u" [0-9a-fA-F]{4})'
    ),
    "json-string": '"\\"" json-char* "\\""',
    "json-integer": '"-"? ("0" | [1-9] [0-9]{0,18})',
    "json-number": 'json-integer ("." [0-9]{1,16})? ([eE] [-+]? [0-9]{1,2})?',
    "json-boolean": '"true" | "false"',
    "json-null": '"null"',
    "json-value": (
        "json-object | json-array | json-string | json-number | json-boolean | json-null"
    ),
    "json-object": ('"{" ws (json-member ("," ws json-member)*)? "}"'),
    "json-member": 'json-string ws ":" ws json-value ws',
    "json-array": '"[" ws (json-value ws ("," ws json-value ws)*)? "]"',
}
_DEPENDS = {
    "json-string": ("json-char",),
    "json-number": ("json-integer",),
    "json-value": tuple(_PRIMITIVES["json-value"].split(" | ")),
    "json-object": ("ws", "json-member"),
    "json-member": ("json-string", "ws", "json-value"),
    "json-array": ("ws", "json-value"),
}


def gbnf_literal(text: str) -> str:
    """`text` as a GBNF string literal."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\x{ord(ch):02X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _json_literal(value: Any) -> str:
    try:
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except (TypeError, ValueError) as exc:
        raise GrammarError(f"Unsupported JSON schema: {value!r} is not JSON ({exc}).") from None
    return gbnf_literal(text)


class _Converter:
    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.root_schema = schema
        self.rules: dict[str, str] = {}
        self.refs: dict[str, str] = {}  # "$ref" -> rule name

    def fail(self, path: str, message: str) -> GrammarError:
        return GrammarError(f"Unsupported JSON schema at {path or '#'}: {message}.", kind="policy")

    def use(self, name: str) -> str:
        if name not in self.rules:
            self.rules[name] = _PRIMITIVES[name]
            for dep in _DEPENDS.get(name, ()):
                self.use(dep)
        return name

    def new_rule(self, hint: str) -> str:
        base = re.sub(r"[^A-Za-z0-9-]+", "-", hint).strip("-") or "x"
        name, n = base, 1
        while name in self.rules or name in _PRIMITIVES:
            n += 1
            name = f"{base}-{n}"
        self.rules[name] = ""  # reserved now: recursive $refs may point at it
        return name

    def count(self, schema: Mapping[str, Any], key: str, path: str) -> int | None:
        value = schema.get(key)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            raise self.fail(path, f"'{key}' must be an integer from 0 to {MAX_COUNT}")
        return value

    def rule_for(self, schema: Any, hint: str, path: str, depth: int) -> str:
        """A rule name whose language is the JSON texts `schema` allows."""
        if depth > MAX_SCHEMA_DEPTH:
            raise self.fail(path, f"it nests deeper than {MAX_SCHEMA_DEPTH} levels")
        if schema is True or schema == {}:
            return self.use("json-value")
        if schema is False:
            raise self.fail(path, "the schema 'false' matches nothing")
        if not isinstance(schema, Mapping):
            raise self.fail(path, "a schema must be an object (or true)")
        for key in schema:
            if key not in _ANNOTATIONS and key not in _HANDLED:
                raise self.fail(path, f"the keyword '{key}' is not supported")
        if "$ref" in schema:
            siblings = [key for key in schema if key in _HANDLED and key != "$ref"]
            if siblings:
                raise self.fail(path, f"'$ref' cannot be combined with {siblings}")
            return self.ref(schema["$ref"], path, depth)
        name = self.new_rule(hint)
        self.rules[name] = self.body(schema, name, path, depth)
        return name

    def ref(self, ref: Any, path: str, depth: int) -> str:
        match = re.fullmatch(r"#/(\$defs|definitions)/(.+)", ref) if isinstance(ref, str) else None
        if not match:
            raise self.fail(path, f"only '#/$defs/...' references are supported, not {ref!r}")
        if ref not in self.refs:
            key = match.group(2).replace("~1", "/").replace("~0", "~")
            target = self.root_schema.get(match.group(1), {}).get(key)
            if target is None:
                raise self.fail(path, f"the reference {ref!r} points nowhere")
            self.refs[ref] = name = self.new_rule("def-" + key)
            self.rules[name] = self.rule_for(target, name + "-v", ref, depth + 1)
        return self.refs[ref]

    def body(self, schema: Mapping[str, Any], name: str, path: str, depth: int) -> str:
        if "const" in schema:
            return _json_literal(schema["const"])
        if "enum" in schema:
            values = schema["enum"]
            if not isinstance(values, list) or not values:
                raise self.fail(path, "'enum' must be a non-empty list")
            return " | ".join(dict.fromkeys(_json_literal(v) for v in values))
        for key in ("anyOf", "oneOf"):  # oneOf is treated as anyOf: a grammar cannot count
            if key in schema:
                options = schema[key]
                if not isinstance(options, list) or not options:
                    raise self.fail(path, f"'{key}' must be a non-empty list")
                return " | ".join(
                    self.rule_for(option, f"{name}-{i}", f"{path}/{key}/{i}", depth + 1)
                    for i, option in enumerate(options)
                )
        kind = schema.get("type")
        if kind is None:
            kind = "object" if "properties" in schema else "array" if "items" in schema else None
        if kind is None:
            return self.use("json-value")
        if isinstance(kind, list):
            if not kind:
                raise self.fail(path, "'type' must not be an empty list")
            return " | ".join(self.typed(t, schema, name, path, depth) for t in kind)
        return self.typed(kind, schema, name, path, depth)

    def typed(self, kind: Any, schema: Mapping[str, Any], name: str, path: str, depth: int) -> str:
        if kind not in _TYPES:
            raise self.fail(path, f"unknown type {kind!r}")
        if kind == "object":
            return self.object(schema, name, path, depth)
        if kind == "array":
            return self.array(schema, name, path, depth)
        if kind == "string":
            low = self.count(schema, "minLength", path) or 0
            high = self.count(schema, "maxLength", path)
            if high is not None and high < low:
                raise self.fail(path, "'maxLength' is below 'minLength'")
            reps = f"{{{low},}}" if high is None else f"{{{low},{high}}}"
            return f'"\\"" {self.use("json-char")}{reps} "\\""'
        return self.use(f"json-{kind}")

    def object(self, schema: Mapping[str, Any], name: str, path: str, depth: int) -> str:
        extra = schema.get("additionalProperties", False)
        props = schema.get("properties")
        if props is None and "additionalProperties" not in schema:
            return self.use("json-object")  # {"type": "object"}: any object
        if extra is not False:
            raise self.fail(path, "only 'additionalProperties: false' is supported")
        props = props or {}
        required = schema.get("required", [])
        if not isinstance(props, Mapping) or not isinstance(required, list):
            raise self.fail(path, "'properties' must be an object and 'required' a list")
        missing = [key for key in required if key not in props]
        if missing:
            raise self.fail(path, f"required properties {missing} are not in 'properties'")
        ws = self.use("ws")
        members: list[tuple[bool, str]] = []
        for key, sub in props.items():
            value = self.rule_for(sub, f"{name}-{key}", f"{path}/properties/{key}", depth + 1)
            members.append((key in required, f'{_json_literal(key)} {ws} ":" {ws} {value} {ws}'))
        # State (i, first): members i.. remain; `first` = none emitted yet, so no comma.
        # One rule per reachable state keeps the grammar linear in the property count.
        reachable = {(0, True)}
        for i, (is_required, _) in enumerate(members):
            for first in (True, False):
                if (i, first) in reachable:
                    reachable.add((i + 1, False))
                    if not is_required:
                        reachable.add((i + 1, first))
        # '""' rather than nothing: a line ending in '|' continues onto the next line.
        tails: dict[tuple[int, bool], str] = {
            (len(members), True): '""',
            (len(members), False): '""',
        }
        for i in range(len(members) - 1, -1, -1):
            for first in (True, False):
                if (i, first) not in reachable:
                    continue
                is_required, member = members[i]
                rule = tails[i, first] = self.new_rule(f"{name}-m{i}{'f' if first else ''}")
                comma = "" if first else f'"," {ws} '
                take = f"{comma}{member} {tails[i + 1, False]}".removesuffix(' ""')
                skip = "" if is_required else f" | {tails[i + 1, first]}"
                self.rules[rule] = take + skip
        return f'"{{" {ws} {tails[0, True]} "}}"'.replace(' "" ', " ")

    def array(self, schema: Mapping[str, Any], name: str, path: str, depth: int) -> str:
        low = self.count(schema, "minItems", path) or 0
        high = self.count(schema, "maxItems", path)
        if high is not None and high < low:
            raise self.fail(path, "'maxItems' is below 'minItems'")
        ws = self.use("ws")
        if high == 0:
            return f'"[" {ws} "]"'
        item = self.rule_for(schema.get("items", True), f"{name}-item", f"{path}/items", depth + 1)
        more = self.new_rule(f"{name}-more")
        self.rules[more] = f'"," {ws} {item} {ws}'
        # Named rules around every repetition: llama.cpp's rule-count limit then
        # sees one rule, not everything a group would generate.
        rest = f"{more}{{{max(low - 1, 0)},{'' if high is None else high - 1}}}"
        items = self.new_rule(f"{name}-items")
        self.rules[items] = f"{item} {ws}" + ("" if high == 1 else f" {rest}")
        return f'"[" {ws} {items}{"" if low else "?"} "]"'


def json_schema_to_gbnf(schema: Mapping[str, Any]) -> str:
    """A GBNF grammar (start rule `root`) for the JSON texts `schema` allows."""
    converter = _Converter(schema)
    top = converter.rule_for(schema, "root", "#", 0)
    if top != "root":  # the schema is a $ref or a primitive: root just points at it
        converter.rules = {"root": top, **{k: v for k, v in converter.rules.items() if k != "root"}}
    text = "".join(f"{name} ::= {body}\n" for name, body in converter.rules.items())
    try:
        validate_gbnf(text)
    except GrammarError as exc:
        raise GrammarError(
            f"The JSON schema cannot be turned into a usable grammar: {exc.reason}",
            kind=exc.kind,
        ) from None
    return text
