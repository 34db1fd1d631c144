"""API tokens: a high-entropy secret handed out once, kept only as its SHA-256 (a slow
hash adds nothing to a secret nobody could guess), acting as its user, within their
organisation and roles as they are when it is used, until it expires or is revoked.
Each function works inside the caller's transaction."""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, Row, select, update

from sharewise.register.accounts import users
from sharewise.register.accounts.schemas import Account, Refused, Token
from sharewise.register.accounts.sessions import aware
from sharewise.register.errors import rejected
from sharewise.register.tables import ApiTokenRow, UserRow

PREFIX = "sw_"  # so that a token pasted somewhere it should not be is recognisable
LONGEST_NAME = 100
TOKEN_ID = re.compile(r"[0-9a-f]{12}")
HOW_ID = "the id of one of the user's tokens, as `sharewise token list` shows it"
_tokens = ApiTokenRow.__table__
_TOKEN = select(
    _tokens.c.id,
    UserRow.username,
    _tokens.c.name,
    _tokens.c.created_at,
    _tokens.c.expires_at,
    _tokens.c.revoked_at,
).join(UserRow, UserRow.id == _tokens.c.user_id)


def _hashed(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _token(row: Row[str, str, str | None, datetime, datetime, datetime | None]) -> Token:
    token_id, username, name, created, expires, revoked = row
    revoked_at = aware(revoked) if revoked else None
    return Token(token_id, username, name, aware(created), aware(expires), revoked_at)


def create(
    connection: Connection, account: Account, name: str | None, lifetime: timedelta, at: datetime
) -> tuple[str, Token]:
    """A new token for `account`: the token, shown once, and how it is listed."""
    if account.disabled:
        raise rejected("username", f"{account.username} is disabled", "an account in use")
    if name is not None:
        name = _name(name)
        live = [t for t in listed(connection, account.id) if t.name == name and _live(t, at)]
        if live:
            raise rejected(
                "name",
                f"{account.username} has a token named {name!r} already ({live[0].id})",
                "another name, or revoke that token first",
            )
    token = PREFIX + secrets.token_urlsafe(32)
    token_id = secrets.token_hex(6)
    connection.execute(
        _tokens.insert().values(
            id=token_id,
            user_id=account.id,
            name=name,
            hash=_hashed(token),
            created_at=at,
            expires_at=at + lifetime,
        )
    )
    return token, Token(token_id, account.username, name, at, at + lifetime, None)


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > LONGEST_NAME or not name.isprintable():
        raise rejected(
            "name",
            "the token's name is empty, too long or holds a control character",
            f"a label of up to {LONGEST_NAME} characters, like 'nightly export'",
        )
    return name


def _live(token: Token, at: datetime) -> bool:
    return token.revoked_at is None and token.expires_at > at


def listed(connection: Connection, user_id: int) -> list[Token]:
    """The user's tokens, newest first, revoked and expired ones too."""
    rows = connection.execute(
        _TOKEN.where(_tokens.c.user_id == user_id).order_by(_tokens.c.created_at.desc())
    )
    return [_token(row) for row in rows]


def holder(connection: Connection, token: str, at: datetime) -> Account:
    """The account a presented token acts for, or Refused saying why it does not."""
    if not token.startswith(PREFIX) or not token.isascii() or len(token) > 200:
        raise Refused("the token is not a sharewise API token")
    row = connection.execute(_TOKEN.where(_tokens.c.hash == _hashed(token))).first()
    if row is None:
        raise Refused("the token is not known")
    found = _token(row)
    if found.revoked_at is not None:
        raise Refused(f"the token was revoked on {found.revoked_at:%Y-%m-%d}")
    if at >= found.expires_at:
        raise Refused(f"the token expired on {found.expires_at:%Y-%m-%d}")
    account = users.account(connection, found.username)
    if account.disabled:
        raise Refused("the token's account is disabled")
    return account


def revoke(
    connection: Connection,
    at: datetime,
    token_id: str | None = None,
    account: Account | None = None,
    name: str | None = None,
) -> list[Token]:
    """Revoke a token by its id, or the account's token of that name: the tokens
    revoked now. A token revoked already is left as it was."""
    if token_id:
        if not TOKEN_ID.fullmatch(token_id.strip()):
            raise rejected("token", f"{token_id!r} is not a token's id", HOW_ID)
        where = _tokens.c.id == token_id.strip()
        if account is not None:
            where &= _tokens.c.user_id == account.id
    elif account is not None and name:
        where = (_tokens.c.user_id == account.id) & (_tokens.c.name == _name(name))
    else:
        raise rejected("token", "no token is named", "a token's id, or a username and a name")
    found = [_token(row) for row in connection.execute(_TOKEN.where(where))]
    if not found:
        raise rejected("token", "there is no such token", HOW_ID)
    live = [t.id for t in found if t.revoked_at is None]
    connection.execute(update(_tokens).where(_tokens.c.id.in_(live)).values(revoked_at=at))
    return [t for t in found if t.id in live]
