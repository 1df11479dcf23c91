"""Sentences made in the core: plain English strings that a window can still translate."""

from __future__ import annotations

import json
import pickle

import pytest

from app.core.sentence import Sentence, from_json, message_of, render, to_json


def test_a_sentence_is_its_english_text() -> None:
    inner = Sentence("%1 of %2 layers", "12", "24")
    outer = Sentence("%1 on the GPU, the rest on the CPU", inner)
    assert outer == "12 of 24 layers on the GPU, the rest on the CPU"
    assert f"Plan: {outer}" == "Plan: 12 of 24 layers on the GPU, the rest on the CPU"


def test_values_are_filled_in_one_pass() -> None:
    # A value that itself contains "%2" is not filled again.
    assert Sentence("%1 and %2", "50 %2", "x") == "50 %2 and x"


def test_render_translates_every_level_and_may_reorder() -> None:
    table = {"%1 of %2 layers": "%2 Schichten, davon %1", "%1 on the GPU": "%1 auf der GPU"}
    text = Sentence("%1 on the GPU", Sentence("%1 of %2 layers", "12", "24"))
    assert render(text, lambda t: table.get(t, t)) == "24 Schichten, davon 12 auf der GPU"
    assert render("plain text", lambda t: "never used") == "plain text"


def test_it_survives_a_trip_to_another_process_and_an_exception() -> None:
    text = Sentence("A context of %1 tokens is not possible.", "0")
    copy = pickle.loads(pickle.dumps(text))
    assert isinstance(copy, Sentence) and copy.template == text.template and copy == text
    assert isinstance(message_of(RuntimeError(text)), Sentence)
    assert message_of(RuntimeError("plain")) == "plain"


def test_it_survives_json_as_template_and_values() -> None:
    text = Sentence("%1 is %2, not text.", "photo.txt", Sentence("a PNG image"))
    copy = from_json(json.loads(json.dumps(to_json(text))))
    assert isinstance(copy, Sentence) and copy == "photo.txt is a PNG image, not text."
    assert copy.template == text.template and copy.values[0] == "photo.txt"
    inner = copy.values[1]
    assert isinstance(inner, Sentence) and inner.template == "a PNG image"
    table = {"%1 is %2, not text.": "%1 ist %2, kein Text.", "a PNG image": "ein PNG-Bild"}
    assert render(copy, lambda t: table.get(t, t)) == "photo.txt ist ein PNG-Bild, kein Text."
    assert to_json("plain") == "plain" and type(to_json(Sentence("x"))) is dict
    plain = from_json("plain")
    assert plain == "plain" and not isinstance(plain, Sentence)


@pytest.mark.parametrize(
    "data",
    [
        5,
        None,
        ["a list"],
        {"template": "%1 and %2", "values": ["only one"]},  # a placeholder without a value
        {"template": "%0", "values": ["x"]},
        {"template": 3, "values": []},
        {"template": "%1", "values": "not a list"},
        {"template": "%1", "values": [7]},
    ],
)
def test_json_that_is_not_a_sentence_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        from_json(data)


def test_json_nested_without_end_is_refused() -> None:
    data: object = "deep"
    for _ in range(100):
        data = {"template": "%1", "values": [data]}
    with pytest.raises(ValueError):
        from_json(data)


def test_the_windows_fill_is_the_same_one_pass_fill() -> None:
    from app.ui.text import fill as window_fill

    # A file called "sale 50%1.pdf" keeps its name, a missing value leaves its placeholder.
    assert window_fill("%1 could not be attached: %2", "notes.md", "sale 50%1.pdf") == (
        "notes.md could not be attached: sale 50%1.pdf"
    )
    assert window_fill("%1 and %3", "a") == "a and %3"
    assert window_fill("%2 %1", 1, 2.5) == "2.5 1"
