"""Sentences made in the core: plain English strings that a window can still translate."""

from __future__ import annotations

import pickle

from app.core.sentence import Sentence, message_of, render


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
