"""Decisions being worked out in the web flow: the answers so far, kept on the server
so that the browser's back button, a reload or a second tab all see the same answers.
Drafts are working data, not records: they change, and old ones are removed. Each is a
practitioner's from its start, and a practitioner holds a bounded number of them."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, Executable, delete, insert, select, update

from sharewise.register.canonical import now
from sharewise.register.tables import DraftRow

SAVED_AS = "saved_as"  # a finished draft's one key: the record it became
WAITING = "waiting"  # what a draft left for later waits for: "consent" or "advice"
ASKING = "asking"  # a draft's one key of its own when it is a question for an advisor
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


class DraftsFull(Exception):
    """A practitioner holds as many drafts as they may, each waiting for consent or
    advice: they finish or discard one before they start another."""

    def __init__(self, most: int) -> None:
        super().__init__(f"{most} decisions in progress, all waiting")
        self.most = most


class Drafts:
    def __init__(self, engine: Engine, kept_for: timedelta, most: int) -> None:
        self.engine = engine
        self.kept_for = kept_for  # an abandoned draft holds personal data: it is not kept
        self.most = most  # drafts one practitioner may hold: starting one writes a row

    def _write(self, *statements: Executable) -> None:
        with self.engine.connect().execution_options(write=True) as connection, connection.begin():
            for statement in statements:
                connection.execute(statement)

    def start(self, state: dict[str, Any], owner: str) -> str:
        """A new draft of `owner`'s ("organisation/practitioner"). Where they hold as many
        as they may, their oldest not waiting for consent or advice goes; where all are
        waiting, DraftsFull."""
        draft_id, moment = str(uuid.uuid4()), now()
        with self.engine.connect().execution_options(write=True) as connection, connection.begin():
            connection.execute(delete(_table).where(_table.c.updated_at < moment - self.kept_for))
            self._make_room(connection, owner)
            connection.execute(
                insert(_table).values(
                    id=draft_id,
                    created_at=moment,
                    updated_at=moment,
                    state=json.dumps(state),
                    owner=owner,
                )
            )
        return draft_id

    def _make_room(self, connection: Connection, owner: str) -> None:
        held = connection.execute(
            select(_table.c.id, _table.c.waiting)
            .where(_table.c.owner == owner)
            .order_by(_table.c.updated_at, _table.c.id)
        ).all()
        over = len(held) - self.most + 1
        if over <= 0:
            return
        idle = [row.id for row in held if not row.waiting]
        if len(idle) < over:
            raise DraftsFull(self.most)
        connection.execute(delete(_table).where(_table.c.id.in_(idle[:over])))

    def get(self, draft_id: str) -> dict[str, Any] | None:
        with self.engine.connect() as connection:
            found = connection.execute(
                select(_table.c.state).where(_table.c.id == draft_id)
            ).scalar()
        return None if found is None else dict(json.loads(found))

    def save(self, draft_id: str, state: dict[str, Any]) -> None:
        """Keep the answers so far. A draft stays its owner's until another practitioner
        is chosen to decide, and a finished one is nobody's."""
        values = {"state": json.dumps(state), "updated_at": now(), "waiting": state.get(WAITING)}
        if SAVED_AS in state or owner_of(state):
            values["owner"] = owner_of(state)
        self._write(update(_table).where(_table.c.id == draft_id).values(**values))

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

    def discard(self, draft_id: str, owner: str) -> None:
        """Remove one of `owner`'s drafts; another's, or one gone already, stays as it is."""
        self._write(delete(_table).where(_table.c.id == draft_id, _table.c.owner == owner))

    def finish(self, draft_id: str, record_id: str) -> None:
        """The draft became a record: keep only where it went, so that Back, a reload or
        a second submit leads there rather than to a second record. The answers, which
        hold personal data, are the record's now and go from here."""
        self.save(draft_id, {SAVED_AS: record_id})
