"""What every domain's input is made of: codes, words, moments, and errors across
fields. The inputs themselves are in their domains (`decisions.schemas`,
`consents.schemas`): a form or a file is one thing, how it is stored another. How long
words may be is `engine.limits`'s to say."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo
from pydantic_core import PydanticCustomError

from sharewise.engine.limits import ACCOUNT, BRIEF, CODE, NAME, AtMost, reading_kept


def needs(field: str, problem: str, allowed: str) -> PydanticCustomError:
    """An error from a check across fields, naming the field at fault."""
    return PydanticCustomError("needs", problem, {"field": field, "allowed": allowed})


def _words(value: str) -> str:
    if not value.strip():
        raise ValueError("must say something in words, not be blank")
    if "\x00" in value:  # PostgreSQL can neither store nor search it
        raise ValueError("has a character that is not allowed (a NUL): type it again")
    return value.strip()


# Words kept with a record, by how many a field needs: an account (reasons, a weighing),
# a few words (a purpose, how it was done), a name (who someone is).
Words = Annotated[str, AfterValidator(_words), AtMost(ACCOUNT)]
BriefWords = Annotated[str, AfterValidator(_words), AtMost(BRIEF)]
NameWords = Annotated[str, AfterValidator(_words), AtMost(NAME)]
Code = Annotated[str, Field(min_length=1, max_length=CODE, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")]
RecordId = Annotated[str, Field(min_length=1, max_length=CODE)]  # an entry's id, a UUID

_NUMBER = re.compile(r"^\s*[+-]?\d+(\.\d*)?\s*$")


def _written_as_a_date(value: Any) -> Any:
    # pydantic would read 0, or "0", as a moment in 1970 (seconds since then): a date of
    # birth of 0 is a mistake, not 1 January 1970.
    if isinstance(value, int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        raise PydanticCustomError(
            "date_as_number",
            "is a number, not a date",
            {"allowed": "a date, like 2026-03-27, or a moment, like 2026-03-27T14:30:00Z"},
        )
    return value


def _in_the_calendar(moment: datetime, info: ValidationInfo) -> datetime:
    # The register writes every moment in UTC: one at the calendar's end in a far zone
    # (9999-12-31T23:59:59-23:59) would be past the year 9999 there.
    if moment.tzinfo is not None and not reading_kept(info):
        try:
            moment.astimezone(UTC)
        except OverflowError:
            raise PydanticCustomError(
                "moment",
                "is outside the calendar once written in UTC",
                {"allowed": "a moment from the year 1 to 9999 in UTC"},
            ) from None
    return moment


Moment = Annotated[datetime, BeforeValidator(_written_as_a_date), AfterValidator(_in_the_calendar)]
Day = Annotated[date, BeforeValidator(_written_as_a_date)]


class Input(BaseModel):
    """What a person or a system hands the register: strict, whitespace trimmed."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


TYPED_IN = "named:"  # how a typed-in recipient's key begins, apart from every code


def typed_in(organisation: str) -> str:
    """The key of an organisation not in the register, typed in: its name, whatever its
    case and spacing, since consent is to an organisation (3.19)."""
    return TYPED_IN + " ".join(organisation.casefold().split())


class NamedRecipient(Input):
    """Someone to share with who is not in the register, typed in: the person and the
    organisation they work for (a housing officer at a housing association)."""

    name: NameWords = Field(
        description="Who, with their role: 'Sam Patel, housing officer'. Their role alone "
        "when the name is not known."
    )
    organisation: NameWords = Field(description="The organisation they work for, in words.")

    @property
    def key(self) -> str:
        """What a consent naming their organisation and a sharing with them compare."""
        return typed_in(self.organisation)

    def __str__(self) -> str:
        return f"{self.name}, {self.organisation}"
