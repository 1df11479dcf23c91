"""A byte-level BPE vocabulary in GPT-2 form holding the harmony special tokens."""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from dataclasses import dataclass

from app.core.synthetic.presets import Preset

#: The o200k_harmony added tokens, ids 199998..200018 in the real vocabulary; ``None`` marks a
#: ``<|reserved_N|>`` slot (named after its id, as in the real file).  All of them are CONTROL
#: tokens in the converted GGUF (convert_hf_to_gguf marks every ``<|...|>`` added token so).
HARMONY_SPECIALS: tuple[str | None, ...] = (
    "<|startoftext|>",  # +0  bos
    "<|endoftext|>",  # +1  pad
    None,  # +2
    None,  # +3
    "<|return|>",  # +4  eos
    "<|constrain|>",  # +5
    None,  # +6
    "<|channel|>",  # +7
    "<|start|>",  # +8
    "<|end|>",  # +9
    "<|message|>",  # +10
    None,  # +11
    None,  # +12
    None,  # +13
    "<|call|>",  # +14
    None,  # +15
    None,  # +16
    None,  # +17
    None,  # +18
    None,  # +19
    "<|endofprompt|>",  # +20
)
BOS_OFFSET, PAD_OFFSET, EOS_OFFSET = 0, 1, 4
REAL_FIRST_SPECIAL_ID = 199998

TOKEN_NORMAL, TOKEN_CONTROL, TOKEN_UNUSED = 1, 3, 5

#: Words whose byte-level BPE merges the tiny vocabulary learns, left to right, with a leading
#: space ("Ġ"); the _BARE_WORDS also without it.  Harmony role and channel names are included
#: so that message headers are short.
_WORD_TEXT = (
    "the of and to in is it you that he was for on are with as his they be at one have this "
    "from or had by word but what some we can out other were all there when up use your how "
    "said an each she which do their time if will way about many then them would like so "
    "these her make see has look more day could go come did number no most people over know "
    "water than call first who may down been now find hello world answer question think "
    "because example"
)
_WORDS = tuple(_WORD_TEXT.split())
_BARE_WORD_TEXT = (
    "hello world hi user assistant system developer analysis final commentary functions json "
    "Reasoning The What"
)
_BARE_WORDS = tuple(_BARE_WORD_TEXT.split())
_EXTRA_MERGE_TEXT = ("  ", "\n\n", "\n", "...", "**", "##", "://", "2025", "1234")


def _bytes_to_unicode() -> list[tuple[int, str]]:
    """GPT-2's reversible byte -> printable character map, in GPT-2 vocabulary order."""
    printable = (
        list(range(ord("!"), ord("~") + 1))
        + list(range(ord("¡"), ord("¬") + 1))
        + list(range(ord("®"), ord("ÿ") + 1))
    )
    pairs = [(b, chr(b)) for b in printable]
    extra = 0
    for b in range(256):
        if b not in printable:
            pairs.append((b, chr(256 + extra)))
            extra += 1
    return pairs


_BYTE_CHAR = dict(_bytes_to_unicode())


def _encode_bytes(text: str) -> list[str]:
    return [_BYTE_CHAR[b] for b in text.encode("utf-8")]


@dataclass(frozen=True)
class Vocab:
    tokens: list[str]
    types: list[int]
    merges: list[str]
    first_special: int

    @property
    def bos_id(self) -> int:
        return self.first_special + BOS_OFFSET

    @property
    def eos_id(self) -> int:
        return self.first_special + EOS_OFFSET

    @property
    def pad_id(self) -> int:
        return self.first_special + PAD_OFFSET

    def special_ids(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.tokens) if t.startswith("<|") and t.endswith("|>")}


class _MergeBuilder:
    def __init__(self) -> None:
        self.tokens = [c for _, c in _bytes_to_unicode()]
        self.known = set(self.tokens)
        self.merges: list[str] = []

    def add(self, left: str, right: str) -> None:
        joined = left + right
        if joined in self.known or left not in self.known or right not in self.known:
            return
        self.known.add(joined)
        self.tokens.append(joined)
        self.merges.append(f"{left} {right}")

    def train(self, corpus: dict[str, int]) -> None:
        """Plain BPE training on a word -> frequency table until every word is one token.

        Merging the most frequent pair first (ties broken by the pair's text) makes llama.cpp's
        encoder reproduce the training segmentation, so each training word becomes one token.
        """
        words = {tuple(_encode_bytes(w)): f for w, f in corpus.items()}
        while True:
            counts: Counter[tuple[str, str]] = Counter()
            for syms, freq in words.items():
                for pair in itertools.pairwise(syms):
                    counts[pair] += freq
            if not counts:
                return
            best = max(counts, key=lambda p: (counts[p], p))
            joined = best[0] + best[1]
            self.merges.append(f"{best[0]} {best[1]}")
            if joined not in self.known:
                self.known.add(joined)
                self.tokens.append(joined)
            merged: dict[tuple[str, ...], int] = {}
            for syms, freq in words.items():
                out: list[str] = []
                i = 0
                while i < len(syms):
                    if i + 1 < len(syms) and (syms[i], syms[i + 1]) == best:
                        out.append(joined)
                        i += 2
                    else:
                        out.append(syms[i])
                        i += 1
                if len(out) > 1:
                    merged[tuple(out)] = merged.get(tuple(out), 0) + freq
            words = merged

    def fill(self, n_tokens: int) -> None:
        """Grow the vocabulary to ``n_tokens`` with generated merges (full preset)."""
        alphabet = [_BYTE_CHAR[b] for b in b" abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"]
        alphabet += [_BYTE_CHAR[b] for b in b"0123456789.,;:!?'-_()[]{}<>/\\\"#$%&*+=@^`|~"]
        level = list(alphabet)
        while len(self.tokens) < n_tokens:
            grown: list[str] = []
            for left in level:
                for right in alphabet:
                    if len(self.tokens) >= n_tokens:
                        return
                    before = len(self.tokens)
                    self.add(left, right)
                    if len(self.tokens) > before:
                        grown.append(left + right)
            if not grown:
                raise RuntimeError("cannot generate enough merges")
            level = grown


def _training_corpus() -> dict[str, int]:
    """Zipf-like frequencies: earlier words are more common; spaced forms beat bare ones."""
    corpus: dict[str, int] = {}
    for rank, word in enumerate(_WORDS + _BARE_WORDS):
        corpus[" " + word] = corpus.get(" " + word, 0) + 10_000 // (rank + 1)
    for rank, word in enumerate(_BARE_WORDS + _EXTRA_MERGE_TEXT):
        corpus[word] = corpus.get(word, 0) + 5_000 // (rank + 1)
    return corpus


@functools.cache
def _trained() -> tuple[tuple[str, ...], tuple[str, ...]]:
    mb = _MergeBuilder()
    mb.train(_training_corpus())
    return tuple(mb.tokens), tuple(mb.merges)


def build_vocab(preset: Preset) -> Vocab:
    """Byte-level BPE vocabulary with the harmony specials laid out like o200k_harmony."""
    mb = _MergeBuilder()
    trained_tokens, trained_merges = _trained()
    mb.tokens, mb.merges = list(trained_tokens), list(trained_merges)
    mb.known = set(mb.tokens)
    if preset.n_vocab:
        first_special = REAL_FIRST_SPECIAL_ID
        mb.fill(first_special)
        n_vocab = preset.n_vocab
    else:
        first_special = len(mb.tokens)
        n_vocab = -(-(first_special + len(HARMONY_SPECIALS)) // 64) * 64
    tokens = list(mb.tokens)
    types = [TOKEN_NORMAL] * len(tokens)
    for offset, name in enumerate(HARMONY_SPECIALS):
        tokens.append(name or f"<|reserved_{first_special + offset}|>")
        types.append(TOKEN_CONTROL)
    # convert_hf_to_gguf pads up to config.vocab_size with UNUSED "[PAD<id>]" tokens
    for i in range(len(tokens), n_vocab):
        tokens.append(f"[PAD{i}]")
        types.append(TOKEN_UNUSED)
    return Vocab(tokens=tokens, types=types, merges=mb.merges, first_special=first_special)
