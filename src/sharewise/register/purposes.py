"""The purposes an organisation shares for: a list it keeps, so that a consent and a
decision name a purpose in the same words, and coverage compares purposes, not
wordings (3.21: consent is to a purpose)."""

from __future__ import annotations

from sqlalchemy import Connection, select

from sharewise.engine.limits import NAME
from sharewise.register.tables import PurposeRow

LONGEST = NAME  # characters: a purpose in the list is a name, not a description


def purposes(connection: Connection, organisation_id: int) -> list[str]:
    """The organisation's purposes, in the order a person reads a list: by name."""
    return list(
        connection.execute(
            select(PurposeRow.name)
            .where(PurposeRow.organisation_id == organisation_id)
            .order_by(PurposeRow.name)
        ).scalars()
    )


def refusal(name: str) -> str | None:
    """What is wrong with a purpose's name, if anything."""
    if not name.strip():
        return "is empty"
    if len(name) > LONGEST:
        return f"is longer than {LONGEST} characters"
    if not name.isprintable():
        return "has a character that is not allowed (a control character, tab or new line)"
    return None
