"""Validate a GBNF grammar before it reaches llama.cpp.

llama-cpp-python hands grammar text straight to llama.cpp, whose failure modes
are a NULL sampler (which the binding then dereferences: a segfault), an abort
when an end-of-generation token is forced mid-grammar, or a hang. So the app
checks every grammar here first: `validate_gbnf` accepts exactly what llama.cpp's
parser accepts (it runs a port of that parser, see _parser.py), minus what would
crash, hang or break the caller's rules later.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from app.core.harmony.tokens import O200K_HARMONY_IDS

from ._analysis import (
    dead_class_rule,
    fixpoints,
    hidden_left_recursion,
    llama_left_recursion,
    never_finishing_rule,
    reachable_rules,
    split_alternatives,
)
from ._parser import ParseFailure, Parser
from .errors import ErrorKind, GrammarError

MAX_GRAMMAR_BYTES = 64 * 1024

# gpt-oss (o200k_harmony) special tokens with their real ids; the default for
# resolving `<|...|>` when the caller has no vocabulary at hand.
GPT_OSS_SPECIAL_TOKENS: Mapping[str, int] = O200K_HARMONY_IDS
GPT_OSS_VOCAB_SIZE = 201088
# End-of-generation tokens: forcing one inside a grammar aborts llama.cpp.
GPT_OSS_END_TOKENS: tuple[str, ...] = ("<|return|>", "<|call|>", "<|endoftext|>")


@dataclass(frozen=True)
class GrammarInfo:
    """What a valid grammar defines and references."""

    rule_names: tuple[str, ...]  # defined rules, in definition order
    tokens: tuple[str, ...]  # token references as written (`<|end|>`, `<[200007]>`), no `!`
    token_ids: frozenset[int]  # the ids those references resolve to


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[: max(0, min(offset, len(data)))].decode("utf-8", "ignore")
    line = before.count("\n") + 1
    return line, len(before) - (before.rfind("\n") + 1) + 1


def _fail(
    data: bytes, offset: int | None, message: str, kind: ErrorKind = "syntax"
) -> GrammarError:
    if offset is None:
        return GrammarError(f"Invalid grammar: {message}.", kind=kind)
    line, column = _position(data, offset)
    return GrammarError(
        f"Invalid grammar at line {line}, column {column}: {message}.",
        kind=kind,
        line=line,
        column=column,
    )


def validate_gbnf(
    text: str,
    *,
    forbidden_tokens: Collection[str] = (),
    forbidden_token_ids: Collection[int] = (),
    vocab_size: int | None = None,
    special_tokens: Mapping[str, int] | None = None,
) -> GrammarInfo:
    """Return what `text` defines, or raise GrammarError saying why llama.cpp must not see it.

    `special_tokens` maps the `<...>` token texts the model's vocabulary has to
    their ids (default: gpt-oss's); any other `<...>` text is refused, since
    llama.cpp accepts it only if it happens to tokenize to exactly one token.
    `forbidden_tokens`/`forbidden_token_ids` (typically the end-of-generation
    tokens) may not be referenced at all, plainly or negated; `vocab_size`
    bounds `<[id]>` references.
    """
    if not text:  # llama.cpp reads "" as "no grammar at all", never as a grammar
        raise GrammarError("Invalid grammar: it is empty.", kind="policy")
    if "\0" in text:  # the C string would silently end there
        raise GrammarError("Invalid grammar: it contains a NUL character.", kind="unsafe")
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise GrammarError(
            f"Invalid grammar: it is not valid Unicode text ({exc.reason}).", kind="policy"
        ) from None
    if len(data) > MAX_GRAMMAR_BYTES:
        raise GrammarError(
            f"Invalid grammar: it is {len(data)} bytes long; the limit is {MAX_GRAMMAR_BYTES}.",
            kind="policy",
        )
    specials = GPT_OSS_SPECIAL_TOKENS if special_tokens is None else special_tokens
    parser = Parser(data, specials.get)
    try:
        parser.parse()
    except ParseFailure as exc:
        raise _fail(data, exc.pos, exc.message, exc.kind) from None
    names = {v: k for k, v in parser.symbol_ids.items()}

    def rule_at(rule_id: int) -> tuple[str, int | None]:
        # Generated names ("item_7") come from a group or repetition inside "item".
        name = names.get(rule_id, str(rule_id)).split("_")[0]
        return name, parser.defined_at.get(name)

    if not parser.rules:
        raise _fail(data, None, "it defines no rules")
    if "root" not in parser.symbol_ids:
        raise _fail(data, None, "it has no 'root' rule")
    alts = split_alternatives(parser.rules)
    nullable, productive = fixpoints(alts)
    try:
        looped = llama_left_recursion(parser.rules)
        hidden = None if looped is not None else hidden_left_recursion(alts, nullable)
    except ParseFailure as exc:
        raise _fail(data, None, exc.message, exc.kind) from None
    if looped is not None:
        name, where = rule_at(looped)
        raise _fail(data, where, f"rule '{name}' is left-recursive (llama.cpp refuses it)")
    if hidden is not None:
        name, where = rule_at(hidden)
        raise _fail(
            data,
            where,
            f"rule '{name}' can reach itself without consuming text (llama.cpp would loop)",
            "unsafe",
        )
    reachable = reachable_rules(parser.rules, parser.symbol_ids["root"])
    stuck = never_finishing_rule(productive, reachable)
    if stuck is not None:
        name, where = rule_at(stuck)
        raise _fail(data, where, f"rule '{name}' can never finish (it only recurses)", "unsafe")
    dead = dead_class_rule(parser.rules, reachable)
    if dead is not None:
        name, where = rule_at(dead)
        raise _fail(
            data,
            where,
            f"rule '{name}' has a character or class that matches nothing "
            "(on reaching it llama.cpp rejects every token: it aborts or stalls)",
            "unsafe",
        )
    _check_tokens(parser, data, specials, forbidden_tokens, forbidden_token_ids, vocab_size)
    return GrammarInfo(
        rule_names=tuple(dict.fromkeys(parser.defined)),
        tokens=tuple(dict.fromkeys(ref.text for ref in parser.tokens)),
        token_ids=frozenset(ref.token_id for ref in parser.tokens),
    )


def _check_tokens(
    parser: Parser,
    data: bytes,
    specials: Mapping[str, int],
    forbidden_tokens: Collection[str],
    forbidden_token_ids: Collection[int],
    vocab_size: int | None,
) -> None:
    by_id = {token_id: text for text, token_id in specials.items()}
    banned_ids = set(forbidden_token_ids) | {specials[t] for t in forbidden_tokens if t in specials}
    banned_texts = set(forbidden_tokens)
    for ref in parser.tokens:
        text = by_id.get(ref.token_id, ref.text)
        if ref.text in banned_texts or text in banned_texts or ref.token_id in banned_ids:
            shown = ref.text if ref.text == text else f"{ref.text} ({text})"
            raise _fail(data, ref.pos, f"token {shown} may not appear in this grammar", "policy")
        if vocab_size is not None and ref.token_id >= vocab_size:
            raise _fail(
                data,
                ref.pos,
                f"token id {ref.token_id} is outside the vocabulary (size {vocab_size})",
                "policy",
            )
