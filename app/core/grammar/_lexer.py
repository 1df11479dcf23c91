"""Lexical pieces of llama.cpp's GBNF parser, ported function by function.

Each function takes the NUL-padded grammar bytes and a byte offset and returns
the new offset, like the C helpers of the same names in src/llama-grammar.cpp,
so the two can be read side by side.
"""

from __future__ import annotations

from collections.abc import Callable

from .errors import ErrorKind

# llama_gretype values, in llama.h's order.
END, ALT, RULE_REF, CHAR, CHAR_NOT, CHAR_RNG_UPPER, CHAR_ALT, CHAR_ANY, TOKEN, TOKEN_NOT = range(10)
Element = tuple[int, int]
Rule = list[Element]

MAX_REPETITION_THRESHOLD = 2000  # llama.cpp's own constant
# Our limits, where llama.cpp has none and fails badly instead:
MAX_NESTING = 64  # parse_alternates <-> parse_sequence recurse on the C stack per '('
MAX_ELEMENTS = 500_000  # 4 MB in llama.cpp; {m,n} copies the repeated item, so it can explode
UINT32_MAX = 0xFFFFFFFF
UINT64_MAX = 0xFFFFFFFFFFFFFFFF
_UTF8_LEN = (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4)
_SIMPLE_ESCAPES = {ord("t"): 9, ord("r"): 13, ord("n"): 10}
_LITERAL_ESCAPES = frozenset(b'\\"[]-')


class ParseFailure(Exception):
    """Where llama.cpp would throw (kind syntax) or misbehave (kind unsafe)."""

    def __init__(self, pos: int, message: str, kind: ErrorKind = "syntax") -> None:
        super().__init__(message)
        self.pos = pos
        self.message = message
        self.kind: ErrorKind = kind


def parse_uint(digits: bytes) -> int:
    """The value of a digit run, capped just above uint64 (int() refuses huge strings)."""
    digits = digits.lstrip(b"0") or b"0"
    return int(digits) if len(digits) <= 20 else UINT64_MAX + 1


def is_digit(c: int) -> bool:
    return 48 <= c <= 57


def is_word_char(c: int) -> bool:
    return 97 <= c <= 122 or 65 <= c <= 90 or c == 45 or is_digit(c)


def parse_space(s: bytes, pos: int, newline_ok: bool) -> int:
    while True:
        c = s[pos]
        if c in (32, 9) or (newline_ok and c in (13, 10)):
            pos += 1
        elif c == 35:  # '#': comment to end of line (the newline itself is not eaten)
            while s[pos] and s[pos] not in (13, 10):
                pos += 1
        else:
            return pos


def parse_name(s: bytes, pos: int) -> int:
    end = pos
    while is_word_char(s[end]):
        end += 1
    if end == pos:
        raise ParseFailure(pos, "expecting a rule name")
    return end


def parse_int(s: bytes, pos: int) -> int:
    end = pos
    while is_digit(s[end]):
        end += 1
    if end == pos:
        raise ParseFailure(pos, "expecting an integer")
    return end


def parse_hex(s: bytes, pos: int, size: int) -> tuple[int, int]:
    end, value, p = pos + size, 0, pos
    while p < end and s[p]:
        c = s[p]
        if 97 <= c <= 102:
            value = value * 16 + c - 87
        elif 65 <= c <= 70:
            value = value * 16 + c - 55
        elif is_digit(c):
            value = value * 16 + c - 48
        else:
            break
        p += 1
    if p != end:
        raise ParseFailure(pos, f"expecting {size} hex digits after the escape")
    return value, p


def decode_utf8(s: bytes, pos: int) -> tuple[int, int]:
    length = _UTF8_LEN[s[pos] >> 4]
    value = s[pos] & ((1 << (8 - length)) - 1)
    p = pos + 1
    while p < pos + length and s[p]:
        value = (value << 6) + (s[p] & 0x3F)
        p += 1
    return value, p


def parse_char(s: bytes, pos: int) -> tuple[int, int]:
    if s[pos] == 92:  # backslash
        c = s[pos + 1]
        if c in (ord("x"), ord("u"), ord("U")):
            return parse_hex(s, pos + 2, {ord("x"): 2, ord("u"): 4, ord("U"): 8}[c])
        if c in _SIMPLE_ESCAPES:
            return _SIMPLE_ESCAPES[c], pos + 2
        if c in _LITERAL_ESCAPES:
            return c, pos + 2
        raise ParseFailure(pos, "unknown escape sequence")
    if s[pos]:
        return decode_utf8(s, pos)
    raise ParseFailure(pos, "unexpected end of input")


def parse_token(s: bytes, pos: int, resolve: Callable[[str], int | None]) -> tuple[int, int]:
    """`<[id]>` or `<text>`; `resolve` plays llama.cpp's "tokenizes to one token" test."""
    if s[pos] != 60:
        raise ParseFailure(pos, "expecting '<' after '!'")
    p = pos + 1
    if s[p] == 91:  # <[id]>
        p += 1
        int_end = parse_int(s, p)
        token_id = parse_uint(s[p:int_end])
        if token_id > UINT32_MAX:
            raise ParseFailure(p, "the token id is too big")
        if s[int_end] != 93:
            raise ParseFailure(int_end, "expecting ']' in a token id")
        if s[int_end + 1] != 62:
            raise ParseFailure(int_end + 1, "expecting '>' after a token id")
        return token_id, int_end + 2
    while s[p] and s[p] != 62:
        p += 1
    if s[p] != 62:
        raise ParseFailure(pos, "unterminated token: expecting '>'")
    p += 1
    text = s[pos:p].decode("utf-8", "replace")
    resolved = resolve(text)
    if resolved is None:  # llama.cpp: must tokenize to exactly one token
        raise ParseFailure(pos, f"{text} is not a single token of this model's vocabulary")
    return resolved, p


def parse_braces(s: bytes, pos: int, is_nested: bool) -> tuple[int, int | None, int]:
    """`{m}`, `{m,}` or `{m,n}` at pos; returns (m, n or None for no maximum, new pos)."""
    pos = parse_space(s, pos + 1, is_nested)
    if not is_digit(s[pos]):
        raise ParseFailure(pos, "expecting an integer after '{'")
    int_end = parse_int(s, pos)
    min_times = parse_uint(s[pos:int_end])
    max_times: int | None = None
    if min_times > UINT64_MAX:  # std::stoull throws out_of_range
        raise ParseFailure(pos, "the repetition count is out of range")
    pos = parse_space(s, int_end, is_nested)
    if s[pos] == 125:  # '}'
        max_times = min_times
        pos = parse_space(s, pos + 1, is_nested)
    elif s[pos] == 44:  # ','
        pos = parse_space(s, pos + 1, is_nested)
        if is_digit(s[pos]):
            int_end = parse_int(s, pos)
            max_times = parse_uint(s[pos:int_end])
            if max_times > UINT64_MAX:
                raise ParseFailure(pos, "the repetition count is out of range")
            if max_times == UINT64_MAX:  # llama.cpp's "no maximum" sentinel
                max_times = None
            pos = parse_space(s, int_end, is_nested)
        if s[pos] != 125:
            raise ParseFailure(pos, "expecting '}' to close the repetition")
        pos = parse_space(s, pos + 1, is_nested)
    else:
        raise ParseFailure(pos, "expecting ',' or '}' in a repetition")
    return min_times, max_times, pos
