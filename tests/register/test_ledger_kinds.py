"""The ledger's header is versioned, and a new kind of entry is one registration: entries
made under an older header still verify, and every version's tampering is caught."""

from __future__ import annotations

from typing import Any

import pytest
from alembic import command
from sqlalchemy import Boolean, MetaData, String, UniqueConstraint, select, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from sharewise.register import chain
from sharewise.register.canonical import canonical, instant, now
from sharewise.register.database import _alembic_config
from sharewise.register.store import Register
from sharewise.register.tables import NAMING_CONVENTION, Base, DecisionRecordRow, _Entry
from tests.register.helpers import decision, not_sharing
from tests.register.test_integrity import behind_its_back, run
from tests.register.test_sharing_package import sharing

BEFORE_VERSIONS = "20261201_refers_to"  # the last revision whose entries name no version
BEFORE_TELL_BY = "20261206_advice"  # the last whose entries were hashed under version 3


def _departing() -> dict[str, Any]:
    """Not to share where sharing was recommended: a departure, with its reasons."""
    return decision(
        decision={
            "share": False,
            "reasons": "The family moved away this week.",
            "departure": "The referral no longer has a service to go to.",
        },
        shared=None,
        told=None,
    )


def _rows(register: Register) -> list[dict[str, Any]]:
    with register.engine.connect() as connection:
        rows = [
            {**row._mapping, "table": table}
            for table in ("decision_records", "consent_records")
            for row in connection.execute(text(f"SELECT * FROM {table}"))
        ]
    return sorted(rows, key=lambda row: (row["organisation_id"], row["seq"]))


def as_made_at(register: Register, revision: str, version: int | None = None) -> None:
    """The register as the code at `revision` made it: what later migrations added
    dropped (the directory's entries with it), and every entry numbered and hashed as that
    code did (under `version`, or the header version each entry names)."""
    command.downgrade(_alembic_config(register.engine), revision)
    behind_its_back(register)
    chains: dict[int, tuple[int, str]] = {}
    with register.engine.begin() as connection:
        connection.execute(
            text("UPDATE chain_heads SET count = 0, hash = :h"), {"h": chain.GENESIS}
        )
        for row in _rows(register):
            kind = chain.KINDS[row["table"]]
            # The newest header whose columns the code at `revision` had, at most the one
            # the entry names.
            held = [v for v, header in kind.headers.items() if set(header) <= set(row)]
            hashed_as = version or min(row["header_version"], max(held))
            seq, previous = chains.get(row["organisation_id"], (0, chain.GENESIS))
            row["seq"] = seq = seq + 1
            header = [int(row[c]) if c in kind.flags else row[c] for c in kind.headers[hashed_as]]
            digest = chain.entry_hash(kind.table, previous, header, row["body"], hashed_as)
            versioned = ", header_version = :v" if "header_version" in row else ""
            connection.execute(
                text(
                    f"UPDATE {kind.table} SET seq = :s, prev_hash = :p, hash = :h{versioned} "
                    "WHERE id = :id"
                ),
                {"s": seq, "p": previous, "h": digest, "v": hashed_as, "id": row["id"]},
            )
            chains[row["organisation_id"]] = (seq, digest)
        for organisation, (count, digest) in chains.items():
            connection.execute(
                text("UPDATE chain_heads SET count = :c, hash = :h WHERE organisation_id = :o"),
                {"c": count, "h": digest, "o": organisation},
            )


@pytest.fixture
def old_ledger(area: Register) -> Register:
    area.record_decision(decision())
    area.record_decision(_departing())
    area.record_decision(not_sharing())
    as_made_at(area, BEFORE_VERSIONS, version=1)
    # Upgraded, and sealed, as a person upgrading it would.
    command.upgrade(_alembic_config(area.engine), "head")
    area.seal()
    return area


def test_entries_made_before_header_versions_still_verify(old_ledger: Register) -> None:
    assert old_ledger.verify().intact
    assert {row["header_version"] for row in _rows(old_ledger)} == {1}


def test_the_departure_column_of_old_entries_is_read_from_their_body(
    old_ledger: Register,
) -> None:
    table = DecisionRecordRow.__table__
    with old_ledger.engine.connect() as connection:
        departing = connection.execute(
            select(table.c.seq).where(table.c.departs_from_recommendation)
        ).scalars()
        assert list(departing) == [2]
    assert [e.body["decision"]["reasons"] for e in old_ledger.decisions(departs=True)] == [
        "The family moved away this week."
    ]


def test_new_entries_follow_old_ones_under_the_newest_header(old_ledger: Register) -> None:
    old_ledger.record_decision(decision())
    assert old_ledger.verify().intact
    newest = chain.DECISIONS.version
    assert [row["header_version"] for row in _rows(old_ledger)] == [1, 1, 1, newest]


def test_the_recipient_column_of_old_entries_is_read_from_their_body(area: Register) -> None:
    area.record_decision(decision(recipient="trust"))
    area.record_decision(not_sharing())
    as_made_at(area, BEFORE_VERSIONS, version=1)
    command.upgrade(_alembic_config(area.engine), "head")
    area.seal()
    assert [row["recipient"] for row in _rows(area)] == ["trust", None]
    assert area.verify().intact
    behind_its_back(area, "UPDATE decision_records SET recipient = 'police' WHERE seq = 1")
    problem = str(area.verify().problems[0])
    assert "entry 1" in problem and "recipient differs from its body" in problem


def test_the_day_to_tell_by_of_old_entries_is_read_from_their_package(
    area: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Recorded as the code before it hashed the day did: under header version 3.
    three = {v: header for v, header in chain.DECISIONS.headers.items() if v <= 3}
    older = chain.EntryKind(DecisionRecordRow, three, paths=chain.DECISIONS.paths)
    monkeypatch.setitem(chain.KINDS, "decision_records", older)
    shared = area.record_decision(sharing())
    area.record_decision(decision())
    monkeypatch.undo()
    command.downgrade(_alembic_config(area.engine), BEFORE_TELL_BY)
    command.upgrade(_alembic_config(area.engine), "head")
    told_by = sharing()["package"]["telling"]["tell_by"]
    assert [(row["header_version"], row["tell_by"]) for row in _rows(area)] == [
        (3, told_by), (3, None),
    ]  # fmt: skip
    assert area.verify().intact
    assert [e.id for e in area.tell_the_person("council")] == [shared.id]
    behind_its_back(area, f"UPDATE decision_records SET tell_by = NULL WHERE id = '{shared.id}'")
    problem = str(area.verify().problems[0])
    assert f"entry {shared.seq}" in problem and "tell_by differs from its body" in problem


def test_an_old_entrys_departure_column_is_checked_against_its_body(
    old_ledger: Register,
) -> None:
    behind_its_back(
        old_ledger,
        "UPDATE decision_records SET departs_from_recommendation = NOT "
        "departs_from_recommendation WHERE seq = 2",
    )
    problem = str(old_ledger.verify().problems[0])
    assert "entry 2" in problem and "departs_from_recommendation differs from its body" in problem


@pytest.fixture
def ledger(area: Register) -> Register:
    area.record_decision(decision())
    area.record_decision(_departing())
    area.record_decision(not_sharing())
    assert area.verify().intact
    return area


def _departing_seq(register: Register) -> int:
    return register.heads()[1].count - 1  # the second of the three


@pytest.mark.parametrize(
    ("change", "caught"),
    [
        # The departure is hashed as a header column now.
        ("departs_from_recommendation = NOT departs_from_recommendation", "altered"),
        # So are the recipient, whose people read what was shared with them, and the
        # day a decision not to share is to be reviewed, which makes a task.
        ("recipient = 'trust'", "altered"),
        ("review_by = '2099-01-01'", "altered"),
        # And the day to tell the person of a share by, which makes a task and a figure.
        ("tell_by = '2099-01-01'", "altered"),
        # An entry cannot pass for one of an older version, which hashed less.
        ("header_version = 1", "altered"),
        ("header_version = 9", "header version 9, which this sharewise does not know"),
    ],
)
def test_a_change_to_a_versioned_entry_is_caught(
    ledger: Register, change: str, caught: str
) -> None:
    seq = _departing_seq(ledger)
    behind_its_back(ledger, f"UPDATE decision_records SET {change} WHERE seq = {seq}")
    problem = str(ledger.verify().problems[0])
    assert f"entry {seq}" in problem and caught in problem


# --- a kind of entry registered from outside the register ------------------------------


class _Elsewhere(DeclarativeBase):
    """Tables of the test's own, kept out of the register's metadata and migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


for _name in ("organisations", "practitioners", "people"):
    Base.metadata.tables[_name].to_metadata(_Elsewhere.metadata)


class AccessNoteRow(_Entry, _Elsewhere):
    """Someone read a record: the kind of entry an access log would append."""

    __tablename__ = "access_notes"
    __table_args__ = (UniqueConstraint("organisation_id", "seq"),)

    kind: Mapped[str] = mapped_column(String(20))
    printed: Mapped[bool] = mapped_column(Boolean)


def test_a_new_kind_of_entry_is_one_registration(
    area: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(chain, "KINDS", dict(chain.KINDS))
    AccessNoteRow.__table__.create(area.engine)
    chain.register_kind(chain.EntryKind(AccessNoteRow, {1: (*chain.ENTRY_HEADER, "printed")}))
    entries = area.entry_count()
    area.record_decision(decision())
    noted = area.heads()[1].count + 1
    with area.writing() as connection, connection.begin():
        chain.append(
            connection,
            "access_notes",
            1,
            [
                {
                    "id": f"note-{printed}",
                    "recorded_at": instant(now()),
                    "recorded_by": 1,
                    "person_id": 1,
                    "refers_to": None,
                    "kind": "read",
                    "printed": int(printed),
                    "body": canonical({"page": "record"}),
                }
                for printed in (False, True)
            ],
        )
    area.record_decision(not_sharing())
    report = area.verify()
    assert report.intact and report.entries == entries + 4  # one chain, all kinds woven
    run(area, f"UPDATE access_notes SET printed = NOT printed WHERE seq = {noted}")
    problem = str(area.verify().problems[0])
    assert f"entry {noted} (access_notes note-False)" in problem and "altered" in problem
