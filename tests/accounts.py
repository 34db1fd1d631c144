"""Who the tests are: accounts in a test's register, and a signed-in session or an API
token for them, made directly (a password is checked only by the tests of signing in).

Every account has the one PASSWORD, hashed once with argon2 at a cost that keeps tests
quick: the service rehashes it at its own cost on a real sign-in."""

from __future__ import annotations

from collections.abc import Sequence

from argon2 import PasswordHasher

from sharewise.register.accounts import users
from sharewise.register.accounts.schemas import Account, NewUser
from sharewise.register.canonical import now
from sharewise.register.store import Register
from sharewise.web.identity import SESSION

PASSWORD = "otter lantern quietly folding"
QUICK = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_HASHED = QUICK.hash(PASSWORD)


def add_account(
    register: Register,
    organisation: str,
    username: str,
    roles: Sequence[str] = ("practitioner",),
    practitioner: str | None = None,
    services: Sequence[str] = (),
    must_change: bool = False,
) -> Account:
    user = NewUser(
        organisation=organisation,
        username=username,
        roles=tuple(roles),
        services=tuple(services),
        practitioner=practitioner,
    )
    with register.writing() as connection, connection.begin():
        return users.add_user(connection, user, _HASHED, must_change=must_change, at=now())


def signed_in(register: Register, username: str) -> dict[str, str]:
    """The cookie of a new session of `username`'s, as signing in would set it."""
    secret, _ = register.accounts.start_session(register.accounts.user(username))
    return {SESSION: secret}


def bearer(register: Register, username: str) -> dict[str, str]:
    """The header of a new API token of `username`'s."""
    token, _ = register.accounts.create_token(username)
    return {"Authorization": f"Bearer {token}"}
