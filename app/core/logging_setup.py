"""The log file: <data folder>/logs/lokal.log, rotated, never holding secrets.

Installed once by the `lokal` command (app/cli/main.py). Support asks for this
file, so it records what was decided (the backend, the load plan, failures) and
never a token: anything that looks like one is masked before it is written.
"""

from __future__ import annotations

import logging
import logging.handlers
import re
from pathlib import Path

from app.core.paths import data_dir

LOG_FILE = "lokal.log"
MAX_BYTES = 1_000_000
BACKUPS = 3  # lokal.log.1 ... lokal.log.3: at most ~4 MB of logs
FORMAT = "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"

# Hugging Face tokens (hf_...), bearer headers and key=value pairs whose key says secret.
_SECRETS = (
    (re.compile(r"\bhf_[A-Za-z0-9]{8,}"), "hf_***"),
    (re.compile(r"(?i)\b(bearer)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 ***"),
    (
        re.compile(r"(?i)\b(token|password|passwd|secret|api[_-]?key)(\s*[=:]\s*)([^\s,;&\"']+)"),
        r"\1\2***",
    ),
)


def redact(text: str) -> str:
    for pattern, replacement in _SECRETS:
        text = pattern.sub(replacement, text)
    return text


class RedactingFormatter(logging.Formatter):
    """Masks secrets in the whole formatted record, tracebacks included."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))


def log_dir() -> Path:
    return data_dir() / "logs"


def install_logging(folder: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send the "lokal" and "app" loggers to the rotating log file; return its path.

    Returns None, and logs nowhere, when the folder cannot be written (read-only
    home, full disk): a missing log must never keep the app from starting.
    Calling it again replaces the handler instead of adding a second one.
    """
    folder = log_dir() if folder is None else folder
    path = folder / LOG_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError:
        return None
    handler.setFormatter(RedactingFormatter(FORMAT))
    handler.set_name("lokal-file")
    for name in ("lokal", "app"):
        logger = logging.getLogger(name)
        for old in [h for h in logger.handlers if h.get_name() == "lokal-file"]:
            logger.removeHandler(old)
            old.close()
        logger.addHandler(handler)
        logger.setLevel(level)
    return path
