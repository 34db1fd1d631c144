"""What de-identification takes and gives: what sharewise already holds about the person
and the people linked to them (`Known`), and the masked text with what was masked
(`Masked`, its `Span`s). Every field of `Known` is optional: a note is masked by its
patterns alone when nothing is held."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from sharewise.engine.limits import BRIEF, CODE, LINKED, NAME, NOTE, AtMost

SpanType = Literal[
    "name",
    "date_of_birth",
    "address",
    "postcode",
    "school",
    "nhs_number",
    "ni_number",
    "phone",
    "email",
    "date",
    "other",
]
SPAN_TYPES: tuple[SpanType, ...] = get_args(SpanType)


def _not_a_number(value: Any) -> Any:
    # As the register's dates: 0 is a mistake, not 1 January 1970.
    if isinstance(value, int | float):
        raise PydanticCustomError(
            "date_as_number", "is a number, not a date", {"allowed": "a date, like 2019-03-03"}
        )
    return value


Held = Annotated[str, AtMost(NAME)]
DateOfBirth = Annotated[date, BeforeValidator(_not_a_number), Field(strict=False)]


class KnownPerson(BaseModel):
    """One person as sharewise holds them; `role` is free words ("child", "mother",
    "foster carer", "teacher") that choose the placeholder."""

    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

    role: Held | None = None
    name: Held | None = None
    dob: DateOfBirth | None = None
    address: Annotated[str, AtMost(BRIEF)] | None = None
    school: Held | None = None
    nhs_number: Annotated[str, AtMost(CODE)] | None = None
    phone: Annotated[str, AtMost(CODE)] | None = None


class Known(BaseModel):
    """The person the text is about (`subject`) and the people linked to them."""

    model_config = ConfigDict(extra="forbid", strict=True)

    subject: KnownPerson | None = None
    linked: Annotated[list[KnownPerson], AtMost(LINKED)] = []

    @property
    def people(self) -> list[KnownPerson]:
        """The subject first (a placeholder's number follows this order), then the linked."""
        return ([self.subject] if self.subject else []) + list(self.linked)


class Span(BaseModel):
    """What was masked: characters `start` to `end` of the input text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str
    type: SpanType
    placeholder: str


class Masked(BaseModel):
    """The masked text, and its spans in order, none overlapping another."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str
    spans: list[Span]


class CaseNote(BaseModel):
    """A note to de-identify, with what sharewise holds: what the API and the CLI take."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: Annotated[str, AtMost(NOTE)] = Field(
        description=f"The note, up to {NOTE:,} characters.",
        examples=["Kayden (DOB 03/03/2019) lives with his mum Leanne at 12 Elm Road."],
    )
    known: Known | None = Field(
        default=None,
        description="What sharewise holds about the person (`subject`) and the people "
        "linked to them: each name, date of birth, address, school, NHS number and phone "
        "is found however the note writes it. Every field is optional; `role` (child, "
        "mother, foster carer...) names the person's placeholder.",
    )
