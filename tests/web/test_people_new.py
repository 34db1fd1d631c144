"""Adding a person from the web: every error at once in the Design System's words, nothing
stored until all is right, and the person's page after, with a date of birth that then
answers the decision's questions about age."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.web.test_http import check_errors, start

LEE_BORN = {"date_of_birth-day": "3", "date_of_birth-month": "mar", "date_of_birth-year": "2011"}
VALID = {
    "organisation": "council",
    "given_name": "Rosa",
    "family_name": "Diaz",
    "reference": "RC-00104",
    **LEE_BORN,
}


def test_a_person_is_added_and_shown(client: TestClient, area: Register) -> None:
    assert "Add a person" in client.get("/people/new?organisation=council").text
    response = client.post("/people/new", data=VALID, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/people/council/RC-00104?saved=person"
    page = client.get(response.headers["location"]).text
    assert "The person is added" in page and "Rosa Diaz" in page and "3 March 2011" in page
    added = area.person("council", "RC-00104")
    assert (added.name, str(added.date_of_birth)) == ("Rosa Diaz", "2011-03-03")


def test_the_date_of_birth_may_be_left_out(client: TestClient, area: Register) -> None:
    form = {**VALID, "reference": "RC-00105", "date_of_birth-day": "", "date_of_birth-month": ""}
    form["date_of_birth-year"] = ""
    assert client.post("/people/new", data=form, follow_redirects=False).status_code == 303
    assert area.person("council", "RC-00105").date_of_birth is None


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        (
            {"organisation": "", "given_name": "", "family_name": " ", "reference": ""},
            {
                "organisation": "Select the person's organisation",
                "given_name": "Enter their first name",
                "family_name": "Enter their last name",
                "reference": "Enter their reference in your organisation",
            },
        ),
        ({"organisation": "nowhere"}, {"organisation": "Select the person's organisation"}),
        (
            {"reference": "AMY"},
            {
                "reference": "This reference is used already for someone else: enter another, "
                "or find the person on the people page"
            },
        ),
        (
            {"reference": "a b"},
            {
                "reference": "Their reference must start with a letter or "
                "number, use only letters, numbers, full stops, hyphens and underscores, and be 64 "
                "characters or fewer"
            },
        ),
        (
            {"given_name": "R" * 101},
            {"given_name": "Their first name must be 100 characters or fewer"},
        ),
        (
            {"family_name": "Di\x00az"},
            {"family_name": "Their last name must be on one line, typed again"},
        ),
        (
            {"date_of_birth-month": ""},
            {"date_of_birth-month": "Date of birth must include a month"},
        ),
        (
            {"date_of_birth-day": "31", "date_of_birth-month": "2"},
            {"date_of_birth-day": "Date of birth must be a real date"},
        ),
        (
            {"date_of_birth-year": "11"},
            {"date_of_birth-year": "The year of birth must include 4 numbers"},
        ),
        (
            {"date_of_birth-year": "2999"},
            {"date_of_birth-day": "Date of birth must be in the past"},
        ),
        (
            {"date_of_birth-year": "1850"},
            {"date_of_birth-year": "Date of birth must be within the last 130 years"},
        ),
    ],
)
def test_every_error_is_shown_at_once_and_nothing_is_stored(
    client: TestClient, area: Register, changes: dict[str, Any], said: dict[str, str]
) -> None:
    before = area.people("council")[1]
    response = client.post("/people/new", data={**VALID, **changes})
    check_errors(response, said)
    assert area.people("council")[1] == before
    # What was typed is kept, so that only what is wrong is typed again.
    if changes.get("given_name", "R") and "given_name" not in said:
        assert 'value="Rosa"' in response.text


def test_a_person_added_is_asked_about_no_more(client: TestClient, area: Register) -> None:
    """Their date of birth answers `about` and `age` in a decision about them."""
    client.post("/people/new", data={**VALID, "reference": "RC-00106"})
    draft = start(client, person="RC-00106")
    state = area.drafts.get(draft.rsplit("/", 1)[1])
    assert state is not None
    assert {"about", "age"} <= set(state["known"])
    assert state["answers"]["about"] == "child" and 10 <= state["answers"]["age"] <= 20
