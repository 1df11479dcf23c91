"""ChatStore: the conversation history, one short method per thing the app does.

One ChatStore per thread. SQLite connections must not be shared between
threads, so the UI thread and each generation worker open their own
ChatStore on the same file (WAL lets them read and write at once); a store
used from any other thread than the one that created it raises
WrongThreadError.

The life of an answer, so that a crash loses at most one update interval:
``start_assistant_message`` commits a ``streaming`` row before generation
starts, ``update_streaming`` commits the growing text every <= 250 ms, and
``finish_assistant_message`` sets the final status and numbers. Rows still
``streaming`` when the app starts are answers a crash cut short:
``mark_interrupted_on_startup`` marks them ``interrupted``.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

from app.core.store import queries as q
from app.core.store.connection import (
    checkpoint_truncate,
    fetch_all,
    fetch_one,
    insert,
    open_database,
    write_transaction,
)
from app.core.store.exchange import conversation_to_json, import_json, to_markdown
from app.core.store.records import (
    FINAL_STATUSES,
    Branch,
    Conversation,
    FinalStatus,
    GenerationStats,
    Role,
    SearchHit,
    StoredMessage,
    ToolCall,
    now,
    to_text,
    tool_calls_to_json,
)
from app.core.store.search import search_messages


class WrongThreadError(RuntimeError):
    """A ChatStore was used from a thread other than the one that created it."""


class ChatStore:
    """The history in one SQLite file, for the thread that creates it (see above)."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Open the history at ``path`` (``":memory:"`` for tests), migrating it if needed."""
        self._owner = threading.get_ident()
        self._database = open_database(path)

    @property
    def db(self) -> Database:
        """The connection, for this thread only (every method goes through here)."""
        if threading.get_ident() != self._owner:
            raise WrongThreadError("a ChatStore belongs to the thread that created it")
        return self._database

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> ChatStore:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- conversations -----------------------------------------------------

    def create_conversation(
        self, title: str = "New chat", *, auto_title: bool = False
    ) -> Conversation:
        """``auto_title``: ``title`` is a placeholder, and the first question names it
        (see ``title_from_question``)."""
        stamp = to_text(now())
        row = {
            "title": title,
            "created_at": stamp,
            "updated_at": stamp,
            "auto_title": int(auto_title),
        }
        return self.get_conversation(insert(self.db, "conversations", row))

    def title_from_question(self, conversation_id: int, title: str) -> bool:
        """Name a conversation that still has its placeholder title; True if it was."""
        cursor = self.db.execute(
            "UPDATE conversations SET title = ?, auto_title = 0 WHERE id = ? AND auto_title = 1",
            [title, conversation_id],
        )
        return cursor.rowcount == 1

    def get_conversation(self, conversation_id: int) -> Conversation:
        row = fetch_one(self.db, "SELECT * FROM conversations WHERE id = ?", conversation_id)
        if row is None:
            raise KeyError(f"no conversation {conversation_id}")
        return Conversation.from_row(row)

    def rename_conversation(self, conversation_id: int, title: str) -> Conversation:
        # updated_at means "last message"; renaming does not move it up the list.
        # A name the person gave stays: the first question no longer replaces it.
        self.db.execute(
            "UPDATE conversations SET title = ?, auto_title = 0 WHERE id = ?",
            [title, conversation_id],
        )
        return self.get_conversation(conversation_id)

    def set_preset(self, conversation_id: int, name: str | None) -> None:
        """The preset chosen for this conversation (None: none)."""
        with write_transaction(self.db):
            self.db.execute(
                "UPDATE conversations SET preset = ? WHERE id = ?", [name, conversation_id]
            )

    def preset(self, conversation_id: int) -> str | None:
        row = self.db.execute(
            "SELECT preset FROM conversations WHERE id = ?", [conversation_id]
        ).fetchone()
        return None if row is None else row[0]

    def overflow_choice(self, conversation_id: int) -> str | None:
        """What the person chose for this conversation once it outgrew the context."""
        row = fetch_one(
            self.db, "SELECT overflow_choice FROM conversations WHERE id = ?", conversation_id
        )
        if row is None:
            raise KeyError(f"no conversation {conversation_id}")
        value = row["overflow_choice"]
        return str(value) if value is not None else None

    def set_overflow_choice(self, conversation_id: int, choice: str | None) -> None:
        self.db.execute(
            "UPDATE conversations SET overflow_choice = ? WHERE id = ?", [choice, conversation_id]
        )

    def allow_tool_always(self, conversation_id: int, tool: str) -> None:
        """The person chose "always allow" for ``tool`` ("server/tool") in this conversation."""
        self.db.execute(
            "INSERT OR IGNORE INTO tool_permissions (conversation_id, tool, granted_at) "
            "VALUES (?, ?, ?)",
            [conversation_id, tool, to_text(now())],
        )

    def always_allowed_tools(self, conversation_id: int) -> frozenset[str]:
        """The tools this conversation runs without asking ("server/tool" keys)."""
        rows = self.db.execute(
            "SELECT tool FROM tool_permissions WHERE conversation_id = ?", [conversation_id]
        ).fetchall()
        return frozenset(str(row[0]) for row in rows)

    def forget_allowed_tool(self, conversation_id: int, tool: str | None = None) -> None:
        """Ask again before ``tool`` (None: before every tool) in this conversation."""
        if tool is None:
            self.db.execute(
                "DELETE FROM tool_permissions WHERE conversation_id = ?", [conversation_id]
            )
        else:
            self.db.execute(
                "DELETE FROM tool_permissions WHERE conversation_id = ? AND tool = ?",
                [conversation_id, tool],
            )

    def list_conversations(self) -> list[Conversation]:
        """Most recently active first."""
        rows = fetch_all(self.db, q.CONVERSATIONS_NEWEST_FIRST, [])
        return [Conversation.from_row(row) for row in rows]

    def delete_conversation(self, conversation_id: int) -> None:
        """Delete it for real: rows and index entries gone, and overwritten on disk.

        secure_delete zeroes the freed bytes; 'optimize' rewrites the search
        index so no old index segment still holds the conversation's words;
        the TRUNCATE checkpoint moves the zeroed pages into the database file
        and empties the -wal file, where the old text would otherwise linger.
        Rewriting the index costs time in proportion to all history (3-4 s
        at 100,000 messages, bench/store.py): call this off the UI thread.
        Other writers wait for it (busy timeout); FTS5's incremental merge,
        which would let them in between steps, was seen to leave the index
        "malformed" when another connection wrote during the steps.
        """
        if fetch_one(self.db, "SELECT id FROM conversations WHERE id = ?", conversation_id) is None:
            return
        count_documents = "SELECT count(*) FROM documents"
        with write_transaction(self.db):
            documents = self.db.execute(count_documents).fetchone()[0]
            self.db.execute("DELETE FROM messages WHERE conversation_id = ?", [conversation_id])
            self.db.execute("DELETE FROM conversations WHERE id = ?", [conversation_id])
            self.db.execute("INSERT INTO messages_fts(messages_fts) VALUES ('optimize')")
            # Documents no other conversation holds went with it (foreign keys and
            # a trigger, see schema.m003_documents): clear their words from the index too.
            if self.db.execute(count_documents).fetchone()[0] < documents:
                self.db.execute("INSERT INTO chunks_fts(chunks_fts) VALUES ('optimize')")
        checkpoint_truncate(self.db)

    # --- writing messages ----------------------------------------------------

    def add_user_message(
        self, conversation_id: int, text: str, parent_id: int | None = None
    ) -> StoredMessage:
        """Committed at once. ``parent_id`` None makes a root: the first
        question, or an edit of it; an edit of a later question passes the
        original's parent, so the two become siblings."""
        return self._insert(conversation_id, parent_id, "user", status="complete", content=text)

    def start_assistant_message(
        self,
        conversation_id: int,
        parent_id: int,
        effort: str | None,
        sampling: Mapping[str, Any] | None,
        model_file_hash: str | None,
    ) -> StoredMessage:
        """Committed as ``streaming`` before generation starts. A regeneration
        is another call with the same parent: a sibling of the earlier answer."""
        return self._insert(
            conversation_id,
            parent_id,
            "assistant",
            status="streaming",
            reasoning_effort=effort,
            sampling=None if sampling is None else json.dumps(dict(sampling)),
            model_file_hash=model_file_hash,
        )

    def add_tool_message(
        self,
        conversation_id: int,
        parent_id: int,
        author: str,
        content: str,
        meta: Mapping[str, Any],
        status: FinalStatus = "complete",
        error: str | None = None,
    ) -> StoredMessage:
        """A tool's result, the child of the assistant message that called it."""
        return self._insert(
            conversation_id,
            parent_id,
            "tool",
            status=status,
            error=error,
            content=content,
            author=author,
            tool_meta=json.dumps(dict(meta), ensure_ascii=False),
        )

    def update_streaming(
        self, message_id: int, analysis: str, content: str, tool_calls: Iterable[ToolCall] = ()
    ) -> bool:
        """Replace the streaming answer's text so far: one UPDATE, its own transaction.

        False if the message is gone or no longer streaming (e.g. its
        conversation was deleted meanwhile): the caller should stop generating.
        """
        cursor = self.db.execute(
            q.UPDATE_STREAMING,
            [analysis, content, tool_calls_to_json(tool_calls), to_text(now()), message_id],
        )
        return cursor.rowcount == 1

    def finish_assistant_message(
        self,
        message_id: int,
        status: FinalStatus,
        *,
        analysis: str | None = None,
        content: str | None = None,
        tool_calls: Iterable[ToolCall] | None = None,
        stats: GenerationStats | None = None,
        finish_reason: str | None = None,
        error: str | None = None,
    ) -> StoredMessage:
        """End a streaming answer; texts given here replace the last streamed ones.

        Raises KeyError if the message does not exist or is not streaming.
        """
        if status not in FINAL_STATUSES:
            raise ValueError(f"an answer cannot finish as {status!r}")
        values: dict[str, Any] = asdict(stats or GenerationStats())
        values.update(status=status, finish_reason=finish_reason, error=error)
        values.update(updated_at=to_text(now()))
        if analysis is not None:
            values["analysis"] = analysis
        if content is not None:
            values["content"] = content
        if tool_calls is not None:
            values["tool_calls"] = tool_calls_to_json(tool_calls)
        assignments = ", ".join(f"{column} = :{column}" for column in values)
        cursor = self.db.execute(
            f"UPDATE messages SET {assignments} WHERE id = :id AND status = 'streaming'",
            {**values, "id": message_id},
        )
        if cursor.rowcount != 1:
            raise KeyError(f"no streaming message {message_id}")
        return self.get_message(message_id)

    def mark_interrupted_on_startup(self) -> int:
        """Answers left ``streaming`` by a crash become ``interrupted``; returns how many.

        Only when nothing is generating, i.e. as the app starts.
        """
        cursor = self.db.execute(
            "UPDATE messages SET status = 'interrupted', updated_at = ? WHERE status = 'streaming'",
            [to_text(now())],
        )
        return cursor.rowcount

    def _insert(
        self, conversation_id: int, parent_id: int | None, role: Role, **values: Any
    ) -> StoredMessage:
        stamp = to_text(now())
        with write_transaction(self.db):
            self.get_conversation(conversation_id)  # KeyError rather than an IntegrityError
            parent = None if parent_id is None else self.get_message(parent_id)
            if parent is not None and parent.conversation_id != conversation_id:
                raise ValueError(f"message {parent_id} is in another conversation")
            row = {
                "conversation_id": conversation_id,
                "parent_id": parent_id,
                "role": role,
                "created_at": stamp,
                "updated_at": stamp,
                **values,
            }
            message_id = insert(self.db, "messages", row)
            self.db.execute(
                "UPDATE conversations SET updated_at = ? WHERE id = ?", [stamp, conversation_id]
            )
        return self.get_message(message_id)

    # --- reading messages ------------------------------------------------------

    def get_message(self, message_id: int) -> StoredMessage:
        row = fetch_one(self.db, f"SELECT {q.COLUMNS} FROM messages WHERE id = ?", message_id)
        if row is None:
            raise KeyError(f"no message {message_id}")
        return StoredMessage.from_row(row)

    def thread(self, conversation_id: int, leaf_id: int | None = None) -> list[StoredMessage]:
        """The path from the root down to ``leaf_id`` (default: the most recent leaf)."""
        leaf = self._leaf(conversation_id, leaf_id)
        return [] if leaf is None else self._messages(q.PATH_TO_ROOT, [leaf])

    def thread_ids(self, conversation_id: int, leaf_id: int | None = None) -> list[int]:
        """The ids of ``thread()``'s messages, root first: cheap, for paging long threads."""
        leaf = self._leaf(conversation_id, leaf_id)
        if leaf is None:
            return []
        return [row[0] for row in self.db.execute(q.PATH_IDS_TO_ROOT, [leaf]).fetchall()]

    def _leaf(self, conversation_id: int, leaf_id: int | None) -> int | None:
        """``leaf_id`` checked to be in the conversation, or its newest message (None: empty)."""
        if leaf_id is None:
            newest = fetch_one(self.db, q.NEWEST_IN_CONVERSATION, conversation_id)
            return None if newest is None or newest["id"] is None else int(newest["id"])
        if self.get_message(leaf_id).conversation_id != conversation_id:
            raise ValueError(f"message {leaf_id} is not in conversation {conversation_id}")
        return leaf_id

    def messages(self, ids: Sequence[int]) -> list[StoredMessage]:
        """These messages, in the order given (a page of a thread)."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        found = {
            m.id: m
            for m in self._messages(
                f"SELECT {q.COLUMNS} FROM messages WHERE id IN ({marks})", list(ids)
            )
        }
        return [found[i] for i in ids if i in found]

    def newest_leaf(self, message_id: int) -> int:
        """The most recent message at or below this one: after a branch arrow
        switches to a sibling, ``thread(conversation, newest_leaf(sibling))``."""
        row = fetch_one(self.db, q.NEWEST_BELOW, message_id)
        if row is None or row["id"] is None:
            raise KeyError(f"no message {message_id}")
        return int(row["id"])

    def siblings(self, message_id: int) -> list[StoredMessage]:
        """The message and its alternatives (same parent), oldest first, for branch arrows."""
        message = self.get_message(message_id)
        return self._messages(q.SIBLINGS, [message.conversation_id, message.parent_id])

    def branch_positions(self, conversation_id: int) -> dict[int, Branch]:
        """For every message that has alternatives: where it stands among them.

        One query for the whole conversation, so a long one opens quickly;
        messages without siblings are left out.
        """
        rows = self.db.execute(q.IDS_AND_PARENTS, [conversation_id]).fetchall()
        by_parent: dict[int | None, list[int]] = {}
        for message_id, parent_id in rows:
            by_parent.setdefault(parent_id, []).append(message_id)
        positions: dict[int, Branch] = {}
        for ids in by_parent.values():
            if len(ids) > 1:
                for index, message_id in enumerate(ids):
                    positions[message_id] = Branch(index, tuple(ids))
        return positions

    def search(self, query: str, limit: int = 50) -> list[SearchHit]:
        """Any text the user types, over all conversations; never a syntax error."""
        return search_messages(self.db, query, limit)

    # --- export and import -------------------------------------------------------

    def export_conversation(self, conversation_id: int) -> dict[str, Any]:
        """JSON-ready: the whole tree with every channel, setting and number."""
        conversation = self.get_conversation(conversation_id)
        return conversation_to_json(conversation, self._messages(q.ALL_IN, [conversation_id]))

    def export_markdown(
        self,
        conversation_id: int,
        leaf_id: int | None = None,
        translate: Callable[[str], str] = lambda template: template,
    ) -> str:
        """One branch (default: the most recent) as Markdown, its headings ``translate``d."""
        conversation = self.get_conversation(conversation_id)
        return to_markdown(conversation, self.thread(conversation_id, leaf_id), translate)

    def import_conversation(self, data: dict[str, Any]) -> Conversation:
        return self.get_conversation(import_json(self.db, data))

    def _messages(self, sql: str, params: list[Any]) -> list[StoredMessage]:
        return [StoredMessage.from_row(row) for row in fetch_all(self.db, sql, params)]
