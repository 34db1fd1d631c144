"""The pages of what was shared with you: a list, newest first, and each share, with
what was shared and who shared it, and nothing else of the sharer's record."""

from __future__ import annotations

from fastapi.testclient import TestClient

from sharewise.register.store import Register
from tests.register.helpers import decision, not_sharing

TRUST = {"organisation": "trust", "practitioner": "pat", "person": None}


def test_the_list_shows_what_was_shared_with_you_and_links_each(
    client: TestClient, staffed: Register
) -> None:
    to_council = staffed.record_decision(decision(**TRUST, recipient="council"))
    staffed.record_decision(decision(**TRUST, recipient="police"))
    staffed.record_decision(not_sharing(**TRUST, recipient="council"))
    page = client.get("/shared-with-us")
    assert page.status_code == 200
    assert page.text.count('href="/shared-with-us/') == 1
    assert f'href="/shared-with-us/{to_council.id}"' in page.text
    assert "Riverside NHS Trust" in page.text and "Riverside Police" not in page.text


def test_nothing_shared_says_so(client: TestClient) -> None:
    assert "Nothing has been recorded as shared with you." in client.get("/shared-with-us").text


def test_a_share_shows_what_and_by_whom_not_the_sharers_reasons(
    client: TestClient, staffed: Register
) -> None:
    shared = staffed.record_decision(decision(**TRUST, recipient="early-help"))
    page = client.get(f"/shared-with-us/{shared.id}")
    assert page.status_code == 200
    for said in ("Pat Lee, Health visitor", "Early Help Hub", "The early help assessment",
                 "Secure email", "Early help assessment"):  # fmt: skip
        assert said in page.text
    assert "Her father agreed at the first visit." not in page.text  # the sharer's reasons
    assert "What the guidance said" not in page.text


def test_a_record_not_shared_with_you_is_not_found(client: TestClient, staffed: Register) -> None:
    own = staffed.record_decision(decision(recipient="trust"))  # the council's, to the trust
    page = client.get(f"/shared-with-us/{own.id}")
    assert page.status_code == 404
    assert "Nothing was shared with you at this address." in page.text


def test_the_pages_go_back_in_time_a_page_at_a_time(client: TestClient, staffed: Register) -> None:
    size = client.app.state.settings.page_size  # type: ignore[attr-defined]
    made = [
        staffed.record_decision(decision(**TRUST, recipient="council")) for _ in range(size + 1)
    ]
    first = client.get("/shared-with-us")
    assert f"/shared-with-us/{made[0].id}" not in first.text
    older = first.text.split('href="/shared-with-us?before=')[1].split('"')[0]
    second = client.get(f"/shared-with-us?before={older}".replace("&amp;", "&"))
    assert f"/shared-with-us/{made[0].id}" in second.text
    assert "First page" in second.text
