"""A decision record's PDF is one a manager would file: a protective marking and whose
record it is on every page, names rather than codes, room for a manager's review, and one
page for a simple decision."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from sharewise.settings import Settings
from sharewise.web.records import record_document
from tests.register import helpers as documents


def _texts(box: Any) -> Iterator[str]:
    text = getattr(box, "text", None)
    if text:
        yield text
    for child in getattr(box, "children", None) or []:
        yield from _texts(child)


def pages_of(client: TestClient, register: Register, record_id: str) -> list[str]:
    """Each page's words, margins included, as the PDF prints them."""

    class Asked:  # what record_document reads of a request
        app = client.app

    entry = register.decision(record_id)
    document = record_document(Asked, register, entry)  # type: ignore[arg-type]
    return [" ".join(_texts(page._page_box)) for page in document.pages]


def test_a_simple_decision_fits_on_one_page(client: TestClient, register: Register) -> None:
    decision = register.record_decision(documents.decision())
    (page,) = pages_of(client, register, decision.id)
    assert "OFFICIAL-SENSITIVE" in page
    assert "Jo Smith, Family support worker" in page  # by name and role, not "jo"
    assert "Amy Brown (AMY)" in page
    assert "Riverside Council" in page
    assert "Manager's review" in page and "Reviewed by" in page


def test_every_page_says_whose_record_it_is(client: TestClient, register: Register) -> None:
    # Long enough for two pages, within the 5,000 characters a reason may hold.
    long = " ".join(["The father agreed after a long discussion of the plan."] * 88)
    decision = register.record_decision(
        documents.decision(decision={"share": True, "reasons": long})
    )
    pages = pages_of(client, register, decision.id)
    assert len(pages) >= 2
    for number, page in enumerate(pages, 1):
        assert page.count("OFFICIAL-SENSITIVE") >= 2, number  # top and bottom
        assert f"Decision record {decision.id[:8]} · Amy Brown (AMY)" in page, number


def test_the_pdf_is_served_with_its_marking(client: TestClient, register: Register) -> None:
    client.app.state.settings = Settings(protective_marking="OFFICIAL")  # type: ignore[attr-defined]
    decision = register.record_decision(documents.decision())
    (page,) = pages_of(client, register, decision.id)
    assert "OFFICIAL" in page and "OFFICIAL-SENSITIVE" not in page
    response = client.get(f"/records/{decision.id}/pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")


def test_the_pdf_shows_the_sharing_package_in_full(client: TestClient, register: Register) -> None:
    document = documents.decision(package=documents.package())
    del document["told"]
    decision = register.record_decision(document)
    text = " ".join(pages_of(client, register, decision.id))
    for said in (
        "The sharing package",
        "Amy missed 12 days of school this term",
        "Fact",
        "Opinion",
        "The school's attendance record",
        "It shows the pattern the assessment looks at",
        "Called her back on the trust's switchboard number",
        "Secure email",
        "It was sent from a secure address to a secure address",
        "No, they will not pass it on",
        "Only for the early help assessment",
        "The person is to be told",
        "To tell them by",
    ):
        assert said in text, said
