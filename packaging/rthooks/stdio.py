"""PyInstaller runtime hook: give windowed builds somewhere to write.

A Windows GUI executable (console=False) or a macOS .app started from Finder
has no console: sys.stdout and sys.stderr are None, and the first print() or
a library's warning would raise AttributeError. They write to os.devnull
instead; the log file in the data folder keeps what matters.
"""

import os
import sys

if sys.stdout is None:
    sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
if sys.stderr is None:
    sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
