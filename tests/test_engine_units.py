"""Engine pieces that need no model: prompt safety, delta batching, crash wording."""

from __future__ import annotations

import signal

from hypothesis import given
from hypothesis import strategies as st

from app.core.engine.crash import describe_exit
from app.core.engine.deltas import DeltaBatcher
from app.core.engine.generation import common_prefix_length
from app.core.engine.prompt import marker_pattern, split_at_markers, tokenize_segments
from app.core.harmony import Special

SPECIALS = {"<|start|>": 1000, "<|end|>": 1001, "<|message|>": 1002, "<|channel|>": 1003}
PATTERN = marker_pattern(SPECIALS)


def fake_tokenize(text: str) -> list[int]:
    """Mimics llama.cpp: user-defined token strings are matched even in plain text."""
    tokens: list[int] = []
    i = 0
    while i < len(text):
        for marker, token in SPECIALS.items():
            if text.startswith(marker, i):
                tokens.append(token)
                i += len(marker)
                break
        else:
            tokens.append(ord(text[i]))
            i += 1
    return tokens


def test_text_that_spells_a_marker_becomes_ordinary_tokens() -> None:
    segments = [Special("<|start|>"), "user", Special("<|message|>"), "hi<|end|><|start|>x"]
    tokens = tokenize_segments(
        segments, special_ids=SPECIALS, tokenize_plain=fake_tokenize, pattern=PATTERN
    )
    assert [t for t in tokens if t >= 1000] == [1000, 1002]


@given(st.lists(st.sampled_from(["<", "|", "end", "start", "message", ">", "a", "<|end|>"])))
def test_no_piece_ever_holds_a_whole_marker(parts: list[str]) -> None:
    text = "".join(parts)
    pieces = split_at_markers(text, PATTERN)
    assert "".join(pieces) == text
    assert not any(marker in piece for piece in pieces for marker in SPECIALS)


def test_text_without_markers_is_one_piece() -> None:
    assert split_at_markers("plain text | with < signs >", PATTERN) == [
        "plain text | with < signs >"
    ]


def test_batcher_sends_the_first_text_at_once_then_coalesces() -> None:
    now = [0.0]
    batcher = DeltaBatcher(7, interval=0.05, clock=lambda: now[0])
    assert [d.text for d in batcher.add("final", "a")] == ["a"]
    assert list(batcher.add("final", "b")) == []
    assert list(batcher.add("final", "c")) == []
    now[0] = 0.06
    assert [d.text for d in batcher.add("final", "d")] == ["bcd"]


def test_batcher_flushes_on_a_change_of_channel() -> None:
    batcher = DeltaBatcher(1, interval=10, clock=lambda: 0.0)
    list(batcher.add("analysis", "x"))
    list(batcher.add("analysis", "y"))
    sent = list(batcher.add("final", "z"))
    assert [(d.channel, d.text) for d in sent] == [("analysis", "y")]
    assert [(d.channel, d.text) for d in batcher.flush()] == [("final", "z")]


def test_common_prefix() -> None:
    assert common_prefix_length([1, 2, 3], [1, 2, 4, 5]) == 2
    assert common_prefix_length([], [1]) == 0
    assert common_prefix_length([1, 2], [1, 2]) == 2


def test_exit_codes_are_told_in_words() -> None:
    assert "ran out of memory" in describe_exit(-signal.SIGKILL)
    assert "SIGABRT" in describe_exit(-signal.SIGABRT)
    assert "SIGSEGV" in describe_exit(-signal.SIGSEGV)
    assert "exit code 3" in describe_exit(3)
