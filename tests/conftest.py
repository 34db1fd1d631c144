"""Shared test helpers: where things live, and the scenarios."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import settings
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from sharewise.register.store import Register
from tests.accounts import add_account

# Many examples: the engine is fast, and the invariants are the guidance's own.
# No deadline: a shared machine's pauses are not the engine's.
# `pytest --hypothesis-profile=thorough` searches far wider, before a release.
settings.register_profile("sharewise", max_examples=400, deadline=None)
settings.register_profile("thorough", max_examples=20_000, deadline=None)
settings.load_profile("sharewise")

# The service answers only the host names it is given: here, the defaults and the name
# TestClient sends, testserver. tests/web/test_door.py checks that no other is answered.
os.environ["SHAREWISE_ALLOWED_HOSTS"] = "127.0.0.1,localhost,testserver"

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
# The specification beside a developer's or CI's clone; a clone on its own lacks it.
SPEC = ROOT.parent / "shared" / "spec"
GUIDANCE_TEXT = SPEC / "information-sharing-guidance-2008.md"


def load_scenario(path: Path) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="session")
def guidance_text() -> str:
    # The guidance is not ours to copy into the project, so a clone on its own cannot
    # check its words against it; CI and developers have it beside the clone.
    if not GUIDANCE_TEXT.exists():
        pytest.skip(f"the guidance text is not beside this clone ({GUIDANCE_TEXT})")
    return GUIDANCE_TEXT.read_text(encoding="utf-8")


@pytest.fixture(scope="session", autouse=True)
def ledger_keys(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The keys every register of this run seals with: in a folder of the run's own, never
    the keys file of the person running the tests. A test may name a file of its own."""
    path = tmp_path_factory.mktemp("keys") / "ledger-keys.json"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SHAREWISE_LEDGER_KEY_FILE", str(path))
        yield path


# Each test that stores anything gets an empty register of its own: a SQLite file
# always, and a PostgreSQL database too when SHAREWISE_TEST_DATABASE_URL names a server.

TEST_DATABASE_URL = os.environ.get("SHAREWISE_TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if TEST_DATABASE_URL else [])


@contextmanager
def postgres_database(prefix: str) -> Iterator[str]:
    """A database of its own on the test server, dropped at the end."""
    assert TEST_DATABASE_URL
    admin_url = make_url(TEST_DATABASE_URL)
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield admin_url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """This run's own database on the test server, for the tests that wipe it each time."""
    with postgres_database("sharewise_test") as url:
        yield url


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'register.sqlite3'}"
    url: str = request.getfixturevalue("postgres_server")
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture
def register(database_url: str) -> Iterator[Register]:
    opened = Register.open(database_url)
    yield opened
    opened.close()


@pytest.fixture
def area(register: Register) -> Register:
    """Two organisations in a multi-agency service, one outside it, practitioners, and a
    family: Amy (10), her father Lee with parental responsibility, and Sam (30)."""
    register.add_organisation("council", "Riverside Council", "local_authority")
    register.add_organisation("trust", "Riverside NHS Trust", "health")
    register.add_organisation("police", "Riverside Police", "police")
    register.add_service("early-help", "Early Help Hub", ["council", "trust"])
    register.add_practitioner("council", "jo", "Jo Smith", "Family support worker")
    register.add_practitioner("council", "al", "Al Khan", "Team manager")
    register.add_practitioner("trust", "pat", "Pat Lee", "Health visitor")
    today = date.today()
    register.add_person("council", "AMY", "Amy", "Brown", date(today.year - 10, 1, 1))
    register.add_person("council", "LEE", "Lee", "Brown", date(1985, 1, 1))
    register.add_person("council", "SAM", "Sam", "Green", date(1996, 5, 5))
    register.add_relationship("council", "AMY", "LEE", "parent", True)
    return register


def add_accounts(register: Register) -> None:
    """The area's accounts: Jo and Pat practitioners, Al a practitioner who manages the
    team, the council's admin and its information governance lead (tests/accounts.py)."""
    add_account(register, "council", "jo.smith", practitioner="jo", services=["early-help"])
    add_account(register, "council", "al.khan", ("practitioner", "manager"), practitioner="al")
    add_account(register, "trust", "pat.lee", practitioner="pat")
    add_account(register, "council", "council-admin", ("admin",))
    add_account(register, "council", "council-governance", ("governance",))


@pytest.fixture
def staffed(area: Register) -> Register:
    """The area, with its accounts."""
    add_accounts(area)
    return area
