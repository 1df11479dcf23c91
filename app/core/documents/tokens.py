"""How many tokens a text will take, without the model's tokenizer at hand.

The tokenizer lives in the engine process; documents are measured in the GUI's
worker, before any model may be loaded. gpt-oss's o200k vocabulary writes a
common English word as one token, a long or rare word as several (about one
per five letters), each punctuation mark as one, and most CJK characters as
one each. The estimate errs high so that text measured to fit does fit.
"""

from __future__ import annotations

import re

_PIECES = re.compile(r"[^\W\d_]+|\d{1,3}|[^\w\s]|_+", re.UNICODE)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORD_LETTERS = 5
_MARGIN = 1.1


def estimate_tokens(text: str) -> int:
    if not text:
        return 0
    count = len(_CJK.findall(text))
    for match in _PIECES.finditer(text):
        piece = match.group()
        if piece[0].isalpha():
            letters = len(piece) - sum(1 for ch in piece if _CJK.match(ch))
            count += -(-letters // _WORD_LETTERS) if letters else 0
        else:
            count += 1
    # Runs of spaces (indentation) and newlines cost tokens too.
    count += text.count("\n") // 2 + text.count("    ")
    return int(count * _MARGIN) + 1
