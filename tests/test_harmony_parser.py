"""Tests for the streaming harmony parser (app.core.harmony.parser / markers)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from unittest.mock import patch

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.core.harmony import (
    FORMAT_TOKENS,
    MARKER_RE,
    ContentDelta,
    Conversation,
    HarmonyParseError,
    MarkerFilter,
    Message,
    MessageDone,
    ParseEvent,
    Special,
    StreamParser,
    markers,
    parse_text,
    render_segments,
    render_text,
    strip_markers,
)

Piece = tuple[str, str]  # ("special" | "text", value)

# -- helpers -------------------------------------------------------------------------


def feed_all(parser: StreamParser, pieces: Sequence[Piece], *, finish: bool) -> list[ParseEvent]:
    events: list[ParseEvent] = []
    for kind, value in pieces:
        if kind == "special":
            events += parser.feed_special(value)
        else:
            events += parser.feed_text(value)
    if finish:
        events += parser.finish()
    return events


def pieces_of(segments: Sequence[str | Special]) -> list[Piece]:
    return [("special", s.text) if isinstance(s, Special) else ("text", s) for s in segments]


def deltas_by_message(events: Sequence[ParseEvent]) -> list[tuple[str, Message]]:
    """Pair each MessageDone with the concatenated deltas that preceded it."""
    out: list[tuple[str, Message]] = []
    buffer: list[str] = []
    for event in events:
        if isinstance(event, ContentDelta):
            buffer.append(event.text)
        else:
            out.append(("".join(buffer), event.message))
            buffer = []
    assert not buffer, "deltas left over after finish()"
    return out


# -- focused unit tests --------------------------------------------------------------


def test_reasoning_then_final() -> None:
    parser = StreamParser(role="assistant")
    assert parser.in_header
    events = parser.feed_special("<|channel|>")
    events += parser.feed_text("analysis")
    events += parser.feed_special("<|message|>")
    assert not parser.in_header
    assert parser.current_channel == "analysis"
    events += parser.feed_text("Think")
    events += parser.feed_text("ing.")
    events += parser.feed_special("<|end|>")
    assert parser.current_channel is None
    for piece in ("<|start|>", "assistant", "<|channel|>", "final", "<|message|>", "4"):
        events += parser.feed_special(piece) if piece.startswith("<|") else parser.feed_text(piece)
    assert parser.current_channel == "final"
    events += parser.feed_special("<|return|>")
    assert events == [
        ContentDelta("analysis", None, None, "Think"),
        ContentDelta("analysis", None, None, "ing."),
        MessageDone(Message("assistant", "Thinking.", channel="analysis")),
        ContentDelta("final", None, None, "4"),
        MessageDone(Message("assistant", "4", channel="final")),
    ]
    assert parser.messages == [
        Message("assistant", "Thinking.", channel="analysis"),
        Message("assistant", "4", channel="final"),
    ]


@pytest.mark.parametrize("strict", [True, False])
def test_tool_call_with_constrain_and_call(strict: bool) -> None:
    parser = StreamParser(role="assistant", strict=strict)
    pieces: list[Piece] = [
        ("text", " to=functions.get_weather"),
        ("special", "<|channel|>"),
        ("text", "commentary "),
        ("special", "<|constrain|>"),
        ("text", "json"),
        ("special", "<|message|>"),
        ("text", '{"city": '),
    ]
    events = feed_all(parser, pieces, finish=False)
    assert parser.current_recipient == "functions.get_weather"
    assert parser.current_content_type == "<|constrain|>json"
    events += parser.feed_text('"Paris"}')
    events += parser.feed_special("<|call|>")
    expected = Message(
        "assistant",
        '{"city": "Paris"}',
        channel="commentary",
        recipient="functions.get_weather",
        content_type="<|constrain|>json",
    )
    assert events[-1] == MessageDone(expected)
    assert all(
        isinstance(e, ContentDelta) and e.recipient == "functions.get_weather" for e in events[:-1]
    )
    assert parser.messages == [expected]


def test_finish_closes_unterminated_message() -> None:
    parser = StreamParser(role=None)
    feed_all(parser, pieces_of(render_segments(Conversation(), for_completion=True)), finish=False)
    parser.feed_special("<|channel|>")
    parser.feed_text("final")
    parser.feed_special("<|message|>")
    parser.feed_text("Hello")
    assert parser.messages == []
    assert parser.finish() == [MessageDone(Message("assistant", "Hello", channel="final"))]


def test_marker_text_removed_and_held_back_minimally() -> None:
    parser = StreamParser(role="assistant")
    feed_all(
        parser,
        [("special", "<|channel|>"), ("text", "final"), ("special", "<|message|>")],
        finish=False,
    )
    assert parser.feed_text("a <") == [ContentDelta("final", None, None, "a ")]
    assert parser.feed_text("b") == [ContentDelta("final", None, None, "<b")]
    assert parser.feed_text(" <|re") == [ContentDelta("final", None, None, " ")]
    assert parser.feed_text("turn|") == []
    assert parser.feed_text("> ok") == [ContentDelta("final", None, None, " ok")]
    assert parser.feed_text(" <|") == [ContentDelta("final", None, None, " ")]
    events = parser.feed_special("<|end|>")
    assert events[0] == ContentDelta("final", None, None, "<|")
    assert parser.messages[-1].content == "a <b  ok <|"


def test_strict_keeps_content_byte_exact() -> None:
    parser = StreamParser(role="assistant", strict=True)
    feed_all(parser, [("special", "<|message|>"), ("text", "x <|end|> y")], finish=True)
    assert parser.messages == [Message("assistant", "x <|end|> y")]


def test_strict_rejects_text_before_start() -> None:
    with pytest.raises(HarmonyParseError):
        StreamParser(role=None, strict=True).feed_text("hello")
    with pytest.raises(HarmonyParseError, match="Unexpected EOS"):
        parse_text("<|start|>assistant", role=None, strict=True, end_of_stream=True)


def test_tolerant_ignores_unknown_specials_and_restarts() -> None:
    text = (
        "<|reserved_200013|><|channel|>analysis<|endoftext|><|message|>a<|startoftext|>b"
        "<|start|>assistant<|channel|>final<|start|>assistant<|channel|>final<|message|>c<|end|>"
    )
    assert parse_text(text, role="assistant", strict=False) == [
        Message("assistant", "ab", channel="analysis"),
        Message("assistant", "c", channel="final"),
    ]


def test_tolerant_never_raises_on_bad_headers() -> None:
    assert parse_text("junk<|start|><|message|>x<|end|>", role=None, strict=False) == [
        Message("assistant", "x")
    ]
    assert parse_text(
        "<|channel|> to=functions.f extra words json<|message|>{}<|call|>", strict=False
    ) == [Message("assistant", "{}", recipient="functions.f", content_type="json")]


def test_marker_filter_nested_and_strip() -> None:
    assert strip_markers("<|a<|b|>|>x") == "x"
    assert strip_markers("a<|end|>b<||>c") == "ab<||>c"
    marker_filter = MarkerFilter()
    assert marker_filter.feed("<|x") == ""
    assert marker_filter.pending == "<|x"
    assert marker_filter.feed(" y") == "<|x y"


# -- property tests ------------------------------------------------------------------

SPECIAL_CHOICES = [
    *FORMAT_TOKENS,
    "<|endoftext|>",
    "<|startoftext|>",
    "<|reserved_200013|>",
    "<|x|>",
]
MARKER_TEXTS = ["<|end|>", "<|start|>", "<|return|>", "<|channel|>", "<|a_1|>", "<|<|b|>|>"]
HEADER_WORDS = ["assistant", "user", "analysis", "final", "to=functions.f", " ", "json", "x"]


@st.composite
def split_text(draw: st.DrawFn, text: str) -> list[Piece]:
    """``text`` as consecutive text pieces, cut at random points."""
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=4)))
    bounds = [0, *[c for c in cuts if c < len(text)], len(text)]
    return [("text", text[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


@st.composite
def chunk_pieces(draw: st.DrawFn) -> list[Piece]:
    choice = draw(st.integers(0, 3))
    if choice == 0:
        return [("special", draw(st.sampled_from(SPECIAL_CHOICES)))]
    if choice == 1:
        return [("text", draw(st.text(max_size=12)))]
    if choice == 2:
        marker = draw(st.sampled_from(MARKER_TEXTS))
        return list(draw(split_text(draw(st.text("<|ab", max_size=3)) + marker)))
    return [("text", draw(st.sampled_from(HEADER_WORDS)))]


messages_strategy = st.lists(
    st.builds(
        Message,
        role=st.just("assistant"),
        content=st.text(max_size=20),
        channel=st.one_of(st.none(), st.from_regex(r"[a-z]{1,8}", fullmatch=True)),
    ),
    max_size=3,
)


@st.composite
def truncated_completion(draw: st.DrawFn) -> list[Piece]:
    conv = Conversation(messages=tuple(draw(messages_strategy)))
    pieces = pieces_of(render_segments(conv, for_completion=False))
    cut = draw(st.integers(0, len(pieces)))
    pieces = pieces[:cut]
    if pieces and pieces[-1][0] == "text":
        text = pieces[-1][1]
        pieces[-1] = ("text", text[: draw(st.integers(0, len(text)))])
    return pieces


any_stream = st.one_of(
    st.lists(chunk_pieces(), max_size=25).map(lambda groups: [p for g in groups for p in g]),
    truncated_completion(),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=any_stream, role=st.sampled_from([None, "assistant"]))
def test_tolerant_parser_is_total_and_never_shows_markers(
    pieces: list[Piece], role: str | None
) -> None:
    parser = StreamParser(role=role, strict=False)
    events = feed_all(parser, pieces, finish=True)
    for event in events:
        if isinstance(event, ContentDelta):
            assert not MARKER_RE.search(event.text)
    pairs = deltas_by_message(events)
    assert [m for _, m in pairs] == parser.messages
    for streamed, message in pairs:
        assert streamed == message.content
        assert not MARKER_RE.search(message.content)


@settings(max_examples=200, deadline=None)
@given(pieces=any_stream, role=st.sampled_from([None, "assistant"]), data=st.data())
def test_tolerant_result_does_not_depend_on_chunking(
    pieces: list[Piece], role: str | None, data: st.DataObject
) -> None:
    whole = StreamParser(role=role, strict=False)
    feed_all(whole, pieces, finish=True)
    rechunked: list[Piece] = []
    for kind, value in pieces:
        if kind == "text":
            rechunked += (
                [("text", ch) for ch in value] if data.draw(st.booleans()) else [("text", value)]
            )
        else:
            rechunked.append((kind, value))
    chunked = StreamParser(role=role, strict=False)
    feed_all(chunked, rechunked, finish=True)
    assert chunked.messages == whole.messages


@st.composite
def assistant_message(draw: st.DrawFn) -> Message:
    recipient = draw(st.one_of(st.none(), st.from_regex(r"functions\.[a-z_]{1,8}", fullmatch=True)))
    content_type = None
    if recipient is not None:
        content_type = draw(st.sampled_from([None, "<|constrain|>json", "json", "code"]))
    return Message(
        role="assistant",
        content=draw(st.text(max_size=30)),
        channel=draw(st.one_of(st.none(), st.sampled_from(["analysis", "commentary", "final"]))),
        recipient=recipient,
        content_type=content_type,
    )


@settings(max_examples=300, deadline=None)
@given(messages=st.lists(assistant_message(), min_size=1, max_size=4), data=st.data())
def test_render_parse_round_trip(messages: list[Message], data: st.DataObject) -> None:
    conv = Conversation(messages=tuple(messages))
    pieces = pieces_of(render_segments(conv, for_completion=False, auto_drop_analysis=False))
    char_pieces: list[Piece] = []
    for kind, value in pieces:
        char_pieces += [("text", c) for c in value] if kind == "text" else [(kind, value)]
    stream = data.draw(st.sampled_from([pieces, char_pieces]))

    strict = StreamParser(role=None, strict=True)
    feed_all(strict, stream, finish=True)
    assert strict.messages == messages

    tolerant = StreamParser(role=None, strict=False)
    feed_all(tolerant, stream, finish=True)
    expected = [
        Message(m.role, strip_markers(m.content), m.channel, m.recipient, m.content_type)
        for m in messages
    ]
    assert tolerant.messages == expected

    if not any(MARKER_RE.search(m.content) for m in messages):
        text = render_text(conv, for_completion=False, auto_drop_analysis=False)
        assert parse_text(text, role=None, strict=True) == messages


def _reference_strip(text: str) -> str:
    """Plain stack semantics: append each char, drop a marker whenever one ends the output."""
    out = ""
    for char in text:
        out += char
        match = MARKER_RE.search(out[-80:])
        if match and out.endswith(match.group(0)) and char == ">":
            out = out[: len(out) - len(match.group(0))]
    return out


marker_soup = st.text(alphabet="<|ab_>x ", max_size=60)


@settings(max_examples=300, deadline=None)
@given(text=marker_soup, data=st.data())
def test_marker_filter_matches_stack_semantics(text: str, data: st.DataObject) -> None:
    pieces = data.draw(split_text(text))
    marker_filter = MarkerFilter()
    out = [marker_filter.feed(value) for _, value in pieces] + [marker_filter.flush()]
    assert "".join(out) == _reference_strip(text) == strip_markers(text)
    assert not MARKER_RE.search("".join(out))


@settings(max_examples=300, deadline=None)
@given(text=marker_soup, data=st.data())
def test_marker_filter_bounded_hold_never_shows_markers(text: str, data: st.DataObject) -> None:
    pieces = data.draw(split_text(text))
    with patch.object(markers, "MAX_HELD", 3):
        marker_filter = MarkerFilter()
        out = []
        for _, value in pieces:
            out.append(marker_filter.feed(value))
            assert len(marker_filter.pending) <= 4
        out.append(marker_filter.flush())
        whole = MarkerFilter()
        expected = whole.feed(text) + whole.flush()
    assert not MARKER_RE.search("".join(out))
    assert "".join(out) == expected  # chunking does not matter


def test_marker_filter_long_runs_keep_flowing() -> None:
    marker_filter = MarkerFilter()
    released = marker_filter.feed("<" * 1000)
    assert len(released) >= 1000 - markers.MAX_HELD
    assert released + marker_filter.feed("x") == "<" * 1000 + "x"


# Header-shaped streams: channels named twice, markers spelled in text where names go.
NAME_TRAPS = [
    "to=",
    "to=<|end|>",
    "to=functions.f<|x|>",
    "<|channel|>final",
    "<|",
    "|>",
    "analysis",
    "final",
    "commentary",
    " ",
    "functions.f",
    "<|constrain|>json",
]
header_heavy_stream = st.lists(
    st.one_of(
        st.sampled_from(
            [("special", s) for s in ("<|channel|>", "<|message|>", "<|start|>", "<|constrain|>")]
        ),
        st.sampled_from([("special", s) for s in SPECIAL_CHOICES]),
        st.sampled_from([("text", w) for w in NAME_TRAPS + HEADER_WORDS]),
    ),
    max_size=30,
)


def names_are_clean(*names: str | None) -> bool:
    return all(name is None or (name and "<|" not in name) for name in names)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.one_of(any_stream, header_heavy_stream), role=st.sampled_from([None, "assistant"]))
def test_no_channel_recipient_or_author_ever_holds_a_marker(
    pieces: list[Piece], role: str | None
) -> None:
    parser = StreamParser(role=role, strict=False)
    events = []
    for kind, value in pieces:
        events += parser.feed_special(value) if kind == "special" else parser.feed_text(value)
        assert names_are_clean(parser.current_channel, parser.current_recipient)
    events += parser.finish()
    for event in events:
        if isinstance(event, ContentDelta):
            assert names_are_clean(event.channel, event.recipient)
    for message in parser.messages:
        assert names_are_clean(message.channel, message.recipient, message.author_name), message


def test_a_header_naming_two_channels_is_on_the_last_and_calls_no_one() -> None:
    parser = StreamParser(role="assistant", strict=False)
    pieces: list[Piece] = [
        ("special", "<|channel|>"),
        ("text", "analysis"),
        ("special", "<|channel|>"),
        ("text", "final"),
        ("special", "<|message|>"),
        ("text", "hi there"),
    ]
    events = feed_all(parser, pieces, finish=False)
    assert (parser.current_channel, parser.current_recipient) == ("final", None)
    assert events == [ContentDelta("final", None, None, "hi there")]
    # The reference reading, kept in strict mode: a call to "<|channel|>final".
    strict = parse_text("<|channel|>analysis<|channel|>final<|message|>hi<|end|>", strict=True)
    assert strict[0].recipient == "<|channel|>final"
