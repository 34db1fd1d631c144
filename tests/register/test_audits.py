"""A month's audit report: its sample is the month's and the organisation's records
only, of the size asked or all, drawn again the same from its seed; its findings are
recorded once, on sampled records, and no one can quietly alter either."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sharewise.register.audits.service import drawn, population
from sharewise.register.errors import OutOfReach, RecordRejected
from sharewise.register.store import Register
from tests.register.helpers import decision, not_sharing
from tests.register.test_integrity import TRIGGERS, behind_its_back

THIS_MONTH = datetime.now(UTC).strftime("%Y-%m")
# The triggers of the audit entries, beside the others', for tampering behind their back.
DROPPED = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_records_no_update",
        "DROP TRIGGER IF EXISTS audit_records_no_delete",
    ],
    "postgresql": ["DROP TRIGGER IF EXISTS audit_records_append_only ON audit_records"],
}


def _report(register: Register, **asked: object) -> object:
    return register.make_audit_report(
        {"organisation": "council", "made_by": "council-auditor", "month": THIS_MONTH, **asked}
    )


@pytest.fixture
def month(area: Register) -> list[str]:
    """Five council records this month, and one of the trust's."""
    ids = [area.record_decision(decision() if n % 2 else not_sharing()).id for n in range(5)]
    area.record_decision(decision(organisation="trust", practitioner="pat", person=None))
    return ids


def test_the_sample_is_the_months_records_of_the_organisation_of_the_size_asked(
    area: Register, month: list[str]
) -> None:
    report = area.make_audit_report(
        {"organisation": "council", "made_by": "council-auditor", "month": THIS_MONTH,
         "sample_size": 3}
    )  # fmt: skip
    assert len(report.body.sample) == 3 and set(report.body.sample) <= set(month)
    assert len(set(report.body.sample)) == 3 and report.body.population == 5
    everything = _report(area, sample_size=10)
    assert sorted(everything.body.sample) == sorted(month)  # type: ignore[attr-defined]
    before = area.make_audit_report(
        {"organisation": "council", "made_by": "council-auditor", "month": "2026-01"}
    )
    assert before.body.sample == [] and before.body.population == 0
    outcomes = {f.name: f for f in report.body.figures}["outcomes"]
    assert outcomes.rows and all(str(row[0]) == THIS_MONTH for row in outcomes.rows)
    assert sum(int(row[-1] or 0) for row in outcomes.rows) == 5  # "All decisions"


def test_the_sample_is_drawn_again_the_same_from_its_seed(area: Register, month: list[str]) -> None:
    report = _report(area, sample_size=2)
    area.record_decision(decision())  # after the report: not of its population
    with area.engine.connect() as connection:
        records = population(connection, report.organisation_id, THIS_MONTH, report.body.drawn_upto)
    assert records == month
    assert drawn(report.body.seed, records, 2) == report.body.sample
    again = area.audit_report(report.id, "council")
    assert again.body == report.body and again.head == report.head
    seeds = {_report(area).body.seed for _ in range(3)}  # type: ignore[attr-defined]
    assert len(seeds) == 3  # from secrets: not the same twice


def test_the_report_pins_the_chain_head_it_was_made_at(area: Register, month: list[str]) -> None:
    report = _report(area)
    head = area.heads()[report.organisation_id]  # type: ignore[attr-defined]
    assert (head.count, head.hash) == (report.seq, report.hash)  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("asked", "field"),
    [
        ({"month": "2026-13"}, "month"),
        ({"month": "November"}, "month"),
        ({"month": "2999-01"}, "month"),
        ({"sample_size": 0}, "sample_size"),
        ({"sample_size": 101}, "sample_size"),
        ({"organisation": "nowhere"}, "organisation"),
    ],
)
def test_a_report_that_cannot_be_made_says_why(
    area: Register, asked: dict[str, object], field: str
) -> None:
    with pytest.raises(RecordRejected) as refused:
        _report(area, **asked)
    assert refused.value.errors[0].field == field
    assert area.audit_reports("council") == []


def test_findings_are_recorded_once_on_sampled_records_and_shown_with_the_report(
    area: Register, month: list[str]
) -> None:
    report = _report(area, sample_size=2)
    first, second = report.body.sample  # type: ignore[attr-defined]
    finding = {"report_id": report.id, "organisation": "council", "made_by": "council-auditor"}  # type: ignore[attr-defined]
    area.record_audit_finding({**finding, "record": first, "answer": "yes"})
    refusals = [
        ({"record": first, "answer": "no", "note": "Again"}, "record"),  # once
        ({"record": "not-sampled", "answer": "yes"}, "record"),
        ({"record": second, "answer": "partly"}, "note"),  # a note unless yes
        ({"record": second, "answer": "maybe"}, "answer"),
    ]
    for sent, field in refusals:
        with pytest.raises(RecordRejected) as refused:
            area.record_audit_finding({**finding, **sent})
        assert refused.value.errors[0].field == field
    with pytest.raises(OutOfReach):
        area.record_audit_finding({**finding, "organisation": "trust", "record": second,
                                   "answer": "yes"})  # fmt: skip
    area.record_audit_finding({**finding, "record": second, "answer": "partly", "note": "No why"})
    found = area.audit_report(report.id, "council").findings  # type: ignore[attr-defined]
    assert {r: f.body.answer for r, f in found.items()} == {first: "yes", second: "partly"}
    assert found[second].body.note == "No why"
    with pytest.raises(OutOfReach):
        area.audit_report(report.id, "trust")  # type: ignore[attr-defined]


def test_reports_and_findings_cannot_be_altered(area: Register, month: list[str]) -> None:
    report = _report(area)
    area.record_audit_finding(
        {"report_id": report.id, "organisation": "council", "made_by": "council-auditor",  # type: ignore[attr-defined]
         "record": report.body.sample[0], "answer": "no", "note": "No reasons"}  # type: ignore[attr-defined]
    )  # fmt: skip
    with pytest.raises(DBAPIError, match="append-only"), area.engine.begin() as connection:
        connection.execute(text("UPDATE audit_records SET body = 'x' WHERE kind = 'finding'"))
    with pytest.raises(DBAPIError, match="append-only"), area.engine.begin() as connection:
        connection.execute(text("DELETE FROM audit_records"))
    dialect = area.engine.dialect.name
    TRIGGERS[dialect].extend(DROPPED[dialect])  # for this test alone
    try:
        behind_its_back(area, "UPDATE audit_records SET body = replace(body, 'No reasons', 'Fine')")
    finally:
        del TRIGGERS[dialect][-len(DROPPED[dialect]) :]
    checked = area.verify()
    assert not checked.intact and "audit_records" in str(checked.problems[0])


@given(
    records=st.lists(st.uuids().map(str), unique=True, max_size=40),
    size=st.integers(min_value=1, max_value=100),
    seed=st.text(alphabet="0123456789abcdef", min_size=32, max_size=32),
)
def test_a_draw_is_of_the_records_of_the_size_asked_or_all_and_the_same_again(
    records: list[str], size: int, seed: str
) -> None:
    sample = drawn(seed, records, size)
    assert len(sample) == min(size, len(records)) == len(set(sample))
    assert set(sample) <= set(records)
    assert drawn(seed, list(records), size) == sample
