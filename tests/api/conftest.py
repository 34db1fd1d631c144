"""The API on the test registers: `client` on the area of tests/conftest.py, on each
database, with an API token of Jo's of the council (`admin`, of the council's admin);
`bare` on one empty SQLite register, for what never reads one (the documents, the
routes, the assessment)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from sharewise.api import create_api
from sharewise.register.store import Register
from tests.accounts import bearer
from tests.api.helpers import AS_ADMIN, AS_GOVERNOR, AS_JO


@pytest.fixture
def client(staffed: Register) -> Iterator[TestClient]:
    with TestClient(create_api(staffed), headers=bearer(staffed, AS_JO)) as opened:
        yield opened


@pytest.fixture
def admin(staffed: Register) -> Iterator[TestClient]:
    """The council's admin, who manages its part of the directory."""
    with TestClient(create_api(staffed), headers=bearer(staffed, AS_ADMIN)) as opened:
        yield opened


@pytest.fixture
def governor(staffed: Register) -> Iterator[TestClient]:
    """The council's information governance lead, who keeps its framework (4.7-4.8)."""
    with TestClient(create_api(staffed), headers=bearer(staffed, AS_GOVERNOR)) as opened:
        yield opened


@pytest.fixture(scope="session")
def empty_register(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Register]:
    opened = Register.open(f"sqlite:///{tmp_path_factory.mktemp('api') / 'empty.sqlite3'}")
    yield opened
    opened.close()


@pytest.fixture
def bare(empty_register: Register) -> Iterator[TestClient]:
    with TestClient(create_api(empty_register)) as opened:
        yield opened
