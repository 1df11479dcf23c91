"""A grammar that makes any model (even random weights) emit well-formed harmony.

Used by the self-test and the tests: the completion starts right after the
prompt's `<|start|>assistant`, and the grammar forces an analysis message, the
next assistant header and a final message, each holding short lowercase words.
It ends without an end-of-generation token on purpose: forcing one inside a
grammar aborts llama.cpp, so the engine lets the grammar complete and then picks
`<|return|>` with a logit bias.
"""

from __future__ import annotations

import re

from .errors import GrammarError
from .gbnf import validate_gbnf

MAX_WORDS = 2000  # llama.cpp's repetition limit
MAX_WORD_CHARS = 8
# A character-class body: single characters or ranges of letters and digits only,
# so the caller cannot smuggle grammar syntax in.
_CLASS_BODY = re.compile(r"(?:[A-Za-z0-9](?:-[A-Za-z0-9])?)+")


def _words(name: str, count: int) -> str:
    # `sep-word{n}`, not `(" " word){n}`: a named rule keeps llama.cpp's
    # rule-count limit about the repetition itself.
    if count == 0:
        return f'{name} ::= ""\n'
    rest = "" if count == 1 else f" sep-word{{{count - 1}}}"
    return f"{name} ::= word{rest}\n"


def forced_harmony_grammar(
    *, analysis_words: int, final_words: int, word_chars: str = "a-z"
) -> str:
    """Harmony with exactly `analysis_words` analysis words and `final_words` final words.

    Words are 1 to 8 characters from the class `[word_chars]`, separated by
    single spaces. Token references use the harmony token texts, so the model's
    vocabulary must have them (gpt-oss's and the test fixture's do).
    """
    for label, count in (("analysis_words", analysis_words), ("final_words", final_words)):
        if not 0 <= count <= MAX_WORDS:
            raise GrammarError(
                f"{label} must be from 0 to {MAX_WORDS}, not {count}.", kind="policy"
            )
    if not _CLASS_BODY.fullmatch(word_chars):
        raise GrammarError(
            f"word_chars must be letters, digits and ranges like 'a-z', not {word_chars!r}.",
            kind="policy",
        )
    grammar = (
        'root ::= <|channel|> "analysis" <|message|> analysis <|end|>'
        ' <|start|> "assistant" <|channel|> "final" <|message|> final\n'
        + _words("analysis", analysis_words)
        + _words("final", final_words)
        + 'sep-word ::= " " word\n'
        + f"word ::= [{word_chars}]{{1,{MAX_WORD_CHARS}}}\n"
    )
    validate_gbnf(grammar)  # cheap, and it keeps the promise that nothing invalid leaves here
    return grammar


_RECIPIENT = re.compile(r"[A-Za-z0-9_.-]+")


def forced_tool_call_grammar(
    recipient: str, schema: dict[str, object] | None, *, analysis_words: int = 2
) -> str:
    """A short analysis message, then a call to ``recipient`` with arguments valid for ``schema``.

    The random-weights model will not choose a tool on its own; this grammar makes
    it call one the way gpt-oss does (``commentary to=functions.x <|constrain|>json``),
    with arguments the JSON-Schema grammar allows. The engine stops at ``<|call|>``.
    """
    if not _RECIPIENT.fullmatch(recipient):
        raise GrammarError(f"not a tool name: {recipient!r}", kind="policy")
    if not 0 <= analysis_words <= MAX_WORDS:
        raise GrammarError(f"analysis_words must be from 0 to {MAX_WORDS}", kind="policy")
    from .json_schema import json_schema_to_gbnf

    arguments = json_schema_to_gbnf(schema or {"type": "object"})
    # The schema's rules, renamed so that its start rule is `args` and none clashes with ours.
    renamed = re.sub(r"(?<![\w-])root(?![\w-])", "args", arguments)
    renamed = re.sub(r"(?<![\w-])root-", "args-", renamed)
    channel = "commentary" if recipient.startswith("functions.") else "analysis"
    grammar = (
        f'root ::= <|channel|> "analysis" <|message|> analysis <|end|> <|start|> "assistant" '
        f'<|channel|> "{channel} to={recipient} " <|constrain|> "json" <|message|> args\n'
        + _words("analysis", analysis_words)
        + 'sep-word ::= " " word\n'
        + f"word ::= [a-z]{{1,{MAX_WORD_CHARS}}}\n"
        + renamed
    )
    validate_gbnf(grammar)
    return grammar
