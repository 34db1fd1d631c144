"""Who is acting: a practitioner of an organisation, and what of the register they may
read. Every record a front end makes is made in a principal's name, and every query it
runs is bounded by a principal's reach.

A signed-in user is a principal through `acting` (a session's or a token's account, as
`from_session` and `from_token` find it): their organisation, the practitioner record
they act as, their roles and services. The web's chosen practitioner and the API's
`Sharewise-Practitioner` header name one with no account, no roles and no services."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sharewise.register.accounts.schemas import Account, Refused
from sharewise.register.errors import RecordRejected, rejected
from sharewise.register.store import Register

# How a front end names a practitioner: their organisation's code, a slash, their code.
NAMED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]{0,63})/([A-Za-z0-9][A-Za-z0-9._-]{0,63})$")
HOW_NAMED = "an organisation's code and a practitioner's code there, like council/jo"


@dataclass(frozen=True)
class Principal:
    """Someone acting for their organisation: as `practitioner`, the code decisions and
    consents are recorded under (empty for an account that acts as no practitioner, an
    auditor or an admin, say), with `roles` (accounts.schemas.ROLES), the multi-agency
    `services` they work in, and the `user` signed in, if any."""

    organisation: str
    practitioner: str
    roles: frozenset[str] = field(default_factory=frozenset)
    services: frozenset[str] = field(default_factory=frozenset)
    user: str | None = None

    @property
    def name(self) -> str:
        return f"{self.organisation}/{self.practitioner}"

    @property
    def reach(self) -> frozenset[str]:
        """The organisations whose records they may read: their own. A role reaching
        across organisations widens this, and every query follows."""
        return frozenset({self.organisation})

    def bound(self, organisation: str | None) -> str:
        """The organisation a query asks about: their own unless named, and refused
        outside their reach, naming what is allowed."""
        if organisation is None:
            return self.organisation
        if organisation not in self.reach:
            raise rejected(
                "organisation",
                f"organisation {organisation!r} is not one whose records you can read",
                ", ".join(sorted(self.reach)),
            )
        return organisation


class NotIdentified(Exception):
    """A request that names no principal the register knows; `problem` says why."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def identify(register: Register, named: str | None) -> Principal:
    """The principal `named` (organisation/practitioner) names, or NotIdentified saying
    what is wrong: nothing named, a name of the wrong shape, or nobody in the register."""
    if not named:
        raise NotIdentified("no practitioner is named")
    found = NAMED.match(named.strip())
    if found is None:
        raise NotIdentified(f"{named!r} is not {HOW_NAMED}")
    organisation, practitioner = found.groups()
    try:
        known = register.practitioners(organisation)
    except RecordRejected:
        raise NotIdentified(f"there is no organisation {organisation!r}") from None
    if practitioner not in {p.code for p in known}:
        raise NotIdentified(f"there is no practitioner {practitioner!r} in {organisation}")
    return Principal(organisation, practitioner)


def acting(account: Account) -> Principal:
    """The principal a signed-in account acts as."""
    return Principal(
        account.organisation,
        account.practitioner or "",
        account.roles,
        account.services,
        account.username,
    )


def from_session(register: Register, secret: str | None) -> Principal:
    """The principal of the session a browser's cookie holds (its idle end moved on),
    or NotIdentified saying why there is none: not signed in, ended, or disabled."""
    if not secret:
        raise NotIdentified("you are not signed in")
    try:
        return acting(register.accounts.session(secret).account)
    except Refused as refused:
        raise NotIdentified(refused.problem) from None


def from_token(register: Register, token: str | None) -> Principal:
    """The principal an API token acts as, or NotIdentified saying why it does not:
    no token, not a token, unknown, revoked, expired, or its account disabled."""
    if not token:
        raise NotIdentified("no API token is given")
    try:
        return acting(register.accounts.token_holder(token))
    except Refused as refused:
        raise NotIdentified(refused.problem) from None
