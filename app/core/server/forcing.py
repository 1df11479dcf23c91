"""Grammars that guarantee the structure a request asks for, whatever the model's weights.

`tool_choice: "required"` or a named function must end in a tool call whose
arguments match the function's parameters; `response_format` must end in a
final answer matching the schema. Switching a JSON grammar on once the model
reaches the final channel (what the engine does for `response_schema`) is not
enough on its own: a model can stay in its reasoning, or call no tool, and
never get there. So the whole completion is constrained: an optional analysis
message of free text (no control tokens, at most `analysis_chars`
characters), then one of the allowed endings. The analysis is limited only in
length and shape, never in what it says.

The grammar ends without an end-of-generation token (forcing one inside a
grammar aborts llama.cpp); the engine then picks `<|call|>` after a tool call
and `<|return|>` after an answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from app.core.grammar import GrammarError, gbnf_literal, json_schema_to_gbnf, validate_gbnf

MAX_ANALYSIS_CHARS = 32_000  # 2,000 chunks of 16: llama.cpp's repetition limit
_CHUNK = 16
_RULE = re.compile(r"^([A-Za-z0-9-]+) ::= (.*)$")
_WORD = re.compile(r"[A-Za-z0-9-]+")


@dataclass(frozen=True)
class ForcedFunction:
    name: str
    parameters: Mapping[str, Any] | None


class SchemaRefused(ValueError):
    """A schema the grammar converter cannot express; `param` names where it was given."""

    def __init__(self, message: str, param: str) -> None:
        super().__init__(message)
        self.param = param


def _prefixed(grammar: str, prefix: str) -> tuple[str, str]:
    """The grammar with every rule renamed `prefix` + name; returns (text, start rule)."""
    lines = [line for line in grammar.splitlines() if line.strip()]
    names = {m.group(1) for line in lines if (m := _RULE.match(line))}
    out = []
    for line in lines:
        match = _RULE.match(line)
        if match is None:
            raise GrammarError("unexpected grammar line from the schema converter", kind="policy")
        out.append(f"{prefix}{match.group(1)} ::= {_rename(match.group(2), names, prefix)}")
    return "\n".join(out) + "\n", f"{prefix}root"


def _rename(body: str, names: set[str], prefix: str) -> str:
    """Rename rule references in `body`, leaving literals, classes and tokens alone."""
    out: list[str] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch in '"[<':
            close = {'"': '"', "[": "]", "<": ">"}[ch]
            j = i + 1
            while j < len(body) and body[j] != close:
                j += 2 if body[j] == "\\" else 1
            out.append(body[i : j + 1])
            i = j + 1
            continue
        if ch == "{":  # a repetition count: digits, not a rule
            j = body.index("}", i)
            out.append(body[i : j + 1])
            i = j + 1
            continue
        match = _WORD.match(body, i)
        if match is not None:
            word = match.group(0)
            out.append(prefix + word if word in names else word)
            i = match.end()
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _schema_grammar(schema: Mapping[str, Any], prefix: str, param: str) -> tuple[str, str]:
    try:
        return _prefixed(json_schema_to_gbnf(schema), prefix)
    except GrammarError as exc:
        raise SchemaRefused(str(exc), param) from None


def _analysis_rules(analysis_chars: int) -> str:
    chars = max(0, min(analysis_chars, MAX_ANALYSIS_CHARS))
    chunks, rest = divmod(chars, _CHUNK)
    # Chunks of exactly 16 then a tail under 16: llama.cpp caps one repetition at
    # 2,000, and this split keeps at most two parses alive at any point.
    return (
        'thought ::= <|channel|> "analysis" <|message|> thought-text'
        ' <|end|> <|start|> "assistant"\n'
        + (
            f"thought-text ::= thought-chunk{{0,{chunks}}} thought-char{{0,{_CHUNK - 1}}}\n"
            f"thought-chunk ::= thought-char{{{_CHUNK}}}\n"
            if chunks
            else f"thought-text ::= thought-char{{0,{rest}}}\n"
        )
        + "thought-char ::= [^<]\n"
    )


def forced_grammar(
    *,
    functions: Sequence[ForcedFunction] = (),
    schema: Mapping[str, Any] | None = None,
    schema_param: str = "response_format",
    functions_param: str = "tools",
    analysis_chars: int = 0,
) -> str:
    """A GBNF grammar for the whole completion: optional reasoning, then a call to one of
    `functions` or (when `schema` is given) a final answer matching it."""
    if not functions and schema is None:
        raise ValueError("nothing to force")
    rules: list[str] = []
    endings: list[str] = []
    if functions:
        calls = []
        for i, function in enumerate(functions):
            parameters = function.parameters if function.parameters else {"type": "object"}
            text, start = _schema_grammar(
                parameters, f"f{i}-", f"{functions_param}[{function.name}].parameters"
            )
            rules.append(text)
            name = gbnf_literal(function.name)
            calls.append(f'{name} " " <|constrain|> "json" <|message|> {start}')
        rules.append("call ::= " + " | ".join(calls) + "\n")
        endings.append('<|channel|> "commentary to=functions." call')
    if schema is not None:
        text, start = _schema_grammar(schema, "answer-", schema_param)
        rules.append(text)
        endings.append(f'<|channel|> "final" <|message|> {start}')
    head = "thought? ending" if analysis_chars > 0 else "ending"
    grammar = f"root ::= {head}\nending ::= {' | '.join(endings)}\n"
    if analysis_chars > 0:
        grammar += _analysis_rules(analysis_chars)
    grammar += "".join(rules)
    validate_gbnf(grammar)
    return grammar
