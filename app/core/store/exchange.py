"""Export a conversation (JSON-ready dict, or Markdown to read) and import the dict back."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import fields
from typing import Any, Final

from sqlite_utils import Database

from app.core.sentence import QT_TRANSLATE_NOOP, fill
from app.core.store.connection import insert, write_transaction
from app.core.store.records import (
    Conversation,
    StoredMessage,
    ToolCall,
    from_text,
    to_text,
    tool_calls_to_json,
)

FORMAT: Final = "lokal.conversation"
VERSION: Final = 1
ROLES: Final = ("user", "assistant", "tool")


def message_to_json(message: StoredMessage) -> dict[str, Any]:
    data = {field.name: getattr(message, field.name) for field in fields(StoredMessage)}
    data["tool_calls"] = [call.to_json() for call in message.tool_calls]
    data["sampling"] = None if message.sampling is None else dict(message.sampling)
    data["tool_meta"] = None if message.tool_meta is None else dict(message.tool_meta)
    data["created_at"] = to_text(message.created_at)
    data["updated_at"] = to_text(message.updated_at)
    return data


def conversation_to_json(
    conversation: Conversation, messages: Sequence[StoredMessage]
) -> dict[str, Any]:
    """Everything: every branch of the tree, every channel, stat and setting."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "conversation": {
            "id": conversation.id,
            "title": conversation.title,
            "created_at": to_text(conversation.created_at),
            "updated_at": to_text(conversation.updated_at),
        },
        "messages": [message_to_json(message) for message in messages],
    }


def import_json(db: Database, data: dict[str, Any]) -> int:
    """Insert an exported conversation; returns its id.

    Ids are kept when none of them is taken (a round trip into another
    database gives back the same export); otherwise the conversation and its
    messages get fresh ids, with the tree's parent links remapped.
    """
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise ValueError(f"not a {FORMAT} version {VERSION} export")
    source = data["conversation"]
    # Parents were always created before their children, so id order is tree order.
    messages = sorted(data["messages"], key=lambda message: message["id"])
    with write_transaction(db):
        keep_ids = _ids_free(db, source["id"], [message["id"] for message in messages])
        row = {
            "title": source["title"],
            "created_at": to_text(from_text(source["created_at"])),
            "updated_at": to_text(from_text(source["updated_at"])),
        }
        if keep_ids:
            row["id"] = source["id"]
        conversation_id = insert(db, "conversations", row)
        new_ids: dict[int, int] = {}
        for message in messages:
            row = _message_row(message, conversation_id, new_ids)
            if not keep_ids:
                del row["id"]
            new_ids[message["id"]] = insert(db, "messages", row)
    return conversation_id


def _ids_free(db: Database, conversation_id: int, message_ids: list[int]) -> bool:
    if db.execute("SELECT 1 FROM conversations WHERE id = ?", [conversation_id]).fetchone():
        return False
    taken = db.execute(
        "SELECT count(*) FROM messages WHERE id IN (SELECT value FROM json_each(?))",
        [json.dumps(message_ids)],
    ).fetchone()[0]
    return taken == 0


def _message_row(
    message: dict[str, Any], conversation_id: int, new_ids: dict[int, int]
) -> dict[str, Any]:
    if message["role"] not in ROLES:
        raise ValueError(f"unknown role {message['role']!r}")
    parent = message["parent_id"]
    if parent is not None and parent not in new_ids:
        raise ValueError(f"message {message['id']} comes before its parent {parent}")
    # Exports made before tool messages existed lack their two fields.
    row = {field.name: message.get(field.name) for field in fields(StoredMessage)}
    row["conversation_id"] = conversation_id
    row["parent_id"] = None if parent is None else new_ids[parent]
    row["tool_calls"] = tool_calls_to_json(ToolCall(**call) for call in message["tool_calls"])
    row["sampling"] = None if message["sampling"] is None else json.dumps(message["sampling"])
    meta = message.get("tool_meta")
    row["tool_meta"] = None if meta is None else json.dumps(meta, ensure_ascii=False)
    row["created_at"] = to_text(from_text(message["created_at"]))
    row["updated_at"] = to_text(from_text(message["updated_at"]))
    # An export taken mid-answer holds a streaming row; nothing will finish it here.
    if row["status"] == "streaming":
        row["status"] = "interrupted"
    return row


def to_markdown(
    conversation: Conversation,
    thread: Sequence[StoredMessage],
    translate: Callable[[str], str] = lambda template: template,
) -> str:
    """One branch (the thread) as Markdown: reasoning folded away, tool calls as code.

    ``translate`` puts the headings in the reader's language (the window passes Qt's
    translation of the "core" context, app/core/sentence.py)."""

    def words(template: str, *values: str) -> str:
        return fill(translate(template), values)

    parts = [f"# {conversation.title}"]
    for message in thread:
        if message.role == "tool":
            parts.append(_tool_markdown(message, words))
            continue
        you, assistant = QT_TRANSLATE_NOOP("core", "You"), QT_TRANSLATE_NOOP("core", "Assistant")
        parts.append("## " + words(you if message.role == "user" else assistant))
        if message.analysis:
            summary = words(QT_TRANSLATE_NOOP("core", "Reasoning"))
            parts.append(
                f"<details><summary>{summary}</summary>\n\n{message.analysis}\n\n</details>"
            )
        for call in message.tool_calls:
            lead = words(QT_TRANSLATE_NOOP("core", "Tool call to %1:"), f"`{call.recipient}`")
            parts.append(f"{lead}\n\n{_fenced(call.arguments)}")
        if message.content:
            parts.append(message.content)
        if message.status not in ("complete", "streaming"):
            status = words(_STATUS.get(message.status, message.status))
            detail = f": {message.error}" if message.error else ""
            parts.append(f"_({status}{detail})_")
    return "\n\n".join(parts) + "\n"


_STATUS = {
    "cancelled": QT_TRANSLATE_NOOP("core", "stopped"),
    "interrupted": QT_TRANSLATE_NOOP("core", "interrupted"),
    "error": QT_TRANSLATE_NOOP("core", "failed"),
}


def _tool_markdown(message: StoredMessage, words: Callable[..., str]) -> str:
    meta = dict(message.tool_meta or {})
    name = f"{meta.get('server', '')} › {meta.get('tool', '')}".strip(" ›") or message.author
    approved_by = meta.get("approved_by")
    facts = (
        [words(QT_TRANSLATE_NOOP("core", "approved: %1"), str(approved_by))] if approved_by else []
    )
    if isinstance(meta.get("duration_s"), int | float):
        facts.append(f"{meta['duration_s']:.2f} s")
    if message.error:
        facts.append(words(QT_TRANSLATE_NOOP("core", "error: %1"), message.error))
    summary = words(QT_TRANSLATE_NOOP("core", "Tool result from %1"), f"`{name}`") + (
        f" ({', '.join(f for f in facts if f)})" if any(facts) else ""
    )
    return f"<details><summary>{summary}</summary>\n\n{_fenced(message.content)}\n\n</details>"


def _fenced(text: str) -> str:
    # A fence longer than any backtick run inside cannot be closed by the text.
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}\n{text}\n{fence}"
