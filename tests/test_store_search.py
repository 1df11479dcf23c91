"""Full-text search: finds words anywhere, and no input is ever an error."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.core.store import MARK_END, MARK_START, ChatStore, SearchHit, fts_query


@pytest.fixture(scope="module")
def store() -> Iterator[ChatStore]:
    with ChatStore(":memory:") as store:
        birds = store.create_conversation("Birds").id
        question = store.add_user_message(birds, "Why do puffins have colourful beaks?")
        started = store.start_assistant_message(birds, question.id, "medium", None, None)
        store.finish_assistant_message(
            started.id,
            "complete",
            analysis="The user asks about seabird courtship displays.",
            content="Puffins grow bright beak plates for the breeding season.",
        )
        travel = store.create_conversation("Travel").id
        store.add_user_message(travel, "Where can I see puffins in Iceland? Café tips too")
        store.add_user_message(travel, "東京タワー の 高さ は？ and the naïve question: 'quotes'")
        yield store


def titles(hits: list[SearchHit]) -> list[str]:
    return sorted(hit.title for hit in hits)


def test_finds_words_across_conversations(store: ChatStore) -> None:
    assert titles(store.search("puffins")) == ["Birds", "Birds", "Travel"]
    assert titles(store.search("PUFFINS iceland")) == ["Travel"]  # words are ANDed


def test_searches_user_text_answers_and_reasoning(store: ChatStore) -> None:
    (user,) = store.search("colourful")
    (final,) = store.search("breeding")
    (reasoning,) = store.search("courtship")
    assert store.get_message(user.message_id).role == "user"
    assert final.message_id == reasoning.message_id
    assert store.get_message(final.message_id).role == "assistant"


def test_the_last_word_matches_as_a_prefix(store: ChatStore) -> None:
    assert titles(store.search("seab")) == ["Birds"]
    assert store.search("seab courtship") == []  # only the last word is a prefix
    assert store.search("seab ") == []  # a space after it: the word is finished
    assert store.search("se") == []  # two letters start too many words to be a prefix
    assert titles(store.search("sea")) == ["Birds"]


def test_accents_and_unicode(store: ChatStore) -> None:
    assert titles(store.search("cafe")) == ["Travel"]
    assert titles(store.search("naive")) == ["Travel"]
    assert titles(store.search("東京")) == ["Travel"]


def test_snippets_mark_the_matches(store: ChatStore) -> None:
    (hit,) = store.search("iceland")
    assert f"{MARK_START}Iceland{MARK_END}" in hit.snippet_with_marks
    assert ("Iceland", True) in hit.parts()
    assert "".join(text for text, _ in hit.parts()) == hit.snippet_with_marks.replace(
        MARK_START, ""
    ).replace(MARK_END, "")


HOSTILE = [
    '"',
    '""',
    "*",
    "puffins*",
    "NEAR(",
    "NEAR(puffins iceland",
    "-",
    "-puffins",
    "'",
    "'quotes'",
    "",
    "   ",
    "AND",
    "puffins OR",
    "NOT puffins",
    "title:puffins",
    "^puffins",
    "(puffins",
    "puffins)",
    "{a b}: puffins",
    "a\x00b",
    "\ud800",
    "🐧",
    "Ωμέγα",
    '"puffins" "',
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_queries_are_never_an_error(store: ChatStore, query: str) -> None:
    assert isinstance(store.search(query), list)


def test_operators_are_plain_words(store: ChatStore) -> None:
    assert store.search("-puffins") == store.search("puffins")
    assert titles(store.search("'quotes'")) == ["Travel"]
    assert store.search("NOT puffins") == []  # "not" is just a word, found nowhere
    assert store.search("") == []
    assert fts_query('say "hi"') == '"say" """hi"""'
    assert fts_query('say "hit"') == '"say" """hit"""*'


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_is_a_valid_query(store: ChatStore, query: str) -> None:
    store.search(query)


def test_a_streaming_answer_is_found_once_it_ends(store: ChatStore) -> None:
    chat = store.create_conversation("Streaming").id
    question = store.add_user_message(chat, "tell me about narwhals")
    started = store.start_assistant_message(chat, question.id, "low", None, None)
    store.update_streaming(started.id, "tusks", "narwhal tusks are teeth", [])
    assert [hit.message_id for hit in store.search("narwhal")] == [question.id]
    store.finish_assistant_message(started.id, "cancelled")
    assert {hit.message_id for hit in store.search("narwhal")} == {question.id, started.id}
    store.delete_conversation(chat)
    assert store.search("narwhal") == []
    store.db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('integrity-check')")
