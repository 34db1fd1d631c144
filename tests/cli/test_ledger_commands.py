"""`sharewise ledger key new|list|retire` and `sharewise ledger seal`; `sharewise person
change` and `practitioner change`, each an entry that verify holds the directory to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cli.test_register_commands import database, run, setup_area
from tests.register.helpers import decision

__all__ = ["database"]  # the fixture, used by name


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "ledger-keys.json"
    monkeypatch.setenv("SHAREWISE_LEDGER_KEY_FILE", str(path))
    return path


def _key_ids(listed: str) -> list[str]:
    return [line.split()[0] for line in listed.splitlines() if line.strip()]


def test_keys_are_listed_added_and_retired_once_nothing_needs_them(
    keys: Path, database: str
) -> None:
    setup_area()
    run("record", "-", stdin=json.dumps(decision()))
    listed = run("ledger", "key", "list")
    assert listed.exit_code == 0 and "(seals new entries)" in listed.output
    (first,) = _key_ids(listed.output)
    for key in json.loads(keys.read_text(encoding="utf-8"))["keys"]:
        assert key["secret"] not in listed.output  # ids, never the keys
    added = run("ledger", "key", "new")
    # As one line: the terminal wraps it wherever the keys file's path ends.
    assert added.exit_code == 0 and "Back the keys file up" in " ".join(added.output.split())
    assert _key_ids(run("ledger", "key", "list").output)[0] == first
    refused = run("ledger", "key", "retire", first)
    assert refused.exit_code == 2 and "4 entries are sealed with" in refused.output
    resealed = run("ledger", "seal", "--again")
    assert resealed.exit_code == 0 and "Sealed 4 entries" in resealed.output
    assert run("ledger", "key", "retire", first).exit_code == 0
    assert first not in run("ledger", "key", "list").output
    assert run("verify").exit_code == 0


def test_sealing_refuses_a_register_that_does_not_verify(database: str) -> None:
    setup_area()
    run("record", "-", stdin=json.dumps(decision()))
    head = run("verify", "--head").output.strip()
    assert "Sealed 0 entries" in run("ledger", "seal", "--expect-head", head).output
    assert run("ledger", "seal", "--expect-head", "nonsense").exit_code == 2
    engine = create_engine(database)
    with engine.begin() as connection:
        connection.execute(text("UPDATE people SET given_name = 'Anne' WHERE reference = 'AMY'"))
    engine.dispose()
    refused = run("ledger", "seal")
    assert refused.exit_code == 1 and "Not sealed: the register does not verify" in refused.output
    said = " ".join(refused.output.split())  # as one line, however the terminal wraps it
    assert "was changed behind the register's back: its given_name" in said


def test_people_and_practitioners_are_changed_in_the_ledger(database: str) -> None:
    setup_area()
    changed = run(
        "person", "change", "council", "AMY", "--family-name", "Green", "--born", "2016-02-01"
    )
    assert changed.exit_code == 0, changed.output
    assert "Stored a change to person AMY in council: family_name, date_of_birth." in changed.output
    again = run("person", "change", "council", "AMY", "--family-name", "Green")
    assert "Nothing changed" in again.output
    role = run("practitioner", "change", "council", "jo", "--role", "Social worker")
    assert "Stored a change to practitioner jo in council: role." in role.output
    refused = run("person", "change", "council", "AMY", "--given-name", " ")
    assert refused.exit_code == 2 and "given_name" in refused.output
    intact = run("verify")
    assert intact.exit_code == 0 and "Intact: 5 entries" in intact.output  # 3 added, 2 changed
