"""Grammars for constrained generation, checked before they can reach llama.cpp."""

from .errors import ErrorKind, GrammarError
from .gbnf import (
    GPT_OSS_END_TOKENS,
    GPT_OSS_SPECIAL_TOKENS,
    GPT_OSS_VOCAB_SIZE,
    MAX_GRAMMAR_BYTES,
    GrammarInfo,
    validate_gbnf,
)
from .harmony_forcing import forced_harmony_grammar, forced_tool_call_grammar
from .json_schema import gbnf_literal, json_schema_to_gbnf

__all__ = [
    "GPT_OSS_END_TOKENS",
    "GPT_OSS_SPECIAL_TOKENS",
    "GPT_OSS_VOCAB_SIZE",
    "MAX_GRAMMAR_BYTES",
    "ErrorKind",
    "GrammarError",
    "GrammarInfo",
    "forced_harmony_grammar",
    "forced_tool_call_grammar",
    "gbnf_literal",
    "json_schema_to_gbnf",
    "validate_gbnf",
]
