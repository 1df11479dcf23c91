"""A line-by-line port of llama.cpp's GBNF parser (src/llama-grammar.cpp, llama.cpp 0c1e57098).

Porting rather than re-deriving is deliberate: llama.cpp's acceptance has quirks
(`""*` is an error, `[]` matches nothing and is dropped, `x{0}` deletes x, a
`{m,n}` counts the rules a group generated) that only an element-for-element
copy reproduces. The port builds the same rule vectors, so later checks (left
recursion, sizes) see exactly what llama.cpp would see. It also stops at the
points where llama.cpp would hang or overflow its stack instead of erroring.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ._lexer import (
    ALT,
    CHAR,
    CHAR_ALT,
    CHAR_ANY,
    CHAR_NOT,
    CHAR_RNG_UPPER,
    END,
    MAX_ELEMENTS,
    MAX_NESTING,
    MAX_REPETITION_THRESHOLD,
    RULE_REF,
    TOKEN,
    TOKEN_NOT,
    ParseFailure,
    Rule,
    is_word_char,
    parse_braces,
    parse_char,
    parse_name,
    parse_space,
    parse_token,
)


@dataclass
class TokenRef:
    text: str  # as written, without a leading '!'
    token_id: int
    pos: int
    negated: bool


@dataclass
class Parser:
    """`resolve_token(text)` maps `<...>` text to its single token id, or None."""

    data: bytes
    resolve_token: Callable[[str], int | None]
    symbol_ids: dict[str, int] = field(default_factory=dict)
    rules: list[Rule] = field(default_factory=list)
    defined: list[str] = field(default_factory=list)  # rule names, definition order
    first_ref: dict[int, int] = field(default_factory=dict)  # symbol id -> first use
    defined_at: dict[str, int] = field(default_factory=dict)  # rule name -> its definition
    tokens: list[TokenRef] = field(default_factory=list)
    _depth: int = 0
    _elements: int = 0

    def __post_init__(self) -> None:
        # C strings end in NUL; padding lets every look-ahead (`pos[1]`, `pos[2]`)
        # read a zero exactly where the C code would, without bounds checks.
        self.s = self.data + b"\0\0\0\0"

    # --- symbols ------------------------------------------------------------

    def get_symbol_id(self, name: str) -> int:
        return self.symbol_ids.setdefault(name, len(self.symbol_ids))

    def generate_symbol_id(self, base: str) -> int:
        next_id = len(self.symbol_ids)
        self.symbol_ids[f"{base}_{next_id}"] = next_id
        return next_id

    def add_rule(self, rule_id: int, rule: Rule) -> None:
        if len(self.rules) <= rule_id:
            self.rules.extend([] for _ in range(rule_id + 1 - len(self.rules)))
        self.rules[rule_id] = rule
        self._spend(len(rule), 0)

    def _spend(self, n: int, pos: int, *, dry_run: bool = False) -> None:
        # dry_run: a repetition checks its expansion before building it (add_rule counts it).
        if self._elements + n > MAX_ELEMENTS:
            raise ParseFailure(pos, "the grammar expands to too many elements", "unsafe")
        if not dry_run:
            self._elements += n

    # --- structure ----------------------------------------------------------

    def parse_alternates(self, pos: int, rule_name: str, rule_id: int, is_nested: bool) -> int:
        if is_nested:
            self._depth += 1
            if self._depth > MAX_NESTING:
                raise ParseFailure(pos, f"parentheses nest deeper than {MAX_NESTING}", "unsafe")
        s = self.s
        rule: Rule = []
        pos = self.parse_sequence(pos, rule_name, rule, is_nested)
        while s[pos] == 124:  # '|'
            rule.append((ALT, 0))
            pos = parse_space(s, pos + 1, True)
            pos = self.parse_sequence(pos, rule_name, rule, is_nested)
        rule.append((END, 0))
        self.add_rule(rule_id, rule)
        if is_nested:
            self._depth -= 1
        return pos

    def parse_sequence(self, pos: int, rule_name: str, rule: Rule, is_nested: bool) -> int:
        s = self.s
        last_sym_start = len(rule)
        n_prev_rules = 1

        def handle_repetitions(min_times: int, max_times: int | None) -> None:
            nonlocal n_prev_rules
            if last_sym_start == len(rule):
                raise ParseFailure(pos, "a repetition operator (*, +, ?, {}) follows nothing")
            prev = rule[last_sym_start:]
            if max_times is not None and max_times > 0:
                total_rules = max_times
            else:
                total_rules = min_times if min_times > 0 else 1
            if n_prev_rules * total_rules > MAX_REPETITION_THRESHOLD:
                raise ParseFailure(pos, "the repetition would generate too many rules")
            if max_times is not None and max_times < min_times:
                # llama.cpp computes max-min in uint64: it wraps, and the loop
                # below then generates rules until memory runs out.
                raise ParseFailure(
                    pos, f"repetition {{{min_times},{max_times}}} has max below min", "unsafe"
                )
            n_opt = 1 if max_times is None else max_times - min_times
            size = len(prev) * max(min_times - 1, 0) + n_opt * (len(prev) + 3)
            self._spend(size, pos, dry_run=True)
            if min_times == 0:
                del rule[last_sym_start:]
            else:
                for _ in range(1, min_times):
                    rule.extend(prev)
            last_rec_rule_id = 0
            for i in range(n_opt):
                rec_rule_id = self.generate_symbol_id(rule_name)
                rec_rule = list(prev)
                if i > 0 or max_times is None:
                    target = rec_rule_id if max_times is None else last_rec_rule_id
                    rec_rule.append((RULE_REF, target))
                rec_rule += [(ALT, 0), (END, 0)]
                self.add_rule(rec_rule_id, rec_rule)
                last_rec_rule_id = rec_rule_id
            if n_opt > 0:
                rule.append((RULE_REF, last_rec_rule_id))
            n_prev_rules *= total_rules

        while s[pos]:
            c = s[pos]
            if c == 34:  # '"' literal string
                start = pos
                pos += 1
                last_sym_start, n_prev_rules = len(rule), 1
                while s[pos] != 34:
                    if not s[pos]:
                        raise ParseFailure(start, 'unterminated string: expecting a closing "')
                    value, pos = parse_char(s, pos)
                    rule.append((CHAR, value))
                pos = parse_space(s, pos + 1, is_nested)
            elif c == 91:  # '[' character class
                start = pos
                pos += 1
                start_type = CHAR
                if s[pos] == 94:  # '^'
                    pos += 1
                    start_type = CHAR_NOT
                last_sym_start, n_prev_rules = len(rule), 1
                while s[pos] != 93:
                    if not s[pos]:
                        raise ParseFailure(start, "unterminated character class: expecting ']'")
                    value, pos = parse_char(s, pos)
                    kind = CHAR_ALT if last_sym_start < len(rule) else start_type
                    rule.append((kind, value))
                    if s[pos] == 45 and s[pos + 1] != 93:  # '-' not before ']'
                        if not s[pos + 1]:
                            raise ParseFailure(start, "unterminated character class")
                        value, pos = parse_char(s, pos + 1)
                        rule.append((CHAR_RNG_UPPER, value))
                pos = parse_space(s, pos + 1, is_nested)
            elif c in (60, 33):  # '<' token or '!' negated token
                start = pos
                kind = TOKEN
                if c == 33:
                    kind = TOKEN_NOT
                    pos += 1
                token_start = pos
                token_id, pos = parse_token(s, pos, self.resolve_token)
                text = s[token_start:pos].decode("utf-8", "replace")
                self.tokens.append(TokenRef(text, token_id, start, kind == TOKEN_NOT))
                last_sym_start, n_prev_rules = len(rule), 1
                rule.append((kind, token_id))
                pos = parse_space(s, pos, is_nested)
            elif is_word_char(c):  # rule reference
                name_end = parse_name(s, pos)
                ref_id = self.get_symbol_id(s[pos:name_end].decode("ascii"))
                self.first_ref.setdefault(ref_id, pos)
                pos = parse_space(s, name_end, is_nested)
                last_sym_start, n_prev_rules = len(rule), 1
                rule.append((RULE_REF, ref_id))
            elif c == 40:  # '(' group
                start = pos
                pos = parse_space(s, pos + 1, True)
                n_rules_before = len(self.symbol_ids)
                sub_rule_id = self.generate_symbol_id(rule_name)
                pos = self.parse_alternates(pos, rule_name, sub_rule_id, True)
                n_prev_rules = max(1, len(self.symbol_ids) - n_rules_before)
                last_sym_start = len(rule)
                rule.append((RULE_REF, sub_rule_id))
                if s[pos] != 41:
                    raise ParseFailure(pos, f"expecting ')' to close the '(' at byte {start}")
                pos = parse_space(s, pos + 1, is_nested)
            elif c == 46:  # '.' any character
                last_sym_start, n_prev_rules = len(rule), 1
                rule.append((CHAR_ANY, 0))
                pos = parse_space(s, pos + 1, is_nested)
            elif c in (42, 43, 63):  # '*' '+' '?'
                pos = parse_space(s, pos + 1, is_nested)
                handle_repetitions(*{42: (0, None), 43: (1, None), 63: (0, 1)}[c])
            elif c == 123:  # '{'
                min_times, max_times, pos = parse_braces(s, pos, is_nested)
                if min_times > MAX_REPETITION_THRESHOLD:
                    raise ParseFailure(pos, f"more than {MAX_REPETITION_THRESHOLD} repetitions")
                if max_times is not None and max_times > MAX_REPETITION_THRESHOLD:
                    max_times = None  # llama.cpp silently drops a large maximum
                handle_repetitions(min_times, max_times)
            else:
                break
        return pos

    def parse_rule(self, pos: int) -> int:
        s = self.s
        name_end = parse_name(s, pos)
        name = s[pos:name_end].decode("ascii")
        after = parse_space(s, name_end, False)
        rule_id = self.get_symbol_id(name)
        if s[after : after + 3] != b"::=":
            raise ParseFailure(after, f"expecting '::=' after the rule name '{name}'")
        self.defined.append(name)
        self.defined_at.setdefault(name, pos)
        pos = parse_space(s, after + 3, True)
        pos = self.parse_alternates(pos, name, rule_id, False)
        if s[pos] == 13:
            pos += 2 if s[pos + 1] == 10 else 1
        elif s[pos] == 10:
            pos += 1
        elif s[pos]:
            raise ParseFailure(pos, f"unexpected {chr(s[pos])!r}: expecting the end of the rule")
        return parse_space(s, pos, True)

    def parse(self) -> None:
        """llama_grammar_parser::parse, including its undefined-rule checks."""
        s = self.s
        pos = parse_space(s, 0, True)
        while s[pos]:
            pos = self.parse_rule(pos)
        names = {v: k for k, v in self.symbol_ids.items()}
        for rule_id, rule in enumerate(self.rules):
            if not rule:
                raise ParseFailure(self.first_ref.get(rule_id, 0), self._undefined(names, rule_id))
            for kind, value in rule:
                if kind == RULE_REF and (value >= len(self.rules) or not self.rules[value]):
                    raise ParseFailure(self.first_ref.get(value, 0), self._undefined(names, value))

    @staticmethod
    def _undefined(names: dict[int, str], rule_id: int) -> str:
        return f"rule '{names.get(rule_id, rule_id)}' is used but never defined"
