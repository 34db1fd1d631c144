"""On PostgreSQL the application can run as a role that owns nothing: the migrations run as
the owner, who grants it what it needs. It appends and reads, and cannot turn the triggers
off, change or remove an entry, or set session_replication_role to bypass them."""

from __future__ import annotations

import inspect
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

import tests.conftest as shared
from sharewise.register import roles
from sharewise.register.database import RegisterUnavailable
from sharewise.register.filters import DecisionFilters
from sharewise.register.store import Register
from sharewise.settings import Settings
from tests.accounts import add_account
from tests.register.helpers import consent, decision

postgresql = pytest.mark.skipif(
    not shared.TEST_DATABASE_URL, reason="needs PostgreSQL: set SHAREWISE_TEST_DATABASE_URL"
)
add_area = inspect.unwrap(shared.area)


@pytest.fixture
def two_roles() -> Iterator[tuple[str, str]]:
    """A database of its own, owned by a role that is not a superuser, and a role for the
    application that owns nothing: the URLs of the owner and of the application."""
    assert shared.TEST_DATABASE_URL
    server = make_url(shared.TEST_DATABASE_URL)
    suffix = f"{os.getpid()}_{uuid.uuid4().hex[:6]}"
    owner, application, database = (f"sharewise_{r}_{suffix}" for r in ("owner", "app", "roles"))
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE ROLE "{owner}" LOGIN'))
        connection.execute(text(f'CREATE ROLE "{application}" LOGIN'))
        connection.execute(text(f'CREATE DATABASE "{database}" OWNER "{owner}"'))
    try:
        yield tuple(  # type: ignore[misc]
            server.set(username=role, database=database).render_as_string(hide_password=False)
            for role in (owner, application)
        )
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{application}"'))
            connection.execute(text(f'DROP ROLE IF EXISTS "{owner}"'))
        admin.dispose()


REFUSED = [
    # The triggers cannot be turned off, or dropped: the role owns no table.
    ("ALTER TABLE decision_records DISABLE TRIGGER USER", "must be owner"),
    ("DROP TRIGGER decision_records_append_only ON decision_records", "must be owner"),
    # Nor bypassed: only a superuser may set session_replication_role.
    ("SET session_replication_role = replica", "permission denied"),
    # An entry may not be changed (but for its seal), nor removed.
    ("UPDATE decision_records SET outcome = 'share'", "permission denied"),
    ("UPDATE directory_records SET body = '{}'", "permission denied"),
    ("DELETE FROM consent_records", "permission denied"),
    ("TRUNCATE decision_records", "permission denied"),
    ("DELETE FROM chain_heads", "permission denied"),
    # The text index, which a trigger adds to, is neither changed nor emptied.
    ("UPDATE decision_texts SET words = ''", "permission denied"),
    ("DELETE FROM decision_texts", "permission denied"),
    ("UPDATE decision_texts_1 SET words = ''", "permission denied"),
    ("INSERT INTO decision_texts_1 SELECT * FROM decision_texts", "permission denied"),
    # The head moves forward only.
    ("UPDATE chain_heads SET count = 0", "only moves forward"),
    # Nothing of its own: no table to hide in, nothing to own.
    ("CREATE TABLE elsewhere (id integer)", "permission denied for schema public"),
]


@postgresql
def test_the_application_appends_and_reads_as_a_role_that_owns_nothing(
    two_roles: tuple[str, str],
) -> None:
    owner_url, application_url = two_roles
    register = Register.open(application_url, Settings(migration_database_url=owner_url))
    try:
        add_area(register)
        stored = register.record_decision(decision())
        register.record_consent(consent())
        register.change_person("council", "AMY", {"family_name": "Green"}, by="jo")
        jo = "council/jo"
        register.drafts.discard(register.drafts.start({}, owner=jo), owner=jo)  # working data
        add_account(register, "council", "jo.smith", practitioner="jo")  # an entry too
        assert register.decision(stored.id).hash == stored.hash
        found = register.decisions(DecisionFilters(search="FATHER agreed"), limit=5)
        assert [entry.id for entry in found] == [stored.id]  # the index, read and added to
        council, father = frozenset({"council"}), DecisionFilters(search="father")
        found = register.decisions(father, within=council)  # its part of the index, by name
        assert [entry.id for entry in found] == [stored.id]
        assert register.count_decisions(father, within=council) == 1
        assert register.verify().intact
        assert register.seal(again=True).entries == 0  # nothing to seal, and allowed to
        # As the owner: the application's role may not analyse the index, nor empty it.
        register.tidy()
        owner = create_engine(owner_url)
        with owner.connect() as connection:
            counted = "SELECT reltuples FROM pg_class WHERE relname = 'decision_texts'"
            assert connection.execute(text(counted)).scalar_one() == 1  # analysed
        owner.dispose()
        assert register.reindex() == 1
        assert [entry.id for entry in register.decisions(DecisionFilters(search="father"))] == [
            stored.id
        ]
    finally:
        register.close()
    application = create_engine(application_url)
    try:
        with application.begin() as connection:  # a seal may be set, as sealing does
            connection.execute(text("UPDATE decision_records SET sealed_with = sealed_with"))
        for statement, refusal in REFUSED:
            with pytest.raises(DBAPIError, match=refusal), application.begin() as connection:
                connection.execute(text(statement))
    finally:
        application.dispose()
    owner = Register.open(owner_url)
    try:
        assert owner.verify().intact
    finally:
        owner.close()


@postgresql
def test_the_search_index_is_remade_only_by_its_owner(two_roles: tuple[str, str]) -> None:
    """Told of no owner, the application's role may not open a register it was granted
    nothing of, nor remake the index: it is told so (and for the index, what to set),
    and the index is as it was."""
    owner_url, application_url = two_roles
    Register.open(owner_url).close()  # migrated, but nothing granted to the application
    with pytest.raises(RegisterUnavailable, match=r"permission denied.*db upgrade"):
        Register.open(application_url, Settings())
    granted = Settings(migration_database_url=owner_url)
    Register.open(application_url, granted, upgrade=True).close()  # as `db upgrade`
    register = Register.open(application_url, Settings())
    try:
        add_area(register)
        stored = register.record_decision(decision())
        with pytest.raises(RegisterUnavailable, match="SHAREWISE_MIGRATION_DATABASE_URL"):
            register.reindex()
        found = register.decisions(DecisionFilters(search="father"))
        assert [entry.id for entry in found] == [stored.id] and register.verify().intact
    finally:
        register.close()


@postgresql
def test_migrations_run_only_on_the_registers_own_database(two_roles: tuple[str, str]) -> None:
    owner_url, application_url = two_roles
    elsewhere = make_url(owner_url).set(database="postgres").render_as_string(hide_password=False)
    with pytest.raises(RegisterUnavailable, match="names another database"):
        Register.open(application_url, Settings(migration_database_url=elsewhere))


def test_the_grants_for_granting_by_hand_are_documented() -> None:
    documented = (shared.ROOT / "docs" / "security.md").read_text(encoding="utf-8")
    for statement in roles.grants("public", "sharewise_app"):
        assert f"{statement};" in documented
