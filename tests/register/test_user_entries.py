"""The users are in the ledger: adding a user, disabling them and a change of password are
entries in their organisation's chain, stating no password hash; an edit to a user's
rows behind the register's back (roles, services, organisation, the disabled mark, the
password's hash) is caught by verify. Sessions, tokens and sign-in attempts are not."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from sharewise.register.accounts.passwords import Passwords
from sharewise.register.accounts.service import Accounts
from sharewise.register.store import Register
from tests.register.test_accounts import GOOD, QUICK, add
from tests.register.test_directory_entries import _entries, _id, _problems
from tests.register.test_integrity import run

AT = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def accounts(area: Register) -> Accounts:
    area.accounts.passwords = Passwords(QUICK)
    return area.accounts


def _hashes(register: Register) -> list[str]:
    with register.engine.connect() as connection:
        return [row[0] for row in connection.exec_driver_sql("SELECT password_hash FROM users")]


def test_a_user_added_is_an_entry_stating_them_but_no_hash(
    area: Register, accounts: Accounts
) -> None:
    add(accounts, roles=["practitioner", "advisor"], services=["early-help"])
    (jo,) = _entries(area, "user")
    assert (jo["kind"], jo["organisation_id"], jo["recorded_by"]) == ("added", 1, None)
    fields = jo["body"]["fields"]
    assert fields["username"] == "jo.smith"
    assert fields["practitioner_id"] == _id(area, "practitioners", "code = 'jo'")
    assert (fields["roles"], fields["services"]) == (["advisor", "practitioner"], ["early-help"])
    assert fields["disabled_at"] is None and fields["must_change_password"] is False
    # A fingerprint of the stored hash, never the hash nor anything of its salt.
    assert re.fullmatch("[0-9a-f]{16}", fields["password"])
    (stored,) = _hashes(area)
    for part in stored.split("$")[1:]:
        assert part not in jo["body"] and part not in str(jo)
    assert area.verify().intact


def test_a_password_changed_and_a_user_disabled_are_entries_naming_the_change(
    area: Register, accounts: Accounts
) -> None:
    add(accounts)
    sessions = area.entry_count()
    accounts.start_session(accounts.user("jo.smith"))
    accounts.create_token("jo.smith")
    assert area.entry_count() == sessions  # sessions and tokens are not entries
    accounts.change_password("jo.smith", GOOD, "harbour pebble cinnamon drift", at=AT)
    changed = _entries(area, "user")[-1]
    assert changed["kind"] == "changed"
    assert changed["body"]["changed"] == ["password", "must_change_password", "password_changed_at"]
    assert changed["body"]["fields"]["password_changed_at"].startswith("2026-12-07T09:00:00")
    accounts.disable("jo.smith", at=AT)
    disabled = _entries(area, "user")[-1]
    assert disabled["body"]["changed"] == ["disabled_at"]
    assert disabled["body"]["fields"]["disabled_at"].startswith("2026-12-07T09:00:00")
    assert area.verify().intact


def test_a_password_rehashed_at_sign_in_is_an_entry(area: Register, accounts: Accounts) -> None:
    add(accounts)
    before = len(_entries(area, "user"))
    accounts.passwords = Passwords()  # today's parameters: the quick hash is rehashed
    accounts.sign_in("jo.smith", GOOD, "192.0.2.10")
    entries = _entries(area, "user")
    assert len(entries) == before + 1 and entries[-1]["body"]["changed"] == ["password"]
    assert area.verify().intact


@pytest.mark.parametrize(
    ("edit", "caught"),
    [
        (
            "INSERT INTO user_roles (user_id, role) SELECT id, 'admin' FROM users",
            "its roles differs",
        ),
        ("DELETE FROM user_services", "its services differs"),
        ("UPDATE users SET disabled_at = NULL", "its disabled_at differs"),
        ("UPDATE users SET must_change_password = true", "its must_change_password differs"),
        ("UPDATE users SET username = 'al.khan'", "its username differs"),
    ],
)
def test_an_edit_to_a_user_behind_the_registers_back_is_caught(
    area: Register, accounts: Accounts, edit: str, caught: str
) -> None:
    add(accounts, services=["early-help"])
    accounts.disable("jo.smith", at=AT)  # its latest: a change
    run(area, edit)
    user = _id(area, "users", "username <> ''")
    (problem,) = _problems(area)
    assert problem.startswith(f"organisation 1: user {user} was changed behind")
    assert caught in problem


def test_a_password_hash_swapped_behind_the_registers_back_is_caught(
    area: Register, accounts: Accounts
) -> None:
    add(accounts)
    add(accounts, "al.khan", practitioner="al", password="harbour pebble cinnamon drift")
    run(
        area,
        "UPDATE users SET password_hash = (SELECT password_hash FROM users "
        "WHERE username = 'al.khan') WHERE username = 'jo.smith'",
    )
    (problem,) = _problems(area)
    assert "its password differs from its latest directory entry" in problem


def test_a_user_moved_or_added_behind_the_registers_back_is_caught(
    area: Register, accounts: Accounts
) -> None:
    add(accounts)
    user = _id(area, "users", "username = 'jo.smith'")
    run(area, f"UPDATE users SET organisation_id = 2 WHERE id = {user}")
    (problem,) = _problems(area)
    assert f"organisation 2: user {user} is recorded in organisation 1's chain" in problem
    run(
        area,
        f"UPDATE users SET organisation_id = 1 WHERE id = {user}",
        "INSERT INTO users (organisation_id, username, password_hash, must_change_password, "
        "password_changed_at, demo, created_at) SELECT organisation_id, 'eve', password_hash, "
        f"false, password_changed_at, false, created_at FROM users WHERE id = {user}",
    )
    (problem,) = _problems(area)
    assert "organisation 1: user " in problem and "has no directory entry" in problem
