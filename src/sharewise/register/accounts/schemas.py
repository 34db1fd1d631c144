"""Accounts as front ends hand them in and get them back: a new user, an account, a
session, a token, and the refusals of signing in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import AfterValidator, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from sharewise.register.schemas import Input, needs

# What each role may do is the authorisation's; what it means is here.
ROLES = {
    "practitioner": "records decisions and consents about their organisation's people",
    "advisor": (
        "a safeguarding lead, Caldicott guardian or manager: the designated source of advice (4.3)"
    ),
    "manager": "sees their organisation's records",
    "auditor": "sees their organisation's records and the access log, and changes nothing",
    "admin": "manages the accounts of their organisation",
    "governance": (
        "an information governance lead: publishes the code of practice, procedures and "
        "privacy notices, names the advisors, and keeps the sharing protocols (4.7-4.8)"
    ),
}
# Roles that record in a practitioner's name, or are asked for advice by one: the
# account acts as a practitioner the directory knows.
ACTING_AS_PRACTITIONER = frozenset({"practitioner", "advisor"})

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{2,63}$")
HOW_USERNAME = (
    "3 to 64 characters: lower-case letters, digits, and . _ @ - after the first, like jo.smith"
)


def _allowed(problem: str, allowed: str) -> PydanticCustomError:
    return PydanticCustomError("needs", problem, {"allowed": allowed})


def _username(value: str) -> str:
    value = value.strip().casefold()
    if not USERNAME.match(value):
        raise _allowed(f"{value!r} is not a username", HOW_USERNAME)
    return value


def _role(value: str) -> str:
    if value not in ROLES:
        raise _allowed(f"{value!r} is not a role", ", ".join(ROLES))
    return value


def _named(value: str) -> str:
    # PostgreSQL can neither store nor search a NUL; any other code is looked up.
    if "\x00" in value:
        raise _allowed("has a character that is not allowed (a NUL)", "a code, like council")
    return value


Username = Annotated[str, Field(max_length=200), AfterValidator(_username)]
Role = Annotated[str, AfterValidator(_role)]
Named = Annotated[str, Field(min_length=1, max_length=64), AfterValidator(_named)]


class NewUser(Input):
    """A user to add: who they are in the directory, and what they may do."""

    organisation: Named
    username: Username
    roles: tuple[Role, ...]
    services: tuple[Named, ...] = ()
    practitioner: Named | None = None

    @field_validator("roles", mode="after")
    @classmethod
    def _some_role(cls, roles: tuple[str, ...]) -> tuple[str, ...]:
        if not roles:
            raise _allowed("no role is given", "one or more of " + ", ".join(ROLES))
        return tuple(dict.fromkeys(roles))

    @model_validator(mode="after")
    def _acts_as_a_practitioner(self) -> NewUser:
        acting = ACTING_AS_PRACTITIONER.intersection(self.roles)
        if acting and self.practitioner is None:
            raise needs(
                "practitioner",
                f"a user with the role {sorted(acting)[0]} records and is asked for advice "
                "as a practitioner, and none is named",
                "the code of their practitioner record in the organisation",
            )
        return self


@dataclass(frozen=True)
class Account:
    """A user as the register knows them."""

    id: int
    username: str
    organisation: str
    practitioner: str | None
    roles: frozenset[str]
    services: frozenset[str]
    must_change_password: bool
    disabled: bool
    demo: bool


@dataclass(frozen=True)
class Session:
    """A signed-in browser's session: its account, and until when it lasts."""

    account: Account
    created_at: datetime
    last_seen_at: datetime
    idle_expires_at: datetime
    expires_at: datetime


@dataclass(frozen=True)
class Token:
    """An API token as listed: never the token itself, which is shown once."""

    id: str
    username: str
    name: str | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None


@dataclass(frozen=True)
class SignInRules:
    """How long sessions and tokens last, and how many failed sign-ins pause more."""

    idle: timedelta = timedelta(minutes=30)
    lasting: timedelta = timedelta(hours=12)
    token_lifetime: timedelta = timedelta(days=90)
    one_time: timedelta = timedelta(days=7)  # a one-time password unused this long expires
    window: timedelta = timedelta(minutes=15)
    account_failures: int = 5
    address_failures: int = 50


class Refused(Exception):
    """A sign-in, a session or a token refused; `problem` says why, for the person."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


class TooManyTries(Refused):
    """Sign-ins are paused for this account or address until `until`."""

    def __init__(self, problem: str, until: datetime) -> None:
        super().__init__(problem)
        self.until = until
