"""What a search of the decisions may ask for, said once: `sharewise records list|export`,
the records page, the API's list and export and the register itself all take this
model, so each filter means the same, and is refused in the same words, everywhere.
No database library here: the CLI reads it to make its options (the query is the
store's)."""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import UTC, date, datetime, time
from typing import TYPE_CHECKING, Annotated, Any, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    TypeAdapter,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from sharewise.engine.assessment import Outcome
from sharewise.engine.limits import SEARCH
from sharewise.register.canonical import instant
from sharewise.register.schemas import Code, needs

ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MOST_WORDS = 10  # each word is a scan of the purpose and the reasons
_MOMENT = TypeAdapter(datetime)


def _day_or_moment(value: Any) -> date | datetime:
    # "2026-11-25" is a whole day, where pydantic would read its first moment alone.
    found: date | datetime | None = value if isinstance(value, date) else None  # datetimes too
    if isinstance(value, str):
        text = value.strip()
        with suppress(ValueError):  # pydantic's ValidationError is one
            found = (
                date.fromisoformat(text) if ISO_DAY.match(text) else _MOMENT.validate_python(text)
            )
    # A search compares moments in UTC: one past the calendar's ends there is no moment.
    if found is not None:
        with suppress(OverflowError, ValueError):
            for at in (time.min, time.max):
                instant(_bound(found, at))
            return found
    raise PydanticCustomError(
        "day_or_moment",
        "is not a real date or moment",
        {"allowed": "a date, like 2026-11-25, or a moment, like 2026-11-25T14:05:00Z"},
    )


DayOrMoment = Annotated[
    date | datetime,
    PlainValidator(_day_or_moment),
    PlainSerializer(lambda value: value.isoformat(), return_type=str, when_used="json"),
    WithJsonSchema(
        {"anyOf": [{"type": "string", "format": "date"}, {"type": "string", "format": "date-time"}]}
    ),
]


class Span(BaseModel):
    """From and until, said once for every search that has them: a day or a moment each,
    the one no later than the other. A model that is a span declares `since` and `until`
    itself, where its other filters go."""

    if TYPE_CHECKING:
        since: DayOrMoment | None
        until: DayOrMoment | None

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        if self.starts and self.ends and self.starts > self.ends:
            raise needs(
                "until",
                "The 'until' date must be the same as or after the 'from' date",
                "a date or moment no earlier than since (the 'from' date)",
            )
        return self

    @property
    def starts(self) -> datetime | None:
        """The first moment asked for."""
        return first_moment(self.since)

    @property
    def ends(self) -> datetime | None:
        """The last moment asked for: a day ends at its last microsecond, as stored."""
        return last_moment(self.until)


class DecisionFilters(Span):
    """Which decisions: each filter given narrows the search; none gives every one."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)

    organisation: Code | None = Field(None, description="The organisation's code.")
    person: Code | None = Field(None, description="The person's reference.")
    practitioner: Code | None = Field(None, description="Who recorded it.")
    outcome: Outcome | None = Field(None, description="What the guidance recommended.")
    shared: bool | None = Field(None, description="Whether the practitioner shared.")
    departs: bool | None = Field(
        None,
        description="Whether the practitioner's decision went against the recommendation, "
        "for reasons they recorded: what a manager looks at first (4.3).",
    )
    since: DayOrMoment | None = Field(
        None,
        description="Recorded at or after this moment (UTC if no zone), or from the start "
        "of this day (a date alone, on the register's clock).",
    )
    until: DayOrMoment | None = Field(
        None,
        description="Recorded at or before this moment (UTC if no zone), or by the end of "
        "this day (a date alone, on the register's clock).",
    )
    search: str | None = Field(
        None,
        max_length=SEARCH,
        description="Words in the purpose or the practitioner's reasons, in any case: each "
        f"word must be in one or the other (up to {MOST_WORDS} words).",
    )

    @model_validator(mode="after")
    def _checked(self) -> DecisionFilters:
        if len(self.words) > MOST_WORDS:
            raise needs("search", f"has more than {MOST_WORDS} words", f"up to {MOST_WORDS} words")
        return self

    @property
    def words(self) -> list[str]:
        return self.search.split() if self.search else []

    def as_query(self) -> dict[str, str]:
        """The filters given, as the API's query parameters take them: for a link."""
        given = self.model_dump(
            mode="json", include=set(DecisionFilters.model_fields), exclude_none=True
        )
        return {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in given.items()}


def first_moment(value: datetime | date | None) -> datetime | None:
    """The first moment of a day (or the moment) asked for, aware."""
    return None if value is None else _bound(value, time.min)


def last_moment(value: datetime | date | None) -> datetime | None:
    """The last moment of a day (or the moment) asked for, aware."""
    return None if value is None else _bound(value, time.max)


def _bound(value: datetime | date, at: time) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, at).astimezone()
