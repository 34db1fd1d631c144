"""The accounts, as the faces use them: each method a connection (a write transaction
to write) and the accounts' functions over it. Every method that depends on the time
takes `at` (now, by default), so that tests can move the clock instead of waiting.

Checking a password is slow by design (argon2): it runs outside any transaction, so
that no sign-in holds the register's write lock while it hashes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import Connection, Engine

from sharewise.register.accounts import passwords, sessions, signing_in, tokens, users
from sharewise.register.accounts.passwords import Passwords
from sharewise.register.accounts.schemas import (
    Account,
    NewUser,
    Refused,
    Session,
    SignInRules,
    Token,
)
from sharewise.register.canonical import now
from sharewise.register.directory import lookups, reading
from sharewise.register.errors import rejected, validated
from sharewise.register.tables import OrganisationRow

WRONG = "the username or the password is not right"


class Accounts:
    def __init__(
        self, engine: Engine, rules: SignInRules, hashing: Passwords | None = None
    ) -> None:
        self.engine = engine
        self.rules = rules
        self.passwords = hashing or Passwords()

    def _writing(self) -> Connection:
        return self.engine.connect().execution_options(write=True)

    # --- users -------------------------------------------------------------------------

    def add_user(
        self,
        organisation: str,
        username: str,
        roles: Sequence[str],
        *,
        services: Sequence[str] = (),
        practitioner: str | None = None,
        password: str | None = None,
        at: datetime | None = None,
    ) -> tuple[Account, str | None]:
        """Add a user, with `password` if given (checked against the policy), or else a
        one-time password that they must change at first sign-in, returned."""
        new = validated(
            NewUser,
            {
                "organisation": organisation,
                "username": username,
                "roles": tuple(roles),
                "services": tuple(services),
                "practitioner": practitioner,
            },
        )
        with self.engine.connect() as connection:
            guessable = _guessable(connection, new.organisation)
        if password is None:
            one_time = passwords.one_time(new.username, guessable)
        else:
            passwords.check(password, new.username, guessable)
        hashed = self.passwords.hash(password if password is not None else one_time)
        with self._writing() as connection, connection.begin():
            account = users.add_user(
                connection, new, hashed, must_change=password is None, at=at or now()
            )
        return account, (one_time if password is None else None)

    def users(self, organisation: str | None = None) -> list[Account]:
        with self.engine.connect() as connection:
            if organisation is None:
                return users.accounts(connection)
            lookups.organisation_id(connection, organisation)
            return users.accounts(connection, OrganisationRow.code == organisation)

    def user(self, username: str) -> Account:
        with self.engine.connect() as connection:
            return users.account(connection, username)

    def disable(self, username: str, at: datetime | None = None) -> tuple[int, int]:
        """Disable a user: how many sessions ended and tokens were revoked."""
        with self._writing() as connection, connection.begin():
            account = users.account(connection, username)
            if account.disabled:
                raise rejected(
                    "username", f"{account.username} is disabled already", "a user in use"
                )
            return users.disable(connection, account.id, at or now())

    def change_password(
        self,
        username: str,
        current: str,
        new: str,
        address: str = "unknown",
        at: datetime | None = None,
    ) -> Account:
        """Change a password, the current one given: checked against the policy, and no
        longer one to change. Every session of the user ends. Each try of the current
        password counts as a sign-in does, so a session left open is no way to guess it
        (TooManyTries)."""
        at = at or now()
        with self._writing() as connection, connection.begin():
            counted = signing_in.attempt(connection, username, address, self.rules, at)
            found = users.find(connection, username)
            guessable = _guessable(connection, found[0].organisation) if found else ()
        if not self.passwords.verify(found[1] if found else None, current) or not found:
            raise rejected("current", "the current password is not right", "the password you have")
        with self._writing() as connection, connection.begin():
            signing_in.succeeded(connection, username, counted)
        account = found[0]
        passwords.check(new, account.username, guessable)
        if new == current:
            raise rejected("password", "the new password is the one you have", "another password")
        hashed = self.passwords.hash(new)
        with self._writing() as connection, connection.begin():
            users.set_password(connection, [account.id], hashed, must_change=False, at=at)
            return users.account(connection, account.username)

    def change_user(
        self,
        username: str,
        *,
        roles: Sequence[str] | None = None,
        services: Sequence[str] | None = None,
        practitioner: str | None = None,
        at: datetime | None = None,
    ) -> Account:
        """Change a user's roles, services or practitioner record (those given; the rest
        stay), checked as a new user's are: a practitioner or an advisor needs a
        practitioner record, a service must be one of their organisation's."""
        with self._writing() as connection, connection.begin():
            was = users.account(connection, username)
            changed = validated(
                NewUser,
                {
                    "organisation": was.organisation,
                    "username": was.username,
                    "roles": tuple(sorted(was.roles) if roles is None else roles),
                    "services": tuple(sorted(was.services) if services is None else services),
                    "practitioner": practitioner or was.practitioner,
                },
            )
            return users.change_user(connection, was.id, changed, at or now())

    def reset_password(self, username: str, at: datetime | None = None) -> tuple[Account, str]:
        """A new one-time password for a user who lost theirs, to change at sign-in, and
        no other: their sessions end (their API tokens stay, each revoked on its own)."""
        with self.engine.connect() as connection:
            account = users.account(connection, username)
            guessable = _guessable(connection, account.organisation)
        one_time = passwords.one_time(account.username, guessable)
        hashed = self.passwords.hash(one_time)
        with self._writing() as connection, connection.begin():
            users.set_password(connection, [account.id], hashed, must_change=True, at=at or now())
            return users.account(connection, account.username), one_time

    def _one_time_expired(self, account: Account, at: datetime) -> bool:
        with self.engine.connect() as connection:
            given = sessions.aware(users.password_changed_at(connection, account.id))
        return at >= given + self.rules.one_time

    # --- signing in --------------------------------------------------------------------

    def sign_in_wait(
        self, username: str, address: str, at: datetime | None = None
    ) -> signing_in.Wait | None:
        """Whether a sign-in may be tried now (None), or until when it must wait, and
        why: for the page to say so before asking for a password."""
        with self.engine.connect() as connection:
            return signing_in.wait(connection, username, address, self.rules, at or now())

    def sign_in(
        self, username: str, password: str, address: str, at: datetime | None = None
    ) -> Account:
        """The account whose username and password these are, or Refused saying why
        not: TooManyTries (with until when) after too many failures. An unknown username
        and a wrong password are refused alike, after the same work."""
        at = at or now()
        with self._writing() as connection, connection.begin():
            counted = signing_in.attempt(connection, username, address, self.rules, at)
            found = users.find(connection, username)
        if not self.passwords.verify(found[1] if found else None, password) or not found:
            raise Refused(WRONG)
        account, stored = found
        if account.disabled:
            raise Refused("this account is disabled: ask your organisation's admin")
        if account.must_change_password and self._one_time_expired(account, at):
            raise Refused(
                "your one-time password has expired: ask your organisation's admin for a new one"
            )
        rehashed = self.passwords.hash(password) if self.passwords.needs_rehash(stored) else None
        with self._writing() as connection, connection.begin():
            signing_in.succeeded(connection, username, counted)
            if rehashed:
                users.rehash(connection, account.id, rehashed)
        return account

    def start_session(self, account: Account, at: datetime | None = None) -> tuple[str, Session]:
        """A new session, with a new secret for the browser's cookie, and the session."""
        with self._writing() as connection, connection.begin():
            return sessions.start(connection, account, self.rules, at or now())

    def session(self, secret: str, at: datetime | None = None) -> Session:
        """The session a browser's secret opens, its idle end moved on; or Refused."""
        at = at or now()
        with self.engine.connect() as connection:
            found = sessions.find(connection, secret, at)
        if not sessions.due_to_slide(found, at):
            return found
        with self._writing() as connection, connection.begin():
            return sessions.slide(connection, secret, found, self.rules, at)

    def end_session(self, secret: str) -> None:
        with self._writing() as connection, connection.begin():
            sessions.end(connection, secret)

    def end_sessions(self, username: str) -> int:
        """Sign a user out everywhere: how many sessions ended."""
        with self._writing() as connection, connection.begin():
            return sessions.end_all(connection, users.account(connection, username).id)

    # --- API tokens --------------------------------------------------------------------

    def create_token(
        self,
        username: str,
        name: str | None = None,
        lifetime: timedelta | None = None,
        at: datetime | None = None,
    ) -> tuple[str, Token]:
        """A new token for the user, lasting `lifetime` (the setting's, by default):
        the token, to be shown once, and how it is listed."""
        with self._writing() as connection, connection.begin():
            account = users.account(connection, username)
            return tokens.create(
                connection, account, name, lifetime or self.rules.token_lifetime, at or now()
            )

    def token_holder(self, token: str, at: datetime | None = None) -> Account:
        """The account a presented token acts for, or Refused: unknown, revoked,
        expired, or its account disabled."""
        with self.engine.connect() as connection:
            return tokens.holder(connection, token, at or now())

    def tokens(self, username: str) -> list[Token]:
        with self.engine.connect() as connection:
            return tokens.listed(connection, users.account(connection, username).id)

    def revoke_token(
        self,
        token_id: str | None = None,
        *,
        username: str | None = None,
        name: str | None = None,
        at: datetime | None = None,
    ) -> list[Token]:
        """Revoke a token by its id, or a user's token by its name: those revoked now."""
        with self._writing() as connection, connection.begin():
            account = users.account(connection, username) if username else None
            return tokens.revoke(connection, at or now(), token_id, account, name)


def _guessable(connection: Connection, organisation: str) -> tuple[str, str]:
    """What of the organisation a password must not hold: its code and its name."""
    lookups.organisation_id(connection, organisation)  # refused naming the codes there are
    found = reading.organisation(connection, organisation)
    return found.code, found.name
