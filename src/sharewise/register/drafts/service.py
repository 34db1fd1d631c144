"""Decisions being worked out in the web flow: the answers so far, kept on the server
so that the browser's back button, a reload or a second tab all see the same answers.
Drafts are working data, not records: they change, and old ones are removed."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine, Executable, delete, insert, select, update

from sharewise.register.canonical import now
from sharewise.register.tables import DraftRow

SAVED_AS = "saved_as"  # a finished draft's one key: the record it became
_table = DraftRow.__table__


class Drafts:
    def __init__(self, engine: Engine, kept_for: timedelta) -> None:
        self.engine = engine
        self.kept_for = kept_for  # an abandoned draft holds personal data: it is not kept

    def _write(self, *statements: Executable) -> None:
        with self.engine.connect().execution_options(write=True) as connection, connection.begin():
            for statement in statements:
                connection.execute(statement)

    def start(self, state: dict[str, Any]) -> str:
        draft_id, moment = str(uuid.uuid4()), now()
        self._write(
            delete(_table).where(_table.c.updated_at < moment - self.kept_for),
            insert(_table).values(
                id=draft_id, created_at=moment, updated_at=moment, state=json.dumps(state)
            ),
        )
        return draft_id

    def get(self, draft_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            found = connection.execute(
                select(_table.c.state).where(_table.c.id == draft_id)
            ).scalar()
        return None if found is None else dict(json.loads(found))

    def save(self, draft_id: str, state: dict[str, Any]) -> None:
        self._write(
            update(_table)
            .where(_table.c.id == draft_id)
            .values(state=json.dumps(state), updated_at=now())
        )

    def discard(self, draft_id: str) -> None:
        self._write(delete(_table).where(_table.c.id == draft_id))

    def finish(self, draft_id: str, record_id: str) -> None:
        """The draft became a record: keep only where it went, so that Back, a reload or
        a second submit leads there rather than to a second record. The answers, which
        hold personal data, are the record's now and go from here."""
        self.save(draft_id, {SAVED_AS: record_id})
