"""Sentences for people that the window can translate, made in Qt-free code.

The planner, the fit verdicts and the document readers explain themselves with
numbers ("A context of 8,192 tokens needs 3.1 GB of free memory…"). They stay
strings for the terminal, the log and the tests, but a ``Sentence`` also keeps
its English template and values, so the window can look the template up in
its translations and fill in the values (app/ui/text.py: ``translated``).

Templates are marked with ``QT_TRANSLATE_NOOP`` and the context "core" (the
name Qt's lupdate looks for), so the German file lists them beside the
window's own strings. Placeholders are Qt's %1, %2: a translation may reorder them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from app.core import quantity
from app.core.quantity import Number

#: The translation context of every template made here.
CONTEXT = "core"
#: How deeply Sentences may nest in JSON (real ones nest two or three levels).
MAX_JSON_DEPTH = 8
#: Characters of fixed text a template needs before ``recover`` trusts a match with it.
MIN_FIXED_TEXT = 8

_PLACEHOLDER = re.compile(r"%(\d+)")


#: Every template marked so far, in the order marked: ``recover`` finds a stored text's.
_KNOWN: dict[str, re.Pattern[str]] = {}


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Marks ``text`` for translation; returns it unchanged."""
    if context == CONTEXT and text not in _KNOWN:
        parts = _PLACEHOLDER.split(text)  # text, number, text, number, ..., text
        pattern = "".join(re.escape(p) if i % 2 == 0 else "(.+?)" for i, p in enumerate(parts))
        _KNOWN[text] = re.compile(pattern + r"\Z", re.DOTALL)
    return text


def recover(text: str) -> str:
    """A Sentence again for an English text that lost its template on the way (a stored
    answer's error, written to the history as plain text); else ``text`` unchanged."""
    if isinstance(text, Sentence) or not text:
        return text
    # The most specific template first; one of little fixed text ("%1: %2") matches anything.
    candidates = sorted(_KNOWN.items(), key=lambda item: -len(_PLACEHOLDER.sub("", item[0])))
    for template, pattern in candidates:
        if len(_PLACEHOLDER.sub("", template).strip(" .:,;()")) < MIN_FIXED_TEXT:
            continue
        match = pattern.match(text)
        if match is None:
            continue
        numbers = [int(n) for n in _PLACEHOLDER.findall(template)]
        values = [""] * max(numbers, default=0)
        for number, value in zip(numbers, match.groups(), strict=True):
            values[number - 1] = recover(value)
        return Sentence(template, *values)
    return text


def fill(template: str, values: Sequence[object]) -> str:
    """``template`` with %1… replaced by ``values``, in one pass: a value's own "%2" stays
    as it is, and so does a placeholder without a value."""

    def value(match: re.Match[str]) -> str:
        number = int(match[1])
        return str(values[number - 1]) if 1 <= number <= len(values) else match[0]

    return _PLACEHOLDER.sub(value, template)


class Sentence(str):
    """The English text, carrying its ``template`` and ``values`` (which may be Sentences)."""

    template: str
    values: tuple[str, ...]

    def __new__(cls, template: str, *values: str) -> Sentence:
        self = super().__new__(cls, fill(template, values))
        self.template = template
        self.values = values
        return self

    def __reduce__(self) -> tuple[type[Sentence], tuple[str, ...]]:
        # Kept whole when it crosses to or from a child process.
        return (Sentence, (self.template, *self.values))


def render(
    text: str, translate: Callable[[str], str], number: Callable[[Number], str] = str
) -> str:
    """``text`` in another language: ``translate(template)`` for every Sentence in it, and
    ``number(value)`` for every Number (app/core/quantity.py) in it: the reader's digits."""
    if isinstance(text, Number):
        return number(text)
    if not isinstance(text, Sentence):
        return str(text)
    template = translate(text.template)
    return fill(template, tuple(render(value, translate, number) for value in text.values))


def message_of(error: BaseException) -> str:
    """An exception's message, still a Sentence when it was raised with one."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, Sentence) else str(error)


def to_json(text: str) -> str | dict[str, Any]:
    """``text`` as JSON data: a Sentence as its template and values, a Number as its figure,
    anything else a str."""
    if isinstance(text, Sentence):
        return {"template": text.template, "values": [to_json(value) for value in text.values]}
    if isinstance(text, Number):
        return quantity.to_json(text)
    return str(text)


def from_json(data: object, depth: int = 0) -> str:
    """What ``to_json`` made, a Sentence again; ValueError if it is not such data.

    The data may come from a process that read a hostile file, so a template
    must have a value for each of its placeholders, and nesting is bounded.
    """
    if isinstance(data, str):
        return data
    if not isinstance(data, dict) or depth >= MAX_JSON_DEPTH:
        raise ValueError("not a sentence")
    if "number" in data:
        return quantity.from_json(data)
    template, values = data.get("template"), data.get("values")
    if not isinstance(template, str) or not isinstance(values, list):
        raise ValueError("not a sentence")
    numbers = {int(number) for number in _PLACEHOLDER.findall(template)}
    if not numbers <= set(range(1, len(values) + 1)):
        raise ValueError("a placeholder without a value")
    return Sentence(template, *(from_json(value, depth + 1) for value in values))
