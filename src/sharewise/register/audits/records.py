"""The bodies of audit entries (a report, a finding), and a report as its pages read it:
the report's entry with the findings that refer to it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from sharewise.engine.limits import KEPT
from sharewise.register.audits.schemas import Answer
from sharewise.register.entries import Body


class FigureTable(BaseModel):
    """One of the month's monitoring figures, as the report printed it: a titled table."""

    model_config = ConfigDict(frozen=True)

    name: str
    title: str
    description: str
    headings: list[str]
    rows: list[list[str | int | float | None]]


class _OfMonth(Body):
    schema_version: Literal[1] = 1
    month: str
    made_by: str  # a username

    def header(self) -> dict[str, Any]:
        return {"month": self.month, "record": None}


class AuditReport(_OfMonth):
    """A month's report: what it counted, the records sampled for review and the seed
    they were drawn with (the population is the month's records before the report's
    own entry in the chain, so the same seed draws the same sample again)."""

    organisation: str
    seed: str
    sample_size: int
    population: int  # how many records the month held
    drawn_upto: int  # the place in the chain the month's records were read up to
    sample: list[str]
    figures: list[FigureTable]


class AuditFinding(_OfMonth):
    """A reviewer's answer on one sampled record."""

    record: str
    answer: Answer
    note: str | None

    def header(self) -> dict[str, Any]:
        return {"month": self.month, "record": self.record}


KINDS: dict[str, type[_OfMonth]] = {"report": AuditReport, "finding": AuditFinding}


def read_body(kind: str, stored: str) -> _OfMonth:
    return KINDS[kind].model_validate_json(stored, context=KEPT)


@dataclass(frozen=True)
class Finding:
    id: str
    recorded_at: str
    body: AuditFinding


@dataclass(frozen=True)
class StoredReport:
    """A report as made: its entry's place in the organisation's chain (`seq` and
    `hash`: the chain's head the moment it was made, which it pins) and its findings,
    by the record they are about."""

    id: str
    made_at: str
    organisation_id: int
    seq: int
    hash: str
    body: AuditReport
    findings: dict[str, Finding] = field(default_factory=dict)

    @property
    def head(self) -> str:
        """The head as `sharewise verify --head` prints it for the organisation."""
        return f"{self.organisation_id}={self.seq}:{self.hash}"
