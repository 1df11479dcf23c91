"""Full-text search over every conversation: whatever the user types is a valid query."""

from __future__ import annotations

from sqlite_utils import Database

from app.core.store.records import MARK_END, MARK_START, SearchHit

SNIPPET_TOKENS = 16
MIN_PREFIX = 3  # the schema's prefix='3' index makes these fast


def fts_query(text: str) -> str | None:
    """Turn a search-box string into an FTS5 query that cannot be a syntax error.

    Every whitespace-separated word becomes a quoted string (FTS5 escapes a
    quote by doubling it), so operators such as NEAR(, -, *, AND, OR and
    column filters are just text; the words are ANDed. The last word is a
    prefix, so results appear while the user is still typing it, unless a
    space after it says it is finished or it is shorter than MIN_PREFIX:
    one or two letters start most words, and merging all their lists takes
    100 ms and more at 100,000 messages. Words with no letter or digit
    would tokenize to nothing and are dropped. None: nothing to search.
    """
    # NUL ends the string inside FTS5's parser ("unterminated string"), and a
    # lone surrogate cannot be encoded for SQLite at all.
    cleaned = text.replace("\x00", " ").encode("utf-8", "ignore").decode("utf-8")
    words = [word for word in cleaned.split() if any(ch.isalnum() for ch in word)]
    if not words:
        return None
    quoted = ['"' + word.replace('"', '""') + '"' for word in words]
    # Measured in UTF-8 bytes: three Latin letters, or one CJK character
    # (which says as much, and the tokenizer keeps CJK runs as one word).
    alphanumeric = "".join(ch for ch in words[-1] if ch.isalnum())
    if not cleaned[-1].isspace() and len(alphanumeric.encode()) >= MIN_PREFIX:
        quoted[-1] += "*"
    return " ".join(quoted)


# Newest first, not best first: FTS5 reads its lists in rowid order and can
# stop after `limit` rows, about 1 ms however many messages match; ranking by
# bm25 scores every match first (0.1-0.6 s for a common word at 100,000
# messages). Message ids grow with time, so rowid order is age. snippet()
# runs for the returned rows only; the join adds the titles.
_SEARCH_SQL = """
WITH hits AS (
    SELECT rowid AS message_id,
           snippet(messages_fts, -1, :start, :end, '…', :tokens) AS snippet
    FROM messages_fts
    WHERE messages_fts MATCH :query
    ORDER BY rowid DESC
    LIMIT :limit
)
SELECT m.conversation_id, hits.message_id, c.title, hits.snippet
FROM hits
JOIN messages AS m ON m.id = hits.message_id
JOIN conversations AS c ON c.id = m.conversation_id
ORDER BY hits.message_id DESC
"""


def search_messages(db: Database, text: str, limit: int = 50) -> list[SearchHit]:
    """Newest first, in user text, answers and reasoning (not answers still streaming)."""
    query = fts_query(text)
    if query is None or limit <= 0:
        return []
    params = {
        "query": query,
        "limit": limit,
        "start": MARK_START,
        "end": MARK_END,
        "tokens": SNIPPET_TOKENS,
    }
    return [SearchHit(*row) for row in db.execute(_SEARCH_SQL, params).fetchall()]
