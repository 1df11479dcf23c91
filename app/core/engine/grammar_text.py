"""Decoding constrained output exactly as llama.cpp's grammar read it.

llama.cpp's grammar matches characters it decodes from token bytes itself:
a lead byte says how many bytes follow, and those are taken as they come,
without checking that they are continuation bytes. A model with random (or
broken) weights can emit such invalid UTF-8; Python's strict decoding would
then turn one character the grammar counted into several replacement
characters, and a string the grammar held to `maxLength` would come out
longer. Decoding grammar-constrained output the grammar's way keeps every
check the grammar made true of the text. Valid UTF-8 decodes the same either
way. Code points Python cannot hold in text (surrogates, beyond U+10FFFF)
become U+FFFD; the server's grammars exclude them in the first place.
"""

from __future__ import annotations

REPLACEMENT = "\ufffd"
# Bytes in a sequence, by the lead byte's high four bits (0: not a lead byte).
_LENGTHS = (1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 3, 4)
_MASKS = {1: 0x7F, 2: 0x1F, 3: 0x0F, 4: 0x07}


class GrammarDecoder:
    """An incremental decoder with codecs.IncrementalDecoder's decode(data, final)."""

    def __init__(self) -> None:
        self._value = 0
        self._remaining = 0

    def decode(self, data: bytes, final: bool = False) -> str:
        out: list[str] = []
        for byte in data:
            if self._remaining:
                self._value = (self._value << 6) | (byte & 0x3F)
                self._remaining -= 1
                if not self._remaining:
                    out.append(_character(self._value))
                continue
            length = _LENGTHS[byte >> 4]
            if length == 0:  # a stray continuation byte: llama.cpp's grammar refuses these
                out.append(REPLACEMENT)
            elif length == 1:
                out.append(chr(byte))
            else:
                self._value, self._remaining = byte & _MASKS[length], length - 1
        if final and self._remaining:
            self._remaining = 0
            out.append(REPLACEMENT)
        return "".join(out)


def _character(value: int) -> str:
    if 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
        return REPLACEMENT
    return chr(value)
