"""Making a month's audit report, recording findings on its sample, and reading them.

A report draws its sample with a seed from `secrets` (nobody can choose or foresee which
records are reviewed), kept in the report with how far the chain went when it was drawn,
so that `drawn` draws the same sample from the same records again."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, select

from sharewise.register import chain, monitoring
from sharewise.register.audits.records import (
    AuditFinding,
    AuditReport,
    FigureTable,
    Finding,
    StoredReport,
    read_body,
)
from sharewise.register.audits.schemas import FindingGiven, ReportAsked
from sharewise.register.canonical import instant, now
from sharewise.register.directory.lookups import organisation_id
from sharewise.register.entries import Body, ledger_entry
from sharewise.register.errors import OutOfReach, rejected
from sharewise.register.monitoring import MonitoringFilters
from sharewise.register.tables import (
    AuditRecordRow,
    ChainHeadRow,
    DecisionRecordRow,
    OrganisationRow,
    PractitionerRow,
)

AUDITS = chain.register_kind(
    chain.EntryKind(AuditRecordRow, {2: (*chain.ENTRY_HEADER, "month", "record")})
)
_TABLE = AuditRecordRow.__table__
_DECISIONS = DecisionRecordRow.__table__


def month_span(month: str) -> tuple[str, str]:
    """The first moment of the month and of the next, as the ledger stores moments."""
    year, number = int(month[:4]), int(month[5:])
    after = (year + 1, 1) if number == 12 else (year, number + 1)
    return instant(datetime(year, number, 1, tzinfo=UTC)), instant(datetime(*after, 1, tzinfo=UTC))


def population(connection: Connection, org_id: int, month: str, upto: int) -> list[str]:
    """The organisation's decision records of the month, up to place `upto` in its chain,
    in the chain's order."""
    starts, ends = month_span(month)
    return list(
        connection.execute(
            select(_DECISIONS.c.id)
            .where(
                _DECISIONS.c.organisation_id == org_id,
                _DECISIONS.c.recorded_at >= starts,
                _DECISIONS.c.recorded_at < ends,
                _DECISIONS.c.seq <= upto,
            )
            .order_by(_DECISIONS.c.seq)
        ).scalars()
    )


def drawn(seed: str, records: Sequence[str], size: int) -> list[str]:
    """`size` of `records` (all, if fewer), drawn by `seed`: the same seed, the same draw."""
    return random.Random(seed).sample(list(records), min(size, len(records)))


def month_figures(connection: Connection, organisation: str, month: str) -> list[FigureTable]:
    """The monitoring figures of the month (`sharewise.register.monitoring`), as tables
    to keep in the report."""
    year, number = int(month[:4]), int(month[5:])
    last = (date(year + (number == 12), number % 12 + 1, 1)) - timedelta(days=1)
    filters = MonitoringFilters(since=date(year, number, 1), until=last)
    counted = monitoring.figures(connection, organisation, filters, now().date())
    return [
        FigureTable(
            name=figure.name,
            title=figure.title,
            description=figure.description,
            headings=list(figure.columns),
            rows=[list(row) for row in figure.rows],
        )
        for figure in counted.figures
    ]


def _acting(connection: Connection, org_id: int, practitioner: str | None) -> int | None:
    if not practitioner:
        return None
    return connection.execute(
        select(PractitionerRow.id).where(
            PractitionerRow.organisation_id == org_id, PractitionerRow.code == practitioner
        )
    ).scalar()


def _append(
    connection: Connection,
    body: Body,
    kind: str,
    org_id: int,
    recorded_by: int | None,
    refers_to: str | None,
) -> chain.Appended:
    entry = ledger_entry(
        body,
        kind=kind,
        recorded_by=recorded_by,
        person_id=None,
        refers_to=refers_to,
        recorded_at=now(),
    )
    (appended,) = chain.append(connection, AUDITS.table, org_id, [entry])
    return appended


def make_report(connection: Connection, asked: ReportAsked) -> StoredReport:
    """Count the month, draw its sample and append the report to the organisation's
    chain, inside the caller's write transaction. Its entry is the chain's head when
    it is made: the report pins every entry before it."""
    org_id = organisation_id(connection, asked.organisation)
    upto = (
        connection.execute(
            select(ChainHeadRow.count).where(ChainHeadRow.organisation_id == org_id)
        ).scalar()
        or 0
    )
    records = population(connection, org_id, asked.month, upto)
    seed = secrets.token_hex(16)
    body = AuditReport(
        month=asked.month,
        made_by=asked.made_by,
        organisation=asked.organisation,
        seed=seed,
        sample_size=asked.sample_size,
        population=len(records),
        drawn_upto=upto,
        sample=drawn(seed, records, asked.sample_size),
        figures=month_figures(connection, asked.organisation, asked.month),
    )
    by = _acting(connection, org_id, asked.practitioner)
    appended = _append(connection, body, "report", org_id, by, None)
    return StoredReport(
        appended.id, appended.recorded_at, org_id, appended.seq, appended.hash, body
    )


def record_finding(connection: Connection, given: FindingGiven) -> Finding:
    """A finding on one record of the report's sample, once."""
    report = audit_report(connection, given.report_id, given.organisation)
    if given.record not in report.body.sample:
        raise rejected(
            "record",
            f"there is no record {given.record!r} in this report's sample",
            "the id of one of the report's sampled records",
        )
    if given.record in report.findings:
        raise rejected(
            "record", "a finding on this record is recorded already", "no second finding"
        )
    body = AuditFinding(
        month=report.body.month,
        made_by=given.made_by,
        record=given.record,
        answer=given.answer,
        note=given.note,
    )
    by = _acting(connection, report.organisation_id, given.practitioner)
    appended = _append(connection, body, "finding", report.organisation_id, by, report.id)
    return Finding(appended.id, appended.recorded_at, body)


# --- reading reports --------------------------------------------------------------------


def audit_report(connection: Connection, report_id: str, organisation: str) -> StoredReport:
    """A report of `organisation`, with its findings; another organisation's is not
    there."""
    row = connection.execute(
        select(_TABLE, OrganisationRow.code)
        .join(OrganisationRow, OrganisationRow.id == _TABLE.c.organisation_id)
        .where(_TABLE.c.id == report_id, _TABLE.c.kind == "report")
    ).first()
    if row is None or row.code != organisation:
        problem = (f"there is no audit report {report_id!r} of yours", "the id of a report")
        raise (rejected if row is None else OutOfReach)("report_id", *problem)
    return _with_findings(connection, [row])[0]


def audit_reports(
    connection: Connection, organisation: str, limit: int = 50, offset: int = 0
) -> list[StoredReport]:
    """The organisation's reports, newest first."""
    query = (
        select(_TABLE)
        .join(OrganisationRow, OrganisationRow.id == _TABLE.c.organisation_id)
        .where(OrganisationRow.code == organisation, _TABLE.c.kind == "report")
        .order_by(_TABLE.c.seq.desc())
        .limit(limit)
        .offset(offset)
    )
    return _with_findings(connection, connection.execute(query).all())


def _with_findings(connection: Connection, rows: Sequence[Any]) -> list[StoredReport]:
    found: dict[str, dict[str, Finding]] = {row.id: {} for row in rows}
    if found:
        query = select(_TABLE).where(_TABLE.c.refers_to.in_(found), _TABLE.c.kind == "finding")
        for entry in connection.execute(query.order_by(_TABLE.c.seq)):
            body = read_body("finding", entry.body)
            assert isinstance(body, AuditFinding)
            found[entry.refers_to][body.record] = Finding(entry.id, entry.recorded_at, body)
    reports = []
    for row in rows:
        body = read_body("report", row.body)
        assert isinstance(body, AuditReport)
        reports.append(
            StoredReport(
                row.id, row.recorded_at, row.organisation_id, row.seq, row.hash, body, found[row.id]
            )
        )
    return reports
