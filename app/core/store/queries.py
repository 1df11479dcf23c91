"""The SQL behind ChatStore's reads, named, so the methods read as what they do."""

from __future__ import annotations

from dataclasses import fields

from app.core.store.records import StoredMessage

# Exactly StoredMessage's fields, so a column added by a later migration
# does not break StoredMessage.from_row.
COLUMNS = ", ".join(f"messages.{field.name}" for field in fields(StoredMessage))

CONVERSATIONS_NEWEST_FIRST = "SELECT * FROM conversations ORDER BY updated_at DESC, id DESC"

# Only while streaming: a late update cannot overwrite a finished answer.
UPDATE_STREAMING = (
    "UPDATE messages SET analysis = ?, content = ?, tool_calls = ?, updated_at = ? "
    "WHERE id = ? AND status = 'streaming'"
)

# Children are always newer than their parents (ids grow with insertion), so
# the largest id in a conversation, or under a message, is a leaf.
NEWEST_IN_CONVERSATION = "SELECT max(id) AS id FROM messages WHERE conversation_id = ?"
NEWEST_BELOW = """
WITH RECURSIVE below(id) AS (
    SELECT id FROM messages WHERE id = ? UNION ALL
    SELECT messages.id FROM messages JOIN below ON messages.parent_id = below.id
)
SELECT max(id) AS id FROM below
"""
PATH_TO_ROOT = f"""
WITH RECURSIVE path(id, depth) AS (
    SELECT ?, 0 UNION ALL
    SELECT messages.parent_id, path.depth + 1 FROM messages JOIN path ON messages.id = path.id
    WHERE messages.parent_id IS NOT NULL
)
SELECT {COLUMNS} FROM path JOIN messages ON messages.id = path.id ORDER BY path.depth DESC
"""
SIBLINGS = (
    f"SELECT {COLUMNS} FROM messages WHERE conversation_id = ? AND parent_id IS ? ORDER BY id"
)
ALL_IN = f"SELECT {COLUMNS} FROM messages WHERE conversation_id = ? ORDER BY id"

IDS_AND_PARENTS = "SELECT id, parent_id FROM messages WHERE conversation_id = ? ORDER BY id"

PATH_IDS_TO_ROOT = """
WITH RECURSIVE path(id, depth) AS (
    SELECT ?, 0 UNION ALL
    SELECT messages.parent_id, path.depth + 1 FROM messages JOIN path ON messages.id = path.id
    WHERE messages.parent_id IS NOT NULL
)
SELECT id FROM path ORDER BY depth DESC
"""
