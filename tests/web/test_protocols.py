"""The registry's pages: the governance lead adds a protocol with a short form and checks
the answers, changes it (its history kept), and sees reviews due as tasks; and, at the
point of decision, the outcome and the recipient check say whether an active protocol
covers the sharing, and, when none does, that none is needed (4.11-4.13), the
recommendation the same either way."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from sharewise.register.store import Register
from sharewise.server import create_app
from sharewise.web.pages import cite
from tests.accounts import signed_in
from tests.register.helpers import protocol
from tests.web.helpers import package_steps, ready_for_forms
from tests.web.test_accessibility import SHARED_NOW
from tests.web.test_http import SHARE, answer_all, start

LEAD = "council-governance"
TODAY = date.today()
FORM = {
    "title": "Early help referrals",
    "status": "active",
    "parties": ["council", "trust"],
    "purpose": "Early help assessments",
    "data_items": "Name\nDate of birth",
    "legal_basis": "Children Act 2004, section 10",
    "retention": "Two years",
    "security": "Secure email",
    "signatories": "Sam Patel, Caldicott guardian, Riverside NHS Trust",
    "signed_on-day": "1",
    "signed_on-month": "2",
    "signed_on-year": str(TODAY.year - 1),
    "review_on-day": str(TODAY.day),
    "review_on-month": str(TODAY.month),
    "review_on-year": str(TODAY.year + 1),
}
NONE_NEEDED = "You do not need one to share: decide on the facts of this case."


@pytest.fixture
def lead(staffed: Register, database_url: str) -> Iterator[TestClient]:
    """The council's information governance lead, signed in."""
    with TestClient(create_app(database_url), cookies=signed_in(staffed, LEAD)) as opened:
        yield ready_for_forms(opened)


def _errors(page: str) -> list[str]:
    return [html.unescape(e) for e in re.findall(r'<a href="#[^"]*">([^<]*)</a>', page)]


def test_the_lead_adds_a_protocol_checks_it_and_it_is_listed(
    lead: TestClient, staffed: Register
) -> None:
    assert lead.get("/protocols/new").status_code == 200
    check = lead.post("/protocols/new", data=FORM)
    assert check.status_code == 200 and "Check your answers" in check.text
    assert "Sam Patel, Caldicott guardian, Riverside NHS Trust" in check.text
    assert staffed.protocols(["council"]) == []  # nothing yet: the answers are checked first
    back = lead.post("/protocols/new", data={**FORM, "edit": "1"})
    assert 'value="Early help referrals"' in back.text  # to change an answer
    saved = lead.post("/protocols/new/confirm", data=FORM, follow_redirects=False)
    assert saved.status_code == 303
    (made,) = staffed.protocols(["council"])
    assert saved.headers["location"] == f"/protocols/{made.id}?saved=added"
    assert (made.data_items, made.signatories[0].organisation) == (
        ("Name", "Date of birth"),
        "trust",
    )
    page = lead.get(saved.headers["location"]).text
    assert "The protocol is added" in page and "Riverside NHS Trust" in page
    listed = lead.get("/protocols").text
    assert f'href="/protocols/{made.id}"' in listed and "Add a protocol" in listed
    assert "Active" in lead.get("/protocols?status=active").text
    assert "No protocols with this status." in lead.get("/protocols?status=ended").text


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"title": ""}, "Enter the protocol's title"),
        ({"parties": ["council"]}, "Parties: names fewer than two"),
        ({"parties": ["trust", "police"]}, "does not include 'council'"),
        ({"review_on-year": str(TODAY.year - 2)}, "is not after the day it was signed off"),
        ({"review_on-month": "13"}, "The review date must be a real date"),
        ({"signatories": "Sam Patel"}, "Write each person who signed it off on a line"),
        ({"status": ""}, "Select the protocol's status"),
    ],
)
def test_what_is_wrong_is_said_and_nothing_stored(
    lead: TestClient, staffed: Register, changes: dict[str, Any], said: str
) -> None:
    for step in ("/protocols/new", "/protocols/new/confirm"):
        page = lead.post(step, data={**FORM, **changes})
        assert page.status_code == 422, step
        assert any(said in e for e in _errors(page.text)), (_errors(page.text), said)
    assert staffed.protocols(["council", "trust", "police"]) == []


def test_a_change_keeps_the_history_and_only_the_keeper_changes(
    lead: TestClient, staffed: Register
) -> None:
    made = staffed.add_protocol("council", protocol(), by=LEAD)
    form = lead.get(f"/protocols/{made.id}/change").text
    assert "Sam Patel, Caldicott guardian, Riverside NHS Trust" in form
    sent = {**FORM, "status": "ended"}
    assert "Check your answers" in lead.post(f"/protocols/{made.id}/change", data=sent).text
    done = lead.post(f"/protocols/{made.id}/change/confirm", data=sent, follow_redirects=False)
    assert done.headers["location"] == f"/protocols/{made.id}?saved=changed"
    page = lead.get(done.headers["location"]).text
    assert "Changed status" in page and "Added" in page  # both versions
    theirs = staffed.add_protocol(
        "trust", protocol(signatories=protocol()["signatories"][:1]), by="trust-lead"
    )
    assert lead.get(f"/protocols/{theirs.id}").status_code == 200  # a party reads it
    assert "Change the protocol" not in lead.get(f"/protocols/{theirs.id}").text
    assert lead.get(f"/protocols/{theirs.id}/change").status_code == 404


def test_reviews_due_are_the_leads_tasks_and_marked_on_the_registry(
    lead: TestClient, staffed: Register
) -> None:
    due = staffed.add_protocol(
        "council", protocol(title="Due soon", review_on=TODAY + timedelta(days=5)), by=LEAD
    )
    staffed.add_protocol(
        "council", protocol(title="Overdue one", review_on=TODAY - timedelta(days=1)), by=LEAD
    )
    staffed.add_protocol("council", protocol(title="Not yet"), by=LEAD)
    home = lead.get("/").text
    assert home.count("Review an information sharing protocol") == 2
    assert f'href="/protocols/{due.id}"' in home and "Due soon" in home and "Overdue" in home
    listed = lead.get("/protocols").text
    assert "Due for review" in listed and "Overdue" in listed


# --- at the point of decision ---------------------------------------------------------


def _outcome(client: TestClient, recipient: str) -> str:
    draft = start(client, "AMY", recipient)
    answer_all(client, draft, SHARE)
    return html.unescape(client.get(f"{draft}/outcome").text)


def _recommendation(page: str) -> str:
    found = re.search(r'id="recommendation">([^<]*)<', page)
    assert found
    return found[1]


@pytest.mark.parametrize("status", [None, "active", "ended", "review"])
def test_the_outcome_says_whether_a_protocol_covers_and_recommends_alike(
    client: TestClient, staffed: Register, status: str | None
) -> None:
    before = _recommendation(_outcome(client, "trust"))
    if status:
        staffed.add_protocol("council", protocol(status=status), by=LEAD)
    page = _outcome(client, "trust")
    assert _recommendation(page) == before
    if status == "active":
        assert (
            "An information sharing protocol covers regular sharing with Riverside NHS Trust"
            in page
        )
        assert "Early help referrals" in page and "Early help assessments of families" in page
        assert "Name; Date of birth; Address" in page
    else:
        assert (
            f"No information sharing protocol covers sharing with Riverside NHS Trust. "
            f"{NONE_NEEDED}" in page
        )
    assert cite("page.protocol_cover") in page


def test_a_protocol_with_others_does_not_cover_and_none_is_needed(
    client: TestClient, staffed: Register
) -> None:
    staffed.add_protocol("council", protocol(), by=LEAD)  # with the trust
    page = _outcome(client, "police")
    assert (
        f"No information sharing protocol covers sharing with Riverside Police. {NONE_NEEDED}"
        in page
    )
    typed_in = _outcome(client, "none")  # someone not in the register
    assert NONE_NEEDED in typed_in


def test_the_recipient_check_says_so_too(client: TestClient, staffed: Register) -> None:
    staffed.add_protocol("council", protocol(), by=LEAD)
    draft = start(client, "AMY", "trust")
    answer_all(client, draft, SHARE)
    client.post(f"{draft}/outcome", data=SHARED_NOW)
    for step, form in package_steps()[:2]:  # the items, then the recipient
        client.post(f"{draft}/package/{step}", data=form)
    page = html.unescape(client.get(f"{draft}/package/recipient-check").text)
    assert "covers regular sharing with Riverside NHS Trust" in page


@pytest.mark.parametrize(
    "path", ["/protocols/99999999999", "/protocols/0", "/framework/documents/99999999999"]
)
def test_an_id_no_row_can_have_is_not_found(lead: TestClient, path: str) -> None:
    # Beyond a PostgreSQL INTEGER: no row, not a failure to compare.
    assert lead.get(path).status_code == 404
