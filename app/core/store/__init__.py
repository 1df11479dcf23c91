"""The conversation history: SQLite through sqlite-utils, no Qt, no llama.cpp.

Create one ChatStore per thread, on ``app.core.paths.data_dir() / "lokal.db"``.
"""

from app.core.store.records import (
    MARK_END,
    MARK_START,
    Conversation,
    FinalStatus,
    GenerationStats,
    Role,
    SearchHit,
    Status,
    StoredMessage,
    ToolCall,
)
from app.core.store.search import fts_query
from app.core.store.store import ChatStore, WrongThreadError

__all__ = [
    "MARK_END",
    "MARK_START",
    "ChatStore",
    "Conversation",
    "FinalStatus",
    "GenerationStats",
    "Role",
    "SearchHit",
    "Status",
    "StoredMessage",
    "ToolCall",
    "WrongThreadError",
    "fts_query",
]
