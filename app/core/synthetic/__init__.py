"""A synthetic gpt-oss GGUF: the real architecture and formats, random weights.

It lets the self-test, the tests and the benchmarks exercise the exact llama.cpp
code path of gpt-oss-20b without the 12 GB download.
"""

from app.core.synthetic.builder import build_gptoss_gguf
from app.core.synthetic.header_only import preset_header
from app.core.synthetic.presets import FULL, PRESETS, TINY, Preset
from app.core.synthetic.vocab import HARMONY_SPECIALS, Vocab, build_vocab

__all__ = [
    "FULL",
    "HARMONY_SPECIALS",
    "PRESETS",
    "TINY",
    "Preset",
    "Vocab",
    "build_gptoss_gguf",
    "build_vocab",
    "preset_header",
]
