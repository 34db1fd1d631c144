"""Signing in with a username and a password, and the pause after too many failures.

Every attempt is counted before its password is checked, against its account and
against its address, in the register (so every server process sees the same count);
a successful one takes back its account's count. Once an account (or an address) has
`account_failures` (`address_failures`) attempts within the window, it waits until the
oldest of them leaves the window: no lockout that an attacker could hold someone in,
and no more than a handful of guesses in a quarter of an hour (NCSC, Password policy:
throttling). Usernames and addresses are kept only as SHA-256 hashes, so the table does
not hold a password typed into the username box. Each function works inside the
caller's transaction."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, insert, select

from sharewise.register.accounts.schemas import SignInRules, TooManyTries
from sharewise.register.accounts.sessions import aware
from sharewise.register.tables import SignInAttemptRow

_attempts = SignInAttemptRow.__table__


def _key(kind: str, value: str) -> str:
    return hashlib.sha256(f"{kind}:{value}".encode(errors="replace")).hexdigest()


def account_key(username: str) -> str:
    return _key("account", username.strip().casefold())


def address_key(address: str) -> str:
    return _key("address", address.strip())


@dataclass(frozen=True)
class Wait:
    """Sign-ins are paused until `until`, because of `what`: "account" or "address"."""

    until: datetime
    what: str

    def refusal(self) -> TooManyTries:
        whose = "this account" if self.what == "account" else "your network address"
        return TooManyTries(
            f"there have been too many failed sign-ins for {whose}. Try again after "
            f"{self.until:%H:%M} UTC, or ask your organisation's admin",
            self.until,
        )


def wait(
    connection: Connection, username: str, address: str, rules: SignInRules, at: datetime
) -> Wait | None:
    """Whether a sign-in may be tried now (None), or until when it must wait."""
    waits = [
        found
        for found in (
            _wait(connection, account_key(username), "account", rules.account_failures, rules, at),
            _wait(connection, address_key(address), "address", rules.address_failures, rules, at),
        )
        if found
    ]
    return max(waits, key=lambda w: w.until, default=None)


def _wait(
    connection: Connection, key: str, what: str, most: int, rules: SignInRules, at: datetime
) -> Wait | None:
    recent = connection.execute(
        select(_attempts.c.tried_at)
        .where(_attempts.c.key == key, _attempts.c.tried_at > at - rules.window)
        .order_by(_attempts.c.tried_at.desc())
        .limit(most)
    ).scalars()
    moments = [aware(m) for m in recent]
    if len(moments) < most:
        return None
    return Wait(moments[-1] + rules.window, what)


def attempt(
    connection: Connection, username: str, address: str, rules: SignInRules, at: datetime
) -> int:
    """Count an attempt, or refuse it (TooManyTries) if sign-ins must wait: the id of
    the address's count, for `succeeded`. Counts older than the window are let go."""
    paused = wait(connection, username, address, rules, at)
    if paused:
        raise paused.refusal()
    connection.execute(delete(_attempts).where(_attempts.c.tried_at <= at - rules.window))
    connection.execute(insert(_attempts).values(key=account_key(username), tried_at=at))
    counted = insert(_attempts).values(key=address_key(address), tried_at=at)
    return int(connection.execute(counted.returning(_attempts.c.id)).scalar_one())


def succeeded(connection: Connection, username: str, counted: int) -> None:
    """The attempt was right: its account starts again from no failures, and its
    address's count loses this attempt (but keeps its failures)."""
    connection.execute(delete(_attempts).where(_attempts.c.key == account_key(username)))
    connection.execute(delete(_attempts).where(_attempts.c.id == counted))
