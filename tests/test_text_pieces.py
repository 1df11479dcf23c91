"""Long text reaches llama.cpp in pieces its pre-tokenizer survives, with the same tokens."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.engine.llama_runtime import LlamaRuntime
from app.core.engine.protocol import LoadSettings
from app.core.engine.text_pieces import MAX_RUN_CHARS, is_clean_cut, split_for_tokenizer
from tests.fixtures.pair_vocab import build_pair_vocab_gguf

# The smallest limit bench/tokenizer_limit.py measured on an 8 MiB stack (letters,
# punctuation, CJK, whitespace: 26,156 characters survive, 26,187 crash).
MEASURED_LIMIT = 26_156

PROSE = (
    "The engine's answer isn't ready yet; it'll come soon. Grüße aus Köln: "
    "Äpfel, Öl und Übermut kosten 12,50 € (or 1234567 cents).\n\n"
    "```python\nprint(f'{x!r}')  # don't\n```\n\t- item one\r\n- item two/three\n"
    "漢字とかなの文章です。句読点、ここにあります！中文也可以，对吧？"
    "https://example.org/path/to/file?query=1&other=two#frag "
    "e\u0301 combining, emoji 👩\u200d💻 and ﬁ ligature.  Two  spaces   three.\n"
)


@pytest.fixture(scope="module")
def runtime(tiny_gguf: Path) -> Iterator[LlamaRuntime]:
    loaded = LlamaRuntime(LoadSettings(model_path=tiny_gguf, n_ctx=512, n_threads=1))
    yield loaded
    loaded.close()


def whole(runtime: LlamaRuntime, text: str) -> list[int]:
    """One llama_tokenize call for all of ``text``: what tokenize_plain did before."""
    return runtime._tokenize_piece(text)


# --- the cutting itself ---------------------------------------------------------


def longest_run(text: str) -> int:
    """The most characters between clean cuts: the longest match llama.cpp's regex can make."""
    longest = start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or is_clean_cut(text, index):
            longest, start = max(longest, index - start), index
    return longest


def at_every_clean_cut(text: str) -> list[str]:
    bounds = [0, *(i for i in range(1, len(text)) if is_clean_cut(text, i)), len(text)]
    return [text[a:b] for a, b in itertools.pairwise(bounds)]


def test_the_run_limit_keeps_a_wide_margin_below_the_measured_crash() -> None:
    assert MAX_RUN_CHARS * 20 <= MEASURED_LIMIT


def test_ordinary_text_is_one_piece_however_long() -> None:
    assert split_for_tokenizer("hello world") == ["hello world"]
    assert split_for_tokenizer("") == [""]
    assert split_for_tokenizer(PROSE * 200) == [PROSE * 200]


@pytest.mark.parametrize("unit", ["a", "漢", ".", " ", "\n", "7", "e\u0301", "aB"])
def test_a_megabyte_of_one_run_comes_in_short_pieces(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    pieces = split_for_tokenizer(text)
    assert "".join(pieces) == text
    assert all(longest_run(p) <= MAX_RUN_CHARS for p in pieces)
    assert len(pieces) <= 2 * len(text) // MAX_RUN_CHARS + 1


def test_a_long_run_inside_ordinary_text_is_cut_only_inside_the_run() -> None:
    run = "漢" * 5000
    text = PROSE * 10 + run + PROSE * 10
    pieces = split_for_tokenizer(text)
    assert "".join(pieces) == text
    assert all(longest_run(p) <= MAX_RUN_CHARS for p in pieces)
    assert len(pieces) == 5000 // MAX_RUN_CHARS + 1
    assert pieces[0].startswith(PROSE * 10) and pieces[-1].endswith(PROSE * 10)


def test_forced_cuts_keep_marks_with_their_letter_and_digits_in_threes() -> None:
    # After a letter a mark starts a new pre-token (a clean cut); after "." it does not.
    accented = split_for_tokenizer(".\u0301" * 600, max_run=99)
    assert len(accented) > 10
    assert all(not p.startswith("\u0301") for p in accented)
    digits = split_for_tokenizer("1234567890" * 50, max_run=100)
    assert len(digits) > 4
    assert all(len(p) % 3 == 0 for p in digits[:-1])
    crlf = split_for_tokenizer("\r\n" * 300, max_run=99)
    assert len(crlf) > 5
    assert all(p.startswith("\r") for p in crlf)


# --- against llama.cpp's own tokenizer -------------------------------------------


def test_ordinary_text_tokenizes_identically_with_and_without_the_split(
    runtime: LlamaRuntime,
) -> None:
    for text in (PROSE * 60, "Zahl 1234567 " * 2000, "漢字の文章です。" * 900, "a.b-c/" * 3000):
        assert runtime.tokenize_plain(text) == whole(runtime, text)
    # Cut everywhere the rule allows (each call costs milliseconds: shorter texts).
    for text in (PROSE * 2, "Zahl 1234567 " * 20, "漢字の文章です。" * 20, "a.b-c/" * 30):
        pieces = at_every_clean_cut(text)
        assert len(pieces) >= 20
        assert [t for p in pieces for t in whole(runtime, p)] == whole(runtime, text)


# Characters at every kind of boundary the pre-tokenizer knows.
ALPHABET = "asZé漢1٣Ⅻ'.,!/-_ \t\n\r\u0301\u00a0\u3000\x0b\u200d😀"
TRICKY = st.text(alphabet=st.sampled_from(ALPHABET), max_size=40)
# One character of each kind that matters, for exhaustive checks.
KINDS = "as'.1 \n\r漢\u0301\u00a0/"

Tokenize = Callable[[str], list[int]]


@pytest.fixture(scope="module")
def pair_tokenize(tmp_path_factory: pytest.TempPathFactory) -> Tokenize:
    """llama.cpp's tokenizer with a vocabulary that merges every pair of ALPHABET's characters:
    a pre-token boundary that moves shows in its tokens."""
    import llama_cpp

    path = build_pair_vocab_gguf(tmp_path_factory.mktemp("vocab") / "pairs.gguf", ALPHABET)
    vocab = llama_cpp.Llama(model_path=str(path), vocab_only=True, verbose=False)

    # Each llama_tokenize call compiles the pre-tokenizer's regex (milliseconds).
    @functools.lru_cache(maxsize=65536)
    def tokenize(text: str) -> tuple[int, ...]:
        return tuple(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    return lambda text: list(tokenize(text))


def test_the_pair_vocabulary_shows_pre_token_boundaries(pair_tokenize: Tokenize) -> None:
    # ".a" is one pre-token (punctuation prefix + letters): one token; "a." is two.
    assert len(pair_tokenize(".a")) == 1
    assert len(pair_tokenize("a.")) == 2
    assert pair_tokenize(".a") != pair_tokenize(".") + pair_tokenize("a")


def test_every_clean_cut_in_every_three_characters_keeps_the_tokens(
    pair_tokenize: Tokenize,
) -> None:
    """All strings of three characters of every kind, cut at each clean place."""
    checked = 0
    for text in map("".join, itertools.product(KINDS, repeat=3)):
        expected = pair_tokenize(text)
        for index in (1, 2):
            if is_clean_cut(text, index):
                cut = pair_tokenize(text[:index]) + pair_tokenize(text[index:])
                assert cut == expected, (text[:index], text[index:])
                checked += 1
    assert checked > 500


@settings(max_examples=150, deadline=None)
@given(text=TRICKY)
def test_every_clean_cut_keeps_llama_cpps_tokens(pair_tokenize: Tokenize, text: str) -> None:
    expected = pair_tokenize(text)
    for index in range(1, len(text)):
        if is_clean_cut(text, index):
            cut = pair_tokenize(text[:index]) + pair_tokenize(text[index:])
            assert cut == expected, (text[:index], text[index:])


@settings(max_examples=100, deadline=None)
@given(text=TRICKY.filter(lambda t: len(t) > 8))
def test_small_pieces_without_forced_cuts_keep_the_tokens(
    pair_tokenize: Tokenize, text: str
) -> None:
    pieces = split_for_tokenizer(text, max_run=8)
    assert "".join(pieces) == text
    cuts = [sum(len(p) for p in pieces[: i + 1]) for i in range(len(pieces) - 1)]
    if all(is_clean_cut(text, cut) for cut in cuts):
        assert [t for p in pieces for t in pair_tokenize(p)] == pair_tokenize(text)


def test_ordinary_text_keeps_its_tokens_with_the_pair_vocabulary(pair_tokenize: Tokenize) -> None:
    text = PROSE * 20 + "Zé a1٣漢,a.-/Ⅻ!11" * 300 + "aZ\na\r\n'as'1" * 300
    pieces = at_every_clean_cut(text)
    assert len(pieces) > 1000
    assert [t for p in pieces for t in pair_tokenize(p)] == pair_tokenize(text)


def test_a_run_past_the_crash_limit_tokenizes_in_process(runtime: LlamaRuntime) -> None:
    # 2.5 times the length that crashed llama.cpp on this stack when given whole.
    for unit in ("a", "漢", "!", " "):
        text = unit * (MEASURED_LIMIT * 5 // 2)
        assert len(runtime.tokenize_plain(text)) >= len(text) // 16


def test_a_lone_surrogate_is_replaced_not_an_error(runtime: LlamaRuntime) -> None:
    assert runtime.tokenize_plain("a\udcff b") == runtime.tokenize_plain("a? b")


@pytest.mark.parametrize("unit", ["😀", "👩\u200d💻", "❤\ufe0f", "漢", "é"])
def test_forced_cuts_fall_between_whole_characters(unit: str) -> None:
    text = unit * 3000
    pieces = split_for_tokenizer(text)
    assert len(pieces) > 1
    assert b"".join(p.encode("utf-8") for p in pieces) == text.encode("utf-8")
    for piece in pieces[1:]:
        assert piece[0] not in "\u200d\ufe0f", "a joiner or selector parted from its character"
