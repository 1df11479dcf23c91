"""The database schema, as sqlite-utils migrations: small named functions, applied once each.

Rules for adding a migration (the user's history is precious):

* Append a new function to ``MIGRATION_FUNCTIONS``; never edit or reorder one
  that has shipped, its name is its identity in ``_sqlite_migrations``.
* Never drop user data. To change a column, use ``db.table(name).transform(...)``,
  which copies every row into the new shape inside the migration's transaction.
* ``transform()`` rebuilds the table and so loses its triggers: a migration
  that transforms ``messages`` must call ``create_fts_triggers(db)`` afterwards.
* Migrations run with foreign keys OFF (see ``migrate``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from sqlite_utils import Database, Migrations

MIGRATION_SET = "lokal"

MigrationFunction = Callable[[Database], None]


def m001_conversations_and_messages(db: Database) -> None:
    db.execute(
        """
        CREATE TABLE conversations (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    # parent_id makes a tree: an edited question and a regenerated answer are
    # new siblings under the same parent, never an overwrite. Ids are rowid
    # aliases, so VACUUM keeps them (the FTS index relies on that), they grow
    # with insertion (a child's id is larger than its parent's, and the
    # largest is the newest), and AUTOINCREMENT never reuses one: a late
    # update for a deleted answer cannot land on a newer message.
    db.execute(
        """
        CREATE TABLE messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            conversation_id INTEGER NOT NULL
                REFERENCES conversations(id) ON DELETE CASCADE,
            parent_id INTEGER REFERENCES messages(id) ON DELETE CASCADE,
            role TEXT NOT NULL,
            status TEXT NOT NULL CHECK (
                status IN ('streaming', 'complete', 'cancelled', 'interrupted', 'error')
            ),
            content TEXT NOT NULL DEFAULT '',
            analysis TEXT NOT NULL DEFAULT '',
            tool_calls TEXT NOT NULL DEFAULT '[]',
            reasoning_effort TEXT,
            sampling TEXT,
            model_file_hash TEXT,
            prompt_tokens INTEGER,
            prompt_tokens_evaluated INTEGER,
            completion_tokens INTEGER,
            analysis_tokens INTEGER,
            final_tokens INTEGER,
            time_to_first_token_s REAL,
            tokens_per_second REAL,
            finish_reason TEXT,
            error TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX messages_by_conversation ON messages(conversation_id, id)")
    db.execute("CREATE INDEX messages_by_parent ON messages(parent_id)")
    db.execute("CREATE INDEX conversations_by_update ON conversations(updated_at)")


def m002_message_search(db: Database) -> None:
    # External content: the index stores no second copy of the text, and
    # snippet() reads it back from messages by id. prefix='3' indexes every
    # word's first three letters too: a search for the word being typed
    # ("pla"*) then reads one list instead of merging those of every word
    # that starts so (1 ms instead of about 70 at 100,000 messages), for an
    # index about 1.7 times the size.
    db.execute(
        """
        CREATE VIRTUAL TABLE messages_fts USING fts5(
            content, analysis,
            content='messages', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2',
            prefix='3'
        )
        """
    )
    create_fts_triggers(db)
    db.execute(
        "INSERT INTO messages_fts(rowid, content, analysis) "
        f"SELECT id, content, analysis FROM messages WHERE {_INDEXED.format(row='messages')}"
    )


# A row is in the index unless it is still streaming. update_streaming() runs
# every 250 ms; re-indexing a growing answer each time would make it cost
# O(length) and leave a trail of index garbage, so an answer is indexed once
# it ends (finish or mark_interrupted_on_startup). The triggers keep the index
# exactly in step with that rule, as an external-content index requires.
_INDEXED = "{row}.status != 'streaming'"


def create_fts_triggers(db: Database) -> None:
    old_in, new_in = _INDEXED.format(row="old"), _INDEXED.format(row="new")
    remove_old = (
        "INSERT INTO messages_fts(messages_fts, rowid, content, analysis) "
        "SELECT 'delete', old.id, old.content, old.analysis"
    )
    add_new = (
        "INSERT INTO messages_fts(rowid, content, analysis) "
        "SELECT new.id, new.content, new.analysis"
    )
    # One update trigger, not two: the old entry must leave the index before
    # the new one (same rowid) enters, and separate triggers fire in no
    # promised order.
    db.executescript(
        f"""
        DROP TRIGGER IF EXISTS messages_fts_insert;
        DROP TRIGGER IF EXISTS messages_fts_delete;
        DROP TRIGGER IF EXISTS messages_fts_update;
        CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages
            WHEN {new_in} BEGIN {add_new}; END;
        CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages
            WHEN {old_in} BEGIN {remove_old}; END;
        CREATE TRIGGER messages_fts_update AFTER UPDATE OF content, analysis, status ON messages
            WHEN {old_in} OR {new_in}
        BEGIN
            {remove_old} WHERE {old_in};
            {add_new} WHERE {new_in};
        END;
        """
    )


def m003_documents(db: Database) -> None:
    # A file's text is stored once however many conversations attach it
    # (sha256 of its bytes), and only in its chunks: joined in order, they are
    # the document. Names and paths belong to an attachment, not to the bytes.
    # When the last attachment goes, a trigger deletes the document, and the
    # foreign keys take its chunks, their index entries and citations with it.
    db.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            sha256 TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            unit TEXT NOT NULL CHECK (unit IN ('page', 'line', 'paragraph')),
            pages INTEGER,
            tokens INTEGER NOT NULL,
            chars INTEGER NOT NULL,
            notes TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        );
        CREATE TABLE conversation_documents (
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            path TEXT,
            attached_at TEXT NOT NULL,
            PRIMARY KEY (conversation_id, document_id)
        );
        CREATE INDEX conversation_documents_by_document
            ON conversation_documents(document_id);
        CREATE TABLE chunks (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            ordinal INTEGER NOT NULL,
            page_start INTEGER,
            page_end INTEGER,
            line_start INTEGER,
            line_end INTEGER,
            heading TEXT,
            text TEXT NOT NULL,
            UNIQUE (document_id, ordinal)
        );
        CREATE TABLE message_sources (
            message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
            rank INTEGER NOT NULL,
            number INTEGER NOT NULL,  -- the [n] the model saw the passage under
            chunk_id INTEGER NOT NULL REFERENCES chunks(id) ON DELETE CASCADE,
            PRIMARY KEY (message_id, rank)
        );
        CREATE INDEX message_sources_by_chunk ON message_sources(chunk_id);
        CREATE TRIGGER documents_drop_unattached
            AFTER DELETE ON conversation_documents
            WHEN NOT EXISTS (
                SELECT 1 FROM conversation_documents WHERE document_id = old.document_id
            )
        BEGIN
            DELETE FROM documents WHERE id = old.document_id;
        END;
        """
    )
    # Porter stemming: questions say "borrow" where the text says "borrowers".
    # Chunks never change once written, so two triggers keep the index exact.
    db.executescript(
        """
        CREATE VIRTUAL TABLE chunks_fts USING fts5(
            text,
            content='chunks', content_rowid='id',
            tokenize='porter unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER chunks_fts_insert AFTER INSERT ON chunks BEGIN
            INSERT INTO chunks_fts(rowid, text) VALUES (new.id, new.text);
        END;
        CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
            INSERT INTO chunks_fts(chunks_fts, rowid, text) VALUES ('delete', old.id, old.text);
        END;
        """
    )


def m004_auto_title(db: Database) -> None:
    # 1: the title is Lokal's placeholder ("New chat", in whatever language the window
    # had), and the first question will name the conversation. A flag, not a comparison
    # with the placeholder's words: a person may call a conversation "New chat", and
    # the window's language may change in between.
    db.execute("ALTER TABLE conversations ADD COLUMN auto_title INTEGER NOT NULL DEFAULT 0")
    # Conversations the window started for attached files before this flag existed
    # still wait for their first question under the placeholder, in English or German.
    db.execute(
        """
        UPDATE conversations SET auto_title = 1
        WHERE title IN ('New chat', 'Neuer Chat')
          AND NOT EXISTS (SELECT 1 FROM messages WHERE conversation_id = conversations.id)
        """
    )


def m005_tool_messages(db: Database) -> None:
    # A tool's result is a message of its own (role 'tool'), the child of the
    # assistant message that called it, so a thread reads question → call →
    # result → answer, as harmony renders it. ``author`` is the name the model
    # called (e.g. "functions.time_get_current_time", "browser.search");
    # ``tool_meta`` (JSON) says which server and tool, the arguments, how long
    # it took and who approved it. ADD COLUMN keeps every row and trigger.
    db.execute("ALTER TABLE messages ADD COLUMN author TEXT")
    db.execute("ALTER TABLE messages ADD COLUMN tool_meta TEXT")


def m006_conversation_preset(db: Database) -> None:
    # The preset chosen for a conversation, by name (presets live in presets.json;
    # a name no longer there simply means none).
    db.execute("ALTER TABLE conversations ADD COLUMN preset TEXT")


def m007_api_responses(db: Database) -> None:
    # The local server's Responses API: a response a client may continue with
    # previous_response_id. `items` is the whole conversation up to and
    # including this response's output (OpenAI's input and output items as
    # JSON), so continuing reads one row, never a chain.
    db.execute(
        """
        CREATE TABLE api_responses (
            id TEXT PRIMARY KEY,
            previous_id TEXT,
            model TEXT NOT NULL,
            items TEXT NOT NULL,
            response TEXT NOT NULL,
            created_at TEXT NOT NULL
        )
        """
    )
    db.execute("CREATE INDEX api_responses_by_time ON api_responses(created_at)")


def m008_overflow_choice(db: Database) -> None:
    # What to do when the conversation no longer fits the model's context
    # (app/core/chat/overflow.py); NULL until the person has chosen.
    db.execute("ALTER TABLE conversations ADD COLUMN overflow_choice TEXT")


def m009_tool_permissions(db: Database) -> None:
    # "Always allow this tool in this conversation", kept across restarts. ``tool``
    # is the call's key, "server/tool" (e.g. "time/get_current_time",
    # "browser/search"); the row goes with its conversation.
    db.execute(
        """
        CREATE TABLE tool_permissions (
            conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
            tool TEXT NOT NULL,
            granted_at TEXT NOT NULL,
            PRIMARY KEY (conversation_id, tool)
        )
        """
    )


MIGRATION_FUNCTIONS: tuple[MigrationFunction, ...] = (
    m001_conversations_and_messages,
    m002_message_search,
    m003_documents,
    m004_auto_title,
    m005_tool_messages,
    m006_conversation_preset,
    m007_api_responses,
    m008_overflow_choice,
    m009_tool_permissions,
)


def migration_set(functions: Sequence[MigrationFunction] = MIGRATION_FUNCTIONS) -> Migrations:
    """The functions as one ordered sqlite-utils migration set (tests pass their own list)."""
    migrations = Migrations(MIGRATION_SET)
    for function in functions:
        migrations()(function)
    return migrations


def migrate(db: Database, functions: Sequence[MigrationFunction] = MIGRATION_FUNCTIONS) -> None:
    """Apply pending migrations. Call with foreign keys OFF.

    With foreign keys on, the DROP TABLE inside ``transform()`` would delete
    (ON DELETE CASCADE) every row that points at the rebuilt table. Each
    migration runs in its own savepoint inside one IMMEDIATE transaction, so
    two threads opening a fresh database at once cannot both apply one.
    """
    migrations = migration_set(functions)
    if not migrations.pending(db):  # the usual case: no write lock needed
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        migrations.apply(db)  # looks again at what is pending, now under the lock
    except BaseException:
        db.rollback()
        raise
    db.commit()
