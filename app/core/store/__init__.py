"""The conversation history: SQLite through sqlite-utils, no Qt, no llama.cpp.

Create one ChatStore per thread, on ``app.core.paths.data_dir() / "lokal.db"``.
"""

from app.core.store.records import (
    MARK_END,
    MARK_START,
    Branch,
    Conversation,
    FinalStatus,
    GenerationStats,
    Role,
    SearchHit,
    Status,
    StoredMessage,
    ToolCall,
    context_used,
)
from app.core.store.search import fts_query
from app.core.store.store import ChatStore, WrongThreadError

__all__ = [
    "MARK_END",
    "MARK_START",
    "Branch",
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
    "context_used",
    "fts_query",
]
