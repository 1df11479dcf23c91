"""The user's settings: one small JSON file in the data folder, written atomically.

A damaged or hand-edited file never stops the app: every value that is missing,
of the wrong type or out of range falls back to its default, and ``load``
reports what it ignored so the window can say so once.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any, Literal, get_args

from app.core.atomic_file import write_text_atomically
from app.core.paths import data_dir

Theme = Literal["system", "light", "dark"]
Language = Literal["system", "en", "de"]
Effort = Literal["low", "medium", "high"]

SETTINGS_FILE = "settings.json"

# Ranges the window offers; a file that says otherwise gets the default.
TEMPERATURE_RANGE = (0.0, 2.0)
TOP_P_RANGE = (0.05, 1.0)
CONTEXT_RANGE = (1024, 131072)
THREADS_RANGE = (1, 256)
PORT_RANGE = (1024, 65535)


@dataclass(frozen=True)
class Settings:
    # The developer message: standing instructions for every conversation.
    instructions: str = ""
    # OpenAI's recommended sampling for gpt-oss.
    temperature: float = 1.0
    top_p: float = 1.0
    reasoning_effort: Effort = "medium"
    # None: the load planner decides from the model and this machine.
    context_length: int | None = None
    threads: int | None = None
    theme: Theme = "system"
    language: Language = "system"
    # A path to a GGUF file or a catalog name; None until the user has a model.
    default_model: str | None = None
    # None means "on once a model is installed" (the first download needs the
    # network); True/False is the user's explicit choice.
    offline_mode: bool | None = None
    # The OpenAI-compatible server beside the window (loopback only), off unless switched on.
    local_server: bool = False
    server_port: int = 8080

    def offline(self, model_installed: bool) -> bool:
        return model_installed if self.offline_mode is None else self.offline_mode


def settings_path() -> Path:
    return data_dir() / SETTINGS_FILE


def _in_range(value: float, bounds: tuple[float, float]) -> bool:
    return bounds[0] <= value <= bounds[1]


def _valid(name: str, value: Any) -> bool:
    """Whether ``value`` may stand for field ``name``; bool is not accepted as a number."""
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    whole = isinstance(value, int) and not isinstance(value, bool)
    match name:
        case "instructions":
            return isinstance(value, str)
        case "temperature":
            return number and _in_range(value, TEMPERATURE_RANGE)
        case "top_p":
            return number and _in_range(value, TOP_P_RANGE)
        case "reasoning_effort":
            return value in get_args(Effort)
        case "context_length":
            return value is None or (whole and _in_range(value, CONTEXT_RANGE))
        case "threads":
            return value is None or (whole and _in_range(value, THREADS_RANGE))
        case "theme":
            return value in get_args(Theme)
        case "language":
            return value in get_args(Language)
        case "default_model":
            return value is None or (isinstance(value, str) and bool(value))
        case "offline_mode":
            return value is None or isinstance(value, bool)
        case "local_server":
            return isinstance(value, bool)
        case "server_port":
            return whole and _in_range(value, PORT_RANGE)
    return False


def from_mapping(data: Any) -> tuple[Settings, list[str]]:
    """Settings from decoded JSON, and the names of the values that were ignored."""
    if not isinstance(data, dict):
        return Settings(), ["the whole file (not a JSON object)"]
    values: dict[str, Any] = {}
    ignored: list[str] = []
    for field in fields(Settings):
        if field.name not in data:
            continue
        value = data[field.name]
        if _valid(field.name, value):
            values[field.name] = float(value) if field.type == "float" else value
        else:
            ignored.append(field.name)
    return Settings(**values), ignored


def load(path: Path | None = None) -> tuple[Settings, list[str]]:
    """The saved settings (defaults where missing), and what was ignored as invalid."""
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), []
    except (OSError, UnicodeDecodeError):
        return Settings(), ["the whole file (unreadable)"]
    try:
        data = json.loads(text)
    except ValueError:
        return Settings(), ["the whole file (not valid JSON)"]
    return from_mapping(data)


def save(settings: Settings, path: Path | None = None) -> None:
    """Write atomically: a crash leaves either the old file or the new one, never half."""
    path = path or settings_path()
    write_text_atomically(path, json.dumps(asdict(settings), indent=2, ensure_ascii=False))


def update(path: Path | None = None, **changes: Any) -> Settings:
    """Load, change the named values, save, and return the result."""
    for name, value in changes.items():
        if not _valid(name, value):
            raise ValueError(f"{name} cannot be {value!r}")
    current, _ignored = load(path)
    changed = replace(current, **changes)
    save(changed, path)
    return changed
