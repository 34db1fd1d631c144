"""Sessions of signed-in browsers, kept on the server: the browser holds only a random
secret, the table only its SHA-256. A session ends when unused for the idle time, at its
absolute end however used, when its user signs out, or when their password changes.
Each function works inside the caller's transaction."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from sqlalchemy import Connection, delete, insert, or_, select, update

from sharewise.register.accounts import users
from sharewise.register.accounts.schemas import Account, Refused, Session, SignInRules
from sharewise.register.tables import SessionRow, UserRow

_sessions = SessionRow.__table__
# How often a session's last use is written down: every request would be a write; once
# a minute keeps the idle time right to the minute.
SLIDE_EVERY = timedelta(minutes=1)


def hashed(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def start(
    connection: Connection, account: Account, rules: SignInRules, at: datetime
) -> tuple[str, Session]:
    """A new session for `account`, with a new secret: never one the browser brought,
    so a session id planted before sign-in is worth nothing after it."""
    connection.execute(
        delete(_sessions).where(
            or_(_sessions.c.expires_at <= at, _sessions.c.idle_expires_at <= at)
        )
    )
    secret = secrets.token_urlsafe(32)
    session = Session(
        account=account,
        created_at=at,
        last_seen_at=at,
        idle_expires_at=min(at + rules.idle, at + rules.lasting),
        expires_at=at + rules.lasting,
    )
    connection.execute(
        insert(_sessions).values(
            id=hashed(secret),
            user_id=account.id,
            created_at=session.created_at,
            last_seen_at=session.last_seen_at,
            idle_expires_at=session.idle_expires_at,
            expires_at=session.expires_at,
        )
    )
    return secret, session


def find(connection: Connection, secret: str, at: datetime) -> Session:
    """The session `secret` opens, or Refused saying why there is none."""
    row = connection.execute(
        select(_sessions, UserRow.username)
        .join(UserRow, UserRow.id == _sessions.c.user_id)
        .where(_sessions.c.id == hashed(secret))
    ).first()
    if row is None:
        raise Refused("you are not signed in")
    if at >= aware(row.expires_at):
        raise Refused("your session has ended: a session lasts a fixed time, however used")
    if at >= aware(row.idle_expires_at):
        raise Refused("your session ended because it was not used for a while")
    account = users.account(connection, row.username)
    if account.disabled:
        raise Refused("this account is disabled")
    return Session(
        account=account,
        created_at=aware(row.created_at),
        last_seen_at=aware(row.last_seen_at),
        idle_expires_at=aware(row.idle_expires_at),
        expires_at=aware(row.expires_at),
    )


def due_to_slide(session: Session, at: datetime) -> bool:
    return at - session.last_seen_at >= SLIDE_EVERY


def slide(
    connection: Connection, secret: str, session: Session, rules: SignInRules, at: datetime
) -> Session:
    """Move the session's idle end on from `at`, never past its absolute end."""
    idle_end = min(at + rules.idle, session.expires_at)
    connection.execute(
        update(_sessions)
        .where(_sessions.c.id == hashed(secret))
        .values(last_seen_at=at, idle_expires_at=idle_end)
    )
    return Session(session.account, session.created_at, at, idle_end, session.expires_at)


def end(connection: Connection, secret: str) -> None:
    connection.execute(delete(_sessions).where(_sessions.c.id == hashed(secret)))


def end_all(connection: Connection, user_id: int) -> int:
    """End every session of the user: how many there were."""
    return connection.execute(delete(_sessions).where(_sessions.c.user_id == user_id)).rowcount


def aware(moment: datetime) -> datetime:
    """A moment as stored: SQLite hands it back without its zone, UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
