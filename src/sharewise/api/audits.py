"""Monthly audit reports (4.3), for managers and auditors: a month's figures, a sample
of its decision records drawn from a recorded seed, the chain head the report pins, and
the reviewer's findings on each sampled record."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from sharewise.api.errors import problems
from sharewise.api.identity import WITH_TOKEN
from sharewise.api.schemas import Paging
from sharewise.faces.access import logged
from sharewise.faces.audits import acting
from sharewise.faces.dependencies import Monitor, RegisterDep
from sharewise.register.audits.records import FigureTable, Finding, StoredReport
from sharewise.register.audits.schemas import (
    MONTH_ALLOWED,
    QUESTION,
    SAMPLE_SIZE,
    Answer,
    Month,
    SampledRecord,
    SampleSize,
)
from sharewise.register.schemas import Words

router = APIRouter(tags=["audit reports"], dependencies=[WITH_TOKEN], responses=problems(401, 403))


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class NewReport(_Body):
    month: Month = Field(description=f"The month to report on: {MONTH_ALLOWED}.")
    sample_size: SampleSize = SAMPLE_SIZE


class NewFinding(_Body):
    record: SampledRecord
    answer: Answer = Field(description=f"{QUESTION} yes, no or partly.")
    note: Words | None = Field(None, description="What you found; needed unless the answer is yes.")


class ChainHead(BaseModel):
    """The organisation's chain head the moment the report was made: the report's own
    entry, which pins every entry before it."""

    organisation_id: int
    count: int
    hash: str
    as_printed: str = Field(description="As `sharewise verify --head` prints it.")


class FindingOut(BaseModel):
    id: str
    recorded_at: str
    record: str
    made_by: str
    answer: Answer
    note: str | None

    @classmethod
    def of(cls, finding: Finding) -> FindingOut:
        body = finding.body
        return cls(
            id=finding.id,
            recorded_at=finding.recorded_at,
            record=body.record,
            made_by=body.made_by,
            answer=body.answer,
            note=body.note,
        )


class ReportSummary(BaseModel):
    id: str
    organisation: str
    month: str
    made_at: str
    made_by: str = Field(description="The username of who made it.")
    head: ChainHead
    sampled: int
    findings: int

    @classmethod
    def of(cls, report: StoredReport) -> ReportSummary:
        body = report.body
        return cls(
            id=report.id,
            organisation=body.organisation,
            month=body.month,
            made_at=report.made_at,
            made_by=body.made_by,
            head=ChainHead(
                organisation_id=report.organisation_id,
                count=report.seq,
                hash=report.hash,
                as_printed=report.head,
            ),
            sampled=len(body.sample),
            findings=len(report.findings),
        )


class Report(ReportSummary):
    """A report as made, with the findings recorded on its sample since."""

    seed: str = Field(description="What the sample was drawn with: the same seed, the same draw.")
    sample_size: int
    population: int = Field(description="How many decision records the month held.")
    sample: list[str] = Field(description="The ids of the decision records sampled.")
    figures: list[FigureTable]
    question: str = Field(QUESTION, description="What each finding answers.")
    recorded_findings: list[FindingOut]

    @classmethod
    def of(cls, report: StoredReport) -> Report:
        body = report.body
        return cls(
            **ReportSummary.of(report).model_dump(),
            seed=body.seed,
            sample_size=body.sample_size,
            population=body.population,
            sample=body.sample,
            figures=body.figures,
            recorded_findings=[FindingOut.of(f) for f in report.findings.values()],
        )


class Reports(BaseModel):
    reports: list[ReportSummary]
    limit: int
    offset: int


@router.get("/audit-reports", summary="List your organisation's audit reports")
def list_reports(
    query: Annotated[Paging, Query()], register: RegisterDep, principal: Monitor
) -> Reports:
    """Newest first."""
    found = register.audit_reports(principal.organisation, limit=query.limit, offset=query.offset)
    return Reports(
        reports=[ReportSummary.of(r) for r in found], limit=query.limit, offset=query.offset
    )


@router.post(
    "/audit-reports", status_code=201, summary="Make a month's audit report", response_model=Report
)
def make_report(sent: NewReport, register: RegisterDep, principal: Monitor) -> Report:
    """Count the month, draw a sample of its decision records with a seed nobody
    chooses, and record the report in your organisation's chain: its entry is the
    chain head it pins."""
    made = register.make_audit_report({**acting(principal), **sent.model_dump()})
    return Report.of(made)


@router.get(
    "/audit-reports/{report_id}",
    summary="Read an audit report",
    response_model=Report,
    responses=problems(404),
)
def get_report(
    request: Request, report_id: str, register: RegisterDep, principal: Monitor
) -> Report:
    """The report as made, and the findings recorded since (a read that is logged)."""
    report = register.audit_report(report_id, principal.organisation)
    logged(request, register, principal, "audit report", report.id)
    return Report.of(report)


@router.post(
    "/audit-reports/{report_id}/findings",
    status_code=201,
    summary="Record a finding on a sampled record",
    response_model=FindingOut,
    responses=problems(404),
)
def record_finding(
    report_id: str, sent: NewFinding, register: RegisterDep, principal: Monitor
) -> FindingOut:
    """Once for each sampled record: whether it was recorded as golden rule 7 asks."""
    given = {**acting(principal), "report_id": report_id, **sent.model_dump()}
    return FindingOut.of(register.record_audit_finding(given))
