"""GGUF header reading and validation, in pure Python (stdlib only).

``validate_gguf(path)`` is what the app calls before handing a model file to llama.cpp.
"""

from .errors import GGUFValidationError
from .facts import HARMONY_TOKENS, ModelFacts
from .reader import ArraySummary, GGUFHeader, LongString, TensorInfo, read_gguf_header
from .validate import validate_gguf

__all__ = [
    "HARMONY_TOKENS",
    "ArraySummary",
    "GGUFHeader",
    "GGUFValidationError",
    "LongString",
    "ModelFacts",
    "TensorInfo",
    "read_gguf_header",
    "validate_gguf",
]
