"""Who is in the register, as the directory gives them back to front ends, and what may
change of them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Annotated

from pydantic import Field, field_validator

from sharewise.register.schemas import Input, Words


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
class Relative:
    """Someone linked to a person, and how they stand to them ("parent")."""

    person: Person
    kind: str


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


class PersonChange(Input):
    """What may change of a person: their names, and their date of birth (None: not
    known). Only the fields given change; their reference stays, as records name it."""

    # Only the fields given are read (`model_fields_set`): the defaults are never stored.
    given_name: Annotated[Words, Field(max_length=100)] = ""
    family_name: Annotated[Words, Field(max_length=100)] = ""
    date_of_birth: date | None = None

    @field_validator("date_of_birth")
    @classmethod
    def _born(cls, value: date | None) -> date | None:
        if value is not None and value > date.today():
            raise ValueError("is in the future: a date of birth is a day up to today")
        return value


class PractitionerChange(Input):
    """What may change of a practitioner: their name and their role. Their code stays,
    as records name it."""

    name: Annotated[Words, Field(max_length=200)] = ""
    role: Annotated[Words, Field(max_length=200)] = ""
