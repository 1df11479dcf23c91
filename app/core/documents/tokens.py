"""How many tokens a text will take, without the model's tokenizer at hand.

The tokenizer lives in the engine process; documents are measured in the GUI's
worker, before any model may be loaded. gpt-oss's o200k vocabulary writes a
common English word as one token, a long or rare word as several (about one
per five letters), each punctuation mark as one, and most CJK characters as
one each. The estimate errs high so that text measured to fit does fit.
"""

from __future__ import annotations

import re

_CJK_RANGES = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
_CJK = re.compile(f"[{_CJK_RANGES}]")
_WORDS = re.compile(f"[^\\W\\d_{_CJK_RANGES}]+")
_NUMBERS = re.compile(r"\d{1,3}")
_MARKS = re.compile(r"[^\w\s]|_")
_WORD_LETTERS = 5
_MARGIN = 1.1


def estimate_tokens(text: str) -> int:
    if not text:
        return 0
    # A few regex passes and no Python loop per character: 300 pages in milliseconds.
    words = sum((len(word) + _WORD_LETTERS - 1) // _WORD_LETTERS for word in _WORDS.findall(text))
    count = words + len(_CJK.findall(text)) + len(_NUMBERS.findall(text))
    count += len(_MARKS.findall(text))
    # Runs of spaces (indentation) and newlines cost tokens too.
    count += text.count("\n") // 2 + text.count("    ")
    return int(count * _MARGIN) + 1
