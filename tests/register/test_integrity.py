"""No one can quietly alter the register: the database refuses UPDATE and DELETE, and
behind its back (the triggers dropped) every kind of tampering is caught by verify: by
the hashes and links, by the seals that only the holder of the keys can make, and by a
head kept outside the system."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import insert, text
from sqlalchemy.exc import DBAPIError

from sharewise.register import chain, seals
from sharewise.register.decisions import texts
from sharewise.register.filters import DecisionFilters
from sharewise.register.sealing import NotIntact
from sharewise.register.store import Register
from sharewise.register.tables import DecisionRecordRow
from tests.register.helpers import append_as_stored, consent, decision, not_sharing

TRIGGERS = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS decision_records_no_update",
        "DROP TRIGGER IF EXISTS decision_records_no_delete",
        "DROP TRIGGER IF EXISTS consent_records_no_update",
        "DROP TRIGGER IF EXISTS consent_records_no_delete",
        "DROP TRIGGER IF EXISTS directory_records_no_update",
        "DROP TRIGGER IF EXISTS directory_records_no_delete",
        "DROP TRIGGER IF EXISTS access_records_no_update",
        "DROP TRIGGER IF EXISTS access_records_no_delete",
        "DROP TRIGGER IF EXISTS chain_heads_no_delete",
        "DROP TRIGGER IF EXISTS chain_heads_forward",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS decision_records_append_only ON decision_records",
        "DROP TRIGGER IF EXISTS consent_records_append_only ON consent_records",
        "DROP TRIGGER IF EXISTS directory_records_append_only ON directory_records",
        "DROP TRIGGER IF EXISTS access_records_append_only ON access_records",
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
    """Seven entries in the council's chain, after its directory's: decisions and
    consents interleaved."""
    area.record_decision(decision())
    area.record_consent(consent())
    area.record_decision(not_sharing())
    area.record_decision(decision())
    area.record_consent(consent(status="refused"))
    area.record_decision(decision())
    area.record_decision(not_sharing())
    assert area.verify().intact
    return area


Nth = Callable[[int], int]


@pytest.fixture
def nth(ledger: Register) -> Nth:
    """Where the ledger's nth entry sits in the council's chain."""
    before = ledger.heads()[1].count - 7
    return lambda n: before + n


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE decision_records SET outcome = 'share'",
        "DELETE FROM decision_records",
        "UPDATE consent_records SET body = '{}'",
        "DELETE FROM consent_records WHERE kind = 'refused'",
        # A seal may be set, but nothing else with it.
        "UPDATE decision_records SET seal = NULL, outcome = 'share'",
        "UPDATE directory_records SET body = '{}'",
        "DELETE FROM directory_records",
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


def test_an_edit_is_caught(ledger: Register, nth: Nth) -> None:
    behind_its_back(
        ledger, f"UPDATE decision_records SET outcome = 'must_share' WHERE seq = {nth(3)}"
    )
    assert f"entry {nth(3)}" in (problem := _first_problem(ledger)) and "altered" in problem


def test_an_edit_to_a_body_is_caught(ledger: Register, nth: Nth) -> None:
    behind_its_back(
        ledger,
        f"UPDATE consent_records SET body = replace(body, 'Lee', 'Leo') WHERE seq = {nth(2)}",
    )
    assert f"entry {nth(2)}" in _first_problem(ledger)


@pytest.mark.parametrize("holding_the_keys", [False, True])
def test_an_edit_that_rehashes_the_entry_is_caught(
    ledger: Register, nth: Nth, holding_the_keys: bool
) -> None:
    entry = _hashed(ledger, "decision_records", nth(3))
    forged = entry.body.replace("no clear purpose", "a clear purpose")
    digest = chain.entry_hash(
        "decision_records", entry.prev_hash, entry.header, forged, entry.version
    )
    behind_its_back(ledger)
    with ledger.engine.begin() as connection:
        connection.execute(
            text("UPDATE decision_records SET body = :body, hash = :hash WHERE seq = :seq"),
            {"body": forged, "hash": digest, "seq": nth(3)},
        )
        if holding_the_keys:
            key, seal = seals.of(ledger.engine).seal("decision_records", 1, nth(3), digest)
            connection.execute(
                text(
                    "UPDATE decision_records SET sealed_with = :key, seal = :seal WHERE seq = :seq"
                ),
                {"key": key, "seal": seal, "seq": nth(3)},
            )
    problem = _first_problem(ledger)
    if holding_the_keys:  # sealed anew: the next entry's link still gives it away
        assert f"entry {nth(4)}" in problem and "does not follow" in problem
    else:
        assert f"entry {nth(3)}" in problem and "its seal is wrong" in problem


def test_a_deletion_is_caught(ledger: Register, nth: Nth) -> None:
    behind_its_back(ledger, f"DELETE FROM decision_records WHERE seq = {nth(4)}")
    problem = _first_problem(ledger)
    assert f"entries {nth(4)} to {nth(4)} are missing" in problem


def test_a_reordering_is_caught(ledger: Register, nth: Nth) -> None:
    behind_its_back(
        ledger,
        f"UPDATE decision_records SET seq = 100 WHERE seq = {nth(6)}",
        f"UPDATE decision_records SET seq = {nth(6)} WHERE seq = {nth(7)}",
        f"UPDATE decision_records SET seq = {nth(7)} WHERE seq = 100",
    )
    problem = _first_problem(ledger)
    assert f"entry {nth(6)}" in problem and "does not follow" in problem


def test_a_splice_is_caught(ledger: Register, nth: Nth) -> None:
    row = _row(ledger, "decision_records", nth(3))
    behind_its_back(
        ledger,
        "INSERT INTO decision_records (id, organisation_id, seq, recorded_at, recorded_by, "
        "person_id, refers_to, kind, outcome, shared, urgent_safeguarding, "
        "departs_from_recommendation, header_version, body, prev_hash, hash, sealed_with, "
        "seal) "
        f"SELECT 'forged', organisation_id, {nth(5)}, recorded_at, recorded_by, person_id, "
        "refers_to, kind, outcome, shared, urgent_safeguarding, departs_from_recommendation, "
        "header_version, body, prev_hash, hash, sealed_with, seal "
        f"FROM decision_records WHERE id = '{row['id']}'",
    )
    problem = _first_problem(ledger)
    assert f"entry {nth(5)}" in problem


def test_a_truncation_is_caught_by_the_head(ledger: Register, nth: Nth) -> None:
    behind_its_back(ledger, f"DELETE FROM decision_records WHERE seq = {nth(7)}")
    problem = _first_problem(ledger)
    assert f"chain ends at entry {nth(6)} but its head says {nth(7)}" in problem


def test_a_truncation_with_the_head_rewound_is_caught_by_the_head_kept_outside(
    ledger: Register, nth: Nth
) -> None:
    kept = ledger.heads()
    row = _row(ledger, "decision_records", nth(6))
    gone = _row(ledger, "decision_records", nth(7))["id"]
    behind_its_back(
        ledger,
        f"DELETE FROM decision_records WHERE seq = {nth(7)}",
        f"UPDATE chain_heads SET count = {nth(6)}, hash = '{row['hash']}' "
        f"WHERE organisation_id = {row['organisation_id']}",
    )
    # The search's index still names what is gone (on SQLite read row by row, by name)...
    problem = _first_problem(ledger)
    assert "the search's index" in problem and "behind the register's back" in problem
    assert gone in problem or ledger.engine.dialect.name == "postgresql"
    run(ledger, f"DELETE FROM decision_texts WHERE decision_id = '{gone}'")
    # ...but gone from it too, consistent with itself, every entry left sealed: seals
    # cannot tell what is gone...
    assert ledger.verify().intact
    problem = _first_problem(ledger, kept)  # ...but the head kept outside can
    assert f"only {nth(6)} remain (truncated)" in problem


def test_a_rewritten_chain_is_caught_by_its_seals(ledger: Register, nth: Nth) -> None:
    _rewrite_from(ledger, nth(1))
    problem = _first_problem(ledger)
    assert f"entry {nth(1)}" in problem and "its seal is wrong" in problem


def test_a_rewritten_chain_sealed_anew_is_caught_by_the_head_kept_outside(
    ledger: Register, nth: Nth
) -> None:
    kept = chain.parse_heads(chain.format_heads(ledger.heads()))
    _rewrite_from(ledger, nth(1), holding_the_keys=True)
    assert ledger.verify().intact  # every hash and seal made anew, the head moved...
    problem = _first_problem(ledger, kept)
    assert f"entry {nth(7)}" in problem and "differs from the head kept outside" in problem


def test_entries_added_since_the_head_was_kept_are_fine(ledger: Register) -> None:
    kept = ledger.heads()
    ledger.record_decision(decision())
    assert ledger.verify(kept).intact


# --- what someone with the database alone can add, and how it is caught ----------------


def _forge_at_the_end(register: Register, **changes: Any) -> None:
    """Add an entry after the newest, as someone with the database but not the keys can:
    its hash correct, its link to the entry before correct, the head moved to it. It
    repeats the newest decision, with `changes`: no seal, unless they give one."""
    head = register.heads()[1]
    last = _row(register, "decision_records", head.count)
    kind = chain.KINDS["decision_records"]
    row = {
        **last,
        "id": "forged",
        "seq": head.count + 1,
        "prev_hash": head.hash,
        "sealed_with": None,
        "seal": None,
        **changes,
    }
    header = [int(row[c]) if c in kind.flags else row[c] for c in kind.headers[kind.version]]
    row["hash"] = chain.entry_hash(kind.table, head.hash, header, row["body"], kind.version)
    with register.engine.begin() as connection:
        connection.execute(insert(DecisionRecordRow.__table__), row)
        connection.execute(
            text("UPDATE chain_heads SET count = :count, hash = :hash WHERE organisation_id = 1"),
            {"count": row["seq"], "hash": row["hash"]},
        )


@pytest.mark.parametrize(
    ("sealed", "caught"),
    [
        ("none", "is not sealed, though an entry before it is"),
        ("copied", "its seal is wrong"),
        ("unknown key", "sealed with key '2020-01-01-0badf0', which the ledger's keys do not"),
    ],
)
def test_a_forged_entry_at_the_end_is_caught_by_its_seal(
    ledger: Register, nth: Nth, sealed: str, caught: str
) -> None:
    kept = ledger.heads()
    newest = _row(ledger, "decision_records", nth(7))
    seal = {
        "none": {},
        "copied": {"sealed_with": newest["sealed_with"], "seal": newest["seal"]},
        "unknown key": {"sealed_with": "2020-01-01-0badf0", "seal": "0" * 64},
    }[sealed]
    _forge_at_the_end(ledger, **seal)
    for expect in (None, kept):  # with or without a head kept before it
        problem = _first_problem(ledger, expect)
        assert f"entry {nth(8)} (decision_records forged)" in problem and caught in problem


def test_a_forged_backdated_entry_at_the_end_is_caught(ledger: Register, nth: Nth) -> None:
    kept = ledger.heads()
    first = _row(ledger, "decision_records", nth(1))
    _forge_at_the_end(ledger, recorded_at=first["recorded_at"])
    for expect in (None, kept):
        problem = _first_problem(ledger, expect)
        assert f"entry {nth(8)}" in problem
        assert f"was recorded at {first['recorded_at']}, before the entry it follows" in problem


def test_a_stripped_seal_is_caught_and_not_sealed_again(ledger: Register, nth: Nth) -> None:
    # The database lets a seal be set (to seal old entries), so it lets one be removed:
    # an entry without one after a sealed one was not made before seals.
    stripped = _row(ledger, "consent_records", nth(2))["id"]
    run(ledger, f"UPDATE consent_records SET sealed_with = NULL, seal = NULL WHERE seq = {nth(2)}")
    assert [str(p) for p in ledger.verify().problems] == [
        f"organisation 1, entry {nth(2)} (consent_records {stripped}): is not sealed, though "
        "an entry before it is: its seal was removed, or it was added behind the register's "
        "back"
    ]
    with pytest.raises(NotIntact):
        ledger.seal()


def test_a_moment_edited_to_go_back_is_caught_even_sealed_anew(ledger: Register, nth: Nth) -> None:
    first = _row(ledger, "decision_records", nth(1))
    _rewrite_from(ledger, nth(3), holding_the_keys=True, recorded_at=first["recorded_at"])
    problem = _first_problem(ledger)
    assert f"entry {nth(3)}" in problem and "before the entry it follows" in problem


def test_an_entry_timed_before_the_newest_is_recorded_at_the_newest(
    ledger: Register, nth: Nth
) -> None:
    newest = _row(ledger, "decision_records", nth(7))["recorded_at"]
    late = append_as_stored(
        ledger, "decision_records", 1, {"said": "late"}, recorded_at="2001-01-01T00:00:00.000000Z",
        kind="decision", person_id=None, outcome="share", shared=1, urgent_safeguarding=0,
        departs_from_recommendation=0, recipient=None, review_by=None, tell_by=None,
    )  # fmt: skip
    stored = _row(ledger, "decision_records", nth(8))
    assert stored["id"] == late and stored["recorded_at"] == newest
    assert ledger.verify().intact


def _row(register: Register, table: str, seq: int) -> dict[str, Any]:
    with register.engine.connect() as connection:
        row = connection.execute(
            text(f"SELECT * FROM {table} WHERE seq = :seq AND organisation_id = 1"), {"seq": seq}
        ).one()
    return dict(row._mapping)


def _hashed(register: Register, table: str, seq: int) -> chain.Hashed:
    with register.engine.connect() as connection:
        return next(
            chain.hashed(row)
            for row in chain.entries(connection)
            if row[-1] == table and row[0] == 1 and row[1] == seq
        )


def _rewrite_from(
    register: Register,
    seq: int,
    holding_the_keys: bool = False,
    recorded_at: str | None = None,
) -> None:
    """The strongest attack from inside: change the council's entry `seq` (its body, or
    when it was recorded, and the search's index of it), recompute every later hash (and
    seal, holding the keys), and move the head to match."""
    keys = seals.of(register.engine)
    behind_its_back(register)
    with register.engine.connect() as connection:  # read with a cursor of its own
        rows = [row for row in chain.entries(connection) if row[0] == 1]
    with register.engine.begin() as connection:
        prev = chain.GENESIS
        for row in rows:
            entry = chain.hashed(row)
            body, header = entry.body, list(entry.header)
            if row[1] == seq:
                if recorded_at is None:
                    assert "Her father" in body
                    body = body.replace("Her father", "The father")
                else:
                    header[3] = recorded_at  # ENTRY_HEADER's place for it
            digest = chain.entry_hash(entry.kind.table, prev, header, body, entry.version)
            key, seal = keys.seal(entry.kind.table, 1, row[1], digest)
            connection.execute(
                text(
                    f"UPDATE {entry.kind.table} SET body = :body, prev_hash = :prev, "
                    "hash = :hash, recorded_at = :at, sealed_with = :key, seal = :seal "
                    "WHERE id = :id"
                ),
                {
                    "body": body,
                    "prev": prev,
                    "hash": digest,
                    "at": header[3],
                    "key": key if holding_the_keys else row[-3],
                    "seal": seal if holding_the_keys else row[-2],
                    "id": row[2],
                },
            )
            if row[1] == seq and entry.kind.table == "decision_records":  # and its search
                connection.execute(
                    text(
                        "UPDATE decision_texts SET recorded_at = :at, "
                        "words = replace(words, 'her father', 'the father') WHERE decision_id = :id"
                    ),
                    {"at": header[3], "id": row[2]},
                )
            prev = digest
        connection.execute(
            text("UPDATE chain_heads SET hash = :h WHERE organisation_id = 1"), {"h": prev}
        )


COUNCIL = "(SELECT id FROM organisations WHERE code = 'council')"
STRAY = {  # a row of the search's index for a decision that was never recorded
    "sqlite": "INSERT INTO decision_texts (rowid, decision_id, words, recorded_at) "
    f"VALUES ({COUNCIL} * {texts.SPAN} + 1000, 'stray', 'housing', '2026-01-01')",
    "postgresql": "INSERT INTO decision_texts (decision_id, organisation_id, recorded_at, words) "
    f"VALUES ('stray', {COUNCIL}, '2026-01-01', 'housing')",
}
MOVED = {  # a decision's row of the index put in another organisation
    "sqlite": f"UPDATE decision_texts SET rowid = 99 * {texts.SPAN} + rowid % {texts.SPAN} "
    "WHERE decision_id = :id",
    "postgresql": "UPDATE decision_texts SET organisation_id = 99 WHERE decision_id = :id",
}


@pytest.mark.parametrize(
    ("tampering", "said"),
    [
        ("UPDATE decision_texts SET words = 'nothing' WHERE decision_id = :id", "differs"),
        ("DELETE FROM decision_texts WHERE decision_id = :id", "holds 4 rows for 5 decisions"),
        ("stray", "holds 6 rows for 5 decisions"),
        ("moved", "differs"),
    ],
    ids=["text", "deleted", "added", "moved"],
)
def test_the_search_index_changed_behind_the_registers_back_is_caught(
    ledger: Register, tampering: str, said: str
) -> None:
    """The search's index is derived from the decisions, not chained: verify holds it to
    them, since a changed index could hide a record from a search."""
    dialect = ledger.engine.dialect.name
    statement = {"stray": STRAY, "moved": MOVED}.get(tampering, {}).get(dialect, tampering)
    decided, searched = ledger.decisions()[2], _searched(ledger)
    with ledger.engine.begin() as connection:
        connection.execute(text(statement), {"id": decided.id} if ":id" in statement else {})
    assert _searched(ledger) != searched
    report = ledger.verify()
    found = [str(problem) for problem in report.problems]
    assert [p for p in found if said in p and "behind the register's back" in p], found
    assert all("the search's index" in p for p in found)  # the chains are intact
    if said == "differs":
        assert f"decision {decided.id} (entry {decided.seq}) differs" in found[0]
    if tampering == "stray" and dialect == "sqlite":  # read row by row: named
        assert "names decision stray, which is not in the register" in found[0]
    if tampering.startswith("DELETE") and dialect == "postgresql":  # read record by record
        assert f"decision {decided.id} (entry {decided.seq}) has no row" in found[0]
    # Made anew from the records, the index is whole again, and finds what it found.
    assert ledger.reindex() == len(ledger.decisions(limit=100)) and ledger.verify().intact
    assert _searched(ledger) == searched


def _searched(register: Register) -> dict[str, tuple[list[str], int]]:
    """What a search of the council's records finds and counts of the words the
    tampering touches."""
    searches = {w: DecisionFilters(search=w) for w in ("father", "nothing", "housing")}
    council = frozenset({"council"})
    return {
        w: (
            [e.id for e in register.decisions(f, within=council)],
            register.count_decisions(f, most=100, within=council),
        )
        for w, f in searches.items()
    }


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # PostgreSQL's has a key
def test_a_decision_indexed_twice_in_place_of_another_is_caught(ledger: Register) -> None:
    """As many rows as decisions, but one decision's row twice, at another's number, and
    the other's gone: a search would not find the other. A row's number is its
    decision's, so the copy does not say what its record does."""
    twice, gone = ledger.decisions()[:2]
    run(
        ledger,
        f"DELETE FROM decision_texts WHERE decision_id = '{gone.id}'",
        "INSERT INTO decision_texts (rowid, decision_id, words, recorded_at) "
        f"SELECT {gone.organisation_id * texts.SPAN + gone.seq}, decision_id, words, "
        f"recorded_at FROM decision_texts WHERE decision_id = '{twice.id}'",
    )
    assert f"decision {twice.id} (entry {twice.seq}) differs" in _first_problem(ledger)
