"""The access log: each read an entry of its own kind in its organisation's chain,
sealed and verified like the others, that the database will not let anyone change, and
that verify catches when changed behind its back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from sharewise.register.access import AccessFilters, Reading, as_csv, filters_said
from sharewise.register.canonical import now
from sharewise.register.store import Register
from tests.register.test_integrity import behind_its_back


def _read(
    register: Register,
    subject: str = "AMY",
    person: str | None = "AMY",
    username: str = "jo.smith",
    organisation: str = "council",
) -> None:
    register.record_read(
        Reading(organisation, username, "jo", "person", subject, person, "192.0.2.7")
    )


def test_a_read_is_an_entry_of_its_own_kind_that_verifies(area: Register) -> None:
    before = area.entry_count()
    _read(area)
    report = area.verify()
    assert report.intact and report.entries == before + 1
    (entry,) = area.reads("council")
    assert (entry.username, entry.read, entry.subject, entry.person, entry.address) == (
        "jo.smith", "person", "AMY", "AMY", "192.0.2.7",
    )  # fmt: skip


def test_an_entry_names_no_one_beyond_the_reference(area: Register) -> None:
    _read(area)
    with area.engine.connect() as connection:
        body = connection.execute(text("SELECT body FROM access_records")).scalar_one()
    assert "AMY" in body and "Amy" not in body and "Brown" not in body


@pytest.mark.parametrize(
    "statement",
    ["UPDATE access_records SET subject = 'SAM'", "DELETE FROM access_records"],
)
def test_the_database_refuses_to_change_an_access_entry(area: Register, statement: str) -> None:
    _read(area)
    with pytest.raises(DBAPIError), area.engine.begin() as connection:
        connection.execute(text(statement))


@pytest.mark.parametrize(
    ("change", "caught"),
    [
        ("UPDATE access_records SET username = 'someone.else'", "altered"),
        ("UPDATE access_records SET address = '203.0.113.9'", "altered"),
        ("DELETE FROM access_records", "head says"),
    ],
)
def test_an_access_entry_changed_behind_the_registers_back_is_caught(
    area: Register, change: str, caught: str
) -> None:
    _read(area)
    behind_its_back(area, change)
    report = area.verify()
    assert not report.intact and caught in str(report.problems[0])


def test_the_log_is_filtered_by_person_user_and_time(area: Register) -> None:
    _read(area)
    _read(area, "SAM", "SAM", username="al.khan")
    _read(area, "subject=all", None)
    assert [e.subject for e in area.reads("council")] == ["subject=all", "SAM", "AMY"]
    assert [e.subject for e in area.reads("council", AccessFilters(person="SAM"))] == ["SAM"]
    assert len(area.reads("council", AccessFilters(user="jo.smith"))) == 2
    later = now() + timedelta(minutes=1)
    assert area.reads("council", AccessFilters(since=later)) == []
    assert len(area.reads("council", AccessFilters(until=later))) == 3
    assert [e.subject for e in area.reads("council", limit=1, offset=1)] == ["SAM"]
    assert [e.subject for e in area.iter_reads("council", batch=2)] == [
        "subject=all", "SAM", "AMY",
    ]  # fmt: skip


def test_another_organisations_reads_are_not_in_the_log(area: Register) -> None:
    _read(area, "AMY")
    _read(area, "pat-list", None, username="pat.lee", organisation="trust")
    assert [e.subject for e in area.reads("trust")] == ["pat-list"]
    assert [e.subject for e in area.reads("council")] == ["AMY"]


def test_the_csv_is_defused(area: Register) -> None:
    _read(area, "=HYPERLINK(1)", None)
    lines = list(as_csv(area.iter_reads("council")))
    assert lines[0].startswith("id,recorded_at,username")
    assert ",'=HYPERLINK(1)," in lines[1]


def test_a_lists_filters_are_named_but_not_its_search_words() -> None:
    said = filters_said({"person": "AMY", "search": "Amy Brown", "since": None})
    assert said == "person=AMY&search=2 words"
    assert filters_said({}) == "all"
