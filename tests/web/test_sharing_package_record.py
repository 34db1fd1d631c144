"""The record page shows a share's Q6 package in full; a record made without one shows
as it did."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.register.helpers import decision, package

TODAY = datetime.now(UTC).date()
TELLINGS = [
    ({"status": "told", "told_on": TODAY.isoformat()}, ["The person has been told", "Told on"]),
    (
        {"status": "to_tell", "tell_by": (TODAY + timedelta(days=7)).isoformat()},
        ["The person is to be told", "To tell them by"],
    ),
    (
        {"status": "not_telling", "why_not": "Telling him would put Amy at risk"},
        ["The person will not be told", "Telling him would put Amy at risk"],
    ),
]


@pytest.mark.parametrize(("telling", "shown"), TELLINGS, ids=[t[0]["status"] for t in TELLINGS])
def test_the_record_page_shows_the_package(
    client: TestClient, register: Register, telling: dict[str, str], shown: list[str]
) -> None:
    document = decision(
        package=package(
            telling=telling,
            channel={"by": "phone", "check_confirmed": True},
            onward={"passing_on": "not_known", "consent_limits": "no_consent"},
        )
    )
    del document["told"]
    page = client.get(f"/records/{register.record_decision(document).id}").text
    for said in [
        "The sharing package",
        "Item 1: fact",
        "Item 2: opinion",
        "Amy seems withdrawn at home visits",
        "Jo Smith, family support worker",
        "The health visitor will look for it too",
        "Called her back on the trust&#39;s switchboard number",
        "Phone",
        "The recipient&#39;s identity was confirmed and the call could not be overheard",
        "They do not know yet",
        "It was shared without consent",
        *shown,
    ]:
        assert said in page, said


def test_a_record_without_a_package_shows_none(client: TestClient, register: Register) -> None:
    page = client.get(f"/records/{register.record_decision(decision()).id}").text
    assert "What was shared" in page and "The sharing package" not in page
