"""validate_gbnf: llama.cpp's acceptance, minus what would crash or hang it.

The differential test at the end feeds a few hundred fixed-seed grammars (valid
ones and mutants) to both our validator and llama.cpp (in a subprocess) and
requires agreement on everything we accept or reject as a syntax error.
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest

from app.core.grammar import (
    GPT_OSS_END_TOKENS,
    GPT_OSS_SPECIAL_TOKENS,
    GrammarError,
    forced_harmony_grammar,
    json_schema_to_gbnf,
    validate_gbnf,
)
from tests.test_grammar_worker import CRASHED, run_parse, tiny_model, vocab_info

# A few of llama.cpp's own grammars/*.gbnf, verbatim.
ARITHMETIC = r"""root  ::= (expr "=" ws term "\n")+
expr  ::= term ([-+*/] term)*
term  ::= ident | num | "(" ws expr ")" ws
ident ::= [a-z] [a-z0-9_]* ws
num   ::= [0-9]+ ws
ws    ::= [ \t\n]*
"""
LIST = r"""root ::= item+

# Excludes various line break characters
item ::= "- " [^\r\n\x0b\x0c\x85\u2028\u2029]+ "\n"
"""
CHESS = r"""# Specifies chess moves as a list in algebraic notation, using PGN conventions

# Force first move to "1. ", then any 1-2 digit number after, relying on model to follow the pattern
root    ::= "1. " move " " move "\n" ([1-9] [0-9]? ". " move " " move "\n")+
move    ::= (pawn | nonpawn | castle) [+#]?

# piece type, optional file/rank, optional capture, dest file & rank
nonpawn ::= [NBKQR] [a-h]? [1-8]? "x"? [a-h] [1-8]

# optional file & capture, dest file & rank, optional promotion
pawn    ::= ([a-h] "x")? [a-h] [1-8] ("=" [NBKQR])?

castle  ::= "O-O" "-O"?
"""
JSON = r"""root   ::= object
value  ::= object | array | string | number | ("true" | "false" | "null") ws

object ::=
  "{" ws (
            string ":" ws value
    ("," ws string ":" ws value)*
  )? "}" ws

array  ::=
  "[" ws (
            value
    ("," ws value)*
  )? "]" ws

string ::=
  "\"" (
    [^"\\\x7F\x00-\x1F] |
    "\\" (["\\bfnrt] | "u" [0-9a-fA-F]{4}) # escapes
  )* "\"" ws

number ::= ("-"? ([0-9] | [1-9] [0-9]{0,15})) ("." [0-9]+)? ([eE] [-+]? [0-9] [1-9]{0,15})? ws

# Optional space: by convention, applied in this grammar after literal chars when allowed
ws ::= | " " | "\n" [ \t]{0,20}
"""
VENDOR = {"arithmetic": ARITHMETIC, "list": LIST, "chess": CHESS, "json": JSON}

# llama.cpp quirks that it accepts, so we must too.
QUIRKS = [
    'root ::= "a"{0}',  # x{0} deletes x: root matches the empty string
    'root ::= [] "a" [^]',  # empty classes push nothing
    'root ::= "a" |\n  "b"',  # a newline after '|' continues the rule
    'root ::= "a"\r\nb ::= "c"\r\n',  # CRLF line ends
    'root ::= ( "a"\n  | "b" )  # comment',
    'root ::= "a"{ 2 , 5 } "b"{3} "c"{2,} "d"*? "e"{1,3000}',  # max > 2000 silently becomes {1,}
    "root ::= [a-zz-a]",  # one reversed range is fine while another matches
    'root ::= "\\x41\\u00e9\\U0001F600\\t\\r\\n\\\\\\"\\[\\]\\-"',
    'root ::= x\nx ::= "a"\nx ::= "b"',  # redefinition: the last one wins
    "root ::= <|channel|> !<|end|>* <|end|> <[200005]>",
    "Root-2 ::= root\nroot ::= [^a]",
]


@pytest.mark.parametrize("name", sorted(VENDOR))
def test_vendor_grammars_are_accepted(name: str) -> None:
    info = validate_gbnf(VENDOR[name])
    assert info.rule_names[0] == "root"


def test_quirks_llama_cpp_accepts_are_accepted() -> None:
    for grammar in QUIRKS:
        validate_gbnf(grammar)


def test_info_lists_rules_and_tokens() -> None:
    info = validate_gbnf('root ::= <|channel|> x !<|end|> <[7]>\nx ::= "a"')
    assert info.rule_names == ("root", "x")
    assert info.tokens == ("<|channel|>", "<|end|>", "<[7]>")
    assert info.token_ids == {200005, 200007, 7}


NEST = "root ::= " + "(" * 100 + '"a"' + ")" * 100
EXPONENTIAL = "root ::= r0\n" + "".join(f"r{i} ::= r{i + 1} | r{i + 1}\n" for i in range(30))
EXPONENTIAL += 'r30 ::= "a"\n'

# (grammar, words the reason must contain)
MALFORMED: list[tuple[str, str]] = [
    ("", "empty"),
    ("\n  \n", "no rules"),
    ("# only a comment\n", "no rules"),
    ('a ::= "x"', "no 'root'"),
    ("root ::= x", "'x' is used but never defined"),
    ('root ::= "abc', "unterminated string"),
    ("root ::= [a-z", "unterminated character class"),
    ("root ::= [a-", "unterminated character class"),
    ('root ::= "\\q"', "unknown escape"),
    ('root ::= "\\x4"', "hex digits"),
    ('root ::= "\\u12G4"', "hex digits"),
    ('root ::= ("a"', "expecting ')'"),
    ('root ::= "a")', "unexpected ')'"),
    ('root ::= *"a"', "follows nothing"),
    ('root ::= "a" | +', "follows nothing"),
    ('root ::= ""+', "follows nothing"),
    ('root ::= "a"{0} *', "follows nothing"),
    ('root ::= "a"{3,1}', "max below min"),
    ('root ::= "a"{,3}', "integer after '{'"),
    ('root ::= "a"{3', "expecting ',' or '}'"),
    ('root ::= "a"{3,4', "expecting '}'"),
    ('root ::= "a"{2001}', "more than 2000"),
    ('root ::= "a"{99999999999999999999999}', "out of range"),
    ('root ::= ("a"?){1500}', "too many rules"),
    ('root = "a"', "expecting '::='"),
    ('root ::= "a"\n  "b"', "expecting a rule name"),
    ('::= "a"', "expecting a rule name"),
    ('root ::= "a" ::= "b"', "unexpected ':'"),
    ('root ::= root "a" | "b"', "left-recursive"),
    ('root ::= x "a"\nx ::= "b" | root', "left-recursive"),
    ('root ::= x root "a" | "b"\nx ::= y\ny ::= ""', "without consuming text"),
    ('root ::= "a" root', "never finish"),
    ('root ::= "a" | x\nx ::= "b" x', "never finish"),
    ("root ::= [z-a]", "matches nothing"),
    ('root ::= "a" "\\x00"', "matches nothing"),
    ("root ::= [^\\x01-\\U0010FFFF]", "matches nothing"),
    ("root ::= <|foo|>", "not a single token"),
    ("root ::= <[12", "expecting ']'"),
    ("root ::= <[12]", "expecting '>'"),
    ("root ::= <[]>", "expecting an integer"),
    ("root ::= <|end|", "unterminated token"),
    ('root ::= !"a"', "expecting '<'"),
    ("root ::= <[99999999999]>", "too big"),
    (NEST, "nest deeper"),
    ('root ::= "a"\0 x', "NUL"),
    ('root ::= "' + "a" * 70_000 + '"', "limit is"),
    ('root ::= "' + "a" * 300 + '"{2000}', "too many elements"),
    (EXPONENTIAL, "too complex"),
]


@pytest.mark.parametrize(("grammar", "needle"), MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_grammars_are_rejected_with_a_reason(grammar: str, needle: str) -> None:
    with pytest.raises(GrammarError) as caught:
        validate_gbnf(grammar)
    assert needle in str(caught.value)
    assert str(caught.value).startswith("Invalid grammar")


def test_error_points_at_line_and_column() -> None:
    with pytest.raises(GrammarError) as caught:
        validate_gbnf('root ::= "a"\nfoo ::= "b" )')
    assert (caught.value.line, caught.value.column) == (2, 13)
    assert "line 2, column 13" in str(caught.value)
    assert caught.value.kind == "syntax"


@pytest.mark.parametrize("token", GPT_OSS_END_TOKENS)
def test_end_of_generation_tokens_are_forbidden(token: str) -> None:
    validate_gbnf(f'root ::= "a" {token}')  # allowed unless forbidden
    for grammar in (f'root ::= "a" {token}', f'root ::= "a" !{token} "b"'):
        with pytest.raises(GrammarError, match="may not appear") as caught:
            validate_gbnf(grammar, forbidden_tokens=GPT_OSS_END_TOKENS)
        assert caught.value.kind == "policy"


def test_forbidden_ids_and_vocabulary_bounds() -> None:
    with pytest.raises(GrammarError, match="may not appear"):
        validate_gbnf("root ::= <[200002]>", forbidden_token_ids={200002})
    with pytest.raises(GrammarError, match=r"<\[200002\]> \(<\|return\|>\)"):
        validate_gbnf("root ::= <[200002]>", forbidden_tokens=["<|return|>"])
    with pytest.raises(GrammarError, match="may not appear"):
        validate_gbnf("root ::= <|return|>", forbidden_token_ids=[200002])
    with pytest.raises(GrammarError, match="outside the vocabulary"):
        validate_gbnf("root ::= <[201088]>", vocab_size=201088)
    validate_gbnf("root ::= <[201087]>", vocab_size=201088)
    # Another model's vocabulary: its own ids and names.
    with pytest.raises(GrammarError, match="not a single token"):
        validate_gbnf("root ::= <|channel|>", special_tokens={"<|end|>": 3})
    assert validate_gbnf("root ::= <|end|>", special_tokens={"<|end|>": 3}).token_ids == {3}
    assert GPT_OSS_SPECIAL_TOKENS["<|return|>"] == 200002


# --- differential test against llama.cpp --------------------------------------------------------

_NAMES = ["root", "a", "b", "item", "ws", "x-1"]
_TOKENS = ["<|channel|>", "<|end|>", "!<|end|>", "<|message|>", "<[5]>", "!<[7]>"]
_SNIPPETS = ["|", "(", ")", "[", "]", "{", "}", "*", "+", "?", "::=", '"', "\\", "<", ">", "!",
             "#", "\n", "{3,1}", "{2}", "{1,}", "<|return|>", "<[999999]>", "<|foo|>", "x",
             "root", " ", "-", "^", "\\x0", '""', "[]", "()", "\r\n", ".", "\\u00"]  # fmt: skip


def _random_item(rng: random.Random, depth: int, names: list[str]) -> str:
    roll = rng.random()
    if roll < 0.3:
        pieces = ["a", "b", " ", "\\n", '\\"', "é", "\\x41", "-"]
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 3)))
        item = f'"{text}"'
    elif roll < 0.5:
        item = (
            "["
            + rng.choice(["", "^"])
            + rng.choice(["a-z", "0-9", "abc", "\\n\\t", "^\\\\", "-"])
            + "]"
        )
    elif roll < 0.7 and names:
        # Mostly names defined further down (no recursion); sometimes anything at all.
        item = rng.choice(names if rng.random() < 0.9 else _NAMES)
    elif roll < 0.82 and depth < 3:
        item = "(" + _random_body(rng, depth + 1, names) + ")"
    elif roll < 0.9:
        item = rng.choice(_TOKENS)
    else:
        item = "."
    suffix = rng.choice(["", "", "", "*", "+", "?", "{2}", "{0,3}", "{1,}", "{0}"])
    return item + suffix


def _random_body(rng: random.Random, depth: int, names: list[str]) -> str:
    alternatives = [
        " ".join(_random_item(rng, depth, names) for _ in range(rng.randint(1, 4)))
        for _ in range(rng.randint(1, 3))
    ]
    return " | ".join(alternatives)


def _random_grammar(rng: random.Random) -> str:
    names = ["root", *rng.sample(_NAMES[1:], rng.randint(0, 4))]
    return "".join(
        f"{name} ::= {_random_body(rng, 0, names[k + 1 :])}\n" for k, name in enumerate(names)
    )


def _mutate(rng: random.Random, text: str) -> str:
    if not text:
        return rng.choice(_SNIPPETS)
    i = rng.randrange(len(text))
    op = rng.randrange(6)
    if op == 0:
        return text[:i]  # truncation
    if op == 1:
        return text[:i] + text[i + 1 :]  # deletion
    if op == 2:
        return text[:i] + text[i] + text[i:]  # duplication
    if op == 3:  # swapped bracket kinds
        brackets = [j for j, c in enumerate(text) if c in "()[]{}<>"]
        if brackets:
            j = rng.choice(brackets)
            return text[:j] + rng.choice("()[]{}<>") + text[j + 1 :]
    if op == 4 and len(text) > 1:  # swapped neighbours
        i = min(i, len(text) - 2)
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text[:i] + rng.choice(_SNIPPETS) + text[i:]  # inserted syntax or token


def _corpus() -> list[str]:
    rng = random.Random(20250101)
    seeds = [*VENDOR.values(), *QUIRKS]
    seeds.append(forced_harmony_grammar(analysis_words=3, final_words=2))
    seeds.append(json_schema_to_gbnf({"type": "object", "properties": {"a": {"type": "string"}}}))
    seeds += [_random_grammar(rng) for _ in range(100)]
    corpus = list(seeds)
    while len(corpus) < 400:
        text = rng.choice(seeds)
        for _ in range(rng.choice([1, 1, 1, 2, 3])):
            text = _mutate(rng, text)
        corpus.append(text)
    return corpus


def test_differential_against_llama_cpp(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    model = tiny_model(request, tmp_path_factory)
    vocab = vocab_info(model)
    corpus = _corpus()
    ours: list[str] = []  # "accept" or the GrammarError kind
    for grammar in corpus:
        try:
            validate_gbnf(
                grammar,
                forbidden_tokens=vocab["eog"],
                vocab_size=vocab["n_vocab"],
                special_tokens=vocab["special_tokens"],
            )
            ours.append("accept")
        except GrammarError as exc:
            ours.append(exc.kind)
    # "unsafe" grammars would hang or exhaust memory in llama.cpp: never run them.
    runnable = [i for i, verdict in enumerate(ours) if verdict != "unsafe"]
    theirs = dict(
        zip(runnable, run_parse(model, [corpus[i] for i in runnable], tmp_path), strict=True)
    )
    pairs = Counter((ours[i], theirs.get(i, "not run")) for i in range(len(corpus)))
    print(f"\ndifferential: {len(corpus)} grammars, (ours, llama.cpp) -> count: {dict(pairs)}")

    crashed = [corpus[i] for i in runnable if theirs[i] == CRASHED]
    assert not crashed, f"llama.cpp crashed on: {crashed[:3]!r}"
    accepted_but_rejected = [corpus[i] for i in runnable if ours[i] == "accept" != theirs[i]]
    assert not accepted_but_rejected, f"we accept, llama.cpp rejects: {accepted_but_rejected[:3]!r}"
    syntax_but_accepted = [
        corpus[i] for i in runnable if ours[i] == "syntax" and theirs[i] == "accept"
    ]
    assert not syntax_but_accepted, f"llama.cpp accepts: {syntax_but_accepted[:3]!r}"
    # The corpus must exercise both sides, or the test proves little.
    assert pairs["accept", "accept"] >= 60
    assert pairs["syntax", "reject"] >= 100
