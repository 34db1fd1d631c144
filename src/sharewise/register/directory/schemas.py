"""Who is in the register, as the directory gives them back to front ends."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Organisation:
    code: str
    name: str
    sector: str


@dataclass(frozen=True)
class Service:
    code: str
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class Practitioner:
    organisation: str
    code: str
    name: str
    role: str


@dataclass(frozen=True)
class Person:
    organisation: str
    reference: str
    given_name: str
    family_name: str
    date_of_birth: date | None

    @property
    def name(self) -> str:
        return f"{self.given_name} {self.family_name}"


@dataclass(frozen=True)
class Names:
    """What people call the codes a record holds: organisations and services by name,
    practitioners by name and role, people by name. A code not found stays a code."""

    places: dict[str, str]
    practitioners: dict[tuple[str, str], str]
    people: dict[tuple[str, str], str]

    def place(self, code: str | None) -> str | None:
        return None if code is None else self.places.get(code, code)

    def practitioner(self, organisation: str, code: str) -> str:
        return self.practitioners.get((organisation, code), code)

    def person(self, organisation: str, reference: str | None) -> str | None:
        return None if reference is None else self.people.get((organisation, reference))
