"""The keys that seal the ledger: kept in a file of their own, readable by its owner
only, rotated without touching the entries; and a register made before seals opens,
says what it lacks, and verifies once a person has sealed it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import text

from sharewise.register import chain, seals
from sharewise.register.database import RegisterUnavailable
from sharewise.register.sealing import NotIntact
from sharewise.register.store import Register
from tests.register.helpers import consent, decision, not_sharing
from tests.register.test_integrity import run
from tests.register.test_ledger_kinds import as_made_at

BEFORE_SEALS = "20261206_accounts"  # the last revision whose entries have no seals


@pytest.fixture
def keys_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A keys file of the test's own (requested before the register, to be the one it
    opens with)."""
    path = tmp_path / "keys" / "ledger-keys.json"
    monkeypatch.setenv("SHAREWISE_LEDGER_KEY_FILE", str(path))
    return path


def _sealed_with(register: Register) -> set[str | None]:
    with register.engine.connect() as connection:
        return {
            key
            for table in chain.KINDS
            for (key,) in connection.execute(text(f"SELECT sealed_with FROM {table}"))
        }


def test_the_keys_file_is_made_on_first_use_for_its_owner_alone(
    keys_file: Path, area: Register
) -> None:
    assert keys_file.stat().st_mode & 0o777 == 0o600
    document = json.loads(keys_file.read_text(encoding="utf-8"))
    assert document["format"] == seals.FORMAT and len(document["keys"]) == 1
    ring = seals.load(keys_file)
    assert ring.keys[0].secret.hex() == document["keys"][0]["secret"]
    assert ring.keys[0].secret.hex() not in repr(ring)  # never shown, never logged
    area.record_decision(decision())
    assert _sealed_with(area) == {ring.sealing.id}


@pytest.mark.parametrize(
    ("spoil", "said"),
    [
        (lambda path: path.chmod(0o644), "may be read by others (mode 644)"),
        (lambda path: path.write_text("{}", encoding="utf-8"), "is not one sharewise wrote"),
        (
            lambda path: path.write_text(
                path.read_text(encoding="utf-8").replace('"secret": "', '"secret": "zz'),
                encoding="utf-8",
            ),
            "is not one sharewise wrote",
        ),
    ],
)
def test_a_keys_file_that_will_not_do_is_named_and_nothing_opens(
    keys_file: Path, database_url: str, spoil: Callable[[Path], object], said: str
) -> None:
    seals.load(keys_file)
    spoil(keys_file)
    with pytest.raises(RegisterUnavailable, match=re.escape(said)) as refused:
        Register.open(database_url)
    assert str(keys_file) in str(refused.value)


def test_keys_rotate_without_touching_the_entries(
    keys_file: Path, area: Register, database_url: str
) -> None:
    first = seals.load(keys_file).sealing.id
    area.record_decision(decision())
    second = seals.add_key(keys_file).id
    area.close()
    register = Register.open(database_url)  # started again: the new key seals
    try:
        register.record_decision(not_sharing())
        assert _sealed_with(register) == {first, second}
        assert register.verify().intact  # the older key still checks what it sealed
        # The area's seven in the directory, and the first decision.
        with pytest.raises(seals.KeysUnavailable, match="8 entries are sealed with"):
            register.retire_key(first)
        with pytest.raises(seals.KeysUnavailable, match="the key that seals new entries"):
            register.retire_key(second)
        resealed = register.seal(again=True)
        assert resealed.key == second and resealed.entries == register.sealed_with(second) - 1
        register.retire_key(first)
        assert [key.id for key in seals.load(keys_file).keys] == [second]
        assert _sealed_with(register) == {second} and register.verify().intact
    finally:
        register.close()


def test_a_register_verified_with_other_keys_names_the_key_it_lacks(
    area: Register, database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    area.record_decision(decision())
    (sealed_with,) = _sealed_with(area)
    monkeypatch.setenv("SHAREWISE_LEDGER_KEY_FILE", str(tmp_path / "other-keys.json"))
    elsewhere = Register.open(database_url)
    try:
        problem = str(elsewhere.verify().problems[0])
    finally:
        elsewhere.close()
    assert f"is sealed with key {sealed_with!r}, which the ledger's keys do not hold" in problem


def test_a_register_made_before_seals_opens_and_verifies_once_sealed(
    area: Register, database_url: str
) -> None:
    area.record_decision(decision())
    area.record_consent(consent())
    area.record_decision(not_sharing())
    as_made_at(area, BEFORE_SEALS)
    hashes = _hashes(area)
    area.close()
    register = Register.open(database_url)  # migrated as it opens
    try:
        report = register.verify()
        # It says what it lacks, and that only: seals, and its directory's entries.
        assert report.problems and all(p.before_seals for p in report.problems)
        assert str(report.problems[0]).endswith(
            "is not sealed, nor are the 2 entries after it: " + chain.UNSEALED_HINT
        )
        assert any("3 person rows" in str(p) for p in report.problems)
        sealed = register.seal()
        assert (sealed.entries, sealed.found) == (3, 7)  # 3 people, 3 staff, 1 relationship
        assert register.verify().intact
        assert _hashes(register) == hashes  # sealed, not rewritten
        register.record_decision(decision())
        assert register.verify().intact and None not in _sealed_with(register)
        assert register.seal().entries == 0  # nothing left to seal
    finally:
        register.close()


def test_sealing_refuses_a_register_that_does_not_verify(area: Register) -> None:
    area.record_decision(decision())
    kept = area.heads()
    area.record_decision(not_sharing())
    for table in chain.KINDS:  # as if made before seals
        run(area, f"UPDATE {table} SET seal = NULL, sealed_with = NULL")
    run(area, "UPDATE people SET given_name = 'Anne' WHERE reference = 'AMY'")
    with pytest.raises(NotIntact) as refused:
        area.seal()
    assert "AMY" not in str(refused.value.report.problems)  # rows by id: no personal data
    assert _sealed_with(area) == {None}  # nothing sealed
    run(area, "UPDATE people SET given_name = 'Amy' WHERE reference = 'AMY'")
    altered = {**kept, 1: chain.Head(kept[1].count, "0" * 64)}
    with pytest.raises(NotIntact):
        area.seal(expect=altered)  # not what was kept outside
    assert area.seal(expect=kept).entries == area.entry_count()
    assert area.verify().intact


def _hashes(register: Register) -> dict[str, str]:
    with register.engine.connect() as connection:
        return {
            entry_id: digest
            for table in ("decision_records", "consent_records")
            for entry_id, digest in connection.execute(text(f"SELECT id, hash FROM {table}"))
        }


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX's")
def test_two_processes_making_the_keys_file_at_once_share_one(tmp_path: Path) -> None:
    path = tmp_path / "ledger-keys.json"
    scratch = seals._written(path, [seals._new_key()])
    os.link(scratch, path)  # another process got there first...
    scratch.unlink()
    theirs = seals.load(path).sealing
    seals._create(path, [seals._new_key()])  # ...so this one's is dropped, theirs stands
    assert seals.load(path).sealing == theirs
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
