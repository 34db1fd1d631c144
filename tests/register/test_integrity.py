"""No one can quietly alter the register: the database refuses UPDATE and DELETE, and
behind its back (the triggers dropped) every kind of tampering is caught by verify."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sharewise.register import chain
from sharewise.register.store import Register
from tests.register.helpers import consent, decision, not_sharing

TRIGGERS = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS decision_records_no_update",
        "DROP TRIGGER IF EXISTS decision_records_no_delete",
        "DROP TRIGGER IF EXISTS consent_records_no_update",
        "DROP TRIGGER IF EXISTS consent_records_no_delete",
        "DROP TRIGGER IF EXISTS chain_heads_no_delete",
        "DROP TRIGGER IF EXISTS chain_heads_forward",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS decision_records_append_only ON decision_records",
        "DROP TRIGGER IF EXISTS consent_records_append_only ON consent_records",
        "DROP TRIGGER IF EXISTS chain_heads_forward ON chain_heads",
    ],
}


def run(register: Register, *statements: str) -> None:
    with register.engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))


def behind_its_back(register: Register, *statements: str) -> None:
    run(register, *TRIGGERS[register.engine.dialect.name], *statements)


@pytest.fixture
def ledger(area: Register) -> Register:
    """Seven entries in the council's chain, decisions and consents interleaved."""
    area.record_decision(decision())
    area.record_consent(consent())
    area.record_decision(not_sharing())
    area.record_decision(decision())
    area.record_consent(consent(status="refused"))
    area.record_decision(decision())
    area.record_decision(not_sharing())
    assert area.verify().intact
    return area


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decision_records SET outcome = 'share'",
        "DELETE FROM decision_records",
        "UPDATE consent_records SET body = '{}'",
        "DELETE FROM consent_records WHERE seq = 2",
        "DELETE FROM chain_heads",
        "UPDATE chain_heads SET count = 0",
    ],
)
def test_the_database_refuses_to_change_the_ledger(ledger: Register, statement: str) -> None:
    with pytest.raises(DBAPIError, match=r"append-only|only moves forward"):
        run(ledger, statement)
    assert ledger.verify().intact


def _first_problem(register: Register, expect: dict[int, chain.Head] | None = None) -> str:
    report = register.verify(expect)
    assert not report.intact
    return str(report.problems[0])


def test_an_edit_is_caught(ledger: Register) -> None:
    behind_its_back(ledger, "UPDATE decision_records SET outcome = 'must_share' WHERE seq = 3")
    assert "entry 3" in (problem := _first_problem(ledger)) and "altered" in problem


def test_an_edit_to_a_body_is_caught(ledger: Register) -> None:
    behind_its_back(
        ledger, "UPDATE consent_records SET body = replace(body, 'Lee', 'Leo') WHERE seq = 2"
    )
    assert "entry 2" in _first_problem(ledger)


def test_an_edit_that_rehashes_the_entry_is_caught_by_the_next(ledger: Register) -> None:
    entry = _hashed(ledger, "decision_records", 3)
    forged = entry.body.replace("no clear purpose", "a clear purpose")
    digest = chain.entry_hash(
        "decision_records", entry.prev_hash, entry.header, forged, entry.version
    )
    behind_its_back(ledger)
    with ledger.engine.begin() as connection:
        connection.execute(
            text("UPDATE decision_records SET body = :body, hash = :hash WHERE seq = 3"),
            {"body": forged, "hash": digest},
        )
    problem = _first_problem(ledger)
    assert "entry 4" in problem and "does not follow" in problem


def test_a_deletion_is_caught(ledger: Register) -> None:
    behind_its_back(ledger, "DELETE FROM decision_records WHERE seq = 4")
    problem = _first_problem(ledger)
    assert "entries 4 to 4 are missing" in problem


def test_a_reordering_is_caught(ledger: Register) -> None:
    behind_its_back(
        ledger,
        "UPDATE decision_records SET seq = 100 WHERE seq = 6",
        "UPDATE decision_records SET seq = 6 WHERE seq = 7",
        "UPDATE decision_records SET seq = 7 WHERE seq = 100",
    )
    problem = _first_problem(ledger)
    assert "entry 6" in problem and "does not follow" in problem


def test_a_splice_is_caught(ledger: Register) -> None:
    row = _row(ledger, "decision_records", 3)
    behind_its_back(
        ledger,
        "INSERT INTO decision_records (id, organisation_id, seq, recorded_at, recorded_by, "
        "person_id, refers_to, kind, outcome, shared, urgent_safeguarding, "
        "departs_from_recommendation, header_version, body, prev_hash, hash) "
        "SELECT 'forged', organisation_id, 5, recorded_at, recorded_by, person_id, "
        "refers_to, kind, outcome, shared, urgent_safeguarding, departs_from_recommendation, "
        "header_version, body, prev_hash, hash "
        f"FROM decision_records WHERE id = '{row['id']}'",
    )
    problem = _first_problem(ledger)
    assert "entry 5" in problem


def test_a_truncation_is_caught_by_the_head(ledger: Register) -> None:
    behind_its_back(ledger, "DELETE FROM decision_records WHERE seq = 7")
    problem = _first_problem(ledger)
    assert "chain ends at entry 6 but its head says 7" in problem


def test_a_truncation_with_the_head_rewound_is_caught_by_the_head_kept_outside(
    ledger: Register,
) -> None:
    kept = ledger.heads()
    row = _row(ledger, "decision_records", 6)
    behind_its_back(
        ledger,
        "DELETE FROM decision_records WHERE seq = 7",
        f"UPDATE chain_heads SET count = 6, hash = '{row['hash']}' "
        f"WHERE organisation_id = {row['organisation_id']}",
    )
    assert ledger.verify().intact  # consistent with itself...
    problem = _first_problem(ledger, kept)  # ...but not with what was kept outside
    assert "only 6 remain (truncated)" in problem


def test_a_rewritten_chain_is_caught_by_the_head_kept_outside(ledger: Register) -> None:
    kept = chain.parse_heads(chain.format_heads(ledger.heads()))
    _rewrite_from(ledger, 1)
    assert ledger.verify().intact  # every hash recomputed and the head moved: consistent...
    problem = _first_problem(ledger, kept)
    assert "entry 7" in problem and "differs from the head kept outside" in problem


def test_entries_added_since_the_head_was_kept_are_fine(ledger: Register) -> None:
    kept = ledger.heads()
    ledger.record_decision(decision())
    assert ledger.verify(kept).intact


def _row(register: Register, table: str, seq: int) -> dict[str, object]:
    with register.engine.connect() as connection:
        row = connection.execute(
            text(f"SELECT * FROM {table} WHERE seq = :seq"), {"seq": seq}
        ).one()
    return dict(row._mapping)


def _hashed(register: Register, table: str, seq: int) -> chain.Hashed:
    with register.engine.connect() as connection:
        return next(
            chain.hashed(row)
            for row in chain.entries(connection)
            if row[-1] == table and row[1] == seq
        )


def _rewrite_from(register: Register, seq: int) -> None:
    """The strongest attack from inside: change entry `seq`, recompute every later hash,
    and move the head to match."""
    behind_its_back(register)
    with register.engine.connect() as connection:  # read with a cursor of its own
        rows = list(chain.entries(connection))
    with register.engine.begin() as connection:
        prev = chain.GENESIS
        for row in rows:
            entry = chain.hashed(row)
            body = entry.body
            if row[1] == seq:
                assert "Her father" in body
                body = body.replace("Her father", "The father")
            digest = chain.entry_hash(entry.kind.table, prev, entry.header, body, entry.version)
            connection.execute(
                text(
                    f"UPDATE {entry.kind.table} SET body = :body, prev_hash = :prev, "
                    "hash = :hash WHERE id = :id"
                ),
                {"body": body, "prev": prev, "hash": digest, "id": row[2]},
            )
            prev = digest
        connection.execute(text("UPDATE chain_heads SET hash = :h WHERE count = 7"), {"h": prev})
