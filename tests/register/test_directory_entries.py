"""The directory is in the ledger: every person, practitioner and relationship added or
changed through the register is an entry in its organisation's chain, and an edit made
to their rows behind the register's back is caught by verify."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from sharewise.register.errors import RecordRejected
from sharewise.register.store import Register
from tests.register.test_integrity import run


def _entries(register: Register, subject: str) -> list[dict[str, Any]]:
    with register.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT * FROM directory_records WHERE subject = :s ORDER BY seq"),
            {"s": subject},
        )
        return [{**row._mapping, "body": json.loads(row.body)} for row in rows]


def _id(register: Register, table: str, where: str) -> int:
    with register.engine.connect() as connection:
        return int(connection.execute(text(f"SELECT id FROM {table} WHERE {where}")).scalar_one())


def _problems(register: Register) -> list[str]:
    return [str(problem) for problem in register.verify().problems]


def test_each_addition_is_an_entry_saying_who_made_it(area: Register) -> None:
    area.add_person("council", "KAI", "Kai", "Brown", date(2010, 3, 4), by="jo")
    kai = _entries(area, "person")[-1]
    assert kai["kind"] == "added" and kai["organisation_id"] == 1
    assert kai["recorded_by"] == _id(area, "practitioners", "code = 'jo'")
    assert kai["body"]["fields"] == {
        "reference": "KAI",
        "given_name": "Kai",
        "family_name": "Brown",
        "date_of_birth": "2010-03-04",
    }
    assert kai["body"]["changed"] == ["reference", "given_name", "family_name", "date_of_birth"]
    # The area's own: made by no one known (as the command line makes them), as by an
    # account that acts as no practitioner.
    assert {e["recorded_by"] for e in _entries(area, "practitioner")} == {None}
    area.add_person("council", "NED", "Ned", "Brown", by="")
    assert _entries(area, "person")[-1]["recorded_by"] is None
    assert [e["body"]["fields"]["kind"] for e in _entries(area, "relationship")] == ["parent"]
    assert area.verify().intact


def test_a_change_is_an_entry_naming_what_changed(area: Register) -> None:
    changed = area.change_person(
        "council", "AMY", {"family_name": "Green", "given_name": "Amy"}, by="al"
    )
    assert changed == ["family_name"]  # the given name was Amy already
    change = _entries(area, "person")[-1]
    assert change["kind"] == "changed" and change["body"]["changed"] == ["family_name"]
    assert change["body"]["fields"]["family_name"] == "Green"
    assert change["recorded_by"] == _id(area, "practitioners", "code = 'al'")
    assert area.person("council", "AMY").family_name == "Green"
    assert area.change_practitioner("council", "jo", {"role": "Social worker"}) == ["role"]
    assert area.practitioners("council")[1].role == "Social worker"
    entries = area.entry_count()
    assert area.change_person("council", "AMY", {"family_name": "Green"}) == []
    assert area.entry_count() == entries  # nothing changed, nothing recorded
    assert area.verify().intact


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"given_name": " "}, "given_name"),
        ({"date_of_birth": "2999-01-01"}, "date_of_birth"),
        ({"reference": "AMY2"}, "reference"),
        ({"family_name": "x" * 101}, "family_name"),
    ],
)
def test_a_change_not_allowed_is_refused_and_nothing_stored(
    area: Register, change: dict[str, Any], field: str
) -> None:
    entries = area.entry_count()
    with pytest.raises(RecordRejected) as refusal:
        area.change_person("council", "AMY", change)
    assert refusal.value.errors[0].field == field
    assert area.entry_count() == entries and area.person("council", "AMY").given_name == "Amy"


@pytest.mark.parametrize(
    ("edit", "caught"),
    [
        (
            "UPDATE people SET given_name = 'Anne' WHERE reference = 'AMY'",
            "its given_name differs from its latest directory entry",
        ),
        (
            "UPDATE people SET date_of_birth = '2001-01-01' WHERE reference = 'AMY'",
            "its date_of_birth differs from its latest directory entry",
        ),
        (
            "UPDATE practitioners SET role = 'Team manager' WHERE code = 'jo'",
            "its role differs from its latest directory entry",
        ),
        (
            "UPDATE relationships SET parental_responsibility = false",
            "its parental_responsibility differs from its latest directory entry",
        ),
    ],
)
def test_an_edit_to_the_directory_behind_its_back_is_caught(
    area: Register, edit: str, caught: str
) -> None:
    area.change_person("council", "AMY", {"family_name": "Green"})  # its latest: a change
    run(area, edit)
    problems = _problems(area)
    assert len(problems) == 1
    assert problems[0].startswith("organisation 1: ") and caught in problems[0]
    assert "was changed behind the register's back" in problems[0]


def test_a_row_added_moved_or_removed_behind_its_back_is_caught(area: Register) -> None:
    run(
        area,
        "INSERT INTO people (organisation_id, reference, given_name, family_name, created_at) "
        "VALUES (1, 'ZED', 'Zed', 'Ray', '2026-01-01')",
    )
    zed = _id(area, "people", "reference = 'ZED'")
    assert _problems(area) == [
        f"organisation 1: person {zed} has no directory entry: made before directory "
        "entries (run `sharewise ledger seal` once, after upgrading), or added behind the "
        "register's back"
    ]
    run(area, f"DELETE FROM people WHERE id = {zed}")
    sam = _id(area, "people", "reference = 'SAM'")
    run(area, f"UPDATE people SET organisation_id = 2 WHERE id = {sam}")
    assert (
        f"organisation 2: person {sam} is recorded in organisation 1's chain" in _problems(area)[0]
    )
    run(area, f"UPDATE people SET organisation_id = 1 WHERE id = {sam}")
    # A person in the ledger cannot be removed (its entries name them); a practitioner
    # who has recorded nothing can.
    al = _id(area, "practitioners", "code = 'al'")
    run(area, f"DELETE FROM practitioners WHERE id = {al}")
    problem = _problems(area)[0]
    assert f"practitioner {al}, of directory entry" in problem
    assert "is not in the register (deleted behind its back)" in problem
