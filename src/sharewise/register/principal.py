"""Who is acting: a practitioner of an organisation, and what of the register they may
read. Every record a front end makes is made in a principal's name, and every query it
runs is bounded by a principal's reach.

Until sign-in, the web's chosen practitioner and the API's `Sharewise-Practitioner`
header name the principal; accounts will bring roles, and a manager's reach across
organisations, through `roles` and `reach` alone."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sharewise.register.errors import RecordRejected, rejected
from sharewise.register.store import Register

# How a front end names a practitioner: their organisation's code, a slash, their code.
NAMED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]{0,63})/([A-Za-z0-9][A-Za-z0-9._-]{0,63})$")
HOW_NAMED = "an organisation's code and a practitioner's code there, like council/jo"


@dataclass(frozen=True)
class Principal:
    """A practitioner acting for their organisation."""

    organisation: str
    practitioner: str
    roles: frozenset[str] = field(default_factory=frozenset)  # none until accounts

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
