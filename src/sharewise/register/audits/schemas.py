"""What a manager or an auditor hands the register: a month to report on, and a finding
on one record of a report's sample."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from sharewise.register.accounts.schemas import Username
from sharewise.register.canonical import now
from sharewise.register.schemas import Code, Input, RecordId, Words, needs

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MONTH_ALLOWED = "a month as YYYY-MM, like 2026-11, this month or before"
SAMPLE_SIZE = 10  # records a reviewer can read with care in a sitting
MOST_SAMPLED = 100
# As long as a month can be: anything longer is refused before it is read.
Month = Annotated[str, Field(max_length=len("2026-11"))]
ANSWERS = ("yes", "no", "partly")
Answer = Literal["yes", "no", "partly"]
# The question each finding answers: what golden rule 7 and 3.50-3.51 ask a record to
# hold (the pages cite them beside it).
QUESTION = "Were the decision and its reasons recorded as the guidance asks?"
# Fields the API's bodies ask for as the register does, so the two cannot drift apart.
SampleSize = Annotated[
    int,
    Field(
        ge=1,
        le=MOST_SAMPLED,
        description="How many of the month's decision records to sample (all, if fewer).",
    ),
]
SampledRecord = Annotated[
    RecordId, Field(description="The id of a decision record in the report's sample.")
]


def this_month() -> str:
    return now().strftime("%Y-%m")


class ReportAsked(Input):
    """A month's report for one organisation, made by `made_by` (a username)."""

    organisation: Code
    made_by: Username
    practitioner: Code | None = Field(None, description="Whom the maker acts as, if anyone.")
    month: Month = Field(description=f"The month reported on: {MONTH_ALLOWED}.")
    sample_size: SampleSize = SAMPLE_SIZE

    @field_validator("month")
    @classmethod
    def _a_month(cls, month: str) -> str:
        found = MONTH.match(month)
        if not found or int(found.group(1)) < 2000:
            raise ValueError(f"is not a month. Allowed: {MONTH_ALLOWED}")
        return month

    @model_validator(mode="after")
    def _not_to_come(self) -> ReportAsked:
        if self.month > this_month():
            raise needs(
                "month",
                "The month must be this month or one before: a month to come has no records",
                MONTH_ALLOWED,
            )
        return self


class FindingGiven(Input):
    """A reviewer's answer on one sampled record of a report, and why."""

    report_id: RecordId
    organisation: Code
    made_by: Username
    practitioner: Code | None = None
    record: SampledRecord
    answer: Answer = Field(description=f"{QUESTION} yes, no or partly.")
    note: Words | None = Field(None, description="What the reviewer found; needed unless yes.")

    @model_validator(mode="after")
    def _why_not(self) -> FindingGiven:
        if self.answer != "yes" and self.note is None:
            raise needs(
                "note",
                "Enter what was missing or wrong: a note is needed unless the answer is yes",
                "words saying what the record lacks",
            )
        return self
