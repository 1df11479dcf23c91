"""The one exception the GGUF reader and validator raise."""

from __future__ import annotations


class GGUFValidationError(ValueError):
    """A GGUF file cannot be used; ``str(error)`` is a sentence for the user.

    ``reason`` is a short machine-readable tag (``"truncated"``, ``"bad-magic"``, ...) for code
    and tests that need to tell causes apart without parsing the sentence.
    """

    def __init__(self, message: str, reason: str = "invalid") -> None:
        super().__init__(message)
        self.reason = reason
