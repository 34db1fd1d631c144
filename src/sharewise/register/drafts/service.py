"""Decisions being worked out in the web flow: the answers so far, kept on the server
so that the browser's back button, a reload or a second tab all see the same answers.
Drafts are working data, not records: they change, and old ones are removed."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, Executable, delete, insert, select, update

from sharewise.register.canonical import now
from sharewise.register.tables import DraftRow

SAVED_AS = "saved_as"  # a finished draft's one key: the record it became
WAITING = "waiting"  # what a draft left for later waits for: "consent" or "advice"
_table = DraftRow.__table__


@dataclass(frozen=True)
class InProgress:
    """A decision in progress, as its practitioner's list shows it."""

    id: str
    updated_at: datetime
    state: dict[str, Any]

    @property
    def waiting(self) -> str | None:
        found = self.state.get(WAITING)
        return str(found) if found else None


def owner_of(state: dict[str, Any]) -> str | None:
    """Whose a draft is: its practitioner, once chosen."""
    if state.get("organisation") and state.get("practitioner"):
        return f"{state['organisation']}/{state['practitioner']}"
    return None


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
            .values(
                state=json.dumps(state),
                updated_at=now(),
                owner=owner_of(state),
                waiting=state.get(WAITING),
            )
        )

    def in_progress(self, owner: str, most: int = 50) -> list[InProgress]:
        """`owner`'s decisions in progress ("organisation/practitioner"), the latest
        changed first, those past their keeping left out."""
        query = (
            select(_table.c.id, _table.c.updated_at, _table.c.state)
            .where(_table.c.owner == owner, _table.c.updated_at >= now() - self.kept_for)
            .order_by(_table.c.updated_at.desc())
            .limit(most)
        )
        with self.engine.connect() as connection:
            rows = connection.execute(query).all()
        return [InProgress(row.id, row.updated_at, json.loads(row.state)) for row in rows]

    def discard(self, draft_id: str) -> None:
        self._write(delete(_table).where(_table.c.id == draft_id))

    def finish(self, draft_id: str, record_id: str) -> None:
        """The draft became a record: keep only where it went, so that Back, a reload or
        a second submit leads there rather than to a second record. The answers, which
        hold personal data, are the record's now and go from here."""
        self.save(draft_id, {SAVED_AS: record_id})
