"""The framework on the pages: anyone signed in reads the documents in force, every
earlier version and who to ask; the governance lead publishes and designates, with check
your answers; and the flow shows them where they matter, saying so when there are none
(4.3-4.4, 4.7-4.8)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from fastapi.testclient import TestClient

from sharewise.register.store import Register
from sharewise.server import create_app
from tests.accounts import signed_in
from tests.advice_helpers import add_advisors
from tests.governance_helpers import NOTICE_WORDS, notice, version
from tests.web.helpers import package_steps, ready_for_forms
from tests.web.test_http import SHARE, SHARED_BY_EMAIL, answer_all, start

TODAY = date.today()
ON = {"effective_from-day": str(TODAY.day), "effective_from-month": str(TODAY.month),
      "effective_from-year": str(TODAY.year)}  # fmt: skip


@pytest.fixture
def governor(staffed: Register, database_url: str) -> Iterator[TestClient]:
    cookies = signed_in(staffed, "council-governance")
    with TestClient(create_app(database_url), cookies=cookies) as opened:
        yield ready_for_forms(opened)


def test_nothing_published_is_said_plainly(client: TestClient) -> None:
    page = client.get("/framework")
    assert page.status_code == 200
    assert 'id="nothing-published"' in page.text and 'id="no-designated-advisors"' in page.text
    assert 'href="/framework"' in page.text  # in the header
    assert "/framework/publish" not in page.text  # a practitioner does not publish


def test_the_lead_publishes_a_version_after_checking_it(
    governor: TestClient, client: TestClient, staffed: Register
) -> None:
    form = {"kind": "privacy-notice:early-help", "title": "Hub notice", "body": "One.\n\nTwo <b>",
            **ON}  # fmt: skip
    checked = governor.post("/framework/publish", data=form)
    assert checked.status_code == 200 and "Version 1, the first" in checked.text
    assert "Two &lt;b&gt;" in checked.text and staffed.documents("council") == []
    changing = governor.post("/framework/publish/confirm", data={**form, "action": "change"})
    assert 'value="Hub notice"' in changing.text and staffed.documents("council") == []
    done = governor.post("/framework/publish/confirm", data={**form, "action": "confirm"})
    assert "Version 1 published" in done.text
    (published,) = staffed.documents("council")
    assert (published.service, published.published_by) == ("early-help", "council-governance")
    page = client.get(f"/framework/documents/{published.id}")
    assert '<p class="govuk-body">Two &lt;b&gt;</p>' in page.text and "In force" in page.text
    assert "Hub notice" in client.get("/framework").text


def test_publishing_refuses_bad_input_naming_each_field(
    governor: TestClient, staffed: Register
) -> None:
    refused = governor.post("/framework/publish", data={"kind": "policy", "title": " "})
    assert refused.status_code == 422
    for said in ("Select which document", "Enter a title", "Enter the text",
                 "Enter the date it comes into force"):  # fmt: skip
        assert said in refused.text
    late = governor.post(
        "/framework/publish/confirm",
        data={"kind": "procedures", "title": "P", "body": "x" * 100_001, **ON},
    )
    assert late.status_code == 422 and "100000" in late.text.replace(",", "")
    assert staffed.documents("council") == []


def test_earlier_versions_stay_readable(client: TestClient, staffed: Register) -> None:
    old = staffed.publish_document(version())
    new = staffed.publish_document(version(title="Revised code", body="Revised."))
    coming = staffed.publish_document(
        version(title="Next code", effective_from=(TODAY + timedelta(days=9)).isoformat())
    )
    listed = client.get("/framework").text
    assert "Revised code" in listed and f"/framework/documents/{old.id}" in listed
    assert f"/framework/documents/{coming.id}" in listed
    earlier = client.get(f"/framework/documents/{old.id}").text
    assert "This is an earlier version" in earlier and f"/framework/documents/{new.id}" in earlier
    assert "comes into force on" in client.get(f"/framework/documents/{coming.id}").text
    assert client.get("/framework/documents/99999").status_code == 404
    assert client.get("/framework/publish").status_code == 403


def test_the_lead_designates_and_ends(
    governor: TestClient, client: TestClient, staffed: Register
) -> None:
    add_advisors(staffed)
    form = {"advisor": "council-advisor", "area": "Children's safeguarding",
            "contact": "Ring 0123", "whole_area": "no", **{
                k.replace("effective_from", "from_date"): v for k, v in ON.items()}}  # fmt: skip
    refused = governor.post("/framework/advisors/new", data={**form, "advisor": "", "area": ""})
    assert "Select the advisor" in refused.text and "Enter what to ask them about" in refused.text
    assert "Lee Park" in governor.post("/framework/advisors/new", data=form).text
    governor.post("/framework/advisors/confirm", data={**form, "action": "confirm"})
    (made,) = staffed.designated_advisors("council")
    page = client.get("/framework").text
    assert "Children&#39;s safeguarding" in page and "Ring 0123" in page
    asking = client.get("/advice/new").text
    assert "Ring 0123" in asking  # beside the choice of advisor
    listed = governor.get("/framework").text
    assert f'href="/framework/advisors/{made.id}/end"' in listed  # a link to ask first
    asked = governor.get(f"/framework/advisors/{made.id}/end").text
    assert "End this designation?" in asked and "Ring 0123" in asked and "No end date" in asked
    assert f'action="/framework/advisors/{made.id}/end"' in asked
    assert staffed.designated_advisors("council", TODAY + timedelta(days=1)) == [made]  # not yet
    ended = governor.post(f"/framework/advisors/{made.id}/end")
    assert "Designation ended" in ended.text
    assert staffed.designated_advisors("council", TODAY + timedelta(days=1)) == []
    again = governor.get(f"/framework/advisors/{made.id}/end").text
    assert "nothing more to end" in again and "End the designation" not in again
    for missing in (99_999, 10**12):
        assert governor.get(f"/framework/advisors/{missing}/end").status_code == 404
    assert client.get(f"/framework/advisors/{made.id}/end").status_code == 403


def test_the_flow_shows_the_framework_where_it_matters(
    client: TestClient, staffed: Register
) -> None:
    draft = start(client)
    assert (
        "has not published its code of practice or procedures" in client.get(f"{draft}/person").text
    )
    staffed.publish_document(version())
    staffed.publish_document(version(kind="procedures", title="Our procedures"))
    staffed.publish_document(notice())
    assert "Our procedures" in client.get(f"{draft}/person").text
    draft = start(client, person="AMY", recipient="trust")
    answer_all(client, draft, SHARE)
    client.post(f"{draft}/outcome", data=SHARED_BY_EMAIL)
    for page, form in package_steps()[:-1]:
        client.post(f"{draft}/package/{page}", data=form)
    telling = client.get(f"{draft}/package/telling").text
    assert NOTICE_WORDS in telling
    client.post(f"{draft}/package/telling", data=package_steps()[-1][1])
    assert "Our procedures" in client.get(f"{draft}/package/check").text
    assert NOTICE_WORDS in client.get("/people/council/AMY/consents/new").text


def test_no_privacy_notice_is_said_on_recording_consent(client: TestClient) -> None:
    page = client.get("/people/council/AMY/consents/new")
    assert "has not published a privacy notice" in page.text
