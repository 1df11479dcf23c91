"""Stored Responses API results, for `previous_response_id`, in the history database.

Only responses created with `store` (OpenAI's default: true) are kept. The
store is used from the server's event-loop thread only (one SQLite
connection per thread); each call is one small indexed read or write.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from app.core.store.connection import fetch_one, open_database, write_transaction


class ResponseStore:
    def __init__(self, path: str | os.PathLike[str]) -> None:
        self._path = path
        self._db: Database | None = None
        self._owner: int | None = None

    @property
    def db(self) -> Database:
        if self._db is None:
            self._db = open_database(self._path)
            self._owner = threading.get_ident()
        assert threading.get_ident() == self._owner, "one thread per connection"
        return self._db

    def save(
        self, response: dict[str, Any], items: list[dict[str, Any]], previous_id: str | None
    ) -> None:
        with write_transaction(self.db) as db:
            db.execute(
                "INSERT INTO api_responses (id, previous_id, model, items, response, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [
                    response["id"],
                    previous_id,
                    response["model"],
                    json.dumps(items, ensure_ascii=False),
                    json.dumps(response, ensure_ascii=False),
                    datetime.now(UTC).isoformat(),
                ],
            )

    def items(self, response_id: str) -> list[dict[str, Any]] | None:
        """The conversation items up to and including that response's output, or None."""
        row = fetch_one(self.db, "SELECT items FROM api_responses WHERE id = ?", response_id)
        if row is None:
            return None
        items: list[dict[str, Any]] = json.loads(row["items"])
        return items

    def response(self, response_id: str) -> dict[str, Any] | None:
        row = fetch_one(self.db, "SELECT response FROM api_responses WHERE id = ?", response_id)
        return None if row is None else dict(json.loads(row["response"]))

    def delete(self, response_id: str) -> bool:
        with write_transaction(self.db) as db:
            cursor = db.execute("DELETE FROM api_responses WHERE id = ?", [response_id])
            return bool(cursor.rowcount)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
