"""Who is acting: a practitioner of an organisation, and what of the register they may
read. Every record a front end makes is made in a principal's name, and every query it
runs is bounded by a principal's reach.

A signed-in user is a principal through `acting` (a session's account, or a token's as
`from_token` finds it): their organisation, the practitioner record they act as, their
roles and services."""

from __future__ import annotations

from dataclasses import dataclass, field

from sharewise.register.accounts.schemas import Account, Refused
from sharewise.register.errors import OutOfReach
from sharewise.register.store import Register


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

    @property
    def receives(self) -> frozenset[str]:
        """The recipients whose shares they read: their organisation, and the
        multi-agency services they work in."""
        return frozenset({self.organisation, *self.services})

    def bound(self, organisation: str | None) -> str:
        """The organisation a query asks about: their own unless named, and refused
        outside their reach, naming what is allowed."""
        if organisation is None:
            return self.organisation
        if organisation not in self.reach:
            raise OutOfReach(
                "organisation",
                f"there is no organisation {organisation!r} whose records you can read",
                ", ".join(sorted(self.reach)),
            )
        return organisation


class NotIdentified(Exception):
    """A request that names no principal the register knows; `problem` says why."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


def acting(account: Account) -> Principal:
    """The principal a signed-in account acts as."""
    return Principal(
        account.organisation,
        account.practitioner or "",
        account.roles,
        account.services,
        account.username,
    )


def from_token(register: Register, token: str | None) -> Principal:
    """The principal an API token acts as, or NotIdentified saying why it does not:
    no token, not a token, unknown, revoked, expired, or its account disabled."""
    if not token:
        raise NotIdentified("no API token is given")
    try:
        return acting(register.accounts.token_holder(token))
    except Refused as refused:
        raise NotIdentified(refused.problem) from None
