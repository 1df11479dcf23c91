"""FTS5 queries from a person's question: a phrase first, then its words OR'ed.

Whatever the question holds (quotes, NEAR(, -, *, AND, column filters) ends up
inside FTS5 strings, where it is only text, so a query is never a syntax error
and can never be an instruction to the search engine.
"""

from __future__ import annotations

import re

# Words that say nothing about which passage is meant. Dropped from the OR'ed
# query (BM25 would weigh them little, but they still pull in every chunk).
_STOPWORDS_TEXT = """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing done down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would you
    your yours yourself yourselves tell please say says said get got much many also may
    might must shall let lets doesn don isn s t
    """
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_QUOTED = re.compile(r"[\"“”„«»]([^\"“”„«»]{3,200})[\"“”„«»]")


def _quote(text: str) -> str:
    # FTS5 escapes a double quote inside a string by doubling it.
    return '"' + text.replace('"', '""') + '"'


def _tokens(text: str) -> list[str]:
    # NUL ends the string inside FTS5's parser; lone surrogates cannot reach SQLite.
    cleaned = text.replace("\x00", " ").encode("utf-8", "ignore").decode("utf-8")
    return [token.lower() for token in _TOKEN.findall(cleaned)]


def phrase_queries(question: str) -> list[str]:
    """Phrases worth trying first: anything the question quotes, then the whole question."""
    phrases = [match.group(1) for match in _QUOTED.finditer(question)]
    phrases.append(question)
    queries: list[str] = []
    for phrase in phrases:
        tokens = _tokens(phrase)
        if len(tokens) >= 2:
            query = _quote(" ".join(tokens))
            if query not in queries:
                queries.append(query)
    return queries


def terms_query(question: str) -> str | None:
    """The question's words OR'ed (without stopwords, unless that leaves none)."""
    tokens = _tokens(question)
    words = [t for t in tokens if t not in STOPWORDS] or tokens
    unique = list(dict.fromkeys(words))
    if not unique:
        return None
    return " OR ".join(_quote(word) for word in unique)
